import type { AreaMessages } from './types';

// Messages of the report area.
const messages: AreaMessages = {
  'zh-CN': {},
  en: {},
};
export default messages;
