import type { AreaMessages } from './types';
import { N } from './domain-numbers';

// Messages of the reporter's side that came with the first-run and follow-up work: an installation without units,
// the deadlines a reporter can expect, and a report sent again by mistake.
const messages: AreaMessages = {
  'zh-CN': {
    'report.form.no_units': '目前还没有设置任何单位，暂时无法提交反映。请联系纪委，或稍后再来。',
    'report.deadline.heading': '处理时限',
    'report.deadline.acknowledge_by': '纪委将在 {date} 前受理您的反映（收到后 {rule}内）。',
    'report.deadline.acknowledged_on': '纪委已于 {date} 受理您的反映。',
    'report.deadline.outcome_rule': '核查有了结果后，纪委将在 {rule}内告知您结果，届时可在本页查看。',
    'report.deadline.outcome_by': '纪委将在 {date} 前告知您核查结果。',
    'report.deadline.rule.working_days': '{n} 个工作日',
    'report.deadline.rule.days': '{n} 天',
    'report.deadline.rule.months': '{n} 个月',
    'report.duplicate.title': '这份反映刚刚已经提交过',
    'report.duplicate.body': `过去 ${N.sameContentMinutes} 分钟内，本站已经收到一份内容完全相同的反映，这一次没有重复提交。如果您只是返回检查了一下，不需要再做什么，请用上次得到的回执码查询进展。如果确实要再提交一份，请点“仍要再次提交”；附件需要重新选择。`,
    'report.duplicate.again': '仍要再次提交',
    'report.duplicate.follow_up': '凭回执码查询进展',
  },
  en: {
    'report.form.no_units': 'No units have been set up yet, so a report cannot be filed at the moment. Please contact the committee or come back later.',
    'report.deadline.heading': 'What to expect and when',
    'report.deadline.acknowledge_by': 'The committee will acknowledge your report by {date} (within {rule} of receiving it).',
    'report.deadline.acknowledged_on': 'The committee acknowledged your report on {date}.',
    'report.deadline.outcome_rule': 'Once the check has an outcome, the committee will tell you within {rule}; you will see it on this page.',
    'report.deadline.outcome_by': 'The committee will tell you the outcome by {date}.',
    'report.deadline.rule.working_days': '{n} working days',
    'report.deadline.rule.days': '{n} days',
    'report.deadline.rule.months': '{n} months',
    'report.duplicate.title': 'You sent this report a moment ago',
    'report.duplicate.body': `In the last ${N.sameContentMinutes} minutes a report with exactly the same content was received here, so this one has not been filed again. If you only went back to check it, there is nothing more to do: follow it up with the receipt code you were given. If you do mean to file a second one, choose "File it again anyway"; attachments have to be chosen again.`,
    'report.duplicate.again': 'File it again anyway',
    'report.duplicate.follow_up': 'Follow up with your receipt code',
  },
};
export default messages;
