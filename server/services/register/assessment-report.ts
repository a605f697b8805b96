import type { Knex } from 'knex';
import { DIMENSIONS, LEVELS, type Dimension, type RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { isOverride } from '../../domain/register/decision-rules';
import { registerAccess } from '../../domain/register/register-access';
import type { RegisterRiskPoint } from '../../domain/register/register-file';
import { levelRank, type Step } from '../../domain/register/vocabulary';
import { INSUFFICIENT_SURVEY_DATA } from '../../domain/risk-model';
import { NotFound } from '../../errors';
import { actorOf, recordAudit } from '../ops/audit';
import { listMeasures, type MeasureView } from '../risk/measures';
import { resultPeriods } from '../risk/risk-lookup';
import { unitResults, withoutHeldPosts } from '../risk/risk-results';
import { registerMarks } from './decided-levels';
import { procedureStatus } from './procedure';
import { registerPeriod, unitContext, type PeriodRef } from './register-context';
import { buildRegister } from './register-data';

// The assessment report a committee takes to its meeting (DESIGN.md §2, §3, §9): summary, level distribution, heat
// map and trend, posts sorted by level with their risk points and measures, decided against computed levels with the
// reasons, overdue measures. One model for the print page and the PDF. Posts the viewer holds are left out.

export interface ReportPost {
  key: string; title: string; chief: boolean; E: number; M: number; C: number; S: number; F: number; L: number; R: number; N: number;
  computed: RiskLevel; decided: RiskLevel | null; reason: string | null; insufficient: boolean; reassess: boolean;
  dims: Record<Dimension, number>; points: Array<RegisterRiskPoint & { overdue: number }>;
}
export type LevelCounts = Record<RiskLevel, number>;
export interface AssessmentReport {
  period: PeriodRef; unit: { id: number; key: string; name: string }; generatedOn: string; thresholds: { high: number; medium: number }; k: number;
  responses: number; withheld: number; steps: Array<{ step: Step; state: string; doneOn: string | null }>;
  summary: { posts: number; riskPoints: number; decided: number; overrides: number; reassess: number; overdue: number; highShare: number };
  distribution: { computed: LevelCounts; decided: LevelCounts };
  posts: ReportPost[];
  trend: Array<{ period: string; meanR: number; counts: LevelCounts }>;
  measures: MeasureView[];
  overdue: MeasureView[];
}

const counts = (levels: Array<RiskLevel | null>): LevelCounts => Object.fromEntries(LEVELS.map((l) => [l, levels.filter((x) => x === l).length])) as LevelCounts;

/** The effective level for ordering: the decided one, else the computed one; then the score. */
function byLevel(a: ReportPost, b: ReportPost): number {
  return levelRank(a.decided ?? a.computed) - levelRank(b.decided ?? b.computed) || b.R - a.R || Number(b.chief) - Number(a.chief);
}

export async function assessmentReport(db: Knex, principal: Principal, now: number, periodKey: string, unitKey: string, today: string): Promise<AssessmentReport> {
  const period = await registerPeriod(db, periodKey);
  const { unit, phase, access } = await unitContext(db, principal, unitKey, period);
  if (!access.readEvidence) throw new NotFound();
  const [results, marks, entries, status] = await Promise.all([
    unitResults(db, period.id, unit.id).then((r) => withoutHeldPosts(r, principal)), registerMarks(db, period, unit), buildRegister(db, period.id, [unit]), procedureStatus(db, period, unit),
  ]);
  const chiefs = new Set((await db('posts').where({ unit_id: unit.id, chief: true }).pluck('key')) as string[]);
  const allMeasures = await listMeasures(db, principal, { unitKey: unit.key, periodId: period.id }, today);
  const visible = results.posts.filter((p) => registerAccess(principal, { unitId: unit.id, postId: p.post.id, holdsPostInUnit: true }, phase).readEvidence);
  const keys = new Set(visible.map((p) => p.postKey));
  const measures = allMeasures.filter((m) => keys.has(m.postKey));
  const posts: ReportPost[] = visible.map((p) => {
    const entry = entries.find((e) => e.post === p.postKey);
    const overdueOf = (what: string) => measures.filter((m) => m.postKey === p.postKey && m.description === what && m.overdue).length;
    return {
      key: p.postKey, title: p.post.title, chief: chiefs.has(p.postKey), E: p.E, M: p.M, C: p.C, S: p.S, F: p.F, L: p.L, R: p.R, N: p.N,
      computed: p.level, decided: marks.decided.get(p.postKey) ?? null, reason: marks.reasons.get(p.postKey) ?? null,
      insufficient: p.flags.includes(INSUFFICIENT_SURVEY_DATA), reassess: marks.reassess.has(p.postKey),
      dims: Object.fromEntries(DIMENSIONS.map((d) => [d, p.dims[d].score])) as Record<Dimension, number>,
      points: (entry?.risk_points ?? []).map((rp) => ({ ...rp, overdue: rp.measures.reduce((n, m) => n + overdueOf(m.what), 0) })),
    };
  }).sort(byLevel);
  const trend = [];
  for (const past of (await resultPeriods(db)).filter((x) => x.startsOn <= period.startsOn).reverse()) {
    const r = withoutHeldPosts(await unitResults(db, past.id, unit.id), principal);
    const seen = r.posts.filter((p) => keys.has(p.postKey));
    if (seen.length) trend.push({ period: past.name, meanR: seen.reduce((a, p) => a + p.R, 0) / seen.length, counts: counts(seen.map((p) => p.level)) });
  }
  const overdue = measures.filter((m) => m.overdue);
  const decided = counts(posts.map((p) => p.decided));
  await recordAudit(db, now, { ...actorOf(principal), action: 'export.print_report', objectType: 'unit', objectId: unit.id, details: { period: period.key, unit: unit.key } });
  return {
    period, unit, generatedOn: today, thresholds: { ...results.params.thresholds }, k: results.params.k, responses: results.responses, withheld: (results.withheld ?? 0) + results.posts.length - posts.length,
    steps: status.steps.map((s) => ({ step: s.step, state: s.state, doneOn: s.record?.doneOn ?? null })),
    summary: {
      posts: posts.length, riskPoints: posts.reduce((n, p) => n + p.points.length, 0), decided: posts.filter((p) => p.decided).length,
      overrides: posts.filter((p) => isOverride(p.computed, p.decided)).length, reassess: posts.filter((p) => p.reassess).length, overdue: overdue.length,
      highShare: posts.length ? posts.filter((p) => (p.decided ?? p.computed) === 'high').length / posts.length : 0,
    },
    distribution: { computed: counts(posts.map((p) => p.computed)), decided },
    posts, trend, measures, overdue,
  };
}

