import type { Knex } from 'knex';
import { RUNNING_DEADLINES } from '../../domain/report-workflow';

// The SQL form of the running-deadline rule (RUNNING_DEADLINES in domain/report-workflow.ts), so the inbox filters and
// the daily reminder select exactly the reports isOverdue and isDueSoon flag. A null due date matches no range, as there.

/** Where a report's running deadline lies: before a day (overdue), or from one day to another (due soon), both inclusive. */
export type DeadlineRange = { before: string } | { from: string; to: string };

/** Restricts `query` to reports whose running deadline lies in `range`; `table` is the reports alias ('r' or 'reports'). */
export function whereRunningDeadline<Q extends Knex.QueryBuilder>(query: Q, table: string, range: DeadlineRange): Q {
  return query.where((any: Knex.QueryBuilder) => {
    for (const stage of RUNNING_DEADLINES) {
      const due = `${table}.${stage.due}`;
      any.orWhere((q) => {
        q.whereIn(`${table}.status`, [...stage.statuses]);
        if ('before' in range) q.andWhere(due, '<', range.before);
        else q.andWhere(due, '>=', range.from).andWhere(due, '<=', range.to);
      });
    }
  }) as Q;
}
