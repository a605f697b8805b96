import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { truncateWal } from '../../db/dialect';
import type { AppDeps } from '../../deps';
import { addCalendarDays, dayOf } from '../../domain/deadlines';
import { DEMO_FINDING_TEXTS, DEMO_PERIODS, DEMO_REPORT_TEXTS, DEMO_UNIT_KEYS, demoOrg, demoTendency } from '../../domain/assess-demo-data';
import { DIMENSIONS, TYPICAL_MEASURE_TEXTS } from '../../domain/dimensions';
import { postItems, unitItems } from '../../domain/item-scope';
import { defaultNextReview } from '../../domain/measure-rules';
import { UNIT_CELL } from '../../domain/released-cells';
import { OPERATOR } from '../auth/access';
import { DEMO_ACTOR, recordAudit } from './audit';
import { resultRows } from '../assess/assess-results';
import { importOrg } from '../org/org';
import { getPeriodParams } from '../risk/period-params';
import { hashPassword } from '../auth/passwords';
import { closePeriod, createPeriod, openPeriod } from '../org/periods';
import { ensureDefaultQuestionnaire, questionnaireForPeriod } from '../survey/questionnaire';
import { holdSubmission, releaseDue, type HeldAnswer } from '../survey/survey-release';
import { createDemoActivity } from './demo-activity';
import { flagReassessment } from '../register/reassess';
import { createDemoRiskPoints, runDemoProcedure, type DemoProcedure } from '../register/demo-register';
import { insertedId } from '../../db/dialect';

// `cli demo` (DESIGN.md §8): a realistic demonstration organisation, built through the same services as real use
// (org import, period lifecycle, release batches, snapshot on close). Refuses when demo data is already there.
export const DEMO_ADMIN_EMAIL = 'demo-admin@example.org';
export const DEMO_REVIEWER_EMAIL = 'demo-reviewer@example.org';
/** The holder of the chief's post of 丙市局 (demo-bing), whose 个人查找 is under way in 2026. */
export const DEMO_HOLDER_EMAIL = 'demo-holder@example.org';

export class DemoExists extends Error {}

export interface DemoSummary {
  ok: true;
  admin: { email: string; password: string };
  reviewer: { email: string; password: string; units: string[] };
  holder: { email: string; password: string; post: string };
  units: number;
  posts: number;
  periods: string[];
  responses: number;
  reports: number;
  findings: number;
  measures: number;
  riskPoints: number;
}

/** 2026: 甲市局 has done the whole procedure (one decision overrides the computed level), 乙市局 half of it, 丙市局 starts. */
const PROCEDURES_2026: Record<string, DemoProcedure> = {
  'demo-jia': { done: 5, decide: true, override: { post: 'deputy-finance', reason: '结合政治巡察反馈和群众评议意见，对分管财务装备的岗位调整评定等级' } },
  'demo-yi': { done: 2, decide: false },
  'demo-bing': { done: 0, decide: false },
};

const rand = (n: number) => crypto.randomInt(n);
const password = () => crypto.randomBytes(12).toString('base64url');

/** An answer 1–5 leaning towards the post's tendency for the item's polarity; about 8 % "don't know". */
function answer(tendency: number, polarity: string): number | null {
  if (rand(100) < 8) return null;
  const riskValue = Math.min(1, Math.max(0, tendency + (rand(41) - 20) / 50)); // tendency ± 0.4
  const a = 1 + Math.round(riskValue * 4);
  return polarity === '+' ? a : 6 - a;
}

/** Survey responses of one unit, held and released under the cell rule as they come in (a few stay held). */
async function loadResponses(db: Knex, periodId: number, unit: { id: number; key: string }, now: number): Promise<number> {
  const { k } = await getPeriodParams(db, periodId);
  const items = (await questionnaireForPeriod(db, periodId)).items.filter((i) => !i.retired);
  const posts = await db('posts').where({ unit_id: unit.id }).select('id', 'key');
  const unitTendency = posts.reduce((sum, p) => sum + demoTendency(unit.key, p.key), 0) / Math.max(1, posts.length);
  const batches = 2 + rand(3);
  let total = 0;
  for (let b = 0; b < batches; b++) {
    const size = k + rand(k + 1);
    await db.transaction(async (trx) => {
      for (let r = 0; r < size; r++) {
        const answers = [
          // Unit items once per response (post_id 0), leaning towards the unit's mean tendency.
          ...unitItems(items).map((i) => ({ postId: UNIT_CELL, itemId: i.id, value: answer(unitTendency, i.polarity) })),
          ...posts.flatMap((p) => postItems(items).map((i) => ({ postId: p.id, itemId: i.id, value: answer(demoTendency(unit.key, p.key), i.polarity) }))),
        ];
        await holdSubmission(trx, periodId, unit.id, null, answers.filter((a): a is HeldAnswer => a.value !== null) as HeldAnswer[]);
        await releaseDue(trx, periodId, unit.id, k, now);
      }
    });
    total += size;
  }
  await truncateWal(db);
  return total;
}

async function createUserRow(db: Knex, now: number, attrs: { email: string; name: string; role: 'admin' | 'reviewer'; allUnits: boolean; unitIds: number[]; postIds?: number[] }): Promise<string> {
  const pw = password();
  await db.transaction(async (trx) => {
    const [row] = await trx('users').insert({ email: attrs.email, name: attrs.name, role: attrs.role, all_units: attrs.allUnits, password_hash: await hashPassword(pw), created_at: now }).returning('id');
    const id = insertedId(row);
    for (const unit_id of attrs.unitIds) await trx('user_units').insert({ user_id: id, unit_id });
    for (const post_id of attrs.postIds ?? []) await trx('user_posts').insert({ user_id: id, post_id });
    await recordAudit(trx, now, { ...DEMO_ACTOR, action: 'user.create', objectType: 'user', objectId: id, details: { email: attrs.email, role: attrs.role, source: 'demo' } });
  });
  return pw;
}

/** Loads the demo data set; throws DemoExists when its units or accounts are already present. */
export async function loadDemo(deps: AppDeps): Promise<DemoSummary> {
  const { db, clock } = deps;
  const now = clock.now();
  const today = dayOf(now);
  const existing = await db('units').whereIn('key', DEMO_UNIT_KEYS).first('id');
  const existingUser = await db('users').whereIn('email', [DEMO_ADMIN_EMAIL, DEMO_REVIEWER_EMAIL, DEMO_HOLDER_EMAIL]).first('id');
  const existingPeriod = await db('periods').whereIn('key', DEMO_PERIODS.map((p) => p.key)).first('id');
  if (existing || existingUser || existingPeriod) throw new DemoExists('demo data already loaded (units demo-*, periods 2025/2026 or demo accounts exist); nothing changed');

  await ensureDefaultQuestionnaire(db, now);
  const org = await importOrg(db, demoOrg(), now);
  const units = await db('units').whereIn('key', DEMO_UNIT_KEYS).orderBy('key').select('id', 'key', 'name');
  const riskPoints = await createDemoRiskPoints(db, units, now);
  let responses = 0;
  const activity = { reports: 0, findings: 0 };
  for (const p of DEMO_PERIODS) {
    const period = await createPeriod(db, now, DEMO_ACTOR, { key: p.key, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn });
    await openPeriod(db, now, DEMO_ACTOR, p.key);
    const lastDay = p.endsOn < today ? p.endsOn : today;
    for (const unit of units) {
      responses += await loadResponses(db, period.id, unit, now);
      const made = await createDemoActivity(db, deps.secrets, { periodId: period.id, startsOn: p.startsOn, lastDay, unit, texts: DEMO_REPORT_TEXTS, findingTexts: DEMO_FINDING_TEXTS, now });
      activity.reports += made.reports;
      activity.findings += made.findings;
    }
    for (const unit of units) {
      await runDemoProcedure(db, { id: period.id, endsOn: p.endsOn }, unit, p.close ? { done: 5, decide: true } : PROCEDURES_2026[unit.key], now);
    }
    if (p.close) await closePeriod(db, now, DEMO_ACTOR, p.key);
  }
  // 动态调整: a serious finding came in after 乙市局's staff review; its post is due for re-assessment.
  const flagged = await db('posts').where({ unit_id: units.find((u) => u.key === 'demo-yi')!.id, key: 'deputy-planning' }).first('id');
  if (flagged) await flagReassessment(db, Number(flagged.id), 'finding', now);
  const measures = await createDemoMeasures(db, today, now);
  const admin = { email: DEMO_ADMIN_EMAIL, password: await createUserRow(db, now, { email: DEMO_ADMIN_EMAIL, name: '演示管理员', role: 'admin', allUnits: true, unitIds: [] }) };
  const reviewerUnit = units.find((u) => u.key === 'demo-jia')!;
  const reviewer = {
    email: DEMO_REVIEWER_EMAIL, units: [reviewerUnit.key],
    password: await createUserRow(db, now, { email: DEMO_REVIEWER_EMAIL, name: '演示审核员（甲市局）', role: 'reviewer', allUnits: false, unitIds: [reviewerUnit.id] }),
  };
  const holderPost = await db('posts').where({ unit_id: units.find((u) => u.key === 'demo-bing')!.id, key: 'chief' }).first('id', 'title');
  const holder = {
    email: DEMO_HOLDER_EMAIL, post: `丙市局 ${holderPost.title}`,
    password: await createUserRow(db, now, { email: DEMO_HOLDER_EMAIL, name: '演示岗位本人（丙市局局长）', role: 'reviewer', allUnits: false, unitIds: [], postIds: [Number(holderPost.id)] }),
  };
  const summary: DemoSummary = {
    ok: true, admin, reviewer, holder, units: units.length, posts: org.postsCreated, periods: DEMO_PERIODS.map((p) => p.key), responses, ...activity, measures, riskPoints,
  };
  const { admin: _a, reviewer: _r, holder: _h, ...counts } = summary;
  await recordAudit(db, now, { ...DEMO_ACTOR, action: 'demo.load', details: counts });
  return summary;
}

/** Measures for the open period's riskier posts: review dates by level, a few already overdue. */
async function createDemoMeasures(db: Knex, today: string, now: number): Promise<number> {
  const open = await db('periods').where({ key: DEMO_PERIODS[DEMO_PERIODS.length - 1].key }).first('id');
  const units = await db('units').whereIn('key', DEMO_UNIT_KEYS).orderBy('key').select('id', 'key');
  let count = 0;
  for (const unit of units) {
    const results = await resultRows(db, open.id, unit.id, OPERATOR);
    for (const [i, r] of results.filter((x) => x.level !== 'low' || rand(2) === 0).entries()) {
      const dims = [DIMENSIONS[rand(3)], DIMENSIONS[3 + rand(3)]];
      const overdue = i % 3 === 0;
      const status = overdue ? 'in_progress' : (['planned', 'in_progress', 'done'] as const)[rand(3)];
      await db('measures').insert({
        post_id: r.postId, period_id: open.id, dimensions: dims.join(','),
        description: dims.map((d) => TYPICAL_MEASURE_TEXTS[d]['zh-CN']).join('；'), owner: ['办公室', '政治处', '纪检监察室', '法制科'][rand(4)],
        due_on: addCalendarDays(today, 30 + rand(150)), status, review_notes: status === 'planned' ? null : '已制定实施方案，正在推进。',
        next_review_on: overdue ? addCalendarDays(today, -(5 + rand(40))) : defaultNextReview(r.level, today),
        created_by: null, created_at: now, updated_at: now,
      });
      count++;
    }
  }
  return count;
}
