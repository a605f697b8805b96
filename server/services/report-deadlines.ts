import type { Knex } from 'knex';
import { OUTCOMES } from '../domain/report-workflow';

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
