import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createPost, createUnit, createUser, signIn } from '../helpers/factories';
import {
  addRelease, createFinding, createPeriod, createQuestionnaire, createReport, setAggregate, setRespondents, TEST_ITEMS,
} from '../helpers/risk-factories';

// One unit, three posts, period 2026 (2026-01-01 … 2026-12-31), default parameters k = 5, m = 4, weights (.3,.3,.25,.15).
// Every expected figure below is computed by hand from DESIGN.md §3; the arithmetic is in the comments.

let ctx: TestContext;
let unit: { id: number; key: string; name: string };
let chief: { id: number; key: string; title: string };
let dep: { id: number; key: string; title: string };
let sparse: { id: number; key: string; title: string };
const PERIOD = 'y2026';
const rep: Record<string, number> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  const q = await createQuestionnaire(db, [...TEST_ITEMS]);
  const periodId = await createPeriod(db, { key: PERIOD, name: '2026年度', startsOn: '2026-01-01', endsOn: '2026-12-31', questionnaireId: q.id });
  unit = await createUnit(db, { key: 'north', name: '北区局' });
  // E = Σℓ / (5·5) with all ω = 1: chief 5+5+4+3+3 = 20 → 0.8; dep 3+2+2+1+1 = 9 → 0.36; sparse 2·5 = 10 → 0.4
  chief = await createPost(db, unit.id, { key: 'chief', title: '局长', power: { decision: 5, personnel: 5, finance: 4, procurement: 3, enforcement: 3 } });
  dep = await createPost(db, unit.id, { key: 'dep', title: '副局长（分管财务）', power: { decision: 3, personnel: 2, finance: 2, procurement: 1, enforcement: 1 } });
  sparse = await createPost(db, unit.id, { key: 'sparse', title: '政委', power: { decision: 2, personnel: 2, finance: 2, procurement: 2, enforcement: 2 } });
  const agg = (postId: number, item: string, counts: [number, number, number, number, number], na = 0) =>
    setAggregate(db, { periodId, unitId: unit.id, postId, itemId: q.items[item], counts, na });
  // N_u = 5 + 5 = 10 released responses (≥ k, so the priors are pooled means)
  await addRelease(db, periodId, unit.id, 5, '2026-02-01');
  await addRelease(db, periodId, unit.id, 5, '2026-03-01');
  // chief, N = 10
  await setRespondents(db, periodId, unit.id, chief.id, 10);
  await agg(chief.id, 'opp1', [0, 0, 0, 4, 6]); // + : 4·0.75 + 6·1 = 9, n 10
  await agg(chief.id, 'opp2', [2, 0, 0, 0, 2], 6); // − : 2·1 + 2·0 = 2, n 4 (6 na ignored) → opportunity n 14, Σx 11
  await agg(chief.id, 'pre1', [0, 0, 10, 0, 0]); // + : 10·0.5 = 5, n 10
  await agg(chief.id, 'rat1', [10, 0, 0, 0, 0]); // + : 0, n 10
  await agg(chief.id, 'rul1', [10, 0, 0, 0, 0]); // − : 10·1 = 10, n 10
  await agg(chief.id, 'sup1', [0, 0, 10, 0, 0]); // − : 5, n 10
  await agg(chief.id, 'cos1', [0, 0, 0, 0, 10]); // − : 0, n 10
  // dep, N = 8
  await setRespondents(db, periodId, unit.id, dep.id, 8);
  await agg(dep.id, 'opp1', [8, 0, 0, 0, 0]); // 0, n 8
  await agg(dep.id, 'pre1', [0, 0, 0, 0, 8]); // 8, n 8
  await agg(dep.id, 'rat1', [0, 0, 8, 0, 0]); // 4, n 8
  await agg(dep.id, 'rul1', [0, 0, 0, 0, 8]); // − : 0, n 8
  await agg(dep.id, 'sup1', [0, 8, 0, 0, 0]); // − : 8·0.75 = 6, n 8
  await agg(dep.id, 'cos1', [0, 0, 0, 8, 0]); // − : 8·0.25 = 2, n 8
  // sparse, N = 3 < k: flagged, every x̃ is the prior
  await setRespondents(db, periodId, unit.id, sparse.id, 3);
  await agg(sparse.id, 'opp1', [0, 0, 0, 0, 3]); // 3, n 3

  // Reports (by received_on within the period): chief new .5 + substantiated 1 + closed/partly .75 + unfounded 0 = 2.25;
  // one from 2025-12-31 is outside the period. dep: under_review .5. sparse: withdrawn 0 + acknowledged .5 = .5.
  rep.chiefNew = await createReport(db, { unitId: unit.id, postId: chief.id, status: 'new', receivedOn: '2026-01-01' });
  rep.chiefSub = await createReport(db, { unitId: unit.id, postId: chief.id, status: 'substantiated', receivedOn: '2026-04-10' });
  rep.chiefClosed = await createReport(db, { unitId: unit.id, postId: chief.id, status: 'closed', closedWith: 'partly_substantiated', receivedOn: '2026-05-10' });
  rep.chiefUnfounded = await createReport(db, { unitId: unit.id, postId: chief.id, status: 'unfounded', receivedOn: '2026-12-31' });
  rep.chiefOld = await createReport(db, { unitId: unit.id, postId: chief.id, status: 'substantiated', receivedOn: '2025-12-31' });
  rep.dep = await createReport(db, { unitId: unit.id, postId: dep.id, status: 'under_review', receivedOn: '2026-06-01' });
  rep.sparseW = await createReport(db, { unitId: unit.id, postId: sparse.id, status: 'withdrawn', receivedOn: '2026-06-01' });
  rep.sparseA = await createReport(db, { unitId: unit.id, postId: sparse.id, status: 'acknowledged', receivedOn: '2026-06-02' });
  // Findings (by found_on within the period): chief 2 + 3 = 5 (one of 2027 is outside); sparse 3.
  await createFinding(db, { postId: chief.id, severity: 2, foundOn: '2026-03-01' });
  await createFinding(db, { postId: chief.id, severity: 3, foundOn: '2026-06-30', source: 'patrol' });
  await createFinding(db, { postId: chief.id, severity: 3, foundOn: '2027-01-02' });
  await createFinding(db, { postId: sparse.id, severity: 3, foundOn: '2026-09-09', source: 'case' });
});
afterAll(() => ctx.close());

// Priors π over all posts of the unit (N_u = 10 ≥ 5):
const pi = {
  opportunity: (11 + 0 + 3) / (14 + 8 + 3), // 14/25 = 0.56
  pressure: (5 + 8) / (10 + 8), // 13/18
  rationalization: (0 + 4) / 18, // 4/18
  rules: (10 + 0) / 18,
  supervision: (5 + 6) / 18,
  cost: (0 + 2) / 18,
};
const m = 4;
const shrink = (sum: number, n: number, prior: number) => (sum + m * prior) / (n + m); // x̃ = (n·x̄ + m·π)/(n + m)

function expected() {
  // chief: x̃_opp = (11 + 4·0.56)/18 ≈ 0.7356, pre = (5 + 4·13/18)/14 ≈ 0.5635, rat = (0 + 4·4/18)/14 ≈ 0.0635,
  // rul = (10 + 4·10/18)/14 ≈ 0.8730, sup = (5 + 4·11/18)/14 ≈ 0.5317, cost = (0 + 4·2/18)/14 ≈ 0.0317
  const c = {
    opportunity: shrink(11, 14, pi.opportunity), pressure: shrink(5, 10, pi.pressure), rationalization: shrink(0, 10, pi.rationalization),
    rules: shrink(10, 10, pi.rules), supervision: shrink(5, 10, pi.supervision), cost: shrink(0, 10, pi.cost),
  };
  const cM = (c.opportunity + c.pressure + c.rationalization) / 3; // ≈ 0.4542
  const cC = (c.rules + c.supervision + c.cost) / 3; // ≈ 0.4788
  const cS = 1 - Math.exp(-2.25 / 2); // W = 2.25 → ≈ 0.6753
  const cF = 1 - Math.exp(-5 / 3); // ≈ 0.8111
  const cL = 0.3 * cM + 0.3 * cC + 0.25 * cS + 0.15 * cF; // ≈ 0.5704
  const cR = 100 * Math.sqrt(0.8 * cL); // ≈ 67.55 → high
  // dep: opp (0 + 2.24)/12, pre (8 + 4·13/18)/12, rat (4 + 4·4/18)/12, rul (0 + 4·10/18)/12, sup (6 + 4·11/18)/12, cost (2 + 4·2/18)/12
  const d = {
    opportunity: shrink(0, 8, pi.opportunity), pressure: shrink(8, 8, pi.pressure), rationalization: shrink(4, 8, pi.rationalization),
    rules: shrink(0, 8, pi.rules), supervision: shrink(6, 8, pi.supervision), cost: shrink(2, 8, pi.cost),
  };
  const dM = (d.opportunity + d.pressure + d.rationalization) / 3; // ≈ 0.5005
  const dC = (d.rules + d.supervision + d.cost) / 3; // ≈ 0.3642
  const dS = 1 - Math.exp(-0.5 / 2); // ≈ 0.2212
  const dL = 0.3 * dM + 0.3 * dC + 0.25 * dS + 0; // F = 0 → ≈ 0.3147
  const dR = 100 * Math.sqrt(0.36 * dL); // ≈ 33.66 → low
  // sparse (N = 3 < 5): x̃ = π for every dimension
  const sM = (pi.opportunity + pi.pressure + pi.rationalization) / 3; // (0.56 + 0.7222 + 0.2222)/3 ≈ 0.5015
  const sC = (pi.rules + pi.supervision + pi.cost) / 3; // ≈ 0.4259
  const sS = 1 - Math.exp(-0.5 / 2);
  const sF = 1 - Math.exp(-3 / 3); // ≈ 0.6321
  const sL = 0.3 * sM + 0.3 * sC + 0.25 * sS + 0.15 * sF; // ≈ 0.4283
  const sR = 100 * Math.sqrt(0.4 * sL); // ≈ 41.39 → medium
  return {
    chief: { E: 0.8, M: cM, C: cC, S: cS, F: cF, L: cL, R: cR, level: 'high', N: 10, dims: c },
    dep: { E: 0.36, M: dM, C: dC, S: dS, F: 0, L: dL, R: dR, level: 'low', N: 8, dims: d },
    sparse: { E: 0.4, M: sM, C: sC, S: sS, F: sF, L: sL, R: sR, level: 'medium', N: 3, dims: pi },
  };
}

const cli = (argv: string[]) => runCli(ctx.deps, argv);

test('cli results --json gives every figure of DESIGN.md §3, one row per post, with the §8 names', async () => {
  const res = await cli(['results', '--period', PERIOD, '--unit', 'north', '--json']);
  expect(res.code).toBe(0);
  const { results } = JSON.parse(res.out);
  expect(results).toHaveLength(3);
  const exp = expected();
  for (const row of results) {
    expect(Object.keys(row).sort()).toEqual(['C', 'E', 'F', 'L', 'M', 'N', 'R', 'S', 'decided_level', 'dims', 'flags', 'level', 'post', 'unit']);
    expect(row.unit).toBe('north');
    const e = exp[row.post as keyof typeof exp];
    for (const f of ['E', 'M', 'C', 'S', 'F', 'L', 'R'] as const) expect(row[f]).toBeCloseTo(e[f], 9);
    expect(row.level).toBe(e.level);
    expect(row.N).toBe(e.N);
    for (const [dim, score] of Object.entries(e.dims)) expect(row.dims[dim].score).toBeCloseTo(score, 9);
  }
  const byPost = Object.fromEntries(results.map((r: { post: string }) => [r.post, r]));
  expect(byPost.chief.dims.opportunity).toEqual({ n: 14, mean: 11 / 14, score: expect.any(Number) });
  expect(byPost.chief.dims.pressure.mean).toBe(0.5);
  expect(byPost.chief.flags).toEqual([]);
  // N_p < k: flagged, and no raw mean is shown for the group below k
  expect(byPost.sparse.flags).toEqual(['insufficient_survey_data']);
  expect(byPost.sparse.dims.opportunity).toEqual({ n: 3, mean: null, score: 0.56 });
});

test('the results page shows each post with E…L, R to one decimal and the level in words, sortable by column', async () => {
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const res = await s.get(`/committee/results/${PERIOD}/north`).set('Accept-Language', 'en');
  expect(res.status).toBe(200);
  const exp = expected();
  const rowOf = (title: string) => res.text.slice(res.text.indexOf(`>${title}</a>`)).split('</tr>')[0];
  for (const [title, e] of [['局长', exp.chief], ['副局长（分管财务）', exp.dep], ['政委', exp.sparse]] as const) {
    const row = rowOf(title);
    for (const f of ['E', 'M', 'C', 'S', 'F', 'L'] as const) expect(row).toContain(`>${e[f].toFixed(2)}</td>`);
    expect(row).toContain(`<strong>${e.R.toFixed(1)}</strong>`);
    expect(row).toContain(`level-${e.level}`);
  }
  expect(rowOf('局长')).toContain('>67.6<'); // 100·√(0.8 · 0.5704) = 67.55
  expect(rowOf('局长')).toContain('High (level 1)');
  expect(rowOf('政委')).toContain('Fewer than 5 responses: unit prior used');
  // default order: R descending (chief 67.6, sparse 41.4, dep 33.7); ?sort=R&dir=asc reverses it
  const order = (html: string) => ['局长', '政委', '副局长（分管财务）'].map((t) => html.indexOf(`>${t}</a>`));
  const [a, b, c] = order(res.text);
  expect(a < b && b < c).toBe(true);
  const asc = await s.get(`/committee/results/${PERIOD}/north?sort=R&dir=asc`);
  const [a2, b2, c2] = order(asc.text);
  expect(c2 < b2 && b2 < a2).toBe(true);
  expect(asc.text).toMatch(/aria-sort="ascending"/);
  const byTitle = await s.get(`/committee/results/${PERIOD}/north?sort=E&dir=desc`);
  const [a3, b3, c3] = order(byTitle.text); // E: chief .8 > sparse .4 > dep .36
  expect(a3 < b3 && b3 < c3).toBe(true);
  // the heat map is an accessible SVG with the same numbers in a table; the level distribution in words too
  expect(res.text).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="risk-heatmap-title risk-heatmap-desc"/);
  expect(res.text).toContain(`>${exp.chief.dims.opportunity.toFixed(2)}</td>`);
  expect(res.text).toContain('High: 1, medium: 1, low: 1.');
});

test('the post page explains every figure: E from the power profile, each x̃ with n, M, C, the reports and findings, L, R', async () => {
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const res = await s.get(`/committee/results/${PERIOD}/north/chief`).set('Accept-Language', 'en');
  expect(res.status).toBe(200);
  const e = expected().chief;
  const text = res.text.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
  expect(text).toContain('E = Σω·ℓ ÷ (5 × Σω) = 20 ÷ (5 × 5) = 0.800');
  expect(text).toContain(`>${e.dims.opportunity.toFixed(3)}</td>`); // x̃_opportunity ≈ 0.736
  expect(text).toContain('>14</td>'); // n of opportunity
  expect(text).toContain(`= ${e.M.toFixed(3)}`);
  expect(text).toContain(`= ${e.C.toFixed(3)}`);
  expect(text).toContain(`W = 2.25, S = 1 − exp(−W ÷ 2) = ${e.S.toFixed(3)}`);
  for (const id of [rep.chiefNew, rep.chiefSub, rep.chiefClosed, rep.chiefUnfounded]) expect(text).toContain(`>#${id}</a>`);
  expect(text).not.toContain(`>#${rep.chiefOld}</a>`); // received before the period
  expect(text).toContain('Closed (Partly substantiated)');
  expect(text).toContain(`Total severity 5, F = 1 − exp(−total ÷ 3) = ${e.F.toFixed(3)}`);
  expect(text).toContain(`>${(0.25 * e.S).toFixed(3)}</td>`); // w_S·S
  expect(text).toContain(`>${(0.15 * e.F).toFixed(3)}</td>`); // w_F·F
  expect(text).toContain(`R = 100 × √(E × L) = 100 × √(0.800 × ${e.L.toFixed(3)}) = ${e.R.toFixed(1)}`);
  // top contributor: rules (0.3·0.873/3 is the largest w·x̃/3) and its typical measure
  expect(text).toContain('“Rules”');
  expect(text).toContain('Define standards for the use of discretion');
  expect(text).toContain(`/committee/measures?post=${chief.id}`);
  expect(text).toMatch(/id="risk-trend"/);
});

test('a post with fewer than k responses says the unit prior is used, with the prior', async () => {
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const res = await s.get(`/committee/results/${PERIOD}/north/sparse`).set('Accept-Language', 'en');
  expect(res.text).toContain('Fewer than 5 responses: unit prior used (0.560)');
  const zh = await s.get(`/committee/results/${PERIOD}/north/sparse`).set('Accept-Language', 'zh-CN');
  expect(zh.text).toContain('答卷不足5份：使用单位先验值 0.560');
});

test('a reviewer who holds a post never sees its result, which counts the reports about it, in any page or count', async () => {
  const holder = await createUser(ctx.deps.db, { unitIds: [unit.id], heldPostIds: [chief.id] });
  const s = await signIn(ctx.app, ctx.deps.db, holder);
  expect((await s.get(`/committee/results/${PERIOD}/north/chief`)).status).toBe(404);
  const table = await s.get(`/committee/results/${PERIOD}/north`).set('Accept-Language', 'en');
  expect(table.status).toBe(200);
  expect(table.text).not.toContain(`/committee/results/${PERIOD}/north/chief"`);
  expect(table.text).toContain('1 post(s) you hold are not shown here');
  expect(table.text).toContain(`/committee/results/${PERIOD}/north/dep"`);
  const dashboard = await s.get(`/committee?period=${PERIOD}`);
  expect(dashboard.text).not.toContain(`/north/chief"`);
  const other = await s.get(`/committee/results/${PERIOD}/north/dep`);
  expect(other.text).toContain(`>#${rep.dep}</a>`);
});

test('a reviewer who recused themselves from a report does not see it listed', async () => {
  const reviewer = await createUser(ctx.deps.db, { unitIds: [unit.id] });
  await ctx.deps.db('report_recusals').insert({ report_id: rep.chiefSub, user_id: reviewer.id, created_on: new Date().toISOString().slice(0, 10) });
  const s = await signIn(ctx.app, ctx.deps.db, reviewer);
  const res = await s.get(`/committee/results/${PERIOD}/north/chief`);
  expect(res.text).not.toContain(`/committee/reports/${rep.chiefSub}"`);
  expect(res.text).toContain(`/committee/reports/${rep.chiefNew}"`);
});

test('a reviewer scoped to another unit gets 404 on every results URL of this unit', async () => {
  const south = await createUnit(ctx.deps.db, { key: 'south', name: '南区局' });
  const reviewer = await createUser(ctx.deps.db, { unitIds: [south.id] });
  const s = await signIn(ctx.app, ctx.deps.db, reviewer);
  for (const url of [
    `/committee/results/${PERIOD}/north`, `/committee/results/${PERIOD}/north?sort=E&dir=asc`, `/committee/results/${PERIOD}/north/chief`,
    `/committee/results/${PERIOD}/north/no-such-post`, `/committee/results/compare?a=${PERIOD}&b=${PERIOD}&unit=north`,
  ]) {
    expect([url, (await s.get(url)).status]).toEqual([url, 404]);
  }
  expect((await s.get(`/committee/results/${PERIOD}/no-such-unit`)).status).toBe(404);
  const dash = await s.get('/committee');
  expect(dash.status).toBe(200);
  expect(dash.text).not.toContain('北区局');
  expect(dash.text).toContain('南区局');
  const index = await s.get('/committee/results');
  expect(index.text).not.toContain('/north');
});

test('the dashboard counts levels per unit, lists the top posts and flags overdue measure reviews', async () => {
  const db = ctx.deps.db;
  await db('measures').insert({ post_id: dep.id, dimensions: 'rules', description: '细化裁量基准', owner: '办公室', status: 'in_progress', next_review_on: '2020-01-01', created_at: Date.now(), updated_at: Date.now() });
  const reviewer = await createUser(db, { unitIds: [unit.id] });
  const s = await signIn(ctx.app, db, reviewer);
  const res = await s.get('/committee').set('Accept-Language', 'en');
  expect(res.status).toBe(200);
  const unitRow = res.text.slice(res.text.indexOf('>北区局</a>')).split('</tr>')[0];
  expect(unitRow.match(/<td class="num">(\d+)<\/td>/g)).toEqual(['<td class="num">1</td>', '<td class="num">1</td>', '<td class="num">1</td>', '<td class="num">1</td>']);
  expect(res.text.indexOf('>局长</a>')).toBeLessThan(res.text.indexOf('>政委</a>'));
  expect(res.text).toContain('2020-01-01 <strong class="overdue-flag">Overdue</strong>');
});

test('pictures are well-formed and escape a post titled <script>', async () => {
  const { assertWellFormedSvg } = await import('../helpers/svg-wellformed');
  const db = ctx.deps.db;
  const evilUnit = await createUnit(db, { key: 'evil', name: '测试局' });
  await createPost(db, evilUnit.id, { key: 'x', title: '<script>alert(1)</script>' });
  const admin = await createUser(db, { role: 'admin' });
  const s = await signIn(ctx.app, db, admin);
  for (const url of [`/committee/results/${PERIOD}/evil`, `/committee/results/${PERIOD}/evil/x`]) {
    const res = await s.get(url);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert');
    const svgs = res.text.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(0);
    svgs.forEach(assertWellFormedSvg);
  }
});

test('two periods of a unit can be compared side by side', async () => {
  const db = ctx.deps.db;
  await createPeriod(db, { key: 'y2027', name: '2027年度', startsOn: '2027-01-01', endsOn: '2027-12-31' });
  const admin = await createUser(db, { role: 'admin' });
  const s = await signIn(ctx.app, db, admin);
  const res = await s.get(`/committee/results/compare?a=${PERIOD}&b=y2027&unit=north`).set('Accept-Language', 'en');
  expect(res.status).toBe(200);
  expect(res.text).toContain('北区局: 2026年度 compared with 2027年度');
  const row = res.text.slice(res.text.indexOf('>局长</th>')).split('</tr>')[0];
  expect(row).toContain(`>${expected().chief.R.toFixed(1)}</td>`);
  expect((await s.get('/committee/results/compare')).status).toBe(200);
});
