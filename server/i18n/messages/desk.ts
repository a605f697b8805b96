import type { AreaMessages } from './types';

// The committee's desk: navigation, the dashboard's report workload, defaults and chart labels shared by its pages.
const messages: AreaMessages = {
  'zh-CN': {
    'nav.exports': '导出',
    'desk.table_region': '表格（屏幕较窄时可左右滚动）',
    'risk.guide.high': '一级 ≥ {value}',
    'risk.guide.medium': '二级 ≥ {value}',
    'desk.ahp_link': '用层次分析法（AHP）确定可能性权重',
    'dashboard.workload.heading': '问题线索办理情况',
    'dashboard.workload.new': '已收到，尚未受理',
    'dashboard.workload.due_soon': '{days} 天内到期',
    'dashboard.workload.overdue': '已逾期',
  },
  en: {
    'nav.exports': 'Exports',
    'desk.table_region': 'Table (scrolls sideways on a narrow screen)',
    'risk.guide.high': 'level 1 ≥ {value}',
    'risk.guide.medium': 'level 2 ≥ {value}',
    'desk.ahp_link': 'Derive the likelihood weights by AHP',
    'dashboard.workload.heading': 'Reports to handle',
    'dashboard.workload.new': 'received, not acknowledged yet',
    'dashboard.workload.due_soon': 'due within {days} days',
    'dashboard.workload.overdue': 'overdue',
  },
};
export default messages;
