import type { Knex } from 'knex';
import type { FindingInput } from '../../domain/finding-rules';
import type { Principal } from '../../domain/principal';
import { NotFound } from '../../errors';
import { postInScope, type ScopedPost } from '../assess/assess-scope';
import { actorOf, recordAudit } from '../ops/audit';
import { findingTriggers } from '../../domain/register/reassess-rules';
import { flagReassessment } from '../register/reassess';
import { insertedId } from '../../db/dialect';

// Findings about a post (DESIGN.md §2 Finding): committee entry with unit scope and an audit event per change.
export interface FindingView {
  id: number;
  source: string;
  severity: number;
  foundOn: string;
  summary: string;
}

const toView = (r: { id: number; source: string; severity: number; found_on: string; summary: string }): FindingView => ({
  id: r.id, source: r.source, severity: Number(r.severity), foundOn: r.found_on, summary: r.summary,
});

export async function listFindings(db: Knex, principal: Principal, unitKey: string, postKey: string): Promise<{ post: ScopedPost; findings: FindingView[] }> {
  const post = await postInScope(db, principal, unitKey, postKey);
  const rows = await db('findings').where({ post_id: post.id }).orderBy([{ column: 'found_on', order: 'desc' }, { column: 'id', order: 'desc' }]);
  return { post, findings: rows.map(toView) };
}

export async function getFinding(db: Knex, principal: Principal, unitKey: string, postKey: string, findingId: number): Promise<{ post: ScopedPost; finding: FindingView }> {
  const post = await postInScope(db, principal, unitKey, postKey);
  const row = Number.isSafeInteger(findingId) ? await db('findings').where({ id: findingId, post_id: post.id }).first() : undefined;
  if (!row) throw new NotFound();
  return { post, finding: toView(row) };
}


export async function createFinding(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, input: FindingInput): Promise<number> {
  const post = await postInScope(db, principal, unitKey, postKey);
  return db.transaction(async (trx) => {
    const [row] = await trx('findings')
      .insert({ post_id: post.id, source: input.source, severity: input.severity, found_on: input.foundOn, summary: input.summary, created_by: principal.id, created_at: now })
      .returning('id');
    const id = insertedId(row);
    if (findingTriggers(input.severity)) await flagReassessment(trx, post.id, 'finding', now);
    await recordAudit(trx, now, { ...actorOf(principal), action: 'finding.create', objectType: 'finding', objectId: id, details: { unit: post.unit.key, post: post.key, source: input.source, severity: input.severity, found_on: input.foundOn } });
    return id;
  });
}

export async function updateFinding(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, findingId: number, input: FindingInput): Promise<void> {
  const { post, finding } = await getFinding(db, principal, unitKey, postKey, findingId);
  await db.transaction(async (trx) => {
    if (findingTriggers(input.severity, finding.severity)) await flagReassessment(trx, post.id, 'finding', now);
    await trx('findings').where({ id: findingId, post_id: post.id }).update({ source: input.source, severity: input.severity, found_on: input.foundOn, summary: input.summary });
    await recordAudit(trx, now, { ...actorOf(principal), action: 'finding.update', objectType: 'finding', objectId: findingId, details: { unit: post.unit.key, post: post.key, source: input.source, severity: input.severity, found_on: input.foundOn } });
  });
}

export async function deleteFinding(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, findingId: number): Promise<void> {
  const { post } = await getFinding(db, principal, unitKey, postKey, findingId);
  await db.transaction(async (trx) => {
    await trx('risk_point_findings').where({ finding_id: findingId }).delete();
    await trx('findings').where({ id: findingId, post_id: post.id }).delete();
    await recordAudit(trx, now, { ...actorOf(principal), action: 'finding.delete', objectType: 'finding', objectId: findingId, details: { unit: post.unit.key, post: post.key } });
  });
}
