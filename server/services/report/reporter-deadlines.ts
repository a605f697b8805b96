import type { Knex } from 'knex';
import type { Config } from '../../config';
import { DEADLINE_PROFILES, type DeadlineRule } from '../../domain/deadlines';
import { isFinal, type ReportStatus } from '../../domain/report-workflow';

// What a reporter can expect and when (DESIGN.md §2 deadlines), from the deployment's profile and the dates the
// report carries: the committee sees the same dates in its inbox.

export interface ReporterDeadlines {
  /** The rule of each deadline in the active profile (e.g. 15 working days), to say it in words. */
  acknowledgeRule: DeadlineRule;
  outcomeRule: DeadlineRule;
  /** Acknowledge by this day, while the report waits for it. */
  acknowledgeBy: string | null;
  /** The day it was acknowledged, once it was. */
  acknowledgedOn: string | null;
  /** Tell the outcome by this day, once the check has an outcome. */
  outcomeBy: string | null;
  /** The case is over: no deadline is running. */
  over: boolean;
}

export async function reporterDeadlines(db: Knex, config: Pick<Config, 'deadlineProfile'>, reportId: number): Promise<ReporterDeadlines> {
  const r = await db('reports').where({ id: reportId }).first('status', 'acknowledge_due_on', 'acknowledged_on', 'outcome_due_on');
  const rules = DEADLINE_PROFILES[config.deadlineProfile];
  const status = r.status as ReportStatus;
  return {
    acknowledgeRule: rules.acknowledge,
    outcomeRule: rules.outcome,
    acknowledgeBy: status === 'new' ? r.acknowledge_due_on : null,
    acknowledgedOn: r.acknowledged_on ?? null,
    outcomeBy: isFinal(status) ? null : (r.outcome_due_on ?? null),
    over: isFinal(status),
  };
}
