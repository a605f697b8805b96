import { translator } from '../i18n';
import type { OutgoingMail } from './outbox';

// Message builders. A committee notice is content-free by construction (DESIGN.md §4): its only inputs are the
// recipient and the site address, so no report text, category, unit or time can reach it.

export const NOTICE_KIND = 'notice' as const;

/** "There is something to look at in Qingfeng", in Chinese and English, with the link to the committee workspace. */
export function committeeNotice(recipient: string, baseUrl: string): OutgoingMail & { kind: typeof NOTICE_KIND } {
  const zh = translator('zh-CN');
  const en = translator('en');
  const link = `${baseUrl}/committee`;
  const subject = `${zh('mail.notice.subject')} / ${en('mail.notice.subject')}`;
  const body = [
    zh('mail.notice.greeting'),
    '',
    zh('mail.notice.body'),
    link,
    '',
    zh('mail.notice.footer'),
    '',
    '----------------------------------------',
    '',
    en('mail.notice.greeting'),
    '',
    en('mail.notice.body'),
    link,
    '',
    en('mail.notice.footer'),
    '',
  ].join('\n');
  return { kind: NOTICE_KIND, recipient, subject, body };
}
