import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { unitResults, withoutHeldPosts } from '../risk/risk-results';

// Risk results as the assessment-inputs area uses them (exports, print report, review defaults), taken from the
// risk area's unitResults (live for an open period, the snapshot for a closed one).
/** A post's figures as the assessment pages and exports show them (the CLI's JSON row is risk-results' ResultJsonRow). */
export interface ResultRow {
  postId: number | null;
  postKey: string;
  postTitle: string;
  E: number; M: number; C: number; S: number; F: number; L: number; R: number;
  level: RiskLevel;
  N: number;
  flags: string[];
}

export interface ResultTable {
  rows: ResultRow[];
  /** The level thresholds the rows were judged by: the period's own (its snapshot's once closed), not the defaults. */
  thresholds: { high: number; medium: number };
}

/** The posts the viewer may see (conflict of interest, see withoutHeldPosts); the CLI passes OPERATOR. */
export async function resultTable(db: Knex, periodId: number, unitId: number, viewer: Principal): Promise<ResultTable> {
  const results = withoutHeldPosts(await unitResults(db, periodId, unitId), viewer);
  const rows = results.posts.map((p) => ({
    postId: p.post?.id ?? null, postKey: p.postKey, postTitle: p.post?.title ?? p.postKey,
    E: p.E, M: p.M, C: p.C, S: p.S, F: p.F, L: p.L, R: p.R, level: p.level, N: p.N, flags: [...p.flags],
  }));
  return { rows, thresholds: { ...results.params.thresholds } };
}

export async function resultRows(db: Knex, periodId: number, unitId: number, viewer: Principal): Promise<ResultRow[]> {
  return (await resultTable(db, periodId, unitId, viewer)).rows;
}
