import crypto from 'node:crypto';
import type { Knex } from 'knex';

// Factories of the assessment-inputs area: periods, findings, measures, reports (content-free unless given).
const idOf = (row: unknown): number => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

export async function createPeriod(db: Knex, attrs: { key?: string; name?: string; startsOn?: string; endsOn?: string; state?: 'draft' | 'open' | 'closed'; paramsJson?: string } = {}) {
  const key = attrs.key ?? `p-${crypto.randomBytes(4).toString('hex')}`;
  const [row] = await db('periods')
    .insert({ key, name: attrs.name ?? `${key} 年度`, starts_on: attrs.startsOn ?? '2026-01-01', ends_on: attrs.endsOn ?? '2026-12-31', state: attrs.state ?? 'open', params_json: attrs.paramsJson ?? null, created_at: Date.now() })
    .returning('id');
  return { id: idOf(row), key };
}

export async function createFindingRow(db: Knex, postId: number, attrs: { severity?: number; foundOn?: string; summary?: string; source?: string } = {}) {
  const [row] = await db('findings')
    .insert({ post_id: postId, source: attrs.source ?? 'inspection', severity: attrs.severity ?? 2, found_on: attrs.foundOn ?? '2026-03-01', summary: attrs.summary ?? '检查发现审批流程不规范', created_at: Date.now() })
    .returning('id');
  return idOf(row);
}

export async function createMeasureRow(db: Knex, postId: number, attrs: { status?: string; nextReviewOn?: string | null; description?: string; dimensions?: string } = {}) {
  const now = Date.now();
  const [row] = await db('measures')
    .insert({
      post_id: postId, dimensions: attrs.dimensions ?? 'rules', description: attrs.description ?? '细化自由裁量基准', owner: '办公室',
      status: attrs.status ?? 'planned', next_review_on: attrs.nextReviewOn === undefined ? '2026-06-30' : attrs.nextReviewOn, created_at: now, updated_at: now,
    })
    .returning('id');
  return idOf(row);
}

export async function createReportRow(db: Knex, attrs: { unitId: number; postId?: number | null; status?: string; matter?: string; behaviour?: string; receivedOn?: string; descriptionEnc?: string | null }) {
  const [row] = await db('reports')
    .insert({
      receipt_hash: crypto.randomBytes(32).toString('hex'), unit_id: attrs.unitId, post_id: attrs.postId ?? null, matter: attrs.matter ?? 'procurement',
      behaviour: attrs.behaviour ?? 'greeting', status: attrs.status ?? 'new', received_on: attrs.receivedOn ?? '2026-04-01', description_enc: attrs.descriptionEnc ?? null,
    })
    .returning('id');
  return idOf(row);
}
