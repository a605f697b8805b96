import type { Knex } from 'knex';
import type { Config } from '../config';
import { OUTCOMES } from '../domain/report-workflow';
import { notifyCommittee } from './notifications';

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
  const rows = await db('reports')
    .whereNull('purged_on')
    .where((q) =>
      q
        .where((a) => a.where('status', 'new').andWhere('acknowledge_due_on', '<', today))
        .orWhere((b) => b.whereIn('status', [...OUTCOMES]).andWhere('outcome_due_on', '<', today)),
    )
    .orderBy('id')
    .select('id', 'unit_id', 'post_id', 'status', 'acknowledge_due_on', 'outcome_due_on');
  return rows.map((r) => ({
    reportId: r.id,
    unitId: r.unit_id,
    postId: r.post_id,
    kind: r.status === 'new' ? 'acknowledge' : 'outcome',
    dueOn: r.status === 'new' ? r.acknowledge_due_on : r.outcome_due_on,
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
