import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { DESCRIPTION, fileAndGetReceipt, reportIdOf, reportOrg } from '../helpers/report-factories';
import { markedJpeg } from '../helpers/attachment-fixtures';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
});
afterAll(() => ctx.close());

const lookUp = (receipt: string) => request(ctx.app).post('/report/follow-up').type('form').send({ receipt });

test('the receipt opens the reporter\'s own view: what they sent, the status explained, no cookie', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key, post: org.chief.key, contact: 'box 12' });
  const res = await lookUp(receipt);
  expect(res.status).toBe(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.text).toContain(DESCRIPTION);
  expect(res.text).toContain('已收到');
  expect(res.text).toContain('尚待纪委受理');
  expect(res.text).toContain(`name="receipt" value="${receipt}"`);
  // typed without spaces works too
  expect((await lookUp(receipt.replace(/ /g, ''))).status).toBe(200);
});

test('the reporter reads the committee\'s message (never internal notes) and replies with a file', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  const id = await reportIdOf(ctx.deps, receipt);
  const reviewer = await createUser(ctx.deps.db, { unitIds: [org.unit.id] });
  const s = await signIn(ctx.app, ctx.deps.db, reviewer);
  expect((await s.post(`/committee/reports/${id}/status`, { status: 'acknowledged', reason: '符合受理条件' })).status).toBe(303);
  expect((await s.post(`/committee/reports/${id}/messages`, { message: '请问对方是否提到具体项目名称？' })).status).toBe(303);
  expect((await s.post(`/committee/reports/${id}/notes`, { note: '内部：与2025年线索相关' })).status).toBe(303);

  const view = await lookUp(receipt);
  expect(view.text).toContain('请问对方是否提到具体项目名称？');
  expect(view.text).not.toContain('内部：与2025年线索相关');
  expect(view.text).not.toContain('符合受理条件');
  expect(view.text).toContain('已受理');

  const reply = await request(ctx.app)
    .post('/report/follow-up/reply')
    .field('receipt', receipt)
    .field('message', '提到了城东安置房项目。')
    .attach('attachments', await markedJpeg(), { filename: 'chat.jpg', contentType: 'image/jpeg' });
  expect(reply.status).toBe(200);
  expect(reply.text).toContain('您的补充已发送');
  expect(reply.text).toContain('提到了城东安置房项目。');
  const page = await s.get(`/committee/reports/${id}`);
  expect(page.text).toContain('提到了城东安置房项目。');
  expect(page.text).toContain('附件-1.jpg'); // the reporter's file name (chat.jpg) is not kept
  expect(page.text).not.toContain('chat.jpg');
});

test('an empty reply is refused with 400 and the page keeps working', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  const res = await request(ctx.app).post('/report/follow-up/reply').field('receipt', receipt).field('message', '  ');
  expect(res.status).toBe(400);
  expect(res.text).toContain('href="#f-message"');
});

test('a wrong receipt reveals nothing: the same generic answer whether malformed or unknown', async () => {
  const unknown = await lookUp('1234 5678 9012 3456 7890 1234');
  const malformed = await lookUp('abc');
  expect(unknown.status).toBe(400);
  expect(malformed.status).toBe(400);
  expect(unknown.text).toBe(malformed.text);
  expect(unknown.text).toContain('无法用该回执码打开反映');
  const reply = await request(ctx.app).post('/report/follow-up/reply').field('receipt', '0000 0000 0000 0000 0000 0000 0000').field('message', 'hello there');
  expect(reply.status).toBe(400);
});

test('repeated wrong receipts are rate-limited, then even a right one waits', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  let last = 0;
  for (let i = 0; i < 15 && last !== 429; i++) last = (await lookUp('9999 9999 9999 9999 9999 9999')).status;
  expect(last).toBe(429);
  const blocked = await lookUp(receipt);
  expect(blocked.status).toBe(429);
  // The refusal says what to do and when: check the receipt, try again when the window ends.
  expect(blocked.text).toContain('输错回执码的次数过多');
  expect(blocked.text).toMatch(/并在 \d+ 分钟后再试/);
  expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
});
