import type { AreaMessages } from './types';

// Messages of e-mail invitations (admin): sent from memory over SMTP; refused addresses listed on the codes page.
const messages: AreaMessages = {
  'zh-CN': {
    'survey.invite.title': '邮件邀请',
    'survey.invite.lead': '每行一个邮箱地址。每个地址会收到一封带有全新问卷码的邮件，由本页直接交给邮件服务器发出。系统不保存地址与问卷码的对应关系：问卷码只存不可还原的摘要，邮件不进入发送队列，日志只记录数量。',
    'survey.invite.addresses': '邮箱地址（每行一个）',
    'survey.invite.send': '发送邀请',
    'survey.invite.sent': '已发出 {count} 封邀请。',
    'survey.invite.failed': '{count} 个地址的邀请未能送达（邮件服务器拒收）：这些问卷码已作废，地址列在“问卷码”页，可稍后重新邀请。',
    'survey.invite.error.bad_lines': '以下行不是有效的邮箱地址：第 {lines} 行。',
    'survey.invite.error.empty': '请至少填写一个邮箱地址。',
    'survey.invite.error.too_many': '一次最多邀请 {max} 个地址。',
    'survey.invite.error.no_smtp': '邮件邀请需要邮件服务器（SMTP_URL）。本系统当前以文件方式保存邮件，只适合试用：请改用打印问卷码纸条。',
    'survey.invite.no_smtp': '邮件邀请需要配置邮件服务器（环境变量 SMTP_URL）。当前未配置：邮件只会以文件形式保存在数据目录中，这种方式只适合试用，不能用于发送问卷码（地址和问卷码会一起留在磁盘上）。',
    'survey.invite.use_slips': '请改为生成并打印问卷码纸条',
    'survey.invite.failures': '未能送达的邀请',
    'survey.invite.failures_lead': '邮件服务器拒收的地址（只保存地址；对应的问卷码已作废）。修正后可重新邀请，成功送达后会从此列表中移除。',
    'survey.invite.address': '邮箱地址',
    'survey.invite.failed_on': '日期',
    'survey.invite.again': '重新邀请',
    'survey.invite.clear': '清空此列表',
    'survey.invite.cleared': '列表已清空。',
  },
  en: {
    'survey.invite.title': 'E-mail invitations',
    'survey.invite.lead': 'One e-mail address per line. Each address receives one mail with a fresh access code, handed straight to the mail server from this page. Which code went to which address is never stored: codes are kept only as irreversible hashes, the mails never enter the outbox, and the log records only how many.',
    'survey.invite.addresses': 'E-mail addresses (one per line)',
    'survey.invite.send': 'Send invitations',
    'survey.invite.sent': '{count} invitations sent.',
    'survey.invite.failed': 'The invitations to {count} addresses could not be delivered (refused by the mail server): their codes were revoked and the addresses are listed on the access codes page, to invite again later.',
    'survey.invite.error.bad_lines': 'These lines are not valid e-mail addresses: line {lines}.',
    'survey.invite.error.empty': 'Please enter at least one e-mail address.',
    'survey.invite.error.too_many': 'At most {max} addresses at a time.',
    'survey.invite.error.no_smtp': 'E-mail invitations need a mail server (SMTP_URL). This installation keeps mail as files, which is for trying the product out only: please print access-code slips instead.',
    'survey.invite.no_smtp': 'E-mail invitations need a mail server (the SMTP_URL setting). None is set: mail would only be kept as files in the data folder, which is for trying the product out and cannot carry access codes (address and code would stay on disk together).',
    'survey.invite.use_slips': 'Generate and print access-code slips instead',
    'survey.invite.failures': 'Invitations not delivered',
    'survey.invite.failures_lead': 'Addresses the mail server refused (only the address is kept; its access code was revoked). Invite them again once fixed; a delivered invitation leaves this list.',
    'survey.invite.address': 'E-mail address',
    'survey.invite.failed_on': 'Day',
    'survey.invite.again': 'Invite again',
    'survey.invite.clear': 'Clear this list',
    'survey.invite.cleared': 'The list was cleared.',
  },
};

export default messages;
