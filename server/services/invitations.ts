import type { Knex } from 'knex';
import { enqueueMail } from '../mail/outbox';
import { recordAudit } from './audit';
import { generateBatch, type BatchTarget } from './access-codes';

// E-mail invitations (DESIGN.md §2): each address gets a fresh code in one mail. The address list exists only in the
// outbox rows (whose bodies the mail worker deletes once sent): no audit detail names an address, only the count.

export const MAX_INVITATIONS = 500;
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** One address a line; blank lines are skipped. Returns the addresses, or the 1-based numbers of bad lines. */
export function parseAddresses(text: string): { addresses: string[]; badLines: number[]; duplicates: number } {
  const addresses: string[] = [];
  const badLines: number[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    const a = line.trim();
    if (!a) return;
    if (a.length > 254 || !EMAIL.test(a)) return badLines.push(i + 1);
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
      '答卷不与问卷码、姓名或邮箱地址关联，本邮件发送后即从系统中删除。',
      '',
      `Hello, you are invited to the anonymous integrity survey about the leadership posts of ${unitName}.`,
      `Survey address: ${surveyUrl}`,
      `Your one-time access code: ${code}`,
      'Your answers are not linked to the code, your name or your e-mail address; this message is deleted from our system once sent.',
    ].join('\n'),
  };
}

export async function sendInvitations(
  db: Knex,
  codeKey: Buffer,
  target: BatchTarget,
  options: { addresses: string[]; baseUrl: string; actor: { id: number; label: string }; now: number },
): Promise<{ batchId: string; count: number }> {
  return db.transaction(async (trx) => {
    const { batchId, codes } = await generateBatch(trx, codeKey, target, { count: options.addresses.length, kind: 'email', createdBy: options.actor.id, now: options.now });
    const surveyUrl = `${options.baseUrl.replace(/\/$/, '')}/survey`;
    for (let i = 0; i < codes.length; i++) {
      await enqueueMail(trx, { kind: 'invitation', recipient: options.addresses[i], ...invitationMail(target.unitName, surveyUrl, codes[i]) }, options.now);
    }
    await recordAudit(trx, options.now, { actorId: options.actor.id, actorLabel: options.actor.label, action: 'survey.invitations', objectType: 'code_batch', objectId: batchId, details: { count: codes.length, period: target.periodKey, unit: target.unitKey } });
    return { batchId, count: codes.length };
  });
}
