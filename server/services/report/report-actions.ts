import type { Knex } from 'knex';
import { lockForUpdate } from '../../db/dialect';
import { dayOf, deadlineFor } from '../../domain/deadlines';
import type { Principal } from '../../domain/principal';
import { MESSAGE_MAX, REASON_MAX } from '../../domain/report-rules';
import { canTransition, isOutcome, isReportStatus, transitionEffects, type ReportStatus } from '../../domain/report-workflow';
import { Conflict, ValidationError } from '../../errors';
import { actorOf, recordAudit } from '../ops/audit';
import { reportStatusTriggers } from '../../domain/register/reassess-rules';
import { flagReassessment } from '../register/reassess';
import { seal } from './encryption';
import { findVisibleReport } from '../auth/access';
import { eligibleAssignees } from './report-case';
import type { ReportDeps } from './report-filing';
import { recordMessage, recordStatusChange } from './report-rows';
import { charLength } from '../../domain/char-length';

// Committee actions on a report: status, messages and notes, assignment, recusal. Each one re-checks visibility
// inside its transaction and writes an audit event without any report content.

function text(value: string, max: number, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new ValidationError({ [field]: 'form.required' });
  if (charLength(trimmed) > max) throw new ValidationError({ [field]: 'form.too_long' });
  return trimmed;
}

/**
 * The committee's first action on a new report (a message, a note, an assignment) takes it up: the report is
 * acknowledged then and there, so the reporter's page never says "not taken up yet" above a message from the committee.
 */
async function acknowledgeIfNew(trx: Knex.Transaction, principal: Principal, r: Record<string, unknown>, now: number, cause: string): Promise<void> {
  if (r.status !== 'new') return;
  const id = Number(r.id);
  const today = dayOf(now);
  const effects = transitionEffects('new', 'acknowledged', today);
  const changed = await trx('reports').where({ id, status: 'new' }).update({ status: 'acknowledged', acknowledged_on: effects.acknowledgedOn });
  if (changed !== 1) return;
  await trx('report_status_changes').insert({ report_id: id, from_status: 'new', to_status: 'acknowledged', reason_enc: null, actor_id: principal.id, changed_on: today });
  await recordAudit(trx, now, { ...actorOf(principal), action: 'report.status', objectType: 'report', objectId: id, details: { from: 'new', to: 'acknowledged', cause } });
}

/** Moves a report along the workflow with a reason; sets acknowledgement, outcome deadline and closing dates. */
export async function changeReportStatus(deps: ReportDeps, principal: Principal, reportId: number, to: string, reasonRaw: string): Promise<void> {
  const now = deps.clock.now();
  const today = dayOf(now);
  if (!isReportStatus(to)) throw new ValidationError({ status: 'form.invalid' });
  const reason = text(reasonRaw, REASON_MAX, 'reason');
  await deps.db.transaction(async (trx) => {
    const r = await findVisibleReport(trx, principal, reportId);
    await lockForUpdate(trx, trx('reports').where({ id: r.id }).first('id'));
    const from = r.status as ReportStatus;
    if (r.purged_on !== null || !canTransition(from, to)) throw new Conflict('report.error.transition');
    const effects = transitionEffects(from, to, today);
    const update: Record<string, unknown> = { status: to };
    if (effects.acknowledgedOn && !r.acknowledged_on) update.acknowledged_on = effects.acknowledgedOn;
    if (effects.closedWith) update.closed_with = effects.closedWith;
    if (effects.closedOn) update.closed_on = effects.closedOn;
    if (isOutcome(to)) update.outcome_due_on = deadlineFor(deps.config.deadlineProfile, 'outcome', today);
    const changed = await trx('reports').where({ id: r.id, status: from }).update(update);
    if (changed !== 1) throw new Conflict('error.conflict');
    await recordStatusChange(trx, { report_id: r.id, from_status: from, to_status: to, reason_enc: seal(deps.secrets.encryption, reason), actor_id: principal.id, changed_on: today });
    // 动态调整: a substantiated report flags the post whose holder interfered (its `post`) for re-assessment (DESIGN.md §2).
    if (r.post_id !== null && reportStatusTriggers(to)) await flagReassessment(trx, Number(r.post_id), 'report', now);
    await recordAudit(trx, now, { ...actorOf(principal), action: 'report.status', objectType: 'report', objectId: r.id, details: { from, to } });
  });
}

/** A message to the reporter (shown on their follow-up page) or an internal note (never shown to them). */
export async function postCommitteeMessage(deps: ReportDeps, principal: Principal, reportId: number, bodyRaw: string, internal: boolean): Promise<void> {
  const now = deps.clock.now();
  const body = text(bodyRaw, MESSAGE_MAX, internal ? 'note' : 'message');
  await deps.db.transaction(async (trx) => {
    const r = await findVisibleReport(trx, principal, reportId);
    if (r.purged_on !== null) throw new Conflict('report.error.purged');
    await recordMessage(trx, { report_id: r.id, author: 'committee', author_user_id: principal.id, internal, body_enc: seal(deps.secrets.encryption, body), sent_on: dayOf(now) });
    await recordAudit(trx, now, { ...actorOf(principal), action: internal ? 'report.note' : 'report.message', objectType: 'report', objectId: r.id });
    await acknowledgeIfNew(trx, principal, r, now, internal ? 'note' : 'message');
  });
}

/** Assigns the report to a reviewer who may see it (scope, no conflict, not recused); null clears the assignment. */
export async function assignReport(deps: ReportDeps, principal: Principal, reportId: number, assigneeId: number | null): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const r = await findVisibleReport(trx, principal, reportId);
    if (assigneeId !== null) {
      const eligible = await eligibleAssignees(trx, r as { id: number; unit_id: number; post_id: number | null });
      if (!eligible.some((u) => u.id === assigneeId)) throw new ValidationError({ assignee: 'report.error.assignee' });
    }
    await trx('reports').where({ id: r.id }).update({ assigned_to: assigneeId });
    await recordAudit(trx, now, { ...actorOf(principal), action: 'report.assign', objectType: 'report', objectId: r.id, details: { assigneeId } });
    if (assigneeId !== null) await acknowledgeIfNew(trx, principal, r, now, 'assignment');
  });
}

/** The principal steps away from the report: from now on it is invisible to them everywhere. */
export async function recuseFromReport(deps: ReportDeps, principal: Principal, reportId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const r = await findVisibleReport(trx, principal, reportId);
    await trx('report_recusals').insert({ report_id: r.id, user_id: principal.id, created_on: dayOf(now) });
    if (r.assigned_to === principal.id) await trx('reports').where({ id: r.id }).update({ assigned_to: null });
    await recordAudit(trx, now, { ...actorOf(principal), action: 'report.recuse', objectType: 'report', objectId: r.id });
  });
}
