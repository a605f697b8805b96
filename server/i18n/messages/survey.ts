import type { AreaMessages } from './types';

// Messages of the survey area.
const messages: AreaMessages = {
  'zh-CN': {},
  en: {},
};
export default messages;
