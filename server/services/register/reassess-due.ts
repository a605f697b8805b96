import type { Knex } from 'knex';
import type { Principal } from '../../domain/principal';
import { registerAccess } from '../../domain/register/register-access';
import type { ReassessTrigger } from '../../domain/register/vocabulary';
import { openReassessments } from './reassess';
import { phaseOf, workingPeriod } from './register-context';

// The dashboard's "re-assessment due" list (动态调整): posts flagged and not yet decided again, in the viewer's units,
// never a post the viewer holds (a flag says a report was substantiated or a serious finding was made).

export interface ReassessDue { unitKey: string; unitName: string; postKey: string; title: string; triggers: ReassessTrigger[]; raisedOn: string; decideHref: string | null }

export async function reassessDue(db: Knex, principal: Principal): Promise<ReassessDue[]> {
  const flags = await openReassessments(db);
  if (flags.size === 0) return [];
  const period = await workingPeriod(db);
  const rows = await db('posts as p').join('units as u', 'u.id', 'p.unit_id').whereIn('p.id', [...flags.keys()]).whereNull('p.archived_at')
    .orderBy(['u.key', 'p.sort_order']).select('p.id', 'p.key', 'p.title', 'u.id as unit_id', 'u.key as unit_key', 'u.name as unit_name');
  const out: ReassessDue[] = [];
  for (const r of rows) {
    const phase = await phaseOf(db, period, Number(r.unit_id));
    if (!registerAccess(principal, { unitId: Number(r.unit_id), postId: Number(r.id), holdsPostInUnit: true }, phase).readEvidence) continue;
    const flag = flags.get(Number(r.id))!;
    const decideHref = period?.state === 'open' ? `/committee/register/${encodeURIComponent(period.key)}/${encodeURIComponent(r.unit_key)}/decisions/${encodeURIComponent(r.key)}` : null;
    out.push({ unitKey: r.unit_key, unitName: r.unit_name, postKey: r.key, title: r.title, triggers: flag.triggers, raisedOn: flag.raisedOn, decideHref });
  }
  return out;
}
