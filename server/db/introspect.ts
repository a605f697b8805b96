import type { Knex } from 'knex';
import { isPostgres } from './dialect';

export interface SchemaShape {
  tables: Record<string, { columns: string[]; indexes: string[] }>;
}

/**
 * Tables, columns and indexes (as "name(col,...)" with "unique " for unique ones), in a form that can be compared
 * across SQLite and PostgreSQL. Primary keys and knex's own tables are left out; they differ by dialect by nature.
 */
export async function schemaShape(db: Knex): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: {} };
  const pg = isPostgres(db);
  const tables: string[] = pg
    ? (await db.raw(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)).rows.map((r: { table_name: string }) => r.table_name)
    : (await db('sqlite_master').where({ type: 'table' }).pluck('name'));
  for (const table of tables.filter((t) => !t.startsWith('knex_') && !t.startsWith('sqlite_')).sort()) {
    const columns = Object.keys(await db(table).columnInfo()).sort();
    let indexes: string[];
    if (pg) {
      const rows = (await db.raw(
        `select i.relname as name, ix.indisunique as uniq, array_to_string(array(select a.attname from unnest(ix.indkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord), ',') as cols
         from pg_index ix join pg_class t on t.oid = ix.indrelid join pg_class i on i.oid = ix.indexrelid join pg_namespace n on n.oid = t.relnamespace
         where t.relname = ? and n.nspname = current_schema() and not ix.indisprimary`, [table])).rows;
      indexes = rows.map((r: { name: string; uniq: boolean; cols: string }) => `${r.uniq ? 'unique ' : ''}${r.cols}`);
    } else {
      const list = await db.raw(`PRAGMA index_list(${JSON.stringify(table)})`);
      indexes = [];
      for (const idx of list.filter((i: { origin: string }) => i.origin !== 'pk')) {
        const cols = (await db.raw(`PRAGMA index_info(${JSON.stringify(idx.name)})`)).map((c: { name: string }) => c.name);
        indexes.push(`${idx.unique ? 'unique ' : ''}${cols.join(',')}`);
      }
    }
    shape.tables[table] = { columns, indexes: indexes.sort() };
  }
  return shape;
}
