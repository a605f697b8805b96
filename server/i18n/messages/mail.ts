import type { AreaMessages } from './types';

// Messages of the mail area: notification texts and the outbox admin page.
const messages: AreaMessages = {
  'zh-CN': {},
  en: {},
};
export default messages;
