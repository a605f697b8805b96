import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import { MAX_INT4 } from '../../server/db/random-id';
import { schemaShape } from '../../server/db/introspect';
import { createTestContext, usingPostgres, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { fileAndGetReceipt, reportIdOf, reportOrg } from '../helpers/report-factories';

// Issue 13, the report side, as an IT person with the database and the data folder would try it: ids, ciphertext
// lengths, plaintext attachment facts, file times and any stored time finer than the day.

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
beforeAll(async () => {
  ctx = await createTestContext({ NOTIFY: 'immediate' });
  org = await reportOrg(ctx.deps.db);
});
afterAll(() => ctx.close());

const DAY_MS = 86_400_000;
const noise = (width: number) => sharp({ create: { width, height: 24, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
const reply = (receipt: string, message: string, file?: Buffer) => {
  const req = request(ctx.app).post('/report/follow-up/reply').field('receipt', receipt).field('message', message);
  return file ? req.attach('attachments', file, { filename: 'more.png', contentType: 'image/png' }) : req;
};
const isSorted = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1] < x);

test('report, message, status change and attachment ids are random int4 values: they do not follow the order of filing', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 10; i++) ids.push(await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key }, [['p.png', await noise(8), 'image/png']])));
  expect(isSorted(ids) || isSorted([...ids].reverse())).toBe(false);
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  const id = await reportIdOf(ctx.deps, receipt);
  for (let i = 1; i <= 8; i++) expect((await reply(receipt, `第 ${i} 次补充说明`)).status).toBe(200);
  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  for (const status of ['acknowledged', 'under_review', 'substantiated', 'closed']) expect((await admin.post(`/committee/reports/${id}/status`, { status, reason: status })).status).toBe(303);
  const messages = await ctx.deps.db('report_messages').where({ report_id: id }).orderBy('seq').select('id', 'seq');
  const changes = await ctx.deps.db('report_status_changes').where({ report_id: id }).orderBy('seq').select('id', 'seq');
  const attachments = await ctx.deps.db('report_attachments').whereIn('report_id', ids).select('id');
  expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(isSorted(messages.map((m) => m.id))).toBe(false);
  expect(changes.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
  for (const x of [...ids, ...messages.map((m) => m.id), ...changes.map((c) => c.id), ...attachments.map((a) => a.id)]) {
    expect(Number.isInteger(x) && x >= 1 && x <= MAX_INT4).toBe(true);
  }
  // Ids of reports do not sit in the run of the audit log's ids (committee actions), as a sequence would.
  const audit = await ctx.deps.db('audit_events').max({ max: 'id' }).first();
  expect(ids.filter((x) => x <= Number(audit?.max) + 10)).toEqual([]);
  // The reporter still reads the conversation in the order it was written.
  const page = await request(ctx.app).post('/report/follow-up').type('form').send({ receipt });
  const order = [...page.text.matchAll(/第 (\d) 次补充说明/g)].map((m) => Number(m[1]));
  expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});

test('sealed values are padded to buckets: texts and files of different sizes in one bucket seal to equal lengths', async () => {
  const short = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key, description: '某局长打电话要求对亲属的项目特事特办理。', contact: 'a@b.cn', real_name: '李' }, [['a.png', await noise(30), 'image/png']]));
  const long = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key, description: '某局长打电话要求对亲属项目特事特办，并暗示事后宴请。'.repeat(10), contact: '联系电话 13800138000，晚上八点以后方便接听'.repeat(3), real_name: '李四光明' }, [['b.png', await noise(40), 'image/png']]));
  const rows = await ctx.deps.db('reports').whereIn('id', [short, long]).select('id', 'description_enc', 'contact_enc', 'real_name_enc');
  const [a, b] = [rows.find((r) => r.id === short), rows.find((r) => r.id === long)];
  expect(a.description_enc.length).toBe(b.description_enc.length);
  expect(a.contact_enc.length).toBe(b.contact_enc.length);
  expect(a.real_name_enc.length).toBe(b.real_name_enc.length);
  const files = await ctx.deps.db('report_attachments').whereIn('report_id', [short, long]).select('storage_key', 'meta_enc');
  expect(files).toHaveLength(2);
  const sizes = files.map((f) => fs.statSync(path.join(ctx.dataDir, 'uploads', f.storage_key)).size);
  expect(sizes[0]).toBe(sizes[1]); // pictures of about 2.2 and 3 KB, both in the 4 KiB bucket
  expect(files[0].meta_enc.length).toBe(files[1].meta_enc.length);
  // A text of another bucket seals to another length: the padding is by bucket, not one size for all.
  const huge = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key, description: '很长的反映内容。'.repeat(400) }));
  expect((await ctx.deps.db('reports').where({ id: huge }).first('description_enc')).description_enc.length).toBeGreaterThan(a.description_enc.length);
});

test('an attachment\'s type and size are only inside the ciphertext; its file and folder carry the day, not the time', async () => {
  const at = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 10, 17, 43, 123);
  ctx.clock.set(at);
  const id = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key }, [['c.png', await noise(12), 'image/png']]));
  const row = await ctx.deps.db('report_attachments').where({ report_id: id }).first();
  expect([row.mime, row.size, row.filename_enc]).toEqual([null, null, null]);
  expect(Object.keys(row).sort()).toEqual(['filename_enc', 'id', 'message_id', 'meta_enc', 'mime', 'report_id', 'seq', 'size', 'storage_key']);
  const midnight = at - (at % DAY_MS);
  for (const file of [path.join(ctx.dataDir, 'uploads', row.storage_key), path.join(ctx.dataDir, 'uploads')]) {
    const stat = fs.statSync(file);
    expect([stat.mtimeMs, stat.atimeMs]).toEqual([midnight, midnight]);
  }
});

/** Every number and text of every table, as [table.column, value]. */
async function everyValue(): Promise<Array<[string, unknown]>> {
  const out: Array<[string, unknown]> = [];
  for (const table of Object.keys((await schemaShape(ctx.deps.db)).tables)) {
    for (const row of await ctx.deps.db(table).select()) for (const [column, value] of Object.entries(row)) out.push([`${table}.${column}`, value]);
  }
  return out;
}

/** 13-digit (ms) and 10-digit (s) numbers in a text that fall within ten minutes of `at`. */
function timesNear(text: string, at: number): string[] {
  return [...text.matchAll(/(?<!\d)(\d{13}|\d{10})(?!\d)/g)].map((m) => m[1]).filter((d) => Math.abs((d.length === 10 ? Number(d) * 1000 : Number(d)) - at) < 10 * 60_000);
}

test('filing, a follow-up and a reply leave no time finer than the day in any table, the database file or a pg_dump', async () => {
  const at = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 14, 41, 27, 555);
  ctx.clock.set(at);
  await createUser(ctx.deps.db, { unitIds: [org.unit.id] }); // a reviewer with no notice pending: filing queues one
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key, post: org.chief.key }, [['d.png', await noise(9), 'image/png']]);
  ctx.clock.set(at + 60_000);
  expect((await reply(receipt, '一分钟后的补充说明', await noise(11))).status).toBe(200);
  expect((await request(ctx.app).post('/report/follow-up').type('form').send({ receipt })).status).toBe(200);
  expect(await ctx.deps.db('mail_outbox').where({ kind: 'notice', status: 'pending' }).count({ n: '*' }).first()).not.toEqual({ n: 0 });
  const found = (await everyValue()).filter(([, v]) => (typeof v === 'number' || typeof v === 'string') && timesNear(String(v), at).length > 0);
  expect(found.map(([where]) => where)).toEqual([]);
  const recusals = await ctx.deps.db('report_recusals').columnInfo();
  expect(Object.keys(recusals).sort()).toEqual(['created_on', 'report_id', 'user_id']);
  if (usingPostgres()) {
    const dump = spawnSync('pg_dump', ['--data-only', '--no-owner', `--schema=${ctx.env.DATABASE_SCHEMA}`, '--dbname', String(process.env.DATABASE_URL)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(dump.status).toBe(0);
    expect(timesNear(dump.stdout, at)).toEqual([]);
  } else {
    await ctx.deps.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    for (const name of fs.readdirSync(ctx.dataDir).filter((n) => n.startsWith('qingfeng.db'))) {
      const bytes = fs.readFileSync(path.join(ctx.dataDir, name));
      expect(timesNear(bytes.toString('latin1'), at)).toEqual([]);
      // SQLite keeps an epoch-ms integer as 6 big-endian bytes: none within ten minutes of the filing.
      const hits: number[] = [];
      for (let i = 0; i + 6 <= bytes.length; i++) if (Math.abs(bytes.readUIntBE(i, 6) - at) < 10 * 60_000) hits.push(i);
      expect({ file: name, hits }).toEqual({ file: name, hits: [] });
    }
  }
});

test('attachments stored before (type, size and name in plaintext) are sealed at start, their names dropped', async () => {
  const id = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key }, [['e.png', await noise(5), 'image/png']]));
  const { seal } = await import('../../server/services/report/encryption');
  await ctx.deps.db('report_attachments').where({ report_id: id }).update({ meta_enc: null, mime: 'image/png', size: 1234, filename_enc: seal(ctx.deps.secrets.encryption, 'IMG_LiSi.png') });
  const { sealLegacyAttachmentMeta, listAttachments } = await import('../../server/services/report/attachments');
  expect(await sealLegacyAttachmentMeta(ctx.deps.db, ctx.deps.secrets)).toBe(1);
  const row = await ctx.deps.db('report_attachments').where({ report_id: id }).first();
  expect([row.mime, row.size, row.filename_enc]).toEqual([null, null, null]);
  expect(await listAttachments(ctx.deps.db, ctx.deps.secrets, id, 'attachment')).toEqual([expect.objectContaining({ name: 'attachment-1.png', kind: 'png', size: 1234 })]);
});
