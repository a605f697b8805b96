import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../../config';

export interface BackupResult {
  file: string;
  bytes: number;
  method: 'sqlite-vacuum-into' | 'pg_dump';
}

/** SQLite: VACUUM INTO writes a consistent snapshot of a live WAL database without stopping writers for long. */
async function backupSqlite(db: Knex, out: string): Promise<void> {
  await db.raw('VACUUM INTO ?', [out]);
}

/** PostgreSQL: pg_dump in custom format (restore with pg_restore); needs the client tools on PATH. */
function backupPostgres(config: Config, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['--format=custom', '--no-owner', `--file=${out}`];
    if (config.database.schema) args.push(`--schema=${config.database.schema}`);
    args.push(config.database.url);
    const child = spawn('pg_dump', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', (err) => reject(new Error(`pg_dump could not be started (${err.message}); install the PostgreSQL client tools`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump failed: ${stderr.trim().split('\n')[0]}`))));
  });
}

/** An online, consistent backup of the database to `out` (which must not exist yet). Keys are backed up separately. */
export async function backupDatabase(db: Knex, config: Config, out: string): Promise<BackupResult> {
  const file = path.resolve(out);
  if (fs.existsSync(file)) throw new Error(`${file} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (config.database.kind === 'sqlite') await backupSqlite(db, file);
  else await backupPostgres(config, file);
  fs.chmodSync(file, 0o600);
  return { file, bytes: fs.statSync(file).size, method: config.database.kind === 'sqlite' ? 'sqlite-vacuum-into' : 'pg_dump' };
}
