import type { Knex } from 'knex';

// knex's better-sqlite3 client prepares every statement afresh: for a survey submission that is about a fifth of the
// CPU time (the 42-row answers insert alone is a long statement). This client keeps the prepared statements of each
// connection in a small LRU keyed by the SQL text, and otherwise answers exactly as knex's own _query does.
// SQLite re-prepares a cached statement by itself when the schema changes (sqlite3_prepare_v2), so a migration is safe.

type ClientClass = new (config: Knex.Config) => Knex.Client;

interface Statement {
  reader: boolean;
  safeIntegers(on: boolean): Statement;
  all(bindings: unknown[]): unknown[];
  run(bindings: unknown[]): { lastInsertRowid: number | bigint; changes: number };
}
export interface Connection {
  prepare(sql: string): Statement;
}
interface QueryObject {
  sql?: string;
  bindings?: unknown[];
  options?: unknown;
  response?: unknown;
  context?: { lastID: number | bigint; changes: number };
}
interface BetterSqliteClient {
  _formatBindings(bindings: unknown[] | undefined): unknown[];
  _optSafeIntegers(options: unknown): boolean | undefined;
}

const MAX_STATEMENTS = 256;
const caches = new WeakMap<Connection, Map<string, Statement>>();

export function prepared(connection: Connection, sql: string): Statement {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  const hit = cache.get(sql);
  if (hit) {
    cache.delete(sql); // most recently used goes last
    cache.set(sql, hit);
    return hit;
  }
  const statement = connection.prepare(sql);
  cache.set(sql, statement);
  if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
  return statement;
}

export function withStatementCache(Base: ClientClass): ClientClass {
  return class extends Base {
    async _query(connection: Connection, obj: QueryObject): Promise<QueryObject> {
      if (!obj.sql) throw new Error('The query is empty');
      if (!connection) throw new Error('No connection provided');
      const self = this as unknown as BetterSqliteClient;
      const statement = prepared(connection, obj.sql);
      // A cached statement keeps its safe-integer mode: set it every time, to the query's choice or the default.
      statement.safeIntegers(self._optSafeIntegers(obj.options) ?? false);
      const bindings = self._formatBindings(obj.bindings);
      if (statement.reader) {
        obj.response = statement.all(bindings);
        return obj;
      }
      const response = statement.run(bindings);
      obj.response = response;
      obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
      return obj;
    }
  };
}
