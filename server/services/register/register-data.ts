import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { MeasureStatus } from '../../domain/measure-rules';
import type { RegisterEntry, RegisterRiskPoint } from '../../domain/register/register-file';
import { parseStoredDimensions } from '../../domain/register/risk-point-rules';
import { readSnapshot, type RegisterFiling } from '../risk/risk-snapshot';
import { unitResults } from '../risk/risk-results';
import { postDecisions } from './decided-levels';
import { openReassessments } from './reassess';

// The register of a period (DESIGN.md §8 shape): for every current post of a unit, its computed and decided levels
// and its active risk points with their level in the period and the measures against them. A closed period answers
// from the register filed in its snapshot, so later edits change nothing of it.

export interface RegisterUnit { id: number; key: string; name: string; posts: Array<{ id: number; key: string; title: string; chief: boolean }> }

/** Risk points of posts as stored: active only unless asked, in their order. */
export async function riskPointRows(db: Knex, postIds: number[], withRetired = false): Promise<Array<Record<string, unknown>>> {
  if (postIds.length === 0) return [];
  const q = db('risk_points').whereIn('post_id', postIds).orderBy([{ column: 'post_id' }, { column: 'sort_order' }, { column: 'id' }]);
  if (!withRetired) q.whereNull('retired_at');
  return q;
}

/** Levels of risk points decided in the period, by risk point id. */
export async function riskPointLevels(db: Knex, periodId: number, pointIds: number[]): Promise<Map<number, RiskLevel>> {
  if (pointIds.length === 0) return new Map();
  const rows = await db('risk_point_levels').where({ period_id: periodId }).whereIn('risk_point_id', pointIds).select('risk_point_id', 'level');
  return new Map(rows.map((r) => [Number(r.risk_point_id), r.level as RiskLevel]));
}

/** The live register of one unit. */
async function liveUnitRegister(db: Knex, periodId: number, unit: { id: number; key: string }): Promise<RegisterEntry[]> {
  const results = await unitResults(db, periodId, unit.id);
  const posts = results.posts.map((p) => ({ id: p.post.id, key: p.postKey, level: p.level }));
  const postIds = posts.map((p) => p.id);
  const [decisions, points] = await Promise.all([postDecisions(db, periodId, postIds), riskPointRows(db, postIds)]);
  const pointIds = points.map((p) => Number(p.id));
  const levels = await riskPointLevels(db, periodId, pointIds);
  const measures = pointIds.length ? await db('measures').whereIn('risk_point_id', pointIds).orderBy('id').select('risk_point_id', 'description', 'owner', 'due_on', 'status') : [];
  return posts.map((post) => {
    const d = decisions.get(post.id);
    const risk_points: RegisterRiskPoint[] = points.filter((rp) => Number(rp.post_id) === post.id).map((rp) => ({
      key: String(rp.key), power: rp.power as RegisterRiskPoint['power'], duty: String(rp.duty), description: String(rp.description),
      manifestation: String(rp.manifestation), dimensions: parseStoredDimensions(String(rp.dimensions)), level: levels.get(Number(rp.id)) ?? null,
      owner: String(rp.owner), supervisor: String(rp.supervisor),
      measures: measures.filter((m) => Number(m.risk_point_id) === Number(rp.id)).map((m) => ({ what: m.description, owner: m.owner, due: m.due_on ?? null, status: m.status as MeasureStatus })),
    }));
    return { unit: unit.key, post: post.key, level: post.level, decided_level: d?.decidedLevel ?? null, reason: d?.reason ?? null, risk_points };
  });
}

/** Units (current ones, or the one named) with their current posts, in register order. */
export async function registerUnits(db: Knex, unitKey?: string): Promise<RegisterUnit[] | null> {
  const q = db('units').orderBy('key').select('id', 'key', 'name');
  if (unitKey) q.where({ key: unitKey });
  else q.whereNull('archived_at');
  const units = await q;
  if (unitKey && units.length === 0) return null;
  const ids = units.map((u) => Number(u.id));
  const posts = ids.length ? await db('posts').whereIn('unit_id', ids).whereNull('archived_at').orderBy([{ column: 'sort_order' }, { column: 'id' }]).select('id', 'unit_id', 'key', 'title', 'chief') : [];
  return units.map((u) => ({
    id: Number(u.id), key: u.key, name: u.name,
    posts: posts.filter((p) => Number(p.unit_id) === Number(u.id)).map((p) => ({ id: Number(p.id), key: p.key, title: p.title, chief: Boolean(p.chief) })),
  }));
}

/** The register of the period for the given units: filed (closed period) or live. */
export async function buildRegister(db: Knex, periodId: number, units: Array<{ id: number; key: string }>): Promise<RegisterEntry[]> {
  const period = await db('periods').where({ id: periodId }).first('state');
  if (period?.state === 'closed') {
    const snapshot = await readSnapshot(db, periodId);
    if (snapshot?.register) {
      const keys = new Set(units.map((u) => u.key));
      return snapshot.register.filter((e) => keys.has(e.unit));
    }
  }
  const out: RegisterEntry[] = [];
  for (const u of units) out.push(...(await liveUnitRegister(db, periodId, u)));
  return out;
}

/** What closing a period files into its snapshot: every current unit's register and the posts due for re-assessment. */
export async function registerFiling(db: Knex, periodId: number): Promise<RegisterFiling> {
  const units = (await registerUnits(db)) ?? [];
  const register = await buildRegister(db, periodId, units);
  const flagged = await openReassessments(db);
  const reassess = units.flatMap((u) => u.posts.filter((p) => flagged.has(p.id)).map((p) => ({ unit: u.key, post: p.key })));
  return { register, reassess };
}
