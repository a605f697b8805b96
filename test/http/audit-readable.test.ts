import fs from 'node:fs';
import path from 'node:path';
import { hasMessage } from '../../server/i18n';
import { loadDemo } from '../../server/services/ops/demo';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { fileAndGetReceipt, reportIdOf } from '../helpers/report-factories';

// The audit log reads as sentences of the page's language: no action keys, no object types, no JSON.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await loadDemo(ctx.deps);
});
afterAll(() => ctx.close());

/** The body of the log's table, tags removed. */
const tableText = (html: string) => (/<table class="audit-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ');

test.each(['zh-CN', 'en'])('in %s the log names actions, objects and details in words', async (lang) => {
  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  // A report of its own, received now: the demo's reports take random statuses, so it may hold no 'new' one (or only
  // one, which the first language's run acknowledges).
  const unit = await ctx.deps.db('units').whereNull('archived_at').orderBy('id').first('key');
  const reportId = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: unit.key }));
  await admin.post(`/committee/reports/${reportId}/status`, { status: 'acknowledged', reason: '受理' });
  const page = await admin.get('/admin/audit').set('Accept-Language', lang);
  const text = tableText(page.text);
  expect(text.length).toBeGreaterThan(100);
  expect(text.match(/(?<![@\w.-])[a-z]+(_[a-z]+)*\.[a-z_.]+\b/g)).toBeNull(); // report.status, period.snapshot (not e-mail domains)
  expect(text).not.toMatch(/[{}]|&#34;|"/); // no JSON
  expect(text).not.toMatch(/\b(startsOn|endsOn|sha256|code_batch|questionnaire_item)\b/);
  if (lang === 'zh-CN') expect(text).toMatch(/更改线索状态[\s\S]*问题线索 #\d+[\s\S]*原来：已收到[\s\S]*改为：已受理/);
  else expect(text).toMatch(/Report status changed[\s\S]*Report #\d+[\s\S]*From: Received[\s\S]*To: Acknowledged/);
  expect(page.text).not.toMatch(/<option value="[a-z._]+"[^>]*>[a-z._]+<\/option>/);
});

test('every action the code records has a name in both catalogues', () => {
  const patterns = [/action: '([^']+)'/g, /action: [^,;]*\? '([^']+)' : '([^']+)'/g, /change\(deps, req, res, '([^']+)'/g, /\? '(questionnaire\.item\.[a-z]+)' : '(questionnaire\.item\.[a-z]+)'/g, /const action = [^;]*'(login\.[a-z_]+)'[^;]*'(login\.[a-z_]+)'/g];
  const actions = new Set<string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ts')) {
        const source = fs.readFileSync(file, 'utf8');
        for (const re of patterns) for (const m of source.matchAll(re)) m.slice(1).filter(Boolean).forEach((a) => actions.add(a));
      }
    }
  };
  walk(path.resolve(__dirname, '../../server'));
  expect(actions.size).toBeGreaterThan(40);
  expect([...actions].filter((a) => !hasMessage(`audit.action.${a}`))).toEqual([]);
});
