// The kinds of message the outbox carries, in one list: the builders that write a kind, the worker that forgets an
// invitation's address, the de-duplication of notices and the admin page all name a kind from here.

export const NOTICE_KIND = 'notice';
export const INVITATION_KIND = 'invitation';
export const AUDIT_HEAD_KIND = 'audit-head';

export const MAIL_KINDS = [NOTICE_KIND, INVITATION_KIND, AUDIT_HEAD_KIND] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export function isMailKind(kind: string): kind is MailKind {
  return (MAIL_KINDS as readonly string[]).includes(kind);
}
