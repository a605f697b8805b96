import type { Knex } from 'knex';
import type { RiskLevel } from '../domain/dimensions';

// Risk results as the assessment-inputs area uses them (exports, print report, review defaults).
// The figures come from the risk area's unitResults; this adapter keeps the rows we need in one shape.
export interface ResultRow {
  postId: number;
  postKey: string;
  postTitle: string;
  E: number; M: number; C: number; S: number; F: number; L: number; R: number;
  level: RiskLevel;
  N: number;
  flags: string[];
}

export async function resultRows(_db: Knex, _periodId: number, _unitId: number): Promise<ResultRow[]> {
  return []; // wired to the risk area's unitResults once it lands
}
