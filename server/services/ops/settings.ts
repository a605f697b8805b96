import type { Knex } from 'knex';

// Deployment-wide settings an admin changes at run time (e.g. TOTP required for admins), stored as JSON by key.
export async function getSetting<T>(db: Knex, key: string, fallback: T): Promise<T> {
  const row = await db('settings').where({ key }).first('value_json');
  return row ? (JSON.parse(row.value_json) as T) : fallback;
}

export async function setSetting(db: Knex, key: string, value: unknown): Promise<void> {
  const value_json = JSON.stringify(value);
  await db('settings').insert({ key, value_json }).onConflict('key').merge({ value_json });
}
