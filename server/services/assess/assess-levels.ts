import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { resultRows } from './assess-results';

// The "current" risk level of a post for the measures register: its level in the current period (the open period
// that started last, else the closed one that started last). Results come from the risk area.
export async function currentPeriod(db: Knex): Promise<{ id: number; key: string } | null> {
  const open = await db('periods').where({ state: 'open' }).orderBy('starts_on', 'desc').first('id', 'key');
  if (open) return open;
  const closed = await db('periods').where({ state: 'closed' }).orderBy('starts_on', 'desc').first('id', 'key');
  return closed ?? null;
}

/** The post's level in the current period as the viewer may see it; null when none yet (or not the viewer's to see). */
export async function currentLevel(db: Knex, viewer: Principal, unitId: number, postId: number): Promise<RiskLevel | null> {
  const period = await currentPeriod(db);
  if (!period) return null;
  const rows = await resultRows(db, period.id, unitId, viewer);
  return rows.find((r) => r.postId === postId)?.level ?? null;
}
