import type { AreaMessages } from './types';

// Messages of the reporter's side that came with the first-run and follow-up work: an installation without units,
// the deadlines a reporter can expect, and a report sent again by mistake.
const messages: AreaMessages = {
  'zh-CN': {
    'report.form.no_units': '目前还没有设置任何单位，暂时无法提交反映。请联系纪委，或稍后再来。',
  },
  en: {
    'report.form.no_units': 'No units have been set up yet, so a report cannot be filed at the moment. Please contact the committee or come back later.',
  },
};
export default messages;
