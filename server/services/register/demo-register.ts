import type { Knex } from 'knex';
import { addCalendarDays, dayOf } from '../../domain/deadlines';
import type { RiskLevel } from '../../domain/dimensions';
import { defaultNextReview } from '../../domain/measure-rules';
import { demoRiskPoints } from '../../domain/register/demo-risk-points';
import { STEPS, type Step } from '../../domain/register/vocabulary';
import { unitResults } from '../risk/risk-results';
import { savePostDecision, saveRiskPointLevel } from './decision-store';
import { riskPointRows } from './register-data';
import { DEMO_ACTOR } from '../ops/audit';
import { insertedId } from '../../db/dialect';

// The register of the demonstration organisation (`cli demo`): risk points for every post with linked measures, and
// per period a procedure — all done (with decisions at the computed level), or done up to a step, with one override.

const REVIEWER = 'demo-reviewer@example.org';

/** Risk points (and their measures) for every current post of the units. Returns how many were made. */
export async function createDemoRiskPoints(db: Knex, units: Array<{ id: number }>, now: number): Promise<number> {
  const today = dayOf(now);
  let count = 0;
  for (const unit of units) {
    const posts = await db('posts').where({ unit_id: unit.id }).whereNull('archived_at').select('*');
    for (const post of posts) {
      const power = { decision: post.power_decision, personnel: post.power_personnel, finance: post.power_finance, procurement: post.power_procurement, enforcement: post.power_enforcement };
      for (const [i, rp] of demoRiskPoints(post.key, power).entries()) {
        const [row] = await db('risk_points').insert({
          post_id: post.id, key: `rp-${i + 1}`, power: rp.power, duty: rp.duty, description: rp.description, manifestation: rp.manifestation, dimensions: rp.dimensions.join(','),
          owner: post.title, supervisor: post.key === 'discipline' ? '上级纪委' : '纪委书记', source: 'committee', sort_order: i, created_at: now, updated_at: now,
        }).returning('id');
        const pointId = insertedId(row);
        for (const [j, what] of rp.measures.entries()) {
          await db('measures').insert({
            post_id: post.id, risk_point_id: pointId, period_id: null, dimensions: rp.dimensions.join(','), description: what, owner: j === 0 ? '政治处' : '纪检监察室',
            due_on: addCalendarDays(today, 60 + 30 * j), status: j === 0 ? 'in_progress' : 'planned', next_review_on: defaultNextReview('medium', today), created_at: now, updated_at: now,
          });
        }
        count++;
      }
    }
  }
  return count;
}

export interface DemoProcedure {
  /** Steps done, in order (a prefix of the five). */
  done: number;
  /** Decide every post (at its computed level) and risk point; `override` decides this post one level stricter. */
  decide: boolean;
  override?: { post: string; reason: string };
}

const stricter = (l: RiskLevel): RiskLevel => (l === 'low' ? 'medium' : 'high');
const milder = (l: RiskLevel): RiskLevel => (l === 'high' ? 'medium' : 'low');

/** Runs a unit's procedure of a period as far as asked, through the same decision store as the pages. */
export async function runDemoProcedure(db: Knex, period: { id: number; endsOn: string }, unit: { id: number; key: string }, plan: DemoProcedure, now: number): Promise<void> {
  const lastDay = [dayOf(now), period.endsOn].sort()[0];
  if (plan.decide) {
    const results = await unitResults(db, period.id, unit.id);
    const points = await riskPointRows(db, results.posts.map((p) => p.post.id));
    for (const p of results.posts) {
      const override = plan.override?.post === p.postKey;
      const decided = override ? (p.level === 'high' ? milder(p.level) : stricter(p.level)) : p.level;
      await savePostDecision(db, DEMO_ACTOR, now, { periodId: period.id, post: { id: p.post.id, key: p.postKey, unitKey: unit.key }, computed: p.level, decided, reason: override ? plan.override!.reason : null });
      for (const rp of points.filter((x) => Number(x.post_id) === p.post.id)) await saveRiskPointLevel(db, DEMO_ACTOR, now, period.id, { id: Number(rp.id), key: String(rp.key) }, decided);
    }
  }
  const notes: Partial<Record<Step, string>> = { staff_review: '问卷测评结果和问题线索已汇总', leadership_review: '班子集体审核，同意各岗位风险点和防控措施，建议对分管财务装备的岗位从严评定' };
  for (const [i, step] of STEPS.slice(0, plan.done).entries()) {
    await db('assessment_steps').insert({ period_id: period.id, unit_id: unit.id, step, done_by: null, done_by_label: REVIEWER, done_on: addCalendarDays(lastDay, -7 * (plan.done - i)), note: notes[step] ?? null });
  }
}
