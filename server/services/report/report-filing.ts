import type { Knex } from 'knex';
import type { Config } from '../../config';
import { insertWithRandomId } from '../../db/random-id';
import { truncateWal } from '../../db/dialect';
import type { Clock } from '../../deps';
import { dayOf, deadlineFor } from '../../domain/deadlines';
import { formatReceipt, validateReportForm, type OrgUnit, type ReportFormInput } from '../../domain/report-rules';
import { ValidationError, type FieldErrors } from '../../errors';
import type { AttachmentRenderer } from '../../render/pool';
import type { Secrets } from '../../secrets';
import { removeFiles, storeAttachments, type UploadedFile } from './attachments';
import { seal, sealOptional } from './encryption';
import { claimFormToken, FormAlreadySubmitted, formTokenUsed } from '../auth/form-tokens';
import { gatherUploads } from './form-uploads';
import { releaseHeld } from './held-uploads';
import { notifyCommittee } from '../ops/notifications';
import { generateReceipt, hashReceipt } from './receipts';
import { recordStatusChange } from './report-rows';

// Filing a report (DESIGN.md §1 reporter journey): validate everything, then store it in one transaction with its
// sealed content and files; the receipt is returned once and only its slow hash is kept.

export interface ReportDeps {
  db: Knex;
  config: Config;
  secrets: Secrets;
  clock: Clock;
  renderer: AttachmentRenderer;
}

export interface ReportOrgUnit extends OrgUnit {
  name: string;
  posts: Array<{ id: number; key: string; title: string }>;
}

/** Units and their posts a reporter can choose from (archived ones left out), in a stable order. */
export async function loadReportOrg(db: Knex): Promise<ReportOrgUnit[]> {
  const units = await db('units').whereNull('archived_at').orderBy('name').select('id', 'key', 'name');
  const posts = await db('posts').whereNull('archived_at').orderBy(['unit_id', 'sort_order', 'id']).select('id', 'unit_id', 'key', 'title');
  return units.map((u) => ({ id: u.id, key: u.key, name: u.name, posts: posts.filter((p) => p.unit_id === u.id).map((p) => ({ id: p.id, key: p.key, title: p.title })) }));
}


/** Runs a write that also stores files; if the transaction fails the files are removed again. */
export async function withFiles<T>(db: Knex, work: (trx: Knex.Transaction, written: string[]) => Promise<T>): Promise<T> {
  const written: string[] = [];
  try {
    return await db.transaction((trx) => work(trx, written));
  } catch (err) {
    await removeFiles(written);
    throw err;
  }
}

/**
 * Files a report; throws FormRefused (nothing filed; good files held for the form), FormAlreadySubmitted (the form's
 * token filed a report before: nothing stored) or returns the receipt, formatted in groups of four.
 */
export async function fileReport(deps: ReportDeps, input: ReportFormInput, files: readonly UploadedFile[], formToken: string | null = null): Promise<{ receipt: string; reportId: number }> {
  const now = deps.clock.now();
  const today = dayOf(now);
  if (formToken && (await formTokenUsed(deps.db, formToken))) throw new FormAlreadySubmitted();
  const checked = validateReportForm(input, await loadReportOrg(deps.db), today);
  const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
  const attachments = await gatherUploads(deps, formToken, files, errors);
  if (!checked.ok) throw new ValidationError(errors); // not reached: gatherUploads refused the form
  const report = checked.report;
  const receipt = generateReceipt();
  const receiptHash = await hashReceipt(deps.secrets, receipt);
  const keyring = deps.secrets.encryption;
  const reportId = await withFiles(deps.db, async (trx, written) => {
    if (formToken) await claimFormToken(trx, formToken, today);
    const id = await insertWithRandomId(trx, 'reports', {
      receipt_hash: receiptHash,
      unit_id: report.unitId,
      post_id: report.postId,
      target_post_id: report.targetPostId,
      matter: report.matter,
      behaviour: report.behaviour,
      channel: report.channel,
      occurred_on: report.occurredOn,
      description_enc: seal(keyring, report.description),
      named: report.realName !== null,
      real_name_enc: sealOptional(keyring, report.realName),
      contact_enc: sealOptional(keyring, report.contact),
      status: 'new',
      received_on: today,
      acknowledge_due_on: deadlineFor(deps.config.deadlineProfile, 'acknowledge', today),
    });
    await recordStatusChange(trx, { report_id: id, from_status: null, to_status: 'new', reason_enc: null, actor_id: null, changed_on: today });
    await storeAttachments(trx, deps.config, deps.secrets, { reportId: id, messageId: null, keepNames: report.keepNames, now }, attachments, written);
    await notifyCommittee(trx, deps.config, { unitId: report.unitId, postId: report.postId }, now);
    return id;
  });
  if (formToken) await releaseHeld(deps.config, formToken);
  // The WAL would keep the filing's frames in commit order next to other activity of the day (DESIGN.md §4).
  await truncateWal(deps.db);
  return { receipt: formatReceipt(receipt), reportId };
}

/** The form's field errors without storing anything (used when the upload itself was cut off). */
export async function reportFormErrors(deps: ReportDeps, input: ReportFormInput): Promise<FieldErrors> {
  const checked = validateReportForm(input, await loadReportOrg(deps.db), dayOf(deps.clock.now()));
  return checked.ok ? {} : { ...checked.errors };
}
