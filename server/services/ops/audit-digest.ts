import type { Knex } from 'knex';
import type { Config } from '../../config';
import { NOTICE_KIND } from '../../mail/kinds';
import { auditHeadDigest, noticeWithAuditHead } from '../../mail/messages';
import { enqueueMail } from '../../mail/outbox';
import { dayStart, nextDigestAt } from '../../mail/schedule';
import { activePrincipals } from '../auth/access';
import { auditHead } from './audit';

// The admins' daily digest carries the audit chain's head (DESIGN.md §5). A job calls this every minute; once a day,
// from shortly before NOTIFY_AT, it adds the head to each admin's waiting notice, or queues a mail with the head alone,
// due at NOTIFY_AT. Several instances may call it: a settings row claimed by one UPDATE lets one of them do it.
const LEAD_MS = 2 * 60_000;
const DAY_MS = 24 * 3600_000;
const LAST_DIGEST_KEY = 'audit_digest_last';

/** The digest moment the window around `now` belongs to: from LEAD before one NOTIFY_AT until LEAD before the next. */
function digestMoment(now: number, notifyAt: string): number {
  return nextDigestAt(now + LEAD_MS - DAY_MS + 1, notifyAt);
}

const stamp = (moment: number) => JSON.stringify(String(moment).padStart(15, '0'));

/**
 * Claims the digest of `moment` for this caller; false when it was done already. The first run of an installation
 * counts a digest whose time has passed as done: the first head goes out at the next NOTIFY_AT.
 */
async function claim(trx: Knex, moment: number, now: number): Promise<boolean> {
  const value = stamp(moment);
  await trx('settings').insert({ key: LAST_DIGEST_KEY, value_json: now <= moment ? stamp(0) : value }).onConflict('key').ignore();
  return Number(await trx('settings').where({ key: LAST_DIGEST_KEY }).where('value_json', '<', value).update({ value_json: value })) === 1;
}

/** Queues today's audit head for every active admin if it is time and not yet done; returns how many got it. */
export async function sendAuditHeadDigest(db: Knex, config: Pick<Config, 'notifyAt'>, now: number): Promise<number> {
  const moment = digestMoment(now, config.notifyAt);
  if (now < moment - LEAD_MS) return 0;
  return db.transaction(async (trx) => {
    if (!(await claim(trx, moment, now))) return 0;
    const head = await auditHead(trx);
    const admins = (await activePrincipals(trx)).filter((p) => p.role === 'admin');
    for (const admin of admins) {
      const waiting = await trx('mail_outbox').where({ kind: NOTICE_KIND, recipient: admin.email, status: 'pending' }).first('id', 'body');
      if (waiting?.body) await trx('mail_outbox').where({ id: waiting.id }).update({ body: noticeWithAuditHead(waiting.body, head) });
      else await enqueueMail(trx, auditHeadDigest(admin.email, head), now, { dueAt: Math.max(now, moment), createdAt: dayStart(now) });
    }
    return admins.length;
  });
}

