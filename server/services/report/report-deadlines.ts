import type { Knex } from 'knex';
import type { Config } from '../../config';
import { runningDeadline } from '../../domain/report-workflow';
import { whereRunningDeadline } from './report-deadline-sql';
import { notifyCommittee } from '../ops/notifications';

// Overdue reports (DESIGN.md §2 deadlines), for the inbox flags and the mail area's reminders.
export interface OverdueReport {
  reportId: number;
  unitId: number;
  postId: number | null;
  /** acknowledge: still new after acknowledge_due_on; outcome: an outcome not closed by outcome_due_on. */
  kind: 'acknowledge' | 'outcome';
  dueOn: string;
}

/** Every report past a deadline on `today` ('YYYY-MM-DD'); callers must apply scope/conflict rules before telling anyone. */
export async function findOverdueReports(db: Knex, today: string): Promise<OverdueReport[]> {
  const query = db('reports').whereNull('purged_on');
  const rows = await whereRunningDeadline(query, 'reports', { before: today })
    .orderBy('id')
    .select('id', 'unit_id', 'post_id', 'status', 'acknowledge_due_on', 'outcome_due_on');
  return rows.map((r: { id: number; unit_id: number; post_id: number | null; status: string; acknowledge_due_on: string | null; outcome_due_on: string | null }) => ({
    reportId: r.id,
    unitId: r.unit_id,
    postId: r.post_id,
    kind: r.status === 'new' ? 'acknowledge' : 'outcome',
    dueOn: runningDeadline(r) as string,
  }));
}

/**
 * Daily reminder for overdue reports: a content-free notice to the committee users who may see each one (scope and
 * conflict of interest and recusals applied by notifyCommittee; at most one pending notice per person, sent with the digest).
 */
export async function remindOverdueReports(db: Knex, config: Config, today: string, now: number): Promise<number> {
  const overdue = await findOverdueReports(db, today);
  for (const report of overdue) {
    await db.transaction((trx) => notifyCommittee(trx, config, { unitId: report.unitId, postId: report.postId, reportId: report.reportId }, now));
  }
  return overdue.length;
}
