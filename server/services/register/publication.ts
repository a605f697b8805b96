import type { Knex } from 'knex';
import type { Principal } from '../../domain/principal';
import { registerAccess } from '../../domain/register/register-access';
import type { RegisterEntry } from '../../domain/register/register-file';
import { NotFound } from '../../errors';
import { unitResults, withoutHeldPosts } from '../risk/risk-results';
import type { Lang } from '../../i18n';
import { actorOf, recordAudit } from '../ops/audit';
import { stepRecords } from './procedure';
import { registerPeriod, unitContext, type PeriodRef, type UnitContext } from './register-context';
import { buildRegister, registerUnits, type RegisterUnit } from './register-data';
import { registerFile, type RegisterFile, type RegisterFormat } from './register-files';

// What leaves the committee's hands for one unit: the published register (公示: posts, decided levels, risk points,
// measures — never a survey figure, a computed score, a reason, a report or a finding) and the register's files.

export interface PublishedPost { key: string; title: string; chief: boolean; level: RegisterEntry['decided_level']; points: RegisterEntry['risk_points'] }
export interface Publication { ctx: UnitContext; period: PeriodRef; published: boolean; publishedOn: string | null; posts: PublishedPost[] }

/** The unit's register entries with everything in them (computed levels, reasons): posts the principal holds are left out, published or not. */
async function visibleRegister(db: Knex, principal: Principal, ctx: UnitContext, period: PeriodRef): Promise<{ unit: RegisterUnit; entries: RegisterEntry[] }> {
  const unit = (await registerUnits(db, ctx.unit.key))![0];
  const keep = new Set(unit.posts.filter((p) => registerAccess(principal, { unitId: unit.id, postId: p.id, holdsPostInUnit: true }, ctx.phase).readEvidence).map((p) => p.key));
  const entries = (await buildRegister(db, period.id, [unit])).filter((e) => keep.has(e.post));
  // A viewer holding a post of the unit gets the computed levels their results pages show: without their own posts
  // in the unit prior (withoutHeldPosts), or the level would tell them which side of a threshold their own answers put π.
  const posts = unit.posts.filter((p) => keep.has(p.key));
  if (!ctx.heldPostIds.length) return { unit: { ...unit, posts }, entries };
  const seen = withoutHeldPosts(await unitResults(db, period.id, unit.id), principal);
  const computed = new Map(seen.posts.map((p) => [p.postKey, p.level]));
  return { unit: { ...unit, posts }, entries: entries.map((e) => ({ ...e, level: computed.get(e.post) ?? e.level })) };
}

/** 公示 of a unit: after publication for its scope and the holders of its posts; before it, a preview for members in scope holding none. */
export async function publication(db: Knex, principal: Principal, periodKey: string, unitKey: string): Promise<Publication> {
  const period = await registerPeriod(db, periodKey);
  const ctx = await unitContext(db, principal, unitKey, period);
  if (!ctx.access.readPublication) throw new NotFound();
  const unit = (await registerUnits(db, ctx.unit.key))![0];
  const entries = await buildRegister(db, period.id, [unit]);
  const record = (await stepRecords(db, period.id, ctx.unit.id)).find((r) => r.step === 'publication');
  const posts = unit.posts.flatMap((p) => {
    const e = entries.find((x) => x.post === p.key);
    return e ? [{ key: p.key, title: p.title, chief: p.chief, level: e.decided_level, points: e.risk_points }] : [];
  });
  posts.sort((a, b) => Number(b.chief) - Number(a.chief));
  return { ctx, period, published: ctx.phase.published, publishedOn: record?.doneOn ?? null, posts };
}

/** The unit's register as a file for the web (the viewer's own posts left out), audited as export.register. */
export async function unitRegisterFile(db: Knex, principal: Principal, now: number, periodKey: string, unitKey: string, format: RegisterFormat, lang: Lang): Promise<RegisterFile> {
  const period = await registerPeriod(db, periodKey);
  const ctx = await unitContext(db, principal, unitKey, period);
  if (!ctx.access.read) throw new NotFound();
  const { unit, entries } = await visibleRegister(db, principal, ctx, period);
  const file = await registerFile(db, period, [unit], format, lang, entries);
  await recordAudit(db, now, { ...actorOf(principal), action: 'export.register', objectType: 'unit', objectId: unit.id, details: { period: period.key, unit: unit.key, format, posts: entries.length } });
  return file;
}
