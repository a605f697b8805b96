import type { AreaMessages } from './types';
import { N } from './domain-numbers';

// Messages about a reporter's attachments: why a file was refused (naming the limit), what was kept, file names, quotas.
const messages: AreaMessages = {
  'zh-CN': {
    'report.attachment.stem': '附件',
    'report.attachment.refused': '第 {position} 个文件“{name}”未被接收：{reason}。',
    'report.attachment.kept': '以下文件已保留，提交时会一并附上，无需重新选择：',
    'report.attachment.kind.jpeg': 'JPEG 图片',
    'report.attachment.kind.png': 'PNG 图片',
    'report.attachment.kind.pdf': 'PDF 文件',
    'report.attachment.limit.seconds': '处理时间超过了 {value} 秒的上限',
    'report.attachment.limit.memoryMb': '处理所需内存超过了 {value} MB 的上限',
    'report.attachment.limit.pages': '页数超过了 {value} 页的上限',
    'report.attachment.limit.megapixels': '图像超过了 {value} 百万像素的上限',
    'report.attachment.limit.decompressedMb': '解压后超过了 {value} MB 的上限',
    'report.attachment.problem.unreadable': '无法读取，文件可能已损坏',
    'report.attachment.problem.encrypted': 'PDF 设有密码，无法读取；请去掉密码后再试',
    'report.attachment.problem.busy': '服务器正忙，请稍后再提交一次',
    'report.error.file_refused': '有附件未被接收，原因见“附件”一栏；您填写的内容和其他文件都已保留。',
    'report.field.keep_names': '保留文件名',
    'report.field.keep_names_hint': '不勾选时不保存文件名，纪委看到的是“附件-1.jpg”这样的名称。文件名常含拍摄时间、姓名或单位，可能暴露您的身份，请谨慎勾选。',
    'report.quota.replies': `今天对这份反映的回复次数已达上限（每天 ${N.repliesPerDay} 条），请明天再发送。您写的内容保留在下面。`,
    'report.quota.upload': `今天这份反映的附件已达上限（每天 ${N.uploadMbPerDay} MB），请明天再上传。您写的内容保留在下面。`,
  },
  en: {
    'report.attachment.stem': 'attachment',
    'report.attachment.refused': 'File {position} ("{name}") was not accepted: {reason}.',
    'report.attachment.kept': 'These files are kept and will be sent with the form; you do not need to choose them again:',
    'report.attachment.kind.jpeg': 'JPEG image',
    'report.attachment.kind.png': 'PNG image',
    'report.attachment.kind.pdf': 'PDF document',
    'report.attachment.limit.seconds': 'processing it took longer than the limit of {value} seconds',
    'report.attachment.limit.memoryMb': 'processing it needs more than the limit of {value} MB of memory',
    'report.attachment.limit.pages': 'it has more pages than the limit of {value}',
    'report.attachment.limit.megapixels': 'an image is larger than the limit of {value} megapixels',
    'report.attachment.limit.decompressedMb': 'it expands to more than the limit of {value} MB when decompressed',
    'report.attachment.problem.unreadable': 'it could not be read; the file may be damaged',
    'report.attachment.problem.encrypted': 'the PDF is password-protected; remove the password and try again',
    'report.attachment.problem.busy': 'the server is busy; please send the form again in a moment',
    'report.error.file_refused': 'An attachment was not accepted (the attachments field says why); what you wrote and the other files are kept.',
    'report.field.keep_names': 'Keep the file names',
    'report.field.keep_names_hint': 'Unticked, file names are not stored and the committee sees names like "attachment-1.jpg". File names often hold a date, a name or a unit that can point to you: tick this only if you are sure.',
    'report.quota.replies': `Today's replies to this report have reached the limit (${N.repliesPerDay} a day); please send this tomorrow. What you wrote is kept below.`,
    'report.quota.upload': `Today's attachments to this report have reached the limit (${N.uploadMbPerDay} MB a day); please send the files tomorrow. What you wrote is kept below.`,
  },
};

export default messages;
