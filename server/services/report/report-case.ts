import type { Knex } from 'knex';
import { bool } from '../../db/dialect';
import { dayOf } from '../../domain/deadlines';
import type { Principal } from '../../domain/principal';
import { isFinal, isOverdue, nextStatuses, type ReportStatus } from '../../domain/report-workflow';
import { NotFound } from '../../errors';
import { MIME_OF } from '../../domain/attachment-rules';
import { findVisibleReport, usersWhoMaySee } from '../auth/access';
import { listAttachments, readAttachment, type AttachmentListing } from './attachments';
import { actorOf, recordAudit } from '../ops/audit';
import { openOptional } from './encryption';
import { reportContent, type ReportContent } from './report-content';
import type { ReportDeps } from './report-filing';

// One report as the committee sees it. Every lookup goes through the access module's findVisibleReport() (scope,
// conflict of interest, recusal); anything else is a 404 so that a report's existence is not revealed.


type AttachmentView = AttachmentListing;

export interface ReportCaseView extends ReportContent {
  id: number;
  status: ReportStatus;
  closedWith: string | null;
  receivedOn: string;
  acknowledgedOn: string | null;
  closedOn: string | null;
  acknowledgeDueOn: string | null;
  outcomeDueOn: string | null;
  overdue: boolean;
  purged: boolean;
  open: boolean;
  assignedTo: number | null;
  nextStatuses: readonly ReportStatus[];
  attachments: AttachmentView[];
  timeline: Array<{ from: string | null; to: string; on: string; reason: string | null; actor: string | null }>;
  messages: Array<{ author: string; internal: boolean; authorName: string | null; body: string | null; on: string; attachments: AttachmentView[] }>;
  assignees: Array<{ id: number; name: string }>;
}

/** Committee users who could take the report: those who may see it (the access module's usersWhoMaySee). */
export async function eligibleAssignees(db: Knex, report: { id: number; unit_id: number; post_id: number | null }): Promise<Array<{ id: number; name: string }>> {
  const users = await usersWhoMaySee(db, { unitId: report.unit_id, postId: report.post_id, reportId: report.id });
  return users.map((u) => ({ id: u.id, name: u.name })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}

/** The whole case, decrypted; viewing it is an audit event. Attachments by their download names (generatedStem: 附件 / attachment). */
export async function openReportCase(deps: ReportDeps, principal: Principal, reportId: number, generatedStem: string): Promise<ReportCaseView> {
  const { db, secrets } = deps;
  const keyring = secrets.encryption;
  const now = deps.clock.now();
  const r = await findVisibleReport(db, principal, reportId);
  const [unit, post, targetPost, changes, messages, files, assignees] = await Promise.all([
    db('units').where({ id: r.unit_id }).first('name'),
    r.post_id === null ? undefined : db('posts').where({ id: r.post_id }).first('title'),
    r.target_post_id === null ? undefined : db('posts').where({ id: r.target_post_id }).first('title'),
    db('report_status_changes as c').leftJoin('users as u', 'u.id', 'c.actor_id').where('c.report_id', r.id).orderBy('c.seq').select('c.*', 'u.name as actor_name'),
    db('report_messages as m').leftJoin('users as u', 'u.id', 'm.author_user_id').where('m.report_id', r.id).orderBy('m.seq').select('m.*', 'u.name as author_name'),
    listAttachments(db, secrets, r.id, generatedStem),
    eligibleAssignees(db, r as { id: number; unit_id: number; post_id: number | null }),
  ]);
  await recordAudit(db, now, { ...actorOf(principal), action: 'report.view', objectType: 'report', objectId: r.id });
  const status = r.status as ReportStatus;
  return {
    id: r.id,
    ...reportContent(keyring, r, { unitName: unit.name, postTitle: post?.title ?? null, targetPostTitle: targetPost?.title ?? null }),
    status,
    closedWith: r.closed_with,
    receivedOn: r.received_on,
    acknowledgedOn: r.acknowledged_on,
    closedOn: r.closed_on,
    acknowledgeDueOn: r.acknowledge_due_on,
    outcomeDueOn: r.outcome_due_on,
    overdue: isOverdue(r as { status: string; acknowledge_due_on: string | null; outcome_due_on: string | null }, dayOf(now)),
    purged: r.purged_on !== null,
    open: !isFinal(status),
    assignedTo: r.assigned_to,
    nextStatuses: nextStatuses(status),
    attachments: files.filter((f) => f.messageId === null),
    timeline: changes.map((c) => ({ from: c.from_status, to: c.to_status, on: c.changed_on, reason: openOptional(keyring, c.reason_enc), actor: c.actor_name ?? null })),
    messages: messages.map((m) => ({
      author: m.author,
      internal: bool(m.internal),
      authorName: m.author_name ?? null,
      body: openOptional(keyring, m.body_enc),
      on: m.sent_on,
      attachments: files.filter((f) => f.messageId === m.id),
    })),
    assignees,
  };
}

/** An attachment's decrypted bytes for download, under its download name; audited. */
export async function downloadAttachment(deps: ReportDeps, principal: Principal, reportId: number, attachmentId: number, generatedStem: string): Promise<{ name: string; mime: string; bytes: Buffer }> {
  const r = await findVisibleReport(deps.db, principal, reportId);
  if (!Number.isSafeInteger(attachmentId)) throw new NotFound();
  const listing = (await listAttachments(deps.db, deps.secrets, r.id, generatedStem)).find((a) => a.id === attachmentId);
  const row = listing && (await deps.db('report_attachments').where({ id: attachmentId, report_id: r.id }).first('storage_key'));
  if (!listing || !row) throw new NotFound();
  const bytes = await readAttachment(deps.config, deps.secrets, row.storage_key);
  await recordAudit(deps.db, deps.clock.now(), { ...actorOf(principal), action: 'report.attachment.download', objectType: 'report', objectId: r.id, details: { attachmentId } });
  return { name: listing.name, mime: MIME_OF[listing.kind], bytes };
}
