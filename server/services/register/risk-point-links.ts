import type { Knex } from 'knex';
import { measureReviewOverdue } from '../../domain/measure-rules';
import type { Principal } from '../../domain/principal';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../errors';
import { actorOf, recordAudit } from '../ops/audit';
import { visibleReports } from '../auth/access';
import { getRiskPoint } from './risk-points';

// What a risk point answers and arises from (DESIGN.md §2): findings, substantiated reports and measures linked to
// it. Only the committee sees or changes links (registerAccess.readEvidence / edit); reports are listed through the
// report area's own visibility rule (scope, conflict of interest, recusal), and only by number, status and day.

export const LINK_KINDS = ['finding', 'report', 'measure'] as const;
const SUBSTANTIATED = ['substantiated', 'partly_substantiated'];

export interface LinkedFinding { id: number; foundOn: string; source: string; severity: number; summary: string }
export interface LinkedReport { id: number; status: string; closedWith: string | null; receivedOn: string }
export interface LinkedMeasure { id: number; description: string; owner: string; dueOn: string | null; status: string; nextReviewOn: string | null; overdue: boolean }
export interface Evidence<T> { linked: T[]; candidates: T[] }
export interface RiskPointEvidence { findings: Evidence<LinkedFinding>; reports: Evidence<LinkedReport>; measures: Evidence<LinkedMeasure> }

const substantiated = (q: Knex.QueryBuilder) => q.where((w) => w.whereIn('r.status', SUBSTANTIATED).orWhereIn('r.closed_with', SUBSTANTIATED));

async function findings(db: Knex, postId: number, pointId: number): Promise<Evidence<LinkedFinding>> {
  const rows = await db('findings as f').leftJoin('risk_point_findings as l', (j) => j.on('l.finding_id', 'f.id').andOnVal('l.risk_point_id', pointId))
    .where('f.post_id', postId).orderBy([{ column: 'f.found_on', order: 'desc' }, { column: 'f.id', order: 'desc' }]).select('f.*', 'l.risk_point_id as linked');
  const view = (r: Record<string, unknown>): LinkedFinding => ({ id: Number(r.id), foundOn: String(r.found_on), source: String(r.source), severity: Number(r.severity), summary: String(r.summary) });
  return { linked: rows.filter((r) => r.linked !== null).map(view), candidates: rows.filter((r) => r.linked === null).map(view) };
}

async function reports(db: Knex, principal: Principal, postId: number, pointId: number): Promise<Evidence<LinkedReport>> {
  const rows = await substantiated(visibleReports(db, principal).where('r.post_id', postId))
    .leftJoin('risk_point_reports as l', (j) => j.on('l.report_id', 'r.id').andOnVal('l.risk_point_id', pointId))
    .orderBy('r.received_on', 'desc').select('r.id', 'r.status', 'r.closed_with', 'r.received_on', 'l.risk_point_id as linked');
  const view = (r: Record<string, unknown>): LinkedReport => ({ id: Number(r.id), status: String(r.status), closedWith: (r.closed_with as string | null) ?? null, receivedOn: String(r.received_on) });
  return { linked: rows.filter((r: Record<string, unknown>) => r.linked !== null).map(view), candidates: rows.filter((r: Record<string, unknown>) => r.linked === null).map(view) };
}

async function measures(db: Knex, postId: number, pointId: number, today: string): Promise<Evidence<LinkedMeasure>> {
  const rows = await db('measures').where({ post_id: postId }).where((w) => w.where({ risk_point_id: pointId }).orWhereNull('risk_point_id')).orderBy('id');
  const view = (r: Record<string, unknown>): LinkedMeasure => ({
    id: Number(r.id), description: String(r.description), owner: String(r.owner), dueOn: (r.due_on as string | null) ?? null, status: String(r.status),
    nextReviewOn: (r.next_review_on as string | null) ?? null, overdue: measureReviewOverdue(String(r.status), (r.next_review_on as string | null) ?? null, today),
  });
  return { linked: rows.filter((r) => r.risk_point_id !== null).map(view), candidates: rows.filter((r) => r.risk_point_id === null).map(view) };
}

/** The evidence of a risk point with what may still be linked; empty for a viewer without readEvidence. */
export async function riskPointEvidence(db: Knex, principal: Principal, postId: number, pointId: number, today: string): Promise<RiskPointEvidence> {
  const [f, r, m] = await Promise.all([findings(db, postId, pointId), reports(db, principal, postId, pointId), measures(db, postId, pointId, today)]);
  return { findings: f, reports: r, measures: m };
}

/** Links (or unlinks) a finding, a substantiated report or a measure of the same post. Audited as risk_point.link / unlink. */
export async function setLink(db: Knex, principal: Principal, now: number, ref: { unit: string; post: string; point: string }, kind: string, objectId: number, linked: boolean): Promise<void> {
  const { ctx, point } = await getRiskPoint(db, principal, ref.unit, ref.post, ref.point);
  if (!ctx.access.edit) throw new Forbidden();
  if (!(LINK_KINDS as readonly string[]).includes(kind)) throw new ValidationError({ kind: 'form.invalid' });
  if (!Number.isSafeInteger(objectId) || objectId <= 0) throw new NotFound();
  await db.transaction(async (trx) => {
    if (kind === 'finding') {
      if (!(await trx('findings').where({ id: objectId, post_id: ctx.post.id }).first('id'))) throw new NotFound();
      const where = { risk_point_id: point.id, finding_id: objectId };
      if (linked && !(await trx('risk_point_findings').where(where).first())) await trx('risk_point_findings').insert(where);
      if (!linked) await trx('risk_point_findings').where(where).delete();
    } else if (kind === 'report') {
      if (!(await substantiated(visibleReports(trx, principal).where({ 'r.id': objectId, 'r.post_id': ctx.post.id })).first('r.id'))) throw new NotFound();
      const where = { risk_point_id: point.id, report_id: objectId };
      if (linked && !(await trx('risk_point_reports').where(where).first())) await trx('risk_point_reports').insert(where);
      if (!linked) await trx('risk_point_reports').where(where).delete();
    } else {
      const measure = await trx('measures').where({ id: objectId, post_id: ctx.post.id }).first('risk_point_id');
      if (!measure) throw new NotFound();
      if (linked && measure.risk_point_id !== null && Number(measure.risk_point_id) !== point.id) throw new Conflict('register.link.error.measure_taken');
      await trx('measures').where({ id: objectId }).update({ risk_point_id: linked ? point.id : null });
    }
    await recordAudit(trx, now, { ...actorOf(principal), action: linked ? 'risk_point.link' : 'risk_point.unlink', objectType: 'risk_point', objectId: point.id, details: { kind, id: objectId } });
  });
}
