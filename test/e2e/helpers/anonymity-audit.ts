import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunningServer } from './server';

// The anonymity audit (DESIGN.md §4): everything a server keeps — its output, every file under DATA_DIR (the SQLite
// file and its WAL, secrets, mail as .eml, encrypted uploads) and, on PostgreSQL, a pg_dump of its schema — searched
// for what would identify a respondent or a reporter.

/** Every file under a folder, as bytes turned into text both ways a secret could be written (UTF-8 and UTF-16LE). */
function filesUnder(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else {
      const bytes = fs.readFileSync(full);
      out.push([full, bytes.toString('utf8') + '\n' + bytes.toString('utf16le')]);
    }
  }
  return out;
}

/** A data-only dump of the server's PostgreSQL schema, as pg_dump writes it (COPY rows in text). */
function pgDump(server: RunningServer): string {
  const res = spawnSync('pg_dump', ['--data-only', '--no-owner', `--schema=${server.schema}`, '--dbname', server.env.DATABASE_URL], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`pg_dump failed: ${res.stderr}`);
  return res.stdout;
}

/** The places searched, each as [name, text]. The server's own address (BASE_URL, in mail links) is blanked out. */
export function placesKept(server: RunningServer): Array<[string, string]> {
  const scrub = (text: string) => text.split(server.baseUrl).join('<base-url>');
  const places: Array<[string, string]> = [['server output', scrub(server.output())]];
  for (const [file, text] of filesUnder(server.dataDir)) places.push([path.relative(server.dataDir, file), scrub(text)]);
  if (server.schema) places.push([`pg_dump of schema ${server.schema}`, scrub(pgDump(server))]);
  return places;
}

/** Which secret was found where ("receipt in qingfeng.db"); an empty list is a pass. */
export function secretsFound(places: Array<[string, string]>, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, text] of places) for (const [what, secret] of Object.entries(secrets)) if (secret && text.includes(secret)) found.push(`${what} in ${where}`);
  return found;
}

/** The database really is among the places: the SQLite file, or the dump of the PostgreSQL schema with rows in it. */
export function databasePlace(server: RunningServer, places: Array<[string, string]>): string | undefined {
  const name = server.schema ? `pg_dump of schema ${server.schema}` : 'qingfeng.db';
  const place = places.find(([where]) => where === name);
  return place && place[1].length > 0 ? name : undefined;
}

/**
 * PostgreSQL's xmin join (DESIGN.md §4): released rows whose transaction id is shared with fewer than k used codes —
 * that is, rows an IT person could pair with the use of particular codes. An empty list is a pass; on SQLite there is
 * no xmin and the list is empty.
 */
export async function releasedRowsPairedWithCodes(server: RunningServer, k = 5): Promise<string[]> {
  if (!server.schema) return [];
  const db = server.db();
  const codeXmins: string[] = (await db('access_codes').where({ used: true }).select(db.raw('xmin::text as x'))).map((r) => r.x);
  const paired: string[] = [];
  for (const table of ['released_answers', 'survey_comments', 'survey_aggregates', 'survey_post_totals', 'releases']) {
    for (const { x } of (await db(table).select(db.raw('xmin::text as x'))) as { x: string }[]) {
      const n = codeXmins.filter((c) => c === x).length;
      if (n > 0 && n < k) paired.push(`${table} row of transaction ${x} shares it with ${n} used code(s)`);
    }
  }
  return paired;
}
