import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from './context';
import { usingPostgres } from './context';

// What an IT person holding the machine could read after the fact (DESIGN.md §4, second adversary): every file of the
// data folder (the SQLite file and its WAL, secrets, mail), a dump of the PostgreSQL schema, and every key and value in
// Redis. Each place as [name, text], the bytes read both as UTF-8 and as UTF-16LE.

function filesUnder(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else {
      const bytes = fs.readFileSync(full);
      out.push([path.relative(dir, full), `${bytes.toString('utf8')}\n${bytes.toString('utf16le')}\n${bytes.toString('base64')}`]);
    }
  }
  return out;
}

async function redisContents(url: string): Promise<string> {
  const { createClient } = await import('redis');
  const client = createClient({ url });
  await client.connect();
  try {
    const parts: string[] = [];
    for (const key of await client.keys('*')) {
      const type = await client.type(key);
      parts.push(key, type === 'string' ? String(await client.get(key)) : JSON.stringify(await client.sendCommand(['DUMP', key])));
    }
    return parts.join('\n');
  } finally {
    await client.quit();
  }
}

export async function placesKept(ctx: TestContext, redisUrl?: string): Promise<Array<[string, string]>> {
  const places = filesUnder(ctx.dataDir);
  if (usingPostgres()) {
    const res = spawnSync('pg_dump', ['--data-only', '--no-owner', `--schema=${ctx.env.DATABASE_SCHEMA}`, '--dbname', String(process.env.DATABASE_URL)], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (res.status !== 0) throw new Error(`pg_dump failed: ${res.stderr}`);
    places.push([`pg_dump of ${ctx.env.DATABASE_SCHEMA}`, res.stdout]);
  }
  if (redisUrl) places.push(['redis', await redisContents(redisUrl)]);
  return places;
}

/** "what in where" for each secret found; an empty list is a pass. */
export function found(places: Array<[string, string]>, secrets: Record<string, string>): string[] {
  return places.flatMap(([where, text]) => Object.entries(secrets).filter(([, s]) => s && text.includes(s)).map(([what]) => `${what} in ${where}`));
}
