import type { DeadlineRule } from '../../domain/deadlines';
import type { Translate } from '../../i18n';
import type { ReporterDeadlines } from '../../services/report/reporter-deadlines';

// The deadlines as the reporter reads them: "15 working days", "7 days", "3 months", and the dates that apply.

export function ruleText(t: Translate, rule: DeadlineRule): string {
  if ('workingDays' in rule) return t('report.deadline.rule.working_days', { n: rule.workingDays });
  if ('days' in rule) return t('report.deadline.rule.days', { n: rule.days });
  return t('report.deadline.rule.months', { n: rule.months });
}

export function deadlinesView(t: Translate, d: ReporterDeadlines) {
  return {
    acknowledgeRule: ruleText(t, d.acknowledgeRule),
    outcomeRule: ruleText(t, d.outcomeRule),
    acknowledgeBy: d.acknowledgeBy,
    acknowledgedOn: d.acknowledgedOn,
    outcomeBy: d.outcomeBy,
    over: d.over,
  };
}
