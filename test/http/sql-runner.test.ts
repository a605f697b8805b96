import { sqlAll, sqlRun } from '../../server/db/sql-runner';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUnit } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';

// The hot path's plain SQL on the driver (server/db/sql-runner.ts), on the database the suite runs on: it works inside
// the caller's transaction (its writes commit and roll back with it), binds booleans on both databases, and the same
// text run again (a cached or named prepared statement) sees the current data.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const HOLD = 'INSERT INTO held_responses (id, period_id, unit_id, comment, counted, released_as) VALUES (?, ?, ?, ?, ?, ?)';
const COUNTED = 'SELECT id, counted FROM held_responses WHERE period_id = ? AND unit_id = ? AND counted = ? ORDER BY id';

test('writes belong to the caller\'s transaction: a rollback undoes them, a commit keeps them', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const period = await createPeriod(db);
  await expect(db.transaction(async (trx) => {
    expect(await sqlRun(trx, HOLD, ['a'.repeat(32), period.id, unit.id, null, false, null])).toBe(1);
    expect(await sqlAll(trx, COUNTED, [period.id, unit.id, false])).toHaveLength(1);
    throw new Error('roll back');
  })).rejects.toThrow('roll back');
  expect(await sqlAll(db, COUNTED, [period.id, unit.id, false])).toEqual([]);

  await db.transaction(async (trx) => {
    await sqlRun(trx, HOLD, ['b'.repeat(32), period.id, unit.id, 'x', true, null]);
    await sqlRun(trx, HOLD, ['c'.repeat(32), period.id, unit.id, null, false, null]);
  });
  const counted = await sqlAll<{ id: string; counted: unknown }>(db, COUNTED, [period.id, unit.id, true]);
  expect(counted.map((r) => r.id)).toEqual(['b'.repeat(32)]);
  expect(await sqlAll(db, COUNTED, [period.id, unit.id, false])).toEqual([expect.objectContaining({ id: 'c'.repeat(32) })]);
  // A write that matches nothing reports no change (the claim of a used code relies on this).
  expect(await sqlRun(db, 'UPDATE held_responses SET counted = ? WHERE id = ?', [true, 'd'.repeat(32)])).toBe(0);
  await db('held_responses').where({ period_id: period.id }).delete();
});
