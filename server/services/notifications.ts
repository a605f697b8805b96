import type { Knex } from 'knex';
import type { Config } from '../config';

// Committee notifications (DESIGN.md §4): content-free, scope- and conflict-aware, digest by default. Owned by the mail area.
export interface ActivityTarget {
  unitId: number;
  /** The post a report concerns: its holders are never notified. */
  postId: number | null;
}

/** Tells the committee users who may see this unit (and are not conflicted) that something needs attention. */
export async function notifyCommittee(_trx: Knex, _config: Config, _target: ActivityTarget, _now: number): Promise<void> {
  // implemented by the mail area
}
