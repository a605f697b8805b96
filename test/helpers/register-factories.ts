import type { Knex } from 'knex';
import { createPeriod } from './assess-factories';
import { createPost, createUnit } from './factories';

// Factories of the register area: risk points, decisions, linked measures, and a small unit with a register.
const idOf = (row: unknown): number => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

export interface RiskPointAttrs {
  key?: string; power?: string; duty?: string; description?: string; manifestation?: string; dimensions?: string; owner?: string; supervisor?: string;
  source?: string; sortOrder?: number; retired?: boolean;
}

export async function createRiskPoint(db: Knex, postId: number, attrs: RiskPointAttrs = {}): Promise<{ id: number; key: string }> {
  const now = Date.now();
  const key = attrs.key ?? `rp-${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await db('risk_points').insert({
    post_id: postId, key, power: attrs.power ?? 'personnel', duty: attrs.duty ?? '干部选拔任用动议', description: attrs.description ?? '在干部动议环节打招呼、说情',
    manifestation: attrs.manifestation ?? '授意组织部门将特定人选列入考察范围', dimensions: attrs.dimensions ?? 'opportunity,rules', owner: attrs.owner ?? '局长',
    supervisor: attrs.supervisor ?? '纪委书记', source: attrs.source ?? 'committee', sort_order: attrs.sortOrder ?? 0, created_at: now, updated_at: now,
    retired_at: attrs.retired ? now : null,
  }).returning('id');
  return { id: idOf(row), key };
}

export async function linkMeasure(db: Knex, postId: number, riskPointId: number, attrs: { description: string; owner?: string; dueOn?: string | null; status?: string; periodId?: number }): Promise<number> {
  const now = Date.now();
  const [row] = await db('measures').insert({
    post_id: postId, risk_point_id: riskPointId, period_id: attrs.periodId ?? null, dimensions: 'rules', description: attrs.description, owner: attrs.owner ?? '政治处',
    due_on: attrs.dueOn === undefined ? '2026-09-30' : attrs.dueOn, status: attrs.status ?? 'planned', next_review_on: '2026-12-31', created_at: now, updated_at: now,
  }).returning('id');
  return idOf(row);
}

export async function decide(db: Knex, periodId: number, postId: number, computed: string, decided: string, reason: string | null = null): Promise<void> {
  await db('post_decisions').insert({ period_id: periodId, post_id: postId, computed_level: computed, decided_level: decided, reason, decided_at: Date.now() });
}

export async function levelPoint(db: Knex, periodId: number, riskPointId: number, level: string): Promise<void> {
  await db('risk_point_levels').insert({ period_id: periodId, risk_point_id: riskPointId, level, decided_at: Date.now() });
}

export interface RegisterWorld {
  unit: { id: number; key: string; name: string };
  chief: { id: number; key: string; title: string };
  deputy: { id: number; key: string; title: string };
  discipline: { id: number; key: string; title: string };
  period: { id: number; key: string };
}

/** One unit of three posts in an open period (no survey, no reports), keys given so two databases can match. */
export async function createRegisterUnit(db: Knex, attrs: { unitKey?: string; periodKey?: string } = {}): Promise<RegisterWorld> {
  const unit = await createUnit(db, { key: attrs.unitKey ?? 'reg-unit', name: '登记市局' });
  const chief = await createPost(db, unit.id, { key: 'chief', title: '局长', chief: true, power: { decision: 5, personnel: 5, finance: 4, procurement: 3, enforcement: 3 } });
  const deputy = await createPost(db, unit.id, { key: 'deputy', title: '副局长（分管财务）', power: { decision: 3, personnel: 1, finance: 5, procurement: 5, enforcement: 1 } });
  const discipline = await createPost(db, unit.id, { key: 'discipline', title: '纪委书记', power: { decision: 1, personnel: 1, finance: 0, procurement: 0, enforcement: 1 } });
  await db('posts').where({ id: deputy.id }).update({ sort_order: 1 });
  await db('posts').where({ id: discipline.id }).update({ sort_order: 2 });
  const period = await createPeriod(db, { key: attrs.periodKey ?? '2026', state: 'open' });
  return { unit, chief, deputy, discipline, period };
}
