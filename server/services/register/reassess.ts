import type { Knex } from 'knex';
import { dayOf } from '../../domain/deadlines';
import type { ReassessTrigger } from '../../domain/register/vocabulary';
import { recordAudit, SYSTEM_ACTOR } from '../ops/audit';

// 动态调整 (DESIGN.md §2 Dynamic adjustment): a post flagged "re-assessment due" stays flagged until the committee
// decides its level again (confirms or changes it) in 组织评定. Raised inside the transaction of the change that
// triggers it, so the flag and the change land together.

/** Flags the post (once per trigger while unresolved); audited as reassess.flag. */
export async function flagReassessment(trx: Knex, postId: number, trigger: ReassessTrigger, now: number): Promise<void> {
  const open = await trx('reassessments').where({ post_id: postId, trigger }).whereNull('resolved_at').first('id');
  if (open) return;
  await trx('reassessments').insert({ post_id: postId, trigger, raised_on: dayOf(now), raised_at: now });
  await recordAudit(trx, now, { ...SYSTEM_ACTOR, action: 'reassess.flag', objectType: 'post', objectId: postId, details: { trigger } });
}

/** A decision on the post's level resolves every open flag of the post. */
export async function resolveReassessment(trx: Knex, postId: number, userId: number | null, periodId: number, now: number): Promise<number> {
  return trx('reassessments').where({ post_id: postId }).whereNull('resolved_at').update({ resolved_at: now, resolved_by: userId, resolved_period_id: periodId });
}

export interface OpenReassessment {
  postId: number;
  triggers: ReassessTrigger[];
  raisedOn: string;
}

/** Open flags of the given posts (all posts when omitted), by post, the earliest day first. */
export async function openReassessments(db: Knex, postIds?: number[]): Promise<Map<number, OpenReassessment>> {
  if (postIds && postIds.length === 0) return new Map();
  const q = db('reassessments').whereNull('resolved_at').orderBy([{ column: 'raised_on' }, { column: 'id' }]).select('post_id', 'trigger', 'raised_on');
  if (postIds) q.whereIn('post_id', postIds);
  const out = new Map<number, OpenReassessment>();
  for (const r of await q) {
    const id = Number(r.post_id);
    const found: OpenReassessment = out.get(id) ?? { postId: id, triggers: [], raisedOn: r.raised_on };
    if (!found.triggers.includes(r.trigger)) found.triggers.push(r.trigger);
    out.set(id, found);
  }
  return out;
}
