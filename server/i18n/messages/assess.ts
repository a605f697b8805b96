import type { AreaMessages } from './types';

// Messages of the assessment-inputs area: findings, measures, AHP, exports, print report.
const messages: AreaMessages = {
  'zh-CN': {},
  en: {},
};
export default messages;
