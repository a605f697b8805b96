import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { registerAccess } from '../../domain/register/register-access';
import { NotFound } from '../../errors';
import { unitResults, withoutHeldPosts } from '../risk/risk-results';
import { registerMarks } from './decided-levels';
import { registerPeriod, unitContext, type PeriodRef, type UnitContext } from './register-context';
import { riskPointRows } from './register-data';

// The leadership team of a unit (领导班子, the article's "关键少数"): its posts side by side, the chief (主官) first and
// marked, each with its level (decided, else computed), score and risk points, and the share of level-1 posts.

export interface TeamMember { key: string; title: string; portfolio: string; chief: boolean; level: RiskLevel; decided: boolean; computed: RiskLevel; R: number; points: number; reassess: boolean }
export interface TeamView { ctx: UnitContext; period: PeriodRef; members: TeamMember[]; hidden: number; high: number; highShare: number }

export async function teamView(db: Knex, principal: Principal, periodKey: string, unitKey: string): Promise<TeamView> {
  const period = await registerPeriod(db, periodKey);
  const ctx = await unitContext(db, principal, unitKey, period);
  if (!ctx.access.read) throw new NotFound();
  const [results, marks, posts] = await Promise.all([
    unitResults(db, period.id, ctx.unit.id).then((r) => withoutHeldPosts(r, principal)), registerMarks(db, period, ctx.unit),
    db('posts').where({ unit_id: ctx.unit.id }).select('id', 'key', 'chief', 'portfolio'),
  ]);
  const visible = results.posts.filter((p) => registerAccess(principal, { unitId: ctx.unit.id, postId: p.post.id, holdsPostInUnit: true }, ctx.phase).readEvidence);
  const points = await riskPointRows(db, visible.map((p) => p.post.id));
  const members = visible.map((p) => {
    const row = posts.find((x) => Number(x.id) === p.post.id);
    const decided = marks.decided.get(p.postKey) ?? null;
    return {
      key: p.postKey, title: p.post.title, portfolio: String(row?.portfolio ?? ''), chief: Boolean(row?.chief), level: decided ?? p.level, decided: decided !== null,
      computed: p.level, R: p.R, points: points.filter((rp) => Number(rp.post_id) === p.post.id).length, reassess: marks.reassess.has(p.postKey),
    };
  });
  members.sort((a, b) => Number(b.chief) - Number(a.chief));
  const high = members.filter((m) => m.level === 'high').length;
  return { ctx, period, members, hidden: (results.withheld ?? 0) + results.posts.length - visible.length, high, highShare: members.length ? high / members.length : 0 };
}
