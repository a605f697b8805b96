import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import type { Config } from '../config';
import { migrationSource } from '../../migrations';
import { withStatementCache } from './sqlite-statement-cache';

export type Db = Knex;

// Write transactions on SQLite start with BEGIN IMMEDIATE: a deferred BEGIN that reads first and then writes cannot
// wait for another process's lock (SQLite answers SQLITE_BUSY at once to avoid a deadlock), so a CLI command or
// backup writing at the same moment would fail requests immediately instead of after busy_timeout.
// knex's better-sqlite3 client extends its sqlite3 client and shares its transaction class (plain JavaScript inside
// knex: the sqlite3 package itself is not needed).
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

// better-sqlite3 is the one SQLite driver: maintained, ships a current SQLite, and runs statements synchronously
// (BENCHMARKS.md). The older sqlite3 package was dropped: it compiled from source at every install for a fallback.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sqliteClient = (): ClientClass => immediate(withStatementCache(require('knex/lib/dialects/better-sqlite3') as ClientClass));

// PostgreSQL returns int8 (count(*), bigint columns) as strings by default; our figures fit in a double. pg is
// required only when PostgreSQL is used, so an instance on SQLite never loads it.
function parseInt8AsNumber(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('pg') as typeof import('pg')).types.setTypeParser(20, (v: string) => Number(v));
}

// SQLite: one connection (one writer), WAL so readers never block the writer, FULL sync so an acknowledged
// submission survives a crash, a busy timeout so a briefly locked file waits instead of failing, and secure_delete so
// deleted rows (held answers after a release, invitation addresses) are overwritten with zeros, not left in free pages.
const SQLITE_PRAGMAS = ['PRAGMA journal_mode = WAL', 'PRAGMA busy_timeout = 5000', 'PRAGMA foreign_keys = ON', 'PRAGMA synchronous = FULL', 'PRAGMA secure_delete = ON'];

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
  return knexFactory({
    client: sqliteClient() as unknown as typeof Knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    pool: { min: 1, max: 1, afterCreate: applyPragmas },
  });
}

/** better-sqlite3 runs statements synchronously. */
function applyPragmas(conn: unknown, done: (err: Error | null, conn: unknown) => void): void {
  try {
    (conn as { exec(sql: string): void }).exec(SQLITE_PRAGMAS.join(';'));
    done(null, conn);
  } catch (err) {
    done(err as Error, conn);
  }
}

/** Brings the schema up to date; knex's migration lock keeps two instances starting at once from racing. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
