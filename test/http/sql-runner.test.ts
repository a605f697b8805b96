import { sqlAll, sqlRun, sqlTransaction, SqlTransaction } from '../../server/db/sql-runner';
import { isPostgres } from '../../server/db/dialect';
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

test('a driver transaction commits when its work resolves and rolls back when it throws, on the pool\'s connection', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const period = await createPeriod(db);
  await expect(sqlTransaction(db, async (tx) => {
    expect(await sqlRun(tx, HOLD, ['e'.repeat(32), period.id, unit.id, null, false, null])).toBe(1);
    expect(await sqlAll(tx, COUNTED, [period.id, unit.id, false])).toHaveLength(1);
    throw new Error('roll back');
  })).rejects.toThrow('roll back');
  expect(await sqlAll(db, COUNTED, [period.id, unit.id, false])).toEqual([]);

  let kept: SqlTransaction | undefined;
  const result = await sqlTransaction(db, async (tx) => {
    kept = tx;
    await sqlRun(tx, HOLD, ['f'.repeat(32), period.id, unit.id, null, false, null]);
    return 'done';
  });
  expect(result).toBe('done');
  expect(await db('held_responses').where({ id: 'f'.repeat(32) }).first('id')).toEqual({ id: 'f'.repeat(32) });
  // A transaction that ended runs nothing more: a statement there would run outside any transaction.
  await expect(sqlRun(kept as SqlTransaction, HOLD, ['g'.repeat(32), period.id, unit.id, null, false, null])).rejects.toThrow('ended');
  await db('held_responses').where({ period_id: period.id }).delete();
});

test('knex\'s queries and transactions wait for a driver transaction; neither sees the other\'s uncommitted rows', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const period = await createPeriod(db);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const inside = sqlTransaction(db, async (tx) => {
    await sqlRun(tx, HOLD, ['h'.repeat(32), period.id, unit.id, null, false, null]);
    await gate; // the transaction stays open across real waiting
    await sqlRun(tx, HOLD, ['i'.repeat(32), period.id, unit.id, null, false, null]);
  });
  // Started while the driver transaction is open: it must not see the first row alone (nor write into that transaction).
  const seen = db.transaction(async (trx) => (await trx('held_responses').where({ period_id: period.id }).select('id')).length);
  await new Promise((r) => setTimeout(r, 50));
  release();
  await inside;
  // PostgreSQL reads on another connection what was committed (none yet); SQLite's one connection waits for the commit.
  expect(await seen).toBe(isPostgres(db) ? 0 : 2);
  await db('held_responses').where({ period_id: period.id }).delete();
});
