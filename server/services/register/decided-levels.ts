import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { RegisterEntry } from '../../domain/register/register-file';
import { readSnapshot, type PeriodSnapshot } from '../risk/risk-snapshot';
import { openReassessments } from './reassess';

// The committee's decided levels of a period (组织评定) and the posts due for re-assessment, as the results of the risk
// area show them beside the computed level. A closed period answers from the register filed in its snapshot.

export interface PostDecision {
  postId: number;
  computedLevel: RiskLevel;
  decidedLevel: RiskLevel;
  reason: string | null;
  decidedBy: number | null;
  decidedAt: number;
}

/** Decisions of the period for the given posts, by post id (live tables). */
export async function postDecisions(db: Knex, periodId: number, postIds: number[]): Promise<Map<number, PostDecision>> {
  if (postIds.length === 0) return new Map();
  const rows = await db('post_decisions').where({ period_id: periodId }).whereIn('post_id', postIds);
  return new Map(rows.map((r) => [Number(r.post_id), {
    postId: Number(r.post_id), computedLevel: r.computed_level, decidedLevel: r.decided_level, reason: r.reason ?? null,
    decidedBy: r.decided_by === null ? null : Number(r.decided_by), decidedAt: Number(r.decided_at),
  }]));
}

export interface RegisterMarks {
  /** decided_level by post key (null: not decided). */
  decided: Map<string, RiskLevel | null>;
  /** The reason of a decision that overrides the computed level, by post key. */
  reasons: Map<string, string | null>;
  /** Post keys due for re-assessment. */
  reassess: Set<string>;
}

/** The marks a unit's result rows carry: decided levels and re-assessment flags; a closed period's from its snapshot. */
export async function registerMarks(db: Knex, period: { id: number; state: string }, unit: { id: number; key: string }, loaded?: PeriodSnapshot): Promise<RegisterMarks> {
  const periodId = period.id;
  if (period.state === 'closed') {
    const snapshot = loaded ?? (await readSnapshot(db, periodId));
    if (snapshot?.register) {
      const entries = (snapshot.register as RegisterEntry[]).filter((e) => e.unit === unit.key);
      const reassess = (snapshot.reassess ?? []).filter((r) => r.unit === unit.key).map((r) => r.post);
      return { decided: new Map(entries.map((e) => [e.post, e.decided_level])), reasons: new Map(entries.map((e) => [e.post, e.reason])), reassess: new Set(reassess) };
    }
  }
  const posts = await db('posts').where({ unit_id: unit.id }).select('id', 'key');
  const decisions = await postDecisions(db, periodId, posts.map((p) => Number(p.id)));
  const flags = await openReassessments(db, posts.map((p) => Number(p.id)));
  return {
    decided: new Map(posts.map((p) => [p.key as string, decisions.get(Number(p.id))?.decidedLevel ?? null])),
    reasons: new Map(posts.map((p) => [p.key as string, decisions.get(Number(p.id))?.reason ?? null])),
    reassess: new Set(posts.filter((p) => flags.has(Number(p.id))).map((p) => p.key as string)),
  };
}
