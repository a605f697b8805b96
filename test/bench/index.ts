// `npm run bench`: throughput and latency on this machine, printed and written to BENCHMARKS.md. Never a test:
// figures depend on the machine and its load. Loopback only; every run is bounded in requests and time.
// Knobs: BENCH_ONLY=startup,sqlite,scale,register,pg,pgscale (a subset; BENCHMARKS.md is written only by a whole run),
// BENCH_PG=0 (skip PostgreSQL), BENCH_SUBMISSIONS (per side, default 3000), BENCH_NO_BUILD=1 (dist/ is current).
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createSession } from '../../server/services/auth/sessions';
import { createUnit, createUser } from '../helpers/factories';
import { freePort, ROOT, startServer, type RunningServer } from '../e2e/helpers/server';
import { CONNECTIONS, load, quantile, SAMPLE_MS, rssPeakMb, surveyFixture, type LoadResult, type Row } from './load';
import { fillReleased, releaseOfK } from './released-data';
import { registerExport } from './register-export';
import { measureStartup } from './startup';
import { targets, type Target } from './targets';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS || 3000);
const ROUNDS = 5;
const REPORTS = Number(process.env.BENCH_REPORTS || 60);
// Untimed submissions before the measured rounds, so that start-up (JIT, templates, lazy modules) is not measured.
const WARM_UP = 200;
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const runs = (part: string) => (!ONLY.size || ONLY.has(part)) && (!part.startsWith('pg') || process.env.BENCH_PG !== '0');
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
// The node flags `npm start` runs the server with (package.json is the one place they are written).
const START_FLAGS = (/node ((?:--\S+ )*)dist\/server\/main\.js/.exec(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start)?.[1] ?? '').split(' ').filter(Boolean);
const APP_ENV = { TRUST_PROXY: 'true', SCRYPT_COST_LOG2: '', RECEIPT_HASH_COST_LOG2: '', NODE_ENV: 'production' };

const rows: Row[] = [];
const note = (what: string, text: string) => rows.push({ what, requests: 0, rps: 0, p50: 0, p99: 0, errors: 0, note: text });

interface Floor { port: number; codes: string[]; answerBody: string; child: ChildProcess; stop(): Promise<void> }

/** A floor (test/bench/floor-server.ts) in its own process, like the app. */
async function startFloor(kind: 'sqlite' | 'pg', count: number, url = ''): Promise<Floor> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'floor-server.ts'), kind, String(count), url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line: string = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`floor exited with ${code}`)));
  });
  const { port, codesFile, answerBody } = JSON.parse(line);
  const codes = JSON.parse(fs.readFileSync(codesFile, 'utf8'));
  fs.rmSync(path.dirname(codesFile), { recursive: true, force: true });
  return {
    port, codes, answerBody, child,
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))),
  };
}

interface Side { url: string; body: () => string }

/** The app and its floor in alternating rounds of one run, so both meet the same machine load. */
async function sideBySide(what: string, app: Side, floor: Side, appNote: string, floorNote: string) {
  await load(app.url, WARM_UP, app.body);
  await load(floor.url, WARM_UP, floor.body);
  const results: Record<'app' | 'floor', LoadResult[]> = { app: [], floor: [] };
  for (let i = 0; i < ROUNDS; i++) {
    results.app.push(await load(app.url, Math.ceil(SUBMISSIONS / ROUNDS), app.body));
    results.floor.push(await load(floor.url, Math.ceil(SUBMISSIONS / ROUNDS), floor.body));
  }
  const combine = (label: string, runs: LoadResult[], text: string) => {
    const rs = runs.map((r) => r.result);
    const requests = rs.reduce((s, r) => s + r.requests.total, 0);
    const seconds = rs.reduce((s, r) => s + (r.duration || 0), 0);
    const latencies = runs.flatMap((r) => r.latencies);
    const firstMax = Math.max(...runs.map((r) => r.firstMax));
    rows.push({
      what: label, requests, rps: requests / (seconds || 1), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99),
      errors: rs.reduce((s, r) => s + r.requests.total - r['3xx'] + r.errors + r.timeouts, 0), note: `${text}; first request of each connection (accept wait) up to ${Math.round(firstMax)} ms, kept out of p50/p99`,
    });
  };
  combine(`${what}, app`, results.app, appNote);
  combine(`${what}, floor`, results.floor, floorNote);
}

let seq = 0;
const codeBody = (codes: string[], answerBody: string) => () => `code=${codes[seq++ % codes.length]}&${answerBody}`;

async function sqliteSubmission() {
  const count = SUBMISSIONS + WARM_UP + 10;
  const server = await startServer({ postgres: false, built: true, nodeArgs: START_FLAGS, env: APP_ENV });
  const floor = await startFloor('sqlite', count);
  try {
    const { codes, answerBody, perResponse } = await surveyFixture(server, count);
    let a = 0;
    let f = 0;
    await sideBySide('survey submission (SQLite)',
      { url: `${server.baseUrl}/survey/submit`, body: () => `code=${codes[a++]}&${answerBody}` },
      { url: `http://127.0.0.1:${floor.port}/`, body: () => `code=${floor.codes[f++]}&${floor.answerBody}` },
      `${perResponse} answers each; the release every k-th submission and the WAL truncation after it included`,
      'bare node:http + better-sqlite3, the same transaction on the app\'s schema, statements prepared once');
    note('peak RSS of the app under submission load (SQLite)', `${rssPeakMb(server.process().pid as number)} MiB (VmHWM); floor ${rssPeakMb(floor.child.pid as number)} MiB`);
    // Each report its own text: the same content filed again within 30 minutes is held as a probable resubmission.
    let filed = 0;
    const reportBody = () => new URLSearchParams({ unit: 'bench-unit', post: '', matter: 'approval', behaviour: 'greeting', occurred_on: '2026-03', channel: 'phone', description: `某副局长打电话要求对其亲属的项目“特事特办”（第 ${++filed} 份）。`, real_name: '', contact: '' }).toString();
    await createUnit(server.db(), { key: 'bench-unit', name: '压测报告局' });
    const reports = await load(`${server.baseUrl}/report`, REPORTS, reportBody, 10);
    const filing = reports.result;
    rows.push({ what: 'report filing, app (SQLite)', requests: filing.requests.total, rps: filing.requests.total / (filing.duration || 1), p50: filing.latency.p50, p99: filing.latency.p99, errors: filing.requests.total - filing['2xx'] + filing.errors, note: 'bounded by the slow receipt hash (scrypt at production cost)' });
  } finally {
    await floor.stop();
    await server.stop();
  }
}

/** Median latency of the unit's results and survey figures pages with 10k, 100k and 1M released answers. */
async function resultsAtScale(server: RunningServer, label: string, targetsAt: number[]) {
  const db = server.db();
  const { unit, period } = await surveyFixture(server, 1);
  const admin = await createUser(db, { role: 'admin', allUnits: true });
  const { token } = await createSession(db, admin.id, Date.now(), false);
  const medians: number[] = [];
  for (const target of targetsAt) {
    const stored = await fillReleased(db, period.id, unit.id, target);
    for (const [page, url] of [['unit results page', `/committee/results/${period.key}/${unit.key}`], ['unit survey figures page', `/committee/survey/${period.key}/${unit.key}`]]) {
      const times: number[] = [];
      const statuses = new Map<string, number>();
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        // Once more on a closed socket: filling the history outlasts the server's keep-alive timeout.
        const get = () => fetch(server.baseUrl + url, { headers: { cookie: `qf_session=${token}` }, redirect: 'manual' });
        const res = await get().catch(get);
        await res.text();
        times.push(performance.now() - t0);
        const status = `${res.status}${res.headers.get('location') ? ` → ${res.headers.get('location')}` : ''}`;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      const status = [...statuses].map(([s, n]) => `${s} ×${n}`).join(', ');
      times.sort((x, y) => x - y);
      if (page === 'unit results page') medians.push([...statuses.keys()].every((k) => k === '200') ? times[12] : NaN);
      note(`${page} (${label}), ${stored.toLocaleString('en')} answers released`, `median ${times[12].toFixed(1)} ms over 25 sequential GETs (HTTP ${status})`);
    }
  }
  const release = await releaseOfK(db, period.id, unit.id);
  note(`a release of k = ${release.k} held responses (${label}), ${release.answers} answers, history as above`, `median ${release.median.toFixed(1)} ms over ${release.runs} releases (hold untimed; releaseDue in its transaction${label === 'SQLite' ? ' + WAL truncation' : ''})`);
  return medians;
}

/** A fresh PostgreSQL database for the run, dropped at the end. */
async function withPgDatabase(fn: (url: string) => Promise<void>) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const name = `qingfeng_bench_${process.pid}`;
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = PG_ADMIN.replace(/\/postgres$/, `/${name}`);
  const before = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    await fn(url);
  } finally {
    process.env.DATABASE_URL = before;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** A second app process on the same database and schema as `server`. */
async function secondInstance(server: RunningServer): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...START_FLAGS, path.join(ROOT, 'dist/server/main.js')], { cwd: ROOT, env: { ...server.env, PORT: String(port) }, stdio: 'ignore' });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('second instance exited');
    if (await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))) };
}

/** Submissions spread over the instances at once, the connections shared out; p50/p99 over all their responses (each connection's first kept out, load.ts). */
async function instancesRow(label: string, bases: string[], body: () => string, amount: number) {
  const runs = await Promise.all(bases.map((base) => load(`${base}/survey/submit`, Math.ceil(amount / bases.length), body, CONNECTIONS / bases.length)));
  const all = runs.map((r) => r.result);
  const requests = all.reduce((s, r) => s + r.requests.total, 0);
  rows.push({
    what: `survey submission (PostgreSQL), app: ${label}`, requests, rps: requests / Math.max(...all.map((r) => r.duration || 1)),
    p50: quantile(runs.flatMap((r) => r.latencies), 0.5), p99: quantile(runs.flatMap((r) => r.latencies), 0.99),
    errors: all.reduce((s, r) => s + r.requests.total - r['3xx'] + r.errors + r.timeouts, 0), note: `${CONNECTIONS / bases.length} connections to each instance at once`,
  });
}

async function pgSubmission(url: string) {
  const count = 2 * SUBMISSIONS + 2 * WARM_UP + 10;
  const server = await startServer({ postgres: true, built: true, nodeArgs: START_FLAGS, env: APP_ENV });
  const floor = await startFloor('pg', SUBMISSIONS + WARM_UP + 10, url);
  try {
    const { codes, answerBody, perResponse } = await surveyFixture(server, count);
    let a = 0;
    let f = 0;
    const appBody = () => `code=${codes[a++]}&${answerBody}`;
    await sideBySide('survey submission (PostgreSQL)',
      { url: `${server.baseUrl}/survey/submit`, body: appBody },
      { url: `http://127.0.0.1:${floor.port}/`, body: () => `code=${floor.codes[f++]}&${floor.answerBody}` },
      `1 instance, ${perResponse} answers each, release included`,
      'bare node:http + pg (one client, named prepared statements), the same transaction on the app\'s schema');
    note('peak RSS of the app under submission load (PostgreSQL)', `${rssPeakMb(server.process().pid as number)} MiB (VmHWM)`);
    // Four more units: submissions to one unit serialise on its row lock (no two releases of a unit overlap), so
    // what a second instance adds shows on several units.
    const spread: string[] = [];
    const more = await Promise.all([0, 1, 2, 3].map(async () => (await surveyFixture(server, Math.ceil((SUBMISSIONS + WARM_UP) / 4) + 10)).codes));
    for (let i = 0; i < more[0].length; i++) for (const list of more) spread.push(list[i]);
    let m = 0;
    const spreadBody = () => `code=${spread[m++]}&${answerBody}`;
    const second = await secondInstance(server);
    try {
      await load(`${second.baseUrl}/survey/submit`, WARM_UP, appBody);
      await instancesRow('2 instances on one database, one unit', [server.baseUrl, second.baseUrl], appBody, SUBMISSIONS);
      await instancesRow('1 instance, 4 units', [server.baseUrl], spreadBody, SUBMISSIONS / 2);
      await instancesRow('2 instances on one database, 4 units', [server.baseUrl, second.baseUrl], spreadBody, SUBMISSIONS / 2);
    } finally {
      await second.stop();
    }
  } finally {
    await floor.stop();
    await server.stop();
  }
}

async function postgresRows(pgMedians: number[][]) {
  await withPgDatabase(async (url) => {
    if (runs('pg')) await pgSubmission(url);
    if (!runs('pgscale')) return;
    const scaled = await startServer({ postgres: true, built: true, nodeArgs: START_FLAGS, env: { NODE_ENV: 'production' } });
    try {
      pgMedians.push(await resultsAtScale(scaled, 'PostgreSQL', [10_000, 1_000_000]));
    } finally {
      await scaled.stop();
    }
  });
}

async function main() {
  const started = Date.now();
  if (!process.env.BENCH_NO_BUILD) execSync('npm run -s build', { cwd: ROOT, stdio: 'inherit' });
  if (runs('startup')) {
    const startup = await measureStartup();
    note('`npm start` on a built tree until /healthz answers, fresh data folder (migrations run)', `median ${Math.round(startup.fresh)} ms over ${startup.runs} starts`);
    note('`npm start` on a built tree until /healthz answers, data folder already set up', `median ${Math.round(startup.existing)} ms over ${startup.runs} starts`);
  }
  if (runs('sqlite')) await sqliteSubmission();
  const sqliteMedians: number[] = [];
  if (runs('scale')) {
    // Result pages on a fresh database, so the answer counts are exactly what the table says.
    const scaled = await startServer({ postgres: false, built: true, nodeArgs: START_FLAGS, env: { NODE_ENV: 'production' } });
    try {
      sqliteMedians.push(...(await resultsAtScale(scaled, 'SQLite', [10_000, 100_000, 1_000_000])));
    } finally {
      await scaled.stop();
    }
  }
  if (runs('register')) {
    const server = await startServer({ postgres: false, built: true, nodeArgs: START_FLAGS, env: { NODE_ENV: 'production' } });
    try {
      for (const r of await registerExport(server, 1000)) note(r.what, r.note);
    } finally {
      await server.stop();
    }
  }
  const pgMedians: number[][] = [];
  if (runs('pg') || runs('pgscale')) await postgresRows(pgMedians);
  write(started, targets(rows, sqliteMedians, pgMedians[0] ?? []));
}

function write(started: number, checks: Target[]) {
  const mem = Math.round(os.totalmem() / 2 ** 30);
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const machine = `${execSync('nproc').toString().trim()} cores (${cpu}), ${mem} GiB memory, Node.js ${process.version}, ${os.platform()} ${os.release()}`;
  const table = [
    '| measurement | requests | req/s | p50 ms | p99 ms | failed | note |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.requests || ''} | ${r.rps ? r.rps.toFixed(0) : ''} | ${r.requests ? Math.round(r.p50) : ''} | ${r.requests ? Math.round(r.p99) : ''} | ${r.requests ? r.errors : ''} | ${r.note} |`),
  ].join('\n');
  const targetTable = [
    '| target | measured | holds |',
    '| --- | --- | --- |',
    ...checks.map((t) => `| ${t.target} | ${t.measured} | ${t.holds === null ? 'not measured' : t.holds ? 'yes' : '**no**'} |`),
  ].join('\n');
  console.log(`\n${machine}\n\n${table}\n\n${targetTable}\n`);
  if (ONLY.size || process.env.BENCH_PG === '0') {
    console.log('BENCH_ONLY / BENCH_PG=0: a partial run; BENCHMARKS.md left as it is.');
    return;
  }
  const doc = `# Benchmarks

Written by \`npm run bench\` (test/bench/index.ts) on ${new Date().toISOString().slice(0, 10)}; whole run ${Math.round((Date.now() - started) / 1000)} s.
Machine: ${machine}. Load: autocannon on loopback, ${CONNECTIONS} connections (report filing: 10), each request from its own
forwarded address so the rate limits stay out of the way (TRUST_PROXY=true). The app runs compiled (dist/) with the
node flags of \`npm start\` (${START_FLAGS.join(' ') || 'none'}), production hash costs.

**Noise.** The machine is shared (2 cores; other work ran during this run, and autocannon itself takes a core), so
every figure moves from run to run. The app and its floor therefore run in the same run, in ${ROUNDS} alternating
rounds of ${Math.ceil(SUBMISSIONS / ROUNDS)} submissions each after ${WARM_UP} untimed warm-up submissions per side: req/s is
over all rounds (autocannon sampling every ${SAMPLE_MS} ms, so a round's duration ends within ${SAMPLE_MS} ms of its last response;
at autocannon's default of one sample a second durations were whole seconds and req/s moved in steps), p50 and p99
over all the rounds' responses but each connection's first: every round opens its ${CONNECTIONS} connections at once and
node:http, floor and app alike, accepts one connection per event-loop turn (libuv/libuv#3696) while it serves the
ones it has, so the last first requests wait up to a second for the accept (each row's note gives that wait; test/bench/load.ts). Compare rows
of one run, not runs of different days.

## Targets (issue 21)

${targetTable}

## Figures

${table}

## What the floors do

A floor is a bare node:http server in its own process (test/bench/floor-server.ts, floor-transaction.ts) doing the
same transaction as the app, on the app's schema (its migrations: foreign keys, indexes): lock the unit (PostgreSQL),
claim the code of a live batch of an open period, read the period, hold the response and its non-"don't know" answers
(held_responses, held_answers), read what the unit holds and, when the cell rule (server/domain/released-cells.ts)
makes anything due, release it (survey_aggregates, survey_unit_aggregates, survey_post_totals, released_answers,
releases, survey_comments, held rows rewritten under new ids, used codes rewritten), then on SQLite truncate the WAL
after a release — the checkpoint cost the app pays (DESIGN.md §4). Each statement is prepared once on the driver
(better-sqlite3; pg with named statements over one client). It has no Express, knex, validation or templates, and none of
the app's reads outside the transaction (the code check and the form's posts and questionnaire): the gap between the
app and the floor is what the framework and those checks cost.

The result-page rows read a unit whose answers were submitted through the app's own hold and release code
(holdSubmission, releaseDue in server/services/survey/survey-release.ts), in batches of 200 responses, so the answers are
released (released_answers, aggregates, post totals, releases, comments) and not merely inserted. The pages read the
aggregates, so their latency should not grow with the number of released answers. A release of k responses is timed
on that same history: k responses held (untimed), then releaseDue in its own transaction.

SQLite runs on **better-sqlite3**: a statement runs synchronously on the main thread, prepared statements are kept per
connection (server/db/sqlite-statement-cache.ts). Its cost: a statement blocks the event loop while it runs; with one
connection per process every request already waits for that one writer. The app's submission transaction runs on the
driver as the floor's does (sqlTransaction in server/db/sql-runner.ts: BEGIN, the statements, COMMIT on one connection
of knex's pool, without knex's transaction machinery); what stays between the two is Express and its middleware
(security headers, cookies, language, body parsing, the rate limit), the code check and the form's reads before the
transaction, and the redirect.
`;
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), doc);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
