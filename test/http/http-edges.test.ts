import request from 'supertest';
import { routeTable } from '../../server/http/routes';
import { createFindingRow, createMeasureRow, createPeriod, createReportRow } from '../helpers/assess-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';

// DESIGN.md §5 at the HTTP edge: CSV cells neutralised against formulas in every export, a body of another content
// type answered 415 (never 500, never a stack trace in the log), committee pages never stored by a cache.
let ctx: TestContext;
let admin: SignedIn;
const FORMULAS = ['=HYPERLINK("http://evil.example","点此")', '+SUM(1,2)', '-1+cmd|calc', '@SUM(A1)', '\t=1+1', '\r=1+1'];
let world: { unit: { key: string }; period: string };

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  admin = await signIn(ctx.app, db, await createUser(db, { role: 'admin' }));
  const unit = await createUnit(db, { key: 'formula-unit', name: FORMULAS[0] });
  const post = await createPost(db, unit.id, { key: 'formula-post', title: FORMULAS[1] });
  const period = await createPeriod(db, { key: 'formula-period', state: 'open' });
  await db('measures').insert({ post_id: post.id, period_id: period.id, dimensions: 'rules', description: FORMULAS[2], owner: FORMULAS[3], status: 'planned', next_review_on: '2026-12-01', created_at: Date.now(), updated_at: Date.now() });
  await createMeasureRow(db, post.id, { description: FORMULAS[4] });
  await createFindingRow(db, post.id, { summary: FORMULAS[5] });
  await createReportRow(db, { unitId: unit.id, postId: post.id, receivedOn: '2026-04-01' });
  world = { unit, period: period.key };
});
afterAll(() => ctx.close());

/** The cells of a CSV document (RFC 4180), BOM removed. */
function cells(csv: string): string[] {
  const out: string[] = [];
  const text = csv.replace(/^\uFEFF/, '');
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) {
        cell += text[i] === '"' ? '"' : text[i];
        i += text[i] === '"' ? 2 : 1;
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
    }
    out.push(cell);
    if (text[i] === ',') i++;
    else while (text[i] === '\r' || text[i] === '\n') i++;
  }
  return out;
}

async function exportsOfTheWorld(): Promise<Record<string, string>> {
  const page = await admin.post('/admin/survey/codes', { period: world.period, unit: world.unit.key, count: '2' });
  const batch = /\/admin\/survey\/batches\/([0-9a-f]+)\/csv/.exec(page.text)![1];
  const codes = [...page.text.matchAll(/<span class="slip-code">([^<]+)<\/span>/g)].map((m) => m[1]);
  return {
    codes: (await admin.post(`/admin/survey/batches/${batch}/csv`, { codes: codes.join(' ') })).text,
    measures: (await admin.get('/committee/exports/measures.csv')).text,
    results: (await admin.get(`/committee/exports/${world.period}/${world.unit.key}/results.csv`)).text,
    reports: (await admin.get(`/committee/exports/${world.period}/report-statistics.csv`)).text,
  };
}

test('no cell of any CSV export starts with a character a spreadsheet would run as a formula', async () => {
  const exports = await exportsOfTheWorld();
  expect(exports.codes).toContain('HYPERLINK');
  expect(exports.measures).toContain('cmd|calc');
  for (const [name, csv] of Object.entries(exports)) {
    for (const cell of cells(csv)) {
      expect({ name, cell, dangerous: /^[=+\-@\t\r]/.test(cell) }).toEqual({ name, cell, dangerous: false });
    }
  }
  expect(cells(exports.codes)).toContain(`'${FORMULAS[0]}`);
});

test('a body of another content type is refused with 415 and a translated page, never a 500 or a stack trace', async () => {
  const before = ctx.logLines.length;
  const posts: Array<[string, request.Test]> = [
    ['json login', request(ctx.app).post('/login').set('Content-Type', 'application/json').send('{"email":"a@b.c","password":"x"}')],
    ['xml survey', request(ctx.app).post('/survey/start').set('Content-Type', 'application/xml').send('<code>x</code>')],
    ['text report', request(ctx.app).post('/report').set('Content-Type', 'text/plain').send('unit=x')],
    ['json committee', request(ctx.app).post('/committee/reports/1/notes').set('Cookie', admin.cookie).set('Content-Type', 'application/json').send(`{"_csrf":"${admin.csrf}","note":"x"}`)],
  ];
  for (const [label, req] of posts) {
    const res = await req;
    expect({ label, status: res.status }).toEqual({ label, status: 415 });
    expect(res.text).toContain('<html');
    expect(res.text).not.toMatch(/at \w+ \(|TypeError/);
  }
  // No body at all, or a form where none is expected: the form's own answer, not a crash.
  expect((await request(ctx.app).post('/login')).status).toBe(400);
  expect((await request(ctx.app).post('/login').field('email', 'a@b.c')).status).toBeLessThan(500);
  expect(ctx.logLines.slice(before).join('\n')).not.toMatch(/request failed|TypeError|"stack"/);
});

test('every committee page, export and refusal tells caches not to store it', async () => {
  const gets = routeTable(ctx.deps).filter((r) => r.access !== 'public' && r.method === 'get');
  for (const route of gets) {
    const url = route.path.replace(/:(\w+)/g, (_m, name: string) => ({ unit: world.unit.key, period: world.period, post: 'formula-post' })[name] ?? '1');
    const res = await admin.get(url);
    expect({ url, cache: res.headers['cache-control'] }).toEqual({ url, cache: expect.stringContaining('no-store') });
  }
  expect((await request(ctx.app).get('/login')).headers['cache-control']).toContain('no-store');
});
