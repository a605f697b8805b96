import type { Knex } from 'knex';

// The only place that branches on the database kind.
export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

/** Row lock for read-then-write inside a transaction: FOR UPDATE on PostgreSQL; SQLite has one writer already. */
export function lockForUpdate<T extends Knex.QueryBuilder>(db: Knex, query: T): T {
  return (isPostgres(db) ? query.forUpdate() : query) as T;
}

/** Claim rows others are not working on (outbox): SKIP LOCKED on PostgreSQL. */
export function lockSkipLocked<T extends Knex.QueryBuilder>(db: Knex, query: T): T {
  return (isPostgres(db) ? query.forUpdate().skipLocked() : query) as T;
}

/** The id of an inserted row: `.returning('id')` gives [{id}] on PostgreSQL and [id] on SQLite. */
export function insertedId(row: unknown): number {
  return Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);
}

/** SQLite gives 0/1 for booleans, PostgreSQL true/false. */
export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/**
 * SQLite: copies the WAL into the database file and truncates it to zero bytes (DESIGN.md §4), so frames that held
 * rows or a report's arrival no longer sit in the WAL. Runs after the commit, outside any transaction. PostgreSQL's
 * own WAL is the operator's to keep short (docs/deploy.md).
 */
export async function truncateWal(db: Knex): Promise<void> {
  if (!isPostgres(db)) await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
}
