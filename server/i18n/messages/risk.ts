import type { AreaMessages } from './types';

// Messages of the risk area.
const messages: AreaMessages = {
  'zh-CN': {},
  en: {},
};
export default messages;
