import type { Knex } from 'knex';

// Factories of the admin area: periods straight in the database, and a look at the audit trail.
let seq = 0;

export async function createPeriodRow(
  db: Knex,
  attrs: { key?: string; name?: string; state?: 'draft' | 'open' | 'closed'; startsOn?: string; endsOn?: string; paramsJson?: string } = {},
): Promise<{ id: number; key: string }> {
  const key = attrs.key ?? `p-${Date.now().toString(36)}${(seq++).toString(36)}`;
  const [row] = await db('periods')
    .insert({
      key, name: attrs.name ?? `周期 ${key}`, starts_on: attrs.startsOn ?? '2026-01-01', ends_on: attrs.endsOn ?? '2026-12-31',
      state: attrs.state ?? 'draft', params_json: attrs.paramsJson ?? null, created_at: Date.now(),
    })
    .returning('id');
  return { id: typeof row === 'object' ? row.id : row, key };
}

export interface AuditEvent { action: string; actor_label: string; object_type: string | null; object_id: string | null; details: Record<string, unknown> }

/** Audit events with this action, oldest first, details parsed. */
export async function auditEvents(db: Knex, action: string): Promise<AuditEvent[]> {
  const rows = await db('audit_events').where({ action }).orderBy('id');
  return rows.map((r) => ({ action: r.action, actor_label: r.actor_label, object_type: r.object_type, object_id: r.object_id, details: JSON.parse(r.details_json) }));
}
