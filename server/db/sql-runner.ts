import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from './dialect';
import { prepared, type Connection as SqliteConnection } from './sqlite-statement-cache';

// The few hot statements of a survey submission (DESIGN.md §6, issue 21) as plain SQL straight on the driver of the
// connection knex holds: no query builder, no compiling per call. On SQLite the statement comes from the connection's
// prepared-statement cache (sqlite-statement-cache.ts); on PostgreSQL it runs as a named prepared statement, parsed and
// planned once per connection. Write SQL that both databases read alike: `?` placeholders (and no `?` inside a literal), no identifier
// quoting.
// Booleans are bound as 1/0 on SQLite (better-sqlite3 binds no booleans) and as booleans on PostgreSQL.
//
// sqlTransaction runs a whole transaction this way: BEGIN (IMMEDIATE on SQLite, like knex.ts's transactions), the
// statements and COMMIT on one connection taken from knex's pool, without knex's transaction machinery (a transactor
// object, its query queue and promise chains per statement: a tenth of a submission's CPU time).

export type SqlParam = string | number | boolean | null;

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] } | string): Promise<{ rows: unknown[]; rowCount: number | null }>;
}
interface SqliteDriverConnection extends SqliteConnection {
  exec(sql: string): void;
  readonly inTransaction: boolean;
}

/** A transaction on one driver connection (sqlTransaction): sqlAll and sqlRun run on it; nothing after it ended. */
export class SqlTransaction {
  ended = false;
  constructor(readonly connection: unknown, readonly pg: boolean) {}
}

/** Where a statement runs: knex (its pool, or the connection of a knex transaction) or a driver transaction. */
export type SqlDb = Knex | SqlTransaction;

const pgStatements = new Map<string, { name: string; text: string }>();

/** The same name for the same text on every connection; `?` becomes `$n`. */
function pgStatement(sql: string): { name: string; text: string } {
  let s = pgStatements.get(sql);
  if (!s) {
    let n = 0;
    s = { name: `qf_${crypto.createHash('sha256').update(sql).digest('hex').slice(0, 24)}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    pgStatements.set(sql, s);
  }
  return s;
}

type Client = { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> };

async function onConnection<T>(db: Knex, fn: (connection: unknown) => Promise<T> | T): Promise<T> {
  // Inside a knex transaction knex hands back the transaction's own connection (and releasing it does nothing).
  const client = db.client as Client;
  const connection = await client.acquireConnection();
  try {
    return await fn(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

async function onDriver(connection: unknown, pg: boolean, sql: string, params: readonly SqlParam[]): Promise<{ rows: unknown[]; changes: number }> {
  if (pg) {
    const r = await (connection as PgConnection).query({ ...pgStatement(sql), values: params as unknown[] });
    return { rows: r.rows, changes: r.rowCount ?? 0 };
  }
  const statement = prepared(connection as SqliteConnection, sql);
  statement.safeIntegers(false);
  const bindings = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  return statement.reader ? { rows: statement.all(bindings), changes: 0 } : { rows: [], changes: statement.run(bindings).changes };
}

function execute(db: SqlDb, sql: string, params: readonly SqlParam[]): Promise<{ rows: unknown[]; changes: number }> {
  if (db instanceof SqlTransaction) {
    if (db.ended) throw new Error('The transaction has ended');
    return onDriver(db.connection, db.pg, sql, params);
  }
  return onConnection(db, (c) => onDriver(c, isPostgres(db), sql, params));
}

/** Rows of a query. */
export async function sqlAll<T>(db: SqlDb, sql: string, params: readonly SqlParam[]): Promise<T[]> {
  return (await execute(db, sql, params)).rows as T[];
}

/** The number of rows a write changed. */
export async function sqlRun(db: SqlDb, sql: string, params: readonly SqlParam[]): Promise<number> {
  return (await execute(db, sql, params)).changes;
}

/** Serialises writers on one row inside a transaction: FOR UPDATE on PostgreSQL; SQLite's writer is alone already. */
export async function sqlLockRow(tx: SqlTransaction, table: 'units', id: number): Promise<void> {
  if (tx.pg) await sqlAll(tx, `SELECT id FROM ${table} WHERE id = ? FOR UPDATE`, [id]);
}

async function control(connection: unknown, pg: boolean, sql: 'BEGIN' | 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK'): Promise<void> {
  if (pg) await (connection as PgConnection).query(sql);
  else (connection as SqliteDriverConnection).exec(sql);
}

/**
 * Runs fn in one transaction on one connection of knex's pool: committed when fn resolves, rolled back when it throws
 * (the error is passed on). The connection is the pool's, so knex's own queries wait for it as for any transaction.
 */
export async function sqlTransaction<T>(db: Knex, fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
  const pg = isPostgres(db);
  return onConnection(db, async (connection) => {
    const tx = new SqlTransaction(connection, pg);
    await control(connection, pg, pg ? 'BEGIN' : 'BEGIN IMMEDIATE');
    try {
      const result = await fn(tx);
      await control(connection, pg, 'COMMIT');
      return result;
    } catch (err) {
      // SQLite may have rolled back by itself (a failed COMMIT, SQLITE_FULL): only an open transaction is rolled back.
      if (pg || (connection as SqliteDriverConnection).inTransaction) await control(connection, pg, 'ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      tx.ended = true;
    }
  });
}
