import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type request from 'supertest';
import { generate } from 'otplib';
import type { Secrets } from '../../server/secrets';
import { seal } from '../../server/services/report/encryption';
import { createPost, createUnit, createUser } from './factories';

// Factories and helpers of the auth area's tests.
const idOf = (row: unknown) => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

/** The session cookie(s) a response set, ready for a Cookie header. */
export function cookieFrom(res: request.Response): string {
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return set.map((c) => c.split(';')[0]).join('; ');
}

/** The CSRF token rendered into a committee page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** The current TOTP code of a base32 secret at an epoch-ms instant. */
export function totpCode(secret: string, nowMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000) });
}

/** A fingerprint of every table's content: equal before and after means nothing was written. */
export async function dbFingerprint(db: Knex): Promise<string> {
  const pg = db.client.config.client === 'pg';
  const tables: string[] = pg
    ? (await db.raw(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)).rows.map((r: { table_name: string }) => r.table_name)
    : await db('sqlite_master').where({ type: 'table' }).pluck('name');
  const hash = crypto.createHash('sha256');
  for (const table of tables.filter((t) => !t.startsWith('knex_') && !t.startsWith('sqlite_')).sort()) {
    const rows = await db(table).select('*');
    hash.update(table + ':' + JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));
  }
  return hash.digest('hex');
}

/** The objects of one area of the world, by the route parameter that names them. */
export type ObjectIds = Record<'unit' | 'post' | 'report' | 'finding' | 'measure' | 'message' | 'attachment' | 'point', string>;

export interface ForeignWorld {
  unitA: { id: number; key: string; name: string };
  unitB: { id: number; key: string; name: string };
  postA: { id: number; key: string; title: string };
  postB: { id: number; key: string; title: string };
  /** A post of unit A that the matrix's holder holds. */
  postHeld: { id: number; key: string; title: string };
  period: { id: number; key: string };
  reportB: number;
  findingB: number;
  measureB: number;
  batchB: string;
  itemId: number;
  messageB: number;
  /** A risk point of post B (its key). */
  pointB: string;
  userB: { id: number; email: string };
  /** Texts that belong to unit B only; none may appear in a page shown to a reviewer scoped to A. */
  secretsOfB: string[];
  /** Objects a reviewer of unit A may see (about postA), of unit B, and about the held post of unit A. */
  own: ObjectIds;
  foreign: ObjectIds;
  held: ObjectIds;
  /** Texts about the held post only; none may reach its holder. */
  secretsOfHeld: string[];
}

/** One post's report (with a reporter message and an attachment), finding, measure and risk point, straight in the database. */
async function objectsAbout(db: Knex, secrets: Secrets, unit: { id: number; key: string }, post: { id: number; key: string }, periodId: number, tag: string) {
  const now = Date.now();
  const [report] = await db('reports')
    .insert({ receipt_hash: crypto.randomBytes(32).toString('hex'), unit_id: unit.id, post_id: post.id, matter: 'other', behaviour: 'other', description_enc: seal(secrets.encryption, `${tag}线索内容描述`), received_on: '2026-11-01' })
    .returning('id');
  const [message] = await db('report_messages').insert({ report_id: idOf(report), author: 'reporter', internal: false, body_enc: seal(secrets.encryption, `${tag}消息正文`), sent_on: '2026-11-02' }).returning('id');
  const [attachment] = await db('report_attachments')
    .insert({ report_id: idOf(report), message_id: null, meta_enc: seal(secrets.encryption, JSON.stringify({ kind: 'pdf', size: 10, name: `${tag}附件名.pdf` })), storage_key: crypto.randomBytes(16).toString('hex') })
    .returning('id');
  const [finding] = await db('findings').insert({ post_id: post.id, source: 'inspection', severity: 2, found_on: '2026-10-01', summary: `${tag}发现摘要`, created_at: now }).returning('id');
  const [measure] = await db('measures').insert({ post_id: post.id, period_id: periodId, dimensions: 'supervision', description: `${tag}措施描述`, owner: `${tag}负责人`, created_at: now, updated_at: now }).returning('id');
  const point = `rp-${crypto.randomBytes(3).toString('hex')}`;
  await db('risk_points').insert({ post_id: post.id, key: point, power: 'finance', duty: `${tag}职权事项`, description: `${tag}风险点描述`, manifestation: `${tag}表现形式`, source: 'committee', created_at: now, updated_at: now });
  const ids: ObjectIds = {
    unit: unit.key, post: post.key, report: String(idOf(report)), finding: String(idOf(finding)), measure: String(idOf(measure)), message: String(idOf(message)), attachment: String(idOf(attachment)), point,
  };
  // The risk point's own texts are not among the secrets: its holder proposes them in 个人查找 (DESIGN.md §2).
  return { ids, texts: [`${tag}线索内容描述`, `${tag}消息正文`, `${tag}附件名`, `${tag}发现摘要`, `${tag}措施描述`, `${tag}负责人`], pointTexts: [`${tag}风险点描述`, `${tag}表现形式`] };
}

/** Units A and B with one of everything in B, and in A about an ordinary post and about a held one, made straight in the database. */
export async function createForeignWorld(db: Knex, secrets: Secrets): Promise<ForeignWorld> {
  const now = Date.now();
  const unitA = await createUnit(db, { key: 'zza-unit', name: '甲单位AAA' });
  const unitB = await createUnit(db, { key: 'zzb-unit', name: '乙单位ZZB名称' });
  const postA = await createPost(db, unitA.id, { key: 'zza-post', title: '甲岗位AAA' });
  const postHeld = await createPost(db, unitA.id, { key: 'zza-held', title: '甲岗位HELD持有' });
  const postB = await createPost(db, unitB.id, { key: 'zzb-post', title: '乙岗位ZZB标题' });
  const [q] = await db('questionnaires').insert({ version: 900, frozen: false, created_at: now }).returning('id');
  const [item] = await db('questionnaire_items').insert({ questionnaire_id: idOf(q), key: 'zz-item', dimension: 'supervision', polarity: '+', text_zh: '题目', text_en: 'item' }).returning('id');
  const [period] = await db('periods').insert({ key: 'zz-period', name: '测试期', starts_on: '2026-01-01', ends_on: '2026-12-31', state: 'open', questionnaire_id: idOf(q), created_at: now }).returning('id');
  const foreign = await objectsAbout(db, secrets, unitB, postB, idOf(period), '乙ZZB');
  const own = await objectsAbout(db, secrets, unitA, postA, idOf(period), '甲OWN');
  const held = await objectsAbout(db, secrets, unitA, postHeld, idOf(period), '甲HELD');
  const batchB = 'zzbbatch' + crypto.randomBytes(4).toString('hex');
  await db('code_batches').insert({ id: batchB, period_id: idOf(period), unit_id: unitB.id, kind: 'paper', code_count: 1, created_at: now });
  const userB = await createUser(db, { role: 'reviewer', unitIds: [unitB.id], email: 'zzb-reviewer@example.org', name: '乙审核人ZZB' });
  return {
    unitA, unitB, postA, postB, postHeld, period: { id: idOf(period), key: 'zz-period' },
    reportB: Number(foreign.ids.report), findingB: Number(foreign.ids.finding), measureB: Number(foreign.ids.measure), messageB: Number(foreign.ids.message),
    batchB, itemId: idOf(item), pointB: foreign.ids.point, userB,
    secretsOfB: ['乙单位ZZB名称', '乙岗位ZZB标题', ...foreign.texts, ...foreign.pointTexts, '乙审核人ZZB', 'zzb-reviewer@example.org'],
    own: own.ids, foreign: foreign.ids, held: held.ids, secretsOfHeld: held.texts,
  };
}
