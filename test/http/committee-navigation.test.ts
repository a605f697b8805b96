import { routeTable } from '../../server/http/routes';
import { loadDemo } from '../../server/services/ops/demo';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';

// Every committee and admin page can be reached by following links from the dashboard (the demo organisation gives
// each page something to link to): no page is found only by typing its address.
jest.setTimeout(120_000);

let ctx: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  await loadDemo(ctx.deps);
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

// Pages reached by a form (a GET form with its own fields) or by a file link on a page rather than by a plain link.
const NOT_LINKED: Record<string, string> = {
  '/committee/reports/:report/attachments/:attachment': 'a report\'s files are links on its page, and the demo reports carry none',
  '/login/totp': 'the second sign-in step follows the password form by redirect',
  '/admin/units/:unit/posts': 'an old address that redirects to the unit page',
};

test('following links from the dashboard reaches every committee and admin page', async () => {
  const pages = routeTable(ctx.deps).filter((r) => r.method === 'get' && r.access !== 'public' && !(r.path in NOT_LINKED));
  const patterns = pages.map((r) => ({ path: r.path, re: new RegExp('^' + r.path.replace(/:[a-z]+/g, '[^/]+') + '$') }));
  const reached = new Map<string, number>();
  const queue = ['/committee'];
  const seen = new Set(queue);
  while (queue.length) {
    const url = queue.shift() as string;
    const pathname = new URL(url, 'http://x').pathname;
    const pattern = patterns.find((p) => p.re.test(pathname));
    if (pattern) {
      const visits = reached.get(pattern.path) ?? 0;
      reached.set(pattern.path, visits + 1);
      if (visits >= 2) continue; // enough of this kind of page
    }
    const res = await admin.get(url);
    if (res.status !== 200 || !/text\/html/.test(String(res.headers['content-type']))) continue;
    for (const [, href] of res.text.matchAll(/<a [^>]*href="([^"#]+)"/g)) {
      const link = href.replace(/&amp;/g, '&');
      if (!link.startsWith('/') || link.startsWith('//') || link.startsWith('/static/') || link.startsWith('/lang/')) continue;
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  const unreached = pages.map((p) => p.path).filter((p) => !reached.has(p));
  expect(unreached).toEqual([]);
});
