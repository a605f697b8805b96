import type { Knex } from 'knex';
import { pageWindow } from '../../domain/paging';

// Browsing the audit log: filters by action, actor and UTC date range, newest first, a page at a time.
export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  action?: string;
  actor?: string;
  /** 'YYYY-MM-DD' (UTC), inclusive. */
  from?: string;
  to?: string;
  page: number;
}

export interface AuditEventView {
  id: number;
  at: string;
  actor: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  details: Record<string, unknown>;
}

const DAY_MS = 24 * 3600 * 1000;
export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

function parseDetails(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : { value };
  } catch {
    return { value: json };
  }
}

export async function queryAudit(db: Knex, filter: AuditFilter): Promise<{ events: AuditEventView[]; total: number; page: number; pages: number; actions: string[] }> {
  const base = db('audit_events').modify((q) => {
    if (filter.action) q.where('action', filter.action);
    if (filter.actor) q.whereRaw("lower(actor_label) like ? escape '\\'", [`%${escapeLike(filter.actor.toLowerCase())}%`]);
    if (filter.from && isDay(filter.from)) q.where('at', '>=', Date.parse(`${filter.from}T00:00:00Z`));
    if (filter.to && isDay(filter.to)) q.where('at', '<', Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS);
  });
  const counted = await base.clone().count({ n: '*' }).first();
  const total = Number(counted?.n ?? 0);
  const { page, pages, offset } = pageWindow(total, AUDIT_PAGE_SIZE, filter.page);
  const rows = await base.clone().orderBy('id', 'desc').limit(AUDIT_PAGE_SIZE).offset(offset).select('*');
  const actions = await db('audit_events').distinct('action').orderBy('action').pluck('action');
  return {
    events: rows.map((r: { id: number; at: number | string; actor_label: string; action: string; object_type: string | null; object_id: string | null; details_json: string }) => ({
      id: Number(r.id),
      at: new Date(Number(r.at)).toISOString().replace('T', ' ').slice(0, 19),
      actor: r.actor_label,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      details: parseDetails(r.details_json),
    })),
    total,
    page,
    pages,
    actions,
  };
}
