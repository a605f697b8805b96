import path from 'node:path';
import { createPost, createUnit } from '../helpers/factories';
import { createPeriod, fullAnswers, storedSubmissions } from '../helpers/survey-factories';
import { startServer, usingPostgres, type RunningServer } from '../e2e/helpers/server';

// Crash safety (DESIGN.md §6) on a real server process: what was acknowledged survives kill -9, and a locked
// database gives a translated 503 and heals by itself. Runs on SQLite, and on PostgreSQL when DATABASE_URL says so.
jest.setTimeout(180_000);
// better-sqlite3 ships no types; this is all the test needs of it (a second, independent connection to the file).
const Database = require('better-sqlite3') as new (file: string) => { exec(sql: string): void; close(): void };

let server: RunningServer;
let codes: string[];
let answers: Record<string, string>;
let answersPerResponse: number;

beforeAll(async () => {
  server = await startServer();
  const db = server.db();
  const unit = await createUnit(db, { name: '崩溃测试局' });
  await createPost(db, unit.id, { key: 'chief', chief: true });
  await createPost(db, unit.id, { key: 'deputy' });
  const period = await createPeriod(db);
  codes = JSON.parse(server.cli(['codes', 'generate', '--period', period.key, '--unit', unit.key, '--count', '40', '--json'])).codes;
  answers = await fullAnswers(db, period.id, unit.id, (p, i) => String(((p + i) % 5) + 1));
  answersPerResponse = Object.keys(answers).length;
});
afterAll(() => server?.stop());

const count = async (table: string, where: Record<string, unknown> = {}) =>
  table === 'responses' ? storedSubmissions(server.db()) : Number((await server.db()(table).where(where).count({ n: '*' }).first())?.n ?? 0);

function submit(code: string, signal?: AbortSignal) {
  return fetch(`${server.baseUrl}/survey/submit`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'zh-CN' },
    body: new URLSearchParams({ code, ...answers }).toString(),
    signal,
  });
}
const acknowledged = (res: Response) => res.status === 303 && res.headers.get('location') === '/survey/thanks';

test('every survey submission acknowledged before a kill -9 is stored after the restart, and its code stays used', async () => {
  const batch = codes.slice(0, 24);
  const acked: string[] = [];
  let killed: Promise<void> | undefined;
  const results = await Promise.allSettled(
    batch.map(async (code) => {
      const res = await submit(code);
      if (acknowledged(res)) {
        acked.push(code);
        // Pull the plug while the rest are still in flight.
        if (acked.length === 6) killed = server.kill9();
      }
      return res.status;
    }),
  );
  await killed;
  expect(killed).toBeDefined();
  expect(results.some((r) => r.status === 'rejected')).toBe(true); // some really were cut off
  await server.restart();

  const stored = await count('responses');
  expect(stored).toBeGreaterThanOrEqual(acked.length);
  expect(stored).toBeLessThanOrEqual(batch.length);
  // All or nothing per submission: each stored response has all its answers and used exactly one code.
  expect((await count('held_answers')) + (await count('released_answers'))).toBe(stored * answersPerResponse);
  expect(await count('access_codes', { used: true })).toBe(stored);
  for (const code of acked) {
    const again = await submit(code);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('此问卷码已经使用过');
  }
  expect(await count('responses')).toBe(stored);
});

(usingPostgres() ? test.skip : test)('while another process holds the SQLite file locked, a submission gets a translated 503, nothing half-written, and the service recovers alone', async () => {
  const before = { responses: await count('responses'), used: await count('access_codes', { used: true }) };
  const code = codes[39];
  const locker = new Database(path.join(server.dataDir, 'qingfeng.db'));
  locker.exec('BEGIN EXCLUSIVE');
  let res: Response;
  try {
    res = await submit(code); // waits out the server's busy_timeout (5 s), then gives up
  } finally {
    locker.exec('ROLLBACK');
    locker.close();
  }
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBeTruthy();
  expect(await res.text()).toContain('服务暂时不可用');
  expect(await count('responses')).toBe(before.responses);
  expect(await count('access_codes', { used: true })).toBe(before.used);

  expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
  const retry = await submit(code);
  expect(acknowledged(retry)).toBe(true);
  expect(await count('responses')).toBe(before.responses + 1);
});
