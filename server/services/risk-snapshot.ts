import type { Knex } from 'knex';
import type { Secrets } from '../secrets';

// Immutable period snapshots (DESIGN.md §2 Period). Owned by the risk area.

/** At period close (after the final release): stores every input, parameter and result of the period. */
export async function snapshotPeriod(_trx: Knex, _secrets: Secrets, _periodId: number, _now: number): Promise<void> {
  // implemented by the risk area
}
