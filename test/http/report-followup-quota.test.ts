import request from 'supertest';
import { REPLIES_PER_DAY } from '../../server/domain/followup-quota';
import { createTestContext, type TestContext } from '../helpers/context';
import { fileAndGetReceipt, reportOrg } from '../helpers/report-factories';

// Issue 15: a valid receipt no longer allows unlimited replies and uploads. Per report and day: REPLIES_PER_DAY
// replies and 30 MB of files; past that a clear message, the text kept; the counts carry the day only.

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
});
afterAll(() => ctx.close());

const reply = (receipt: string, message: string) => request(ctx.app).post('/report/follow-up/reply').field('receipt', receipt).field('message', message);

test('after the day\'s replies a further one is refused with a clear message and its text kept; the next day it goes', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  for (let i = 1; i <= REPLIES_PER_DAY; i++) expect((await reply(receipt, `补充第 ${i} 条`)).status).toBe(200);
  const refused = await reply(receipt, '今天的第十一条补充');
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('今天对这份反映的回复次数已达上限（每天 10 条）');
  expect(refused.text).toContain('今天的第十一条补充</textarea>');
  const rows = await ctx.deps.db('report_followup_quota').select();
  expect(rows).toHaveLength(1);
  expect(Object.keys(rows[0]).sort()).toEqual(['day', 'replies', 'report_id', 'upload_mb']);
  expect(rows[0].day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  ctx.clock.advance(24 * 60 * 60 * 1000);
  expect((await reply(receipt, '第二天的补充')).status).toBe(200);
});

test('files past the day\'s upload allowance are refused before they are rendered; the text is kept', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  let req = reply(receipt, '附上几份大文件').set('Accept-Language', 'en');
  for (let i = 0; i < 4; i++) req = req.attach('attachments', Buffer.alloc(8 * 1024 * 1024, i), { filename: `scan-${i}.jpg`, contentType: 'image/jpeg' });
  let started = 0;
  const count = () => started++;
  ctx.deps.renderer.on('start', count);
  const res = await req;
  ctx.deps.renderer.off('start', count);
  expect(res.status).toBe(400);
  expect(res.text).toContain('attachments to this report have reached the limit (30 MB a day)');
  expect(res.text).toContain('附上几份大文件</textarea>');
  expect(started).toBe(0);
});
