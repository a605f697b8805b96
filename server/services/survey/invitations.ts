import type { Knex } from 'knex';
import { dayOf } from '../../domain/deadlines';
import { isEmailAddress } from '../../domain/email-address';
import { Conflict } from '../../errors';
import type { Mailer } from '../../mail/mailer';
import { recordAudit, type Actor } from '../ops/audit';
import { generateBatch, hashCode, type BatchTarget } from './access-codes';

// E-mail invitations (DESIGN.md §2, §4): each address gets a fresh code in one mail, sent from memory over SMTP. An
// address and its code are never written together anywhere durable: the codes are stored only as keyed hashes, the
// mails are handed to the SMTP server straight from memory (no outbox row, no file). A mail the server refuses is
// listed by its address alone, and its code is revoked (its hash deleted) in the same transaction.

export const MAX_INVITATIONS = 500;
/** Mails handed to the SMTP server at the same time. */
const PARALLEL = 4;

/** One address a line; blank lines are skipped. Returns the addresses, or the 1-based numbers of bad lines. */
export function parseAddresses(text: string): { addresses: string[]; badLines: number[]; duplicates: number } {
  const addresses: string[] = [];
  const badLines: number[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    const a = line.trim();
    if (!a) return;
    if (!isEmailAddress(a)) return badLines.push(i + 1);
    if (seen.has(a.toLowerCase())) return duplicates++;
    seen.add(a.toLowerCase());
    addresses.push(a);
  });
  return { addresses, badLines, duplicates };
}

/** Bilingual invitation: where to go and the code, nothing about who else was invited. */
export function invitationMail(unitName: string, surveyUrl: string, code: string): { subject: string; body: string } {
  return {
    subject: '廉政风险匿名问卷邀请 / Invitation to an anonymous integrity survey',
    body: [
      `您好！诚邀您参加${unitName}领导岗位廉政风险匿名问卷。`,
      `问卷地址：${surveyUrl}`,
      `您的一次性问卷码：${code}`,
      '答卷不与问卷码、姓名或邮箱地址关联；本系统不保存您的邮箱地址与问卷码的对应关系。',
      '',
      `Hello, you are invited to the anonymous integrity survey about the leadership posts of ${unitName}.`,
      `Survey address: ${surveyUrl}`,
      `Your one-time access code: ${code}`,
      'Your answers are not linked to the code, your name or your e-mail address; this system does not keep which code went to which address.',
    ].join('\n'),
  };
}

/** Runs `work` on every item, at most `parallel` at a time; resolves with whether each one succeeded. */
async function eachLimited<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<boolean[]> {
  const ok = new Array<boolean>(items.length).fill(false);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) {
      ok[i] = await work(items[i]).then(() => true, () => false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
  return ok;
}

export interface InvitationDeps {
  db: Knex;
  codeKey: Buffer;
  mailer: Mailer;
}

/**
 * Creates one code per address and mails each from memory. Refused mails: their codes are revoked, their addresses
 * listed (invitation_failures); delivered ones leave that list. Refuses in file-mail mode, where mail is kept on disk.
 */
export async function sendInvitations(
  deps: InvitationDeps,
  target: BatchTarget,
  options: { addresses: string[]; baseUrl: string; actor: Actor; now: number },
): Promise<{ batchId: string; sent: number; failed: string[] }> {
  if (deps.mailer.transport !== 'smtp') throw new Conflict('survey.invite.error.no_smtp');
  const { db } = deps;
  const { now } = options;
  const { batchId, codes } = await db.transaction(async (trx) => {
    const batch = await generateBatch(trx, deps.codeKey, target, { count: options.addresses.length, kind: 'email', createdBy: options.actor.actorId, now });
    await recordAudit(trx, now, { ...options.actor, action: 'survey.invitations', objectType: 'code_batch', objectId: batch.batchId, details: { count: batch.codes.length, period: target.periodKey, unit: target.unitKey } });
    return batch;
  });
  const surveyUrl = `${options.baseUrl.replace(/\/$/, '')}/survey`;
  const indexes = options.addresses.map((_, i) => i);
  const delivered = await eachLimited(indexes, PARALLEL, async (i) => {
    const mail = invitationMail(target.unitName, surveyUrl, codes[i]);
    await deps.mailer.send({ to: options.addresses[i], subject: mail.subject, text: mail.body });
  });
  const failed = indexes.filter((i) => !delivered[i]);
  await db.transaction(async (trx) => {
    const where = { period_id: target.periodId, unit_id: target.unitId };
    const sentTo = indexes.filter((i) => delivered[i]).map((i) => options.addresses[i]);
    for (let i = 0; i < sentTo.length; i += 200) await trx('invitation_failures').where(where).whereIn('address', sentTo.slice(i, i + 200)).delete();
    if (failed.length === 0) return;
    await trx('access_codes').where({ batch_id: batchId }).whereIn('code_hash', failed.map((i) => hashCode(deps.codeKey, codes[i].replace(/-/g, '')))).delete();
    await trx('code_batches').where({ id: batchId }).decrement('code_count', failed.length);
    for (const i of failed) {
      await trx('invitation_failures').insert({ ...where, address: options.addresses[i], failed_on: dayOf(now) }).onConflict(['period_id', 'unit_id', 'address']).merge({ failed_on: dayOf(now) });
    }
    await recordAudit(trx, now, { ...options.actor, action: 'survey.invitations.refused', objectType: 'code_batch', objectId: batchId, details: { count: failed.length } });
  });
  return { batchId, sent: indexes.length - failed.length, failed: failed.map((i) => options.addresses[i]) };
}

export interface FailedInvitation {
  address: string;
  periodKey: string;
  unitKey: string;
  unitName: string;
  failedOn: string;
}

/** Invitations refused by the mail server and not yet sent again: addresses only, by survey. */
export async function failedInvitations(db: Knex, filter: { periodKey?: string; unitKey?: string } = {}): Promise<FailedInvitation[]> {
  const q = db('invitation_failures as f').join('periods as p', 'p.id', 'f.period_id').join('units as u', 'u.id', 'f.unit_id')
    .orderBy([{ column: 'p.key' }, { column: 'u.key' }, { column: 'f.address' }])
    .select('f.address', 'f.failed_on', 'p.key as period_key', 'u.key as unit_key', 'u.name as unit_name');
  if (filter.periodKey) q.where('p.key', filter.periodKey);
  if (filter.unitKey) q.where('u.key', filter.unitKey);
  return (await q).map((r) => ({ address: r.address, periodKey: r.period_key, unitKey: r.unit_key, unitName: r.unit_name, failedOn: r.failed_on }));
}

/** Forgets the listed refusals (the admin gave up on them or sent them another way). Audited with the count only. */
export async function clearFailedInvitations(db: Knex, actor: Actor, now: number): Promise<number> {
  return db.transaction(async (trx) => {
    const n = Number(await trx('invitation_failures').delete());
    await recordAudit(trx, now, { ...actor, action: 'survey.invitations.cleared', details: { count: n } });
    return n;
  });
}
