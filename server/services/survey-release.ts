import type { Knex } from 'knex';

// Release batches (DESIGN.md §4). Owned by the survey area.

/** At period close: releases what remains of each unit only if at least k responses remain unreleased. */
export async function releaseRemainingOnClose(_trx: Knex, _periodId: number, _k: number, _now: number): Promise<void> {
  // implemented by the survey area
}
