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

export type SqlParam = string | number | boolean | null;

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

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

async function onConnection<T>(db: Knex, fn: (connection: unknown) => Promise<T> | T): Promise<T> {
  // Inside a transaction knex hands back the transaction's own connection (and releasing it does nothing).
  const client = db.client as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> };
  const connection = await client.acquireConnection();
  try {
    return await fn(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

async function execute(db: Knex, sql: string, params: readonly SqlParam[]): Promise<{ rows: unknown[]; changes: number }> {
  if (isPostgres(db)) {
    return onConnection(db, async (c) => {
      const r = await (c as PgConnection).query({ ...pgStatement(sql), values: params as unknown[] });
      return { rows: r.rows, changes: r.rowCount ?? 0 };
    });
  }
  return onConnection(db, (c) => {
    const statement = prepared(c as SqliteConnection, sql);
    statement.safeIntegers(false);
    const bindings = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    return statement.reader ? { rows: statement.all(bindings), changes: 0 } : { rows: [], changes: statement.run(bindings).changes };
  });
}

/** Rows of a query. */
export async function sqlAll<T>(db: Knex, sql: string, params: readonly SqlParam[]): Promise<T[]> {
  return (await execute(db, sql, params)).rows as T[];
}

/** The number of rows a write changed. */
export async function sqlRun(db: Knex, sql: string, params: readonly SqlParam[]): Promise<number> {
  return (await execute(db, sql, params)).changes;
}
