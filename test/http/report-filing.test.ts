import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import request from 'supertest';
import { open, openBuffer } from '../../server/services/report/encryption';
import { createTestContext, usingPostgres, type TestContext } from '../helpers/context';
import { DESCRIPTION, fileViaForm, reportIdOf, reportCount, receiptFrom, reportOrg } from '../helpers/report-factories';
import { markedJpeg } from '../helpers/attachment-fixtures';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
});
afterAll(() => ctx.close());

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('the report form works without JavaScript: post choices grouped per unit, no cookie set', async () => {
  const res = await request(ctx.app).get('/report');
  expect(res.status).toBe(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.text).toContain('<optgroup label="甲市局">');
  expect(res.text).toContain(`value="${org.deputy.key}"`);
  expect(res.text).toMatch(/name="description"/);
  expect(res.text).not.toMatch(/<script/);
});

test('a filed report shows a 28-digit receipt once, and stores only its hash', async () => {
  const res = await fileViaForm(ctx.app, { unit: org.unit.key, post: org.deputy.key, description: DESCRIPTION });
  expect(res.status).toBe(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  const receipt = receiptFrom(res.text);
  expect(receipt).toMatch(/^\d{4}( \d{4}){6}$/);
  const row = await ctx.deps.db('reports').where({ id: await reportIdOf(ctx.deps, receipt) }).first();
  expect(row.receipt_hash).not.toContain(receipt.replace(/ /g, ''));
  expect(row.status).toBe('new');
  expect(row.post_id).toBe(org.deputy.id);
  expect(row.acknowledge_due_on > row.received_on).toBe(true);
  expect(open(ctx.deps.secrets.encryption, row.description_enc)).toBe(DESCRIPTION);
  const again = await request(ctx.app).get('/report');
  expect(again.text).not.toContain(receipt);
});

test('a damaged PDF that cannot be rendered is refused with a translated message naming the file; the text is kept', async () => {
  const res = await fileViaForm(ctx.app, { unit: org.unit.key }, [['broken.pdf', Buffer.from('%PDF-1.7\n garbage without objects'), 'application/pdf']]).set('Accept-Language', 'en');
  expect(res.status).toBe(400);
  expect(res.text).toContain('File 1 (&#34;broken.pdf&#34;) was not accepted: it could not be read; the file may be damaged.');
  expect(res.text).toMatch(new RegExp(`${DESCRIPTION}（第 \\d+ 份）</textarea>`)); // each filing in tests has its own text
});

test('a file that is not JPEG, PNG or PDF by its bytes is refused, whatever its name and type say; nothing is stored', async () => {
  const before = await reportCount(ctx.deps.db);
  const res = await fileViaForm(ctx.app, { unit: org.unit.key, real_name: '李四' }, [['scan.jpg', Buffer.from('MZ this is an executable'), 'image/jpeg']]);
  expect(res.status).toBe(400);
  expect(res.text).toContain('JPEG、PNG');
  expect(res.text).toContain('页面不会保留已选择的文件');
  expect(res.text).toContain('value="李四"');
  expect(await reportCount(ctx.deps.db)).toBe(before);
});

test('errors re-render the form with 400, every field kept and a message per field; nothing stored', async () => {
  const before = await reportCount(ctx.deps.db);
  const res = await fileViaForm(ctx.app, { unit: org.unit.key, post: org.otherPost.key, description: '太短了', occurred_on: '2999-01', contact: '微信 abc123', matter: 'land' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('href="#f-post"');
  expect(res.text).toContain('href="#f-description"');
  expect(res.text).toContain('href="#f-occurred_on"');
  expect(res.text).toContain('太短了</textarea>');
  expect(res.text).toContain('value="2999-01"');
  expect(res.text).toContain('value="微信 abc123"');
  expect(res.text).toMatch(/<option value="land" selected>/);
  expect(await reportCount(ctx.deps.db)).toBe(before);
});

test('report text, name, contact and files are not readable anywhere under DATA_DIR', async () => {
  const secret = '这是一段只应加密保存的独特描述文字XYZZY-7731，请勿明文落盘。';
  const res = await fileViaForm(ctx.app, { unit: org.unit.key, description: secret, real_name: '王五实名QQ', contact: '13800138000' }, [['证据.jpg', await markedJpeg(), 'image/jpeg']]);
  expect(res.status).toBe(200);
  const needles = [secret, 'XYZZY-7731', '王五实名QQ', '13800138000', '证据.jpg'].map((s) => Buffer.from(s, 'utf8'));
  await ctx.deps.db.raw(usingPostgres() ? 'select 1' : 'PRAGMA wal_checkpoint(FULL)');
  for (const file of filesUnder(ctx.dataDir)) {
    const bytes = fs.readFileSync(file);
    for (const needle of needles) expect({ file, found: bytes.includes(needle) }).toEqual({ file, found: false });
  }
});

test('the post must belong to the chosen unit', async () => {
  const res = await fileViaForm(ctx.app, { unit: org.otherUnit.key, post: org.deputy.key });
  expect(res.status).toBe(400);
  expect(res.text).toContain('所选岗位不属于所选单位');
});

test('too many filings from one address are refused with a translated 429', async () => {
  let last = 0;
  for (let i = 0; i < 25 && last !== 429; i++) last = (await fileViaForm(ctx.app, { unit: 'no-such-unit' }).set('Accept-Language', 'en')).status;
  expect(last).toBe(429);
  const res = await fileViaForm(ctx.app, { unit: org.unit.key }).set('Accept-Language', 'en');
  expect(res.status).toBe(429);
  expect(res.text).toContain('Too many reports were sent from here');
  expect(res.text).toMatch(/send it again in (\d+ minutes|1 minute)\./);
});
