import type { Knex } from 'knex';
import { dayOf } from '../../domain/deadlines';
import { INSUFFICIENT_SURVEY_DATA } from '../../domain/risk-model';
import type { Principal } from '../../domain/principal';
import { isPublished, procedureSteps, selfCheckOpen, stepsFrom, type ProcedureFacts, type StepRecord, type StepView } from '../../domain/register/procedure';
import { registerAccess } from '../../domain/register/register-access';
import type { Step } from '../../domain/register/vocabulary';
import { Conflict, ValidationError } from '../../errors';
import { recordAudit } from '../ops/audit';
import { unitResults } from '../risk/risk-results';
import type { Actor } from '../ops/audit';
import { riskPointLevels, riskPointRows } from './register-data';
import { charLength } from '../../domain/char-length';

// The assessment procedure of one unit in one period (DESIGN.md §2): the records of the steps done, the facts that
// say what is still missing, and the two actions (complete the current step; an administrator re-opens a step).

export interface ProcedureStatus { steps: StepView[]; records: StepRecord[] }
export interface PeriodRef { id: number; key: string; state: string }
export interface UnitRef { id: number; key: string }

export const NOTE_MAX = 4000;

export async function stepRecords(db: Knex, periodId: number, unitId: number): Promise<StepRecord[]> {
  const rows = await db('assessment_steps').where({ period_id: periodId, unit_id: unitId }).select('step', 'done_by_label', 'done_on', 'note');
  return rows.map((r) => ({ step: r.step as Step, doneBy: r.done_by_label, doneOn: r.done_on, note: r.note ?? null }));
}

/** `shows(postId)`: whether a post's survey figures may be named to the viewer (default: the CLI, everything). */
async function facts(db: Knex, period: PeriodRef, unitId: number, shows: (postId: number) => boolean): Promise<ProcedureFacts> {
  const results = await unitResults(db, period.id, unitId);
  const posts = results.posts.map((p) => ({ id: p.post.id, title: p.post.title, insufficient: p.flags.includes(INSUFFICIENT_SURVEY_DATA) && shows(p.post.id) }));
  const points = await riskPointRows(db, posts.map((p) => p.id));
  const levels = await riskPointLevels(db, period.id, points.map((p) => Number(p.id)));
  const decided = new Set((await db('post_decisions').where({ period_id: period.id }).whereIn('post_id', posts.map((p) => p.id)).pluck('post_id')).map(Number));
  return {
    periodOpen: period.state === 'open',
    postsWithoutRiskPoints: posts.filter((p) => !points.some((rp) => Number(rp.post_id) === p.id)).map((p) => p.title),
    riskPointsWithoutOwner: points.filter((rp) => !rp.owner).length,
    riskPointsWithoutSupervisor: points.filter((rp) => !rp.supervisor).length,
    releasedResponses: results.responses,
    postsInsufficient: posts.filter((p) => p.insufficient).map((p) => p.title),
    k: results.params.k,
    postsUndecided: posts.filter((p) => !decided.has(p.id)).map((p) => p.title),
    riskPointsUndecided: points.filter((rp) => !levels.has(Number(rp.id))).length,
  };
}

/** The steps and what they lack; with a viewer, posts whose survey figures the viewer may not see are not named. */
export async function procedureStatus(db: Knex, period: PeriodRef, unit: UnitRef, viewer?: Principal): Promise<ProcedureStatus> {
  const records = await stepRecords(db, period.id, unit.id);
  const phase = { selfCheckOpen: selfCheckOpen(records, period.state === 'open'), published: isPublished(records) };
  const shows = (postId: number) => !viewer || registerAccess(viewer, { unitId: unit.id, postId, holdsPostInUnit: true }, phase).readEvidence;
  return { steps: procedureSteps(records, await facts(db, period, unit.id, shows)), records };
}

/** Completes the current step (the leadership review with its written opinion). Audited as procedure.complete. */
export async function completeStep(db: Knex, actor: Actor, now: number, period: PeriodRef, unit: UnitRef, step: Step, noteRaw: string): Promise<void> {
  const note = noteRaw.trim();
  if (step === 'leadership_review' && !note) throw new ValidationError({ note: 'register.procedure.error.opinion' });
  if (charLength(note) > NOTE_MAX) throw new ValidationError({ note: 'form.too_long' });
  await db.transaction(async (trx) => {
    const { steps } = await procedureStatus(trx, period, unit);
    const view = steps.find((s) => s.step === step)!;
    if (!view.canComplete) throw new Conflict(view.state === 'done' ? 'register.procedure.error.done' : 'register.procedure.error.not_ready');
    await trx('assessment_steps').insert({ period_id: period.id, unit_id: unit.id, step, done_by: actor.actorId, done_by_label: actor.actorLabel, done_on: dayOf(now), note: note || null });
    await recordAudit(trx, now, { ...actor, action: 'procedure.complete', objectType: 'unit', objectId: unit.id, details: { period: period.key, unit: unit.key, step, note: note || null } });
  });
}

/** Re-opens a done step and every later one (administrators, with a reason). Audited as procedure.reopen. */
export async function reopenStep(db: Knex, actor: Actor, now: number, period: PeriodRef, unit: UnitRef, step: Step, reasonRaw: string): Promise<void> {
  const reason = reasonRaw.trim();
  if (!reason) throw new ValidationError({ reason: 'form.required' });
  if (charLength(reason) > NOTE_MAX) throw new ValidationError({ reason: 'form.too_long' });
  if (period.state !== 'open') throw new Conflict('register.procedure.error.closed');
  await db.transaction(async (trx) => {
    const undone = stepsFrom(step);
    const removed = await trx('assessment_steps').where({ period_id: period.id, unit_id: unit.id }).whereIn('step', undone).delete();
    if (removed === 0) throw new Conflict('register.procedure.error.not_done');
    await recordAudit(trx, now, { ...actor, action: 'procedure.reopen', objectType: 'unit', objectId: unit.id, details: { period: period.key, unit: unit.key, step, undone, reason } });
  });
}
