import type { Knex } from 'knex';
import { dayOf } from '../../domain/deadlines';
import { quotaRefusals, uploadCostMb } from '../../domain/followup-quota';
import { MESSAGE_MAX, normaliseReceipt, RECEIPT_DIGITS } from '../../domain/report-rules';
import { isFinal, type ReportStatus } from '../../domain/report-workflow';
import { AppError, Conflict, type FieldErrors } from '../../errors';
import type { Secrets } from '../../secrets';
import { listAttachments, storeAttachments, type UploadedFile } from './attachments';
import { openOptional, seal } from './encryption';
import { chargeQuota, quotaUsed } from './followup-quota';
import { claimFormToken } from '../auth/form-tokens';
import { gatherUploads } from './form-uploads';
import { releaseHeld } from './held-uploads';
import { notifyCommittee } from '../ops/notifications';
import { hashReceipt } from './receipts';
import { withFiles, type ReportDeps } from './report-filing';
import { recordMessage } from './report-rows';
import { reportContent, type ReportContent } from './report-content';
import { charLength } from '../../domain/char-length';

// The reporter's side after filing (DESIGN.md §1): only the receipt opens a report; a wrong one reveals nothing.

/** The one answer for every receipt that does not open a report (malformed or unknown), status 400 so limits count it. */
export class ReceiptNotRecognised extends AppError {
  constructor() {
    super(400, 'report.followup.not_found');
  }
}

/** The report a receipt opens, or ReceiptNotRecognised. A malformed receipt is hashed too so both cost the same. */
export async function reportIdForReceipt(db: Knex, secrets: Secrets, raw: string): Promise<number> {
  const digits = normaliseReceipt(raw);
  const hash = await hashReceipt(secrets, digits ?? '0'.repeat(RECEIPT_DIGITS) + 'x');
  const row = digits ? await db('reports').where({ receipt_hash: hash }).first('id') : undefined;
  if (!row) throw new ReceiptNotRecognised();
  return row.id;
}

export interface ReporterView extends ReportContent {
  receivedOn: string;
  status: ReportStatus;
  purged: boolean;
  canReply: boolean;
  attachments: string[];
  timeline: Array<{ status: string; on: string }>;
  messages: Array<{ fromCommittee: boolean; body: string | null; on: string; attachments: string[] }>;
}

/**
 * What the reporter sees: what they sent, the status and its history, and the messages (never internal notes).
 * Attachments by their download names (generatedStem: 附件 / attachment).
 */
export async function reporterView(db: Knex, secrets: Secrets, reportId: number, generatedStem: string): Promise<ReporterView> {
  const keyring = secrets.encryption;
  const r = await db('reports as r').join('units as u', 'u.id', 'r.unit_id').leftJoin('posts as p', 'p.id', 'r.post_id').leftJoin('posts as tp', 'tp.id', 'r.target_post_id').where('r.id', reportId).first('r.*', 'u.name as unit_name', 'p.title as post_title', 'tp.title as target_post_title');
  const changes = await db('report_status_changes').where({ report_id: reportId }).orderBy('seq').select('to_status', 'changed_on');
  const messages = await db('report_messages').where({ report_id: reportId }).andWhere((q) => q.where('internal', false).orWhereNull('internal')).orderBy('seq').select('id', 'author', 'body_enc', 'sent_on');
  const files = await listAttachments(db, secrets, reportId, generatedStem);
  const messageIds = new Set(messages.map((m) => m.id));
  const namesOf = (messageId: number | null) => files.filter((f) => f.messageId === messageId).map((f) => f.name);
  const status = r.status as ReportStatus;
  return {
    ...reportContent(keyring, r, { unitName: r.unit_name, postTitle: r.post_title ?? null, targetPostTitle: r.target_post_title ?? null }),
    receivedOn: r.received_on,
    status,
    purged: r.purged_on !== null,
    canReply: r.purged_on === null && !isFinal(status),
    attachments: namesOf(null),
    timeline: changes.map((c) => ({ status: c.to_status, on: c.changed_on })),
    messages: messages.map((m) => ({
      fromCommittee: m.author === 'committee',
      body: openOptional(keyring, m.body_enc),
      on: m.sent_on,
      attachments: messageIds.has(m.id) ? namesOf(m.id) : [],
    })),
  };
}

/**
 * A reporter's reply (message and optional files); refused once the case is over, or past the day's quota (the text
 * is kept); FormRefused for a problem with the text or a file (good files held for the form); FormAlreadySubmitted if
 * its form was sent before.
 */
export async function replyAsReporter(deps: ReportDeps, reportId: number, reply: { body: string; keepNames: boolean }, files: readonly UploadedFile[], formToken: string | null = null): Promise<void> {
  const now = deps.clock.now();
  const today = dayOf(now);
  const text = reply.body.trim();
  const errors: FieldErrors = {};
  if (!text) errors.message = 'form.required';
  else if (charLength(text) > MESSAGE_MAX) errors.message = 'form.too_long';
  const uploadMb = uploadCostMb(files.map((f) => f.bytes.length));
  const overQuota = quotaRefusals(await quotaUsed(deps.db, reportId, today), uploadMb);
  Object.assign(errors, overQuota);
  // Files past the quota are not even rendered; those within it are charged before rendering, accepted or not.
  const toRender = overQuota.attachments ? [] : files;
  await chargeQuota(deps.db, reportId, today, { uploadMb: overQuota.attachments ? 0 : uploadMb });
  const attachments = await gatherUploads(deps, formToken, toRender, errors);
  await withFiles(deps.db, async (trx, written) => {
    if (formToken) await claimFormToken(trx, formToken, today);
    const report = await trx('reports').where({ id: reportId }).first('unit_id', 'post_id', 'status', 'purged_on');
    if (!report || report.purged_on !== null || isFinal(report.status)) throw new Conflict('report.followup.closed');
    const messageId = await recordMessage(trx, { report_id: reportId, author: 'reporter', author_user_id: null, internal: false, body_enc: seal(deps.secrets.encryption, text), sent_on: today });
    await storeAttachments(trx, deps.config, deps.secrets, { reportId, messageId, keepNames: reply.keepNames, now }, attachments, written);
    await chargeQuota(trx, reportId, today, { replies: 1 });
    await notifyCommittee(trx, deps.config, { unitId: report.unit_id, postId: report.post_id, reportId }, now);
  });
  if (formToken) await releaseHeld(deps.config, formToken);
}
