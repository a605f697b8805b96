import type { Knex } from 'knex';
import { DIMENSIONS, type Dimension } from '../../domain/dimensions';
import { UNIT_CELL } from '../../domain/released-cells';
import { canSeePost, type Principal } from '../../domain/principal';
import { computeUnitRisk, type PostRisk } from '../../domain/risk-model';
import type { ModelParams } from '../../domain/risk-params';
import { visibleUnits } from '../auth/access';
import { getPeriodParams } from './period-params';
import { REASSESS_FLAG } from '../../domain/register/vocabulary';
import { registerMarks } from '../register/decided-levels';
import { loadUnitInputs, periodById, type PeriodRow, type PostMeta, type UnitInputs } from './risk-inputs';
import { readSnapshot, type PeriodSnapshot } from './risk-snapshot';

// Per-post results of one unit in one period (DESIGN.md §3): computed live while the period is open, read from
// the snapshot once it is closed (never recomputed). Owned by the risk area.

export interface PostResult extends PostRisk {
  post: PostMeta;
}

export interface UnitResults {
  period: PeriodRow;
  unit: { id: number; key: string; name: string };
  params: ModelParams;
  priors: Record<Dimension, number>;
  /** N_u: released responses of the unit in the period. */
  responses: number;
  posts: PostResult[];
  inputs: UnitInputs;
  /** 'snapshot' for a closed period. */
  source: 'live' | 'snapshot';
  /** Posts left out because the viewer holds them, and out of π too (withoutHeldPosts). */
  withheld?: number;
  /** The closed period's snapshot the results were read from, for registerMarks to read its register without re-reading it. */
  snapshot?: PeriodSnapshot;
}

/** One row of `cli results --json` (DESIGN.md §8: field names are a contract). */
export interface ResultJsonRow {
  unit: string;
  post: string;
  E: number; M: number; C: number; S: number; F: number; L: number; R: number;
  level: PostRisk['level'];
  /** The committee's level (组织评定), null until decided. */
  decided_level: PostRisk['level'] | null;
  N: number;
  dims: Record<Dimension, { n: number; mean: number | null; score: number }>;
  /** Model flags, plus `reassess` while the post is due for re-assessment (DESIGN.md §8). */
  flags: string[];
}

/** A unit as results name it. */
type UnitMeta = { id: number; key: string; name: string };

async function unitRow(db: Knex, unitId: number): Promise<UnitMeta> {
  const u = await db('units').where({ id: unitId }).first('id', 'key', 'name');
  if (!u) throw new RangeError(`unit ${unitId} does not exist`);
  return { id: Number(u.id), key: u.key, name: u.name };
}

/** Results of every post of a unit in a period, both given by id (unitResultsOf when their rows are loaded). */
export async function unitResults(db: Knex, periodId: number, unitId: number): Promise<UnitResults> {
  const period = await periodById(db, periodId);
  if (!period) throw new RangeError(`period ${periodId} does not exist`);
  return unitResultsOf(db, period, await unitRow(db, unitId));
}

/** Results of every post of a unit in a period, from the loaded rows; a closed period's come from its snapshot. */
export async function unitResultsOf(db: Knex, period: PeriodRow, unitRef: UnitMeta): Promise<UnitResults> {
  const periodId = period.id;
  const unitId = unitRef.id;
  const unitOf = { id: unitRef.id, key: unitRef.key, name: unitRef.name };
  if (period.state === 'closed') {
    const snapshot = await readSnapshot(db, periodId);
    if (snapshot) {
      const u = snapshot.units.find((x) => x.unit.id === unitId);
      const unit = u?.unit ?? unitOf;
      const inputs: UnitInputs = u?.inputs ?? { input: { responses: 0, posts: [] }, posts: [], items: [], reports: [], findings: [] };
      const result = u?.result ?? { priors: Object.fromEntries(DIMENSIONS.map((d) => [d, 0.5])) as Record<Dimension, number>, posts: [] };
      return {
        period, unit, params: snapshot.params, priors: result.priors, responses: inputs.input.responses,
        posts: result.posts.map((p, i) => ({ ...p, post: inputs.posts[i] })), inputs, source: 'snapshot', snapshot,
      };
    }
  }
  const [params, inputs] = await Promise.all([getPeriodParams(db, period), loadUnitInputs(db, period, unitId)]);
  const result = computeUnitRisk(inputs.input, params);
  return {
    period, unit: unitOf, params, priors: result.priors, responses: inputs.input.responses,
    posts: result.posts.map((p, i) => ({ ...p, post: inputs.posts[i] })), inputs, source: 'live',
  };
}

/**
 * Conflict of interest (DESIGN.md §2, §4, §5): S is a weighted count of the reports about a post, and L, R and the level
 * are built on it, so a user never sees the result of a post they hold, in any table, count, export or picture.
 * Nor may what they see of the other posts carry it: the unit prior π pools the answers about every post of the unit,
 * and each colleague's x̃ (so M, C, L, R and the computed level) is built on π, so π with a colleague's n and x̄ gave
 * back the holder's own post's mean. For a viewer who holds a post of the unit, the results are therefore computed
 * again from the same inputs (live or the closed period's snapshot) without the posts they hold: π over the posts they
 * may see. Their figures can differ a little from a colleague's; the pages say so whenever `withheld` > 0.
 */
export function withoutHeldPosts(results: UnitResults, viewer: Principal): UnitResults {
  const visible = results.posts.map((p) => canSeePost(viewer, { id: p.post?.id ?? -1, unitId: results.unit.id }));
  const withheld = visible.filter((v) => !v).length;
  if (!withheld) return { ...results, withheld: 0 };
  const shownIds = new Set(results.posts.filter((_, i) => visible[i]).map((p) => p.post.id));
  const shown = <T extends { postId: number }>(rows: readonly T[]) => rows.filter((r) => r.postId === UNIT_CELL || shownIds.has(r.postId));
  const inputs: UnitInputs = {
    ...results.inputs,
    input: { ...results.inputs.input, posts: results.inputs.input.posts.filter((_, i) => visible[i]) },
    posts: results.inputs.posts.filter((_, i) => visible[i]),
    items: shown(results.inputs.items), reports: shown(results.inputs.reports), findings: shown(results.inputs.findings),
  };
  const result = computeUnitRisk(inputs.input, results.params);
  return { ...results, priors: result.priors, posts: result.posts.map((p, i) => ({ ...p, post: inputs.posts[i] })), inputs, withheld };
}

/** §8 row of one post. */
export function toResultRow(unitKey: string, p: PostRisk, decided: PostRisk['level'] | null = null, reassess = false): ResultJsonRow {
  const dims = Object.fromEntries(DIMENSIONS.map((d) => [d, { n: p.dims[d].n, mean: p.dims[d].mean, score: p.dims[d].score }])) as ResultJsonRow['dims'];
  const flags = reassess ? [...p.flags, REASSESS_FLAG] : [...p.flags];
  return { unit: unitKey, post: p.postKey, E: p.E, M: p.M, C: p.C, S: p.S, F: p.F, L: p.L, R: p.R, level: p.level, decided_level: decided, N: p.N, dims, flags };
}

/** `cli results`: one row per post of the period the viewer may see (the CLI passes OPERATOR), for one unit or all. */
export async function resultRows(db: Knex, periodId: number, viewer: Principal, unitKey?: string): Promise<ResultJsonRow[] | null> {
  const units = unitKey ? (await visibleUnits(db, viewer, { archived: true })).filter((u) => u.key === unitKey) : await visibleUnits(db, viewer);
  if (unitKey && units.length === 0) return null;
  if (units.length === 0) return [];
  const period = await periodById(db, periodId);
  if (!period) throw new RangeError(`period ${periodId} does not exist`);
  const rows: ResultJsonRow[] = [];
  for (const u of units) {
    const r = withoutHeldPosts(await unitResultsOf(db, period, u), viewer);
    const marks = await registerMarks(db, period, u, r.snapshot);
    rows.push(...r.posts.map((p) => toResultRow(u.key, p, marks.decided.get(p.postKey) ?? null, marks.reassess.has(p.postKey))));
  }
  return rows;
}
