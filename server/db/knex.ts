import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import type { Config, SqliteDriver } from '../config';
import { migrationSource } from '../../migrations';
import { withStatementCache } from './sqlite-statement-cache';

export type Db = Knex;

// Write transactions on SQLite start with BEGIN IMMEDIATE: a deferred BEGIN that reads first and then writes cannot
// wait for another process's lock (SQLite answers SQLITE_BUSY at once to avoid a deadlock), so a CLI command or
// backup writing at the same moment would fail requests immediately instead of after busy_timeout.
// knex's better-sqlite3 client extends its sqlite3 client and shares its transaction class, so one subclass serves both.
type ClientClass = new (config: Knex.Config) => Knex.Client;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction') as new (...args: unknown[]) => object;

class ImmediateTransaction extends SqliteTransaction {
  begin(conn: unknown) {
    return (this as unknown as { query(c: unknown, sql: string): Promise<unknown> }).query(conn, 'BEGIN IMMEDIATE;');
  }
}

function immediate(Base: ClientClass): ClientClass {
  return class extends Base {
    override transaction(...args: unknown[]) {
      return new ImmediateTransaction(this, ...args) as never;
    }
  };
}

const SQLITE_CLIENTS: Record<SqliteDriver, () => ClientClass> = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'better-sqlite3': () => immediate(withStatementCache(require('knex/lib/dialects/better-sqlite3') as ClientClass)),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sqlite3: () => immediate(require('knex/lib/dialects/sqlite3') as ClientClass),
};

// PostgreSQL returns int8 (count(*), bigint columns) as strings by default; our figures fit in a double. pg is
// required only when PostgreSQL is used, so an instance on SQLite never loads it.
function parseInt8AsNumber(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('pg') as typeof import('pg')).types.setTypeParser(20, (v: string) => Number(v));
}

// SQLite: one connection (one writer), WAL so readers never block the writer, FULL sync so an acknowledged
// submission survives a crash, a busy timeout so a briefly locked file waits instead of failing.
const SQLITE_PRAGMAS = ['PRAGMA journal_mode = WAL', 'PRAGMA busy_timeout = 5000', 'PRAGMA foreign_keys = ON', 'PRAGMA synchronous = FULL'];

export function createDb(config: Pick<Config, 'database'>): Db {
  const { database } = config;
  if (database.kind === 'postgres') {
    parseInt8AsNumber();
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
  const driver = database.sqliteDriver;
  return knexFactory({
    client: SQLITE_CLIENTS[driver]() as unknown as typeof Knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    pool: { min: 1, max: 1, afterCreate: (conn: unknown, done: (err: Error | null, conn: unknown) => void) => applyPragmas(driver, conn, done) },
  });
}

/** better-sqlite3 runs statements synchronously; sqlite3 takes a callback. */
function applyPragmas(driver: SqliteDriver, conn: unknown, done: (err: Error | null, conn: unknown) => void): void {
  const sql = SQLITE_PRAGMAS.join(';');
  if (driver === 'better-sqlite3') {
    try {
      (conn as { exec(sql: string): void }).exec(sql);
      done(null, conn);
    } catch (err) {
      done(err as Error, conn);
    }
    return;
  }
  (conn as { exec(sql: string, cb: (err: Error | null) => void): void }).exec(sql, (err) => done(err, conn));
}

/** Brings the schema up to date; knex's migration lock keeps two instances starting at once from racing. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
