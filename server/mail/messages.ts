import { translator } from '../i18n';
import { AUDIT_HEAD_KIND, NOTICE_KIND } from './kinds';
import type { OutgoingMail } from './outbox';

// Message builders. A committee notice is content-free by construction (DESIGN.md §4): its only inputs are the
// recipient and the site address, so no report text, category, unit or time can reach it.


/** The audit chain's head as admins receive it daily (DESIGN.md §5): no report, user or unit, only the chain's position. */
export interface AuditHeadLine {
  id: number;
  hash: string;
  events: number;
}

function auditHeadSection(head: AuditHeadLine): string[] {
  const zh = translator('zh-CN');
  const en = translator('en');
  const mark = `${head.id}:${head.hash}`;
  return ['', '----------------------------------------', '', zh('mail.audit.body', { events: head.events, head: mark }), en('mail.audit.body', { events: head.events, head: mark }), '', mark, ''];
}

/** An admin's daily audit head, alone (no notice was waiting for them). */
export function auditHeadDigest(recipient: string, head: AuditHeadLine): OutgoingMail & { kind: typeof AUDIT_HEAD_KIND } {
  const subject = `${translator('zh-CN')('mail.audit.subject')} / ${translator('en')('mail.audit.subject')}`;
  return { kind: AUDIT_HEAD_KIND, recipient, subject, body: auditHeadSection(head).slice(3).join('\n') };
}

/** A waiting notice's body with the admin's daily audit head added. */
export function noticeWithAuditHead(notice: string, head: AuditHeadLine): string {
  return [notice.replace(/\n+$/, ''), ...auditHeadSection(head)].join('\n');
}

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
