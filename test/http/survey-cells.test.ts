import request from 'supertest';
import { toResultRow, unitResults } from '../../server/services/risk/risk-results';
import { activeItems, questionnaireForPeriod } from '../../server/services/survey/questionnaire';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// The three attacks of the released-cells issue, by a committee user with nothing but pages and `results --json`
// (DESIGN.md §4 "Released cells"). Each compares what is published with and without the answers that must stay
// hidden; with the cell rule the two are the same, byte for byte.

let ctx: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

type Pick = (post: number, item: number) => string;

async function submitAll(periodId: number, unitId: number, picks: Pick[]): Promise<void> {
  const codes = await createCodes(ctx.deps, periodId, unitId, picks.length);
  for (let i = 0; i < picks.length; i++) {
    const res = await request(ctx.app).post('/survey/submit').type('form').send({ code: codes[i], ...(await fullAnswers(ctx.deps.db, periodId, unitId, picks[i])) });
    expect(res.status).toBe(303);
  }
}

/** What `results --json` publishes about a unit, without the unit's own key. */
async function published(periodId: number, unit: { id: number; key: string }) {
  const r = await unitResults(ctx.deps.db, periodId, unit.id);
  return { priors: r.priors, responses: r.responses, rows: r.posts.map((p) => ({ ...toResultRow(unit.key, p), unit: '' })) };
}

/** The survey figures page of a unit, with its name and key taken out and the shuffled comments left aside. */
async function surveyPage(period: { key: string }, unit: { key: string; name: string }): Promise<string> {
  const res = await admin.get(`/committee/survey/${period.key}/${unit.key}`);
  expect(res.status).toBe(200);
  return res.text.split(unit.name).join('UNIT').split(unit.key).join('UNIT').replace(/name="_csrf" value="[^"]*"/g, '');
}

const section = (html: string, postKey: string) => {
  const start = html.indexOf(`id="post-h-${postKey}"`);
  return html.slice(start, html.indexOf('</section>', start));
};

async function itemIndex(periodId: number, dimension: string): Promise<number[]> {
  const items = activeItems(await questionnaireForPeriod(ctx.deps.db, periodId));
  return items.flatMap((it, i) => (it.dimension === dimension ? [i] : []));
}

test('attack: differencing through "don\'t know" — one rating of the chief among four "don\'t know" changes nothing shown about the chief', async () => {
  const period = await createPeriod(ctx.deps.db);
  const twins = [];
  for (const rating of ['5', '1']) {
    const unit = await createUnit(ctx.deps.db);
    await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
    await createPost(ctx.deps.db, unit.id, { key: 'deputy', title: '副局长' });
    // Release 1: five full responses.
    await submitAll(period.id, unit.id, [0, 1, 2, 3, 4].map((r) => (p: number, i: number) => String(((r + p + i) % 5) + 1)));
    const before = section(await surveyPage(period, unit), 'chief');
    expect(before).toContain('<svg');

    // Release 2: one person rates the chief throughout, four answer "don't know" for every chief item.
    await submitAll(period.id, unit.id, [
      (p) => (p === 0 ? rating : '2'),
      ...[1, 2, 3, 4].map(() => (p: number) => (p === 0 ? 'na' : '4')),
    ]);
    const page = await surveyPage(period, unit);
    expect(page).toMatch(/<strong id="fig-released">10<\/strong>/); // the unit did move: the deputy's cells and N_u
    expect(section(page, 'chief')).toBe(before);
    twins.push({ page, results: await published(period.id, unit) });
  }
  // Whatever that one person answered about the chief, every published figure is the same.
  expect(twins[0].page).toBe(twins[1].page);
  expect(twins[0].results).toEqual(twins[1].results);
});

test('attack: subtraction through the prior — a post rated by two people cannot be recovered from π and the other posts', async () => {
  const period = await createPeriod(ctx.deps.db);
  const twins = [];
  for (const hidden of ['1', '5']) {
    const unit = await createUnit(ctx.deps.db);
    await createPost(ctx.deps.db, unit.id, { key: 'a' });
    await createPost(ctx.deps.db, unit.id, { key: 'b' });
    // Five rate post a; only two rate post b (with answers that differ between the twins), three say "don't know".
    await submitAll(period.id, unit.id, [0, 1, 2, 3, 4].map((r) => (p: number, i: number) => (p === 0 ? String(((r + i) % 5) + 1) : r < 2 ? hidden : 'na')));
    twins.push(await published(period.id, unit));
  }
  expect(twins[0]).toEqual(twins[1]);
  const b = twins[0].rows.find((r) => r.post === 'b');
  expect(b?.flags).toContain('insufficient_survey_data');
  expect(b?.N).toBe(0);
  // π is the pooled mean of post a's answers alone.
  const a = twins[0].rows.find((r) => r.post === 'a');
  expect(twins[0].priors.opportunity).toBeCloseTo(a?.dims.opportunity.mean as number, 12);
});

test('attack: a hidden item cannot be recovered from its dimension mean minus the shown items', async () => {
  const period = await createPeriod(ctx.deps.db);
  // Two post items of supervision (and one unit item, counted toward the post too).
  const supervision = await itemIndex(period.id, 'supervision');
  const [shownItem, hiddenItem] = supervision;
  const pages: string[] = [];
  const rows = [];
  for (const hidden of ['1', '5']) {
    const unit = await createUnit(ctx.deps.db);
    await createPost(ctx.deps.db, unit.id, { key: 'a' });
    // All five answer every item; the second supervision item gets only three answers (two "don't know").
    await submitAll(period.id, unit.id, [0, 1, 2, 3, 4].map((r) => (_p: number, i: number) => {
      if (i === hiddenItem) return r < 3 ? hidden : 'na';
      return String(((r + i) % 5) + 1);
    }));
    const page = section(await surveyPage(period, unit), 'a');
    expect(page).toContain('少于 5');
    pages.push(page);
    rows.push((await published(period.id, unit)).rows[0]);
  }
  expect(pages[0]).toBe(pages[1]);
  expect(rows[0]).toEqual(rows[1]);
  // The dimension is the shown items' mean alone: n counts only released answers.
  expect(rows[0].dims.supervision.n).toBe(5 * (supervision.length - 1));
  expect(shownItem).toBeDefined();
});

test('no page or export shows a count below k: a post nobody has rated yet reads "fewer than 5"', async () => {
  const unit = await createUnit(ctx.deps.db);
  await createPost(ctx.deps.db, unit.id, { key: 'quiet' });
  const period = await createPeriod(ctx.deps.db);
  await submitAll(period.id, unit.id, [() => '3', () => '4']);
  const results = await admin.get(`/committee/results/${period.key}/${unit.key}`);
  expect(results.status).toBe(200);
  expect(results.text).toContain('少于 5');
  expect(results.text).not.toMatch(/<td class="num">[1-4]<\/td>\s*<\/tr>/);
  const post = await admin.get(`/committee/results/${period.key}/${unit.key}/quiet`);
  expect(post.text).toContain('N = 少于 5');
  const survey = await admin.get(`/committee/survey/${period.key}/${unit.key}`);
  expect(survey.text).toMatch(/<strong id="fig-released">少于 5<\/strong>/);
  expect(survey.text).toMatch(/<strong id="fig-used">少于 5<\/strong>/);
  expect(survey.text).toContain('凑满');
  const overview = await admin.get('/committee/survey');
  const row = overview.text.slice(overview.text.indexOf(unit.name));
  expect(row.slice(0, row.indexOf('</tr>'))).toContain('少于 5');
});
