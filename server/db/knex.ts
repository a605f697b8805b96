import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../config';
import { migrationSource } from '../../migrations';

export type Db = Knex;

// Write transactions on SQLite start with BEGIN IMMEDIATE: a deferred BEGIN that reads first and then writes cannot
// wait for another process's lock (SQLite answers SQLITE_BUSY at once to avoid a deadlock), so a CLI command or
// backup writing at the same moment would fail requests immediately instead of after busy_timeout.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SqliteClient = require('knex/lib/dialects/sqlite3') as new (config: Knex.Config) => Knex.Client;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction') as new (...args: unknown[]) => object;

class ImmediateTransaction extends SqliteTransaction {
  begin(conn: unknown) {
    return (this as unknown as { query(c: unknown, sql: string): Promise<unknown> }).query(conn, 'BEGIN IMMEDIATE;');
  }
}

class ImmediateSqliteClient extends SqliteClient {
  override transaction(...args: unknown[]) {
    return new ImmediateTransaction(this, ...args) as never;
  }
}

// PostgreSQL returns int8 (count(*), bigint columns) as strings by default; our figures fit in a double.
pg.types.setTypeParser(20, (v: string) => Number(v));

// SQLite: one connection (one writer), WAL so readers never block the writer, FULL sync so an acknowledged
// submission survives a crash, a busy timeout so a briefly locked file waits instead of failing.
const SQLITE_PRAGMAS = ['PRAGMA journal_mode = WAL', 'PRAGMA busy_timeout = 5000', 'PRAGMA foreign_keys = ON', 'PRAGMA synchronous = FULL'];

export function createDb(config: Pick<Config, 'database'>): Db {
  const { database } = config;
  if (database.kind === 'postgres') {
    return knexFactory({
      client: 'pg',
      connection: database.url,
      searchPath: database.schema ? [database.schema] : undefined,
      pool: { min: 0, max: database.poolMax },
      migrations: { tableName: 'knex_migrations' },
    });
  }
  const filename = database.filename as string;
  fs.mkdirSync(path.dirname(filename), { recursive: true });
  return knexFactory({
    client: ImmediateSqliteClient as unknown as typeof Knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { exec: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
        conn.exec(SQLITE_PRAGMAS.join(';'), (err) => done(err, conn));
      },
    },
  });
}

/** Brings the schema up to date; knex's migration lock keeps two instances starting at once from racing. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
