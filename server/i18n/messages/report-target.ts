import type { AreaMessages } from './types';

// Messages about the two posts a report names (DESIGN.md §2): the post whose holder interfered, and the post approached.
const messages: AreaMessages = {
  'zh-CN': {
    'report.field.target_post': '被打招呼、被请托的岗位',
    'report.field.target_post_hint': '如果有人向某个岗位打招呼、说情或请托（例如向您本人），请选择该岗位。如实记录被打招呼的情况不会提高该岗位的风险评分。',
    'report.field.target_post_none': '无 / 不确定',
    'report.error.target_post': '所选的被打招呼岗位不属于所选单位，请重新选择。',
    'report.error.target_same': '被打招呼的岗位不能与被反映的岗位相同。',
  },
  en: {
    'report.field.target_post': 'Post that was approached',
    'report.field.target_post_hint': 'If someone greeted, interceded with or asked a favour of a post (for example you), choose that post. Recording that a post was approached does not raise its risk score.',
    'report.field.target_post_none': 'None / not sure',
    'report.error.target_post': 'The post that was approached does not belong to the chosen unit. Choose again.',
    'report.error.target_same': 'The post approached cannot be the post of the person who interfered.',
  },
};

export default messages;
