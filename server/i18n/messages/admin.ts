import type { AreaMessages } from './types';

// Messages of the admin area.
const messages: AreaMessages = {
  'zh-CN': {},
  en: {},
};
export default messages;
