import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { NotFound } from '../../errors';
import { resultPeriod, resultPeriods, scopedUnit, type UnitRef } from './risk-lookup';
import type { PeriodRow } from './risk-inputs';
import { unitResultsOf, withoutHeldPosts } from './risk-results';

// A post's score across periods, and two periods side by side (DESIGN.md §9 trend). Owned by the risk area.
// Each period costs posts × items (closed ones only a snapshot read).

export interface TrendPoint {
  period: { key: string; name: string; startsOn: string };
  R: number;
  level: RiskLevel;
  insufficient: boolean;
}

/**
 * R of one post (by key) in every open or closed period that started no later than `until` (so a closed period's page
 * shows only history and stays as it was), oldest first; periods without the post are skipped.
 */
export async function postTrend(db: Knex, viewer: Principal, unit: UnitRef, postKey: string, until?: string): Promise<TrendPoint[]> {
  const periods = (await resultPeriods(db)).reverse().filter((p) => until === undefined || p.startsOn <= until);
  const points: TrendPoint[] = [];
  for (const period of periods) {
    const r = withoutHeldPosts(await unitResultsOf(db, period, unit), viewer);
    const p = r.posts.find((x) => x.postKey === postKey);
    if (p) points.push({ period: { key: period.key, name: period.name, startsOn: period.startsOn }, R: p.R, level: p.level, insufficient: p.flags.length > 0 });
  }
  return points;
}

export interface ComparisonRow {
  postKey: string;
  title: string;
  a: { R: number; level: RiskLevel } | null;
  b: { R: number; level: RiskLevel } | null;
  /** R(b) − R(a) when the post is in both. */
  delta: number | null;
}

export interface Comparison {
  unit: UnitRef;
  a: PeriodRow;
  b: PeriodRow;
  rows: ComparisonRow[];
}

/** Two periods of one unit side by side, by post key (a post missing in one period shows as absent there). */
export async function comparePeriods(db: Knex, principal: Principal, aKey: string, bKey: string, unitKey: string): Promise<Comparison> {
  const unit = await scopedUnit(db, principal, unitKey);
  const [a, b] = [await resultPeriod(db, aKey), await resultPeriod(db, bKey)];
  if (!a || !b) throw new NotFound();
  const [ra, rb] = [withoutHeldPosts(await unitResultsOf(db, a, unit), principal), withoutHeldPosts(await unitResultsOf(db, b, unit), principal)];
  const keys = [...new Set([...ra.posts.map((p) => p.postKey), ...rb.posts.map((p) => p.postKey)])];
  const rows = keys.map((key) => {
    const pa = ra.posts.find((p) => p.postKey === key);
    const pb = rb.posts.find((p) => p.postKey === key);
    return {
      postKey: key,
      title: (pb ?? pa)!.post.title,
      a: pa ? { R: pa.R, level: pa.level } : null,
      b: pb ? { R: pb.R, level: pb.level } : null,
      delta: pa && pb ? pb.R - pa.R : null,
    };
  });
  return { unit, a, b, rows };
}
