import type { Knex } from 'knex';
import { bool } from '../../db/dialect';
import type { Principal } from '../../domain/principal';
import { BEHAVIOURS, MATTERS } from '../../domain/report-rules';
import { addCalendarDays } from '../../domain/deadlines';
import { DEADLINE_STATUSES, DUE_SOON_DAYS, isDueSoon, isOverdue, isReportStatus } from '../../domain/report-workflow';
import { whereRunningDeadline } from './report-deadline-sql';
import { visibleReports, visibleUnits } from '../auth/access';

// The committee's report inbox. Every query starts from the access module's visibleReports(): unit scope, conflict of
// interest (no report about a post the user holds) and recusals, so lists, counts and exports can never show more
// than the report page.

export interface InboxFilters {
  unit?: string;
  status?: string;
  matter?: string;
  behaviour?: string;
  overdue?: boolean;
  /** A running deadline within DUE_SOON_DAYS (domain/report-workflow.ts isDueSoon), not passed yet. */
  dueSoon?: boolean;
}

/** Only known values pass, so a crafted filter can never widen a query. */
export function parseInboxFilters(query: Record<string, unknown>): InboxFilters {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const filters: InboxFilters = {};
  if (str(query.unit)) filters.unit = str(query.unit);
  if (isReportStatus(query.status)) filters.status = query.status;
  if ((MATTERS as readonly string[]).includes(String(query.matter))) filters.matter = String(query.matter);
  if ((BEHAVIOURS as readonly string[]).includes(String(query.behaviour))) filters.behaviour = String(query.behaviour);
  if (query.overdue === '1') filters.overdue = true;
  if (query.due === 'soon') filters.dueSoon = true;
  return filters;
}

function applyFilters(query: Knex.QueryBuilder, filters: InboxFilters, today: string): Knex.QueryBuilder {
  if (filters.unit) query.whereIn('r.unit_id', (q: Knex.QueryBuilder) => q.from('units').where('key', filters.unit).select('id'));
  if (filters.status) query.where('r.status', filters.status);
  if (filters.matter) query.where('r.matter', filters.matter);
  if (filters.behaviour) query.where('r.behaviour', filters.behaviour);
  // The SQL forms of isOverdue and isDueSoon, so the list and the dashboard counts agree.
  if (filters.overdue) whereRunningDeadline(query, 'r', { before: today });
  if (filters.dueSoon) whereRunningDeadline(query, 'r', { from: today, to: addCalendarDays(today, DUE_SOON_DAYS) });
  return query;
}

interface InboxDbRow {
  id: number;
  matter: string;
  behaviour: string;
  status: string;
  named: unknown;
  received_on: string;
  acknowledge_due_on: string | null;
  outcome_due_on: string | null;
  purged_on: string | null;
  unit_name: string;
  post_title: string | null;
  assigned_name: string | null;
}

export interface InboxRow {
  id: number;
  unitName: string;
  postTitle: string | null;
  matter: string;
  behaviour: string;
  status: string;
  named: boolean;
  receivedOn: string;
  overdue: boolean;
  assignedTo: string | null;
  purged: boolean;
}

/** Visible reports matching the filters: real-name reports first, then the newest. */
export async function listReports(db: Knex, principal: Principal, filters: InboxFilters, today: string, limit = 200): Promise<InboxRow[]> {
  const rows: InboxDbRow[] = await applyFilters(visibleReports(db, principal), filters, today)
    .join('units as u', 'u.id', 'r.unit_id')
    .leftJoin('posts as p', 'p.id', 'r.post_id')
    .leftJoin('users as a', 'a.id', 'r.assigned_to')
    .orderBy([{ column: 'r.named', order: 'desc' }, { column: 'r.received_on', order: 'desc' }, { column: 'r.id', order: 'desc' }])
    .limit(limit)
    .select('r.id', 'r.matter', 'r.behaviour', 'r.status', 'r.named', 'r.received_on', 'r.acknowledge_due_on', 'r.outcome_due_on', 'r.purged_on', 'u.name as unit_name', 'p.title as post_title', 'a.name as assigned_name');
  return rows.map((r) => ({
    id: r.id,
    unitName: r.unit_name,
    postTitle: r.post_title ?? null,
    matter: r.matter,
    behaviour: r.behaviour,
    status: r.status,
    named: bool(r.named),
    receivedOn: r.received_on,
    overdue: isOverdue(r, today),
    assignedTo: r.assigned_name ?? null,
    purged: r.purged_on !== null,
  }));
}

/** How many visible reports match the filters (the same scope as the list). */
export async function countReports(db: Knex, principal: Principal, filters: InboxFilters, today: string): Promise<number> {
  const row = await applyFilters(visibleReports(db, principal), filters, today).count<{ n: number }[]>({ n: 'r.id' }).first();
  return Number(row?.n ?? 0);
}

/** Units the principal may filter by. */
export async function unitsInScope(db: Knex, principal: Principal): Promise<Array<{ key: string; name: string }>> {
  return (await visibleUnits(db, principal, { archived: true, orderBy: 'name' })).map((u) => ({ key: u.key, name: u.name }));
}

export interface ReportWorkload {
  /** Not acknowledged yet. */
  fresh: number;
  /** A running deadline within DUE_SOON_DAYS, not passed. */
  dueSoon: number;
  overdue: number;
}

/** The committee's report workload for the dashboard, in the same scope as the inbox (domain rules decide each count). */
export async function reportWorkload(db: Knex, principal: Principal, today: string): Promise<ReportWorkload> {
  const running: Array<Pick<InboxDbRow, 'status' | 'acknowledge_due_on' | 'outcome_due_on'>> = await visibleReports(db, principal).whereIn('r.status', [...DEADLINE_STATUSES]).whereNull('r.purged_on').select('r.status', 'r.acknowledge_due_on', 'r.outcome_due_on');
  const horizon = addCalendarDays(today, DUE_SOON_DAYS);
  return {
    fresh: running.filter((r) => r.status === 'new').length,
    dueSoon: running.filter((r) => isDueSoon(r, today, horizon)).length,
    overdue: running.filter((r) => isOverdue(r, today)).length,
  };
}
