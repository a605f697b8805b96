import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { visibleUnits } from '../auth/access';
import { overdueReviews } from './measures';
import { resultPeriods } from './risk-lookup';
import type { PeriodRow } from './risk-inputs';
import { unitResultsOf, withoutHeldPosts } from './risk-results';

// The committee dashboard: every unit in scope with its level counts, the highest-scoring posts of the region and
// overdue measure reviews (measures belong to the assess area; only read here). Owned by the risk area.

export interface UnitOverview {
  key: string;
  name: string;
  counts: Record<RiskLevel, number>;
  insufficient: number;
}

export interface TopPost {
  unitKey: string;
  unitName: string;
  postKey: string;
  title: string;
  R: number;
  level: RiskLevel;
}

export interface OverdueReview {
  measureId: number;
  unitKey: string;
  unitName: string;
  postKey: string;
  postTitle: string;
  nextReviewOn: string;
}

export interface RegionOverview {
  periods: PeriodRow[];
  period: PeriodRow | null;
  units: UnitOverview[];
  top: TopPost[];
  totals: Record<RiskLevel, number>;
  overdue: OverdueReview[];
}

export const TOP_POSTS = 10;
/** Overdue measure reviews listed on the dashboard, the longest overdue first. */
const OVERDUE_SHOWN = 50;

/** Overview for the chosen period (default: the latest open or closed one) over the principal's units. */
export async function regionOverview(db: Knex, principal: Principal, periodKey: string | undefined, today: string): Promise<RegionOverview> {
  const periods = await resultPeriods(db);
  const period = periods.find((p) => p.key === periodKey) ?? periods[0] ?? null;
  const unitRows = await visibleUnits(db, principal);

  const units: UnitOverview[] = [];
  const all: TopPost[] = [];
  const totals = { high: 0, medium: 0, low: 0 };
  if (period) {
    for (const u of unitRows) {
      const r = withoutHeldPosts(await unitResultsOf(db, period, u), principal);
      const counts = { high: 0, medium: 0, low: 0 };
      for (const p of r.posts) {
        counts[p.level] += 1;
        totals[p.level] += 1;
        all.push({ unitKey: u.key, unitName: u.name, postKey: p.postKey, title: p.post.title, R: p.R, level: p.level });
      }
      units.push({ key: u.key, name: u.name, counts, insufficient: r.posts.filter((p) => p.flags.length > 0).length });
    }
  }
  all.sort((x, y) => y.R - x.R || (x.unitKey + x.postKey).localeCompare(y.unitKey + y.postKey));

  // The measures area's overdue rule and scope (a measure of a post the principal holds is not listed).
  const overdue = (await overdueReviews(db, principal, today)).slice(0, OVERDUE_SHOWN).map((m) => ({
    measureId: m.id, unitKey: m.unitKey, unitName: m.unitName, postKey: m.postKey, postTitle: m.postTitle, nextReviewOn: m.nextReviewOn as string,
  }));
  return { periods, period, units, top: all.slice(0, TOP_POSTS), totals, overdue };
}

