import request from 'supertest';
import { routeTable } from '../../server/http/routes';
import type { RouteDef } from '../../server/http/route-def';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { createForeignWorld, dbFingerprint, type ForeignWorld } from '../helpers/auth-factories';

// Walks the whole route table (not a hand-written list), so routes other areas add are covered automatically.
let ctx: TestContext;
let world: ForeignWorld;
let reviewer: SignedIn;
let routes: RouteDef[];

/** Params that name an object belonging to a unit: filled with unit B's objects, they must answer 403 or 404. */
const SCOPED_PARAMS = ['unit', 'post', 'report', 'finding', 'measure', 'batch', 'user', 'message', 'point'];

function fill(path: string): { url: string; scoped: boolean } {
  const values: Record<string, string> = {
    unit: world.unitB.key, post: world.postB.key, period: world.period.key, report: String(world.reportB), finding: String(world.findingB),
    measure: String(world.measureB), batch: world.batchB, user: String(world.userB.id), item: String(world.itemId), message: String(world.messageB),
    point: world.pointB, step: 'self_check',
  };
  let scoped = false;
  const url = path.replace(/[{}]/g, '').replace(/:(\w+)/g, (_m, name: string) => {
    if (SCOPED_PARAMS.includes(name)) scoped = true;
    return encodeURIComponent(values[name] ?? 'zzb-unknown');
  });
  return { url, scoped };
}

/** Body fields some forms take instead of params, filled with B's objects too. */
const foreignForm = () => ({ unit: world.unitB.key, post: world.postB.key, period: world.period.key, report: String(world.reportB), user: String(world.userB.id) });

function expectNoLeak(res: request.Response, label: string) {
  const body = res.text ?? '';
  for (const secret of world.secretsOfB) {
    if (body.includes(secret)) throw new Error(`${label} shows "${secret}" of a unit outside the reviewer's scope (status ${res.status})`);
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  world = await createForeignWorld(ctx.deps.db, ctx.deps.secrets);
  const user = await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [world.unitA.id] });
  reviewer = await signIn(ctx.app, ctx.deps.db, user);
  routes = routeTable(ctx.deps).filter((r) => r.access !== 'public');
});
afterAll(() => ctx.close());

test('the route table has committee routes to check', () => {
  expect(routes.length).toBeGreaterThan(5);
});

test('every committee GET sends an anonymous visitor to the login page', async () => {
  for (const route of routes.filter((r) => r.method === 'get')) {
    const { url } = fill(route.path);
    const res = await request(ctx.app).get(url);
    expect({ url, status: res.status, location: res.headers.location?.split('?')[0] }).toEqual({ url, status: 303, location: '/login' });
  }
});

test('every committee POST from an anonymous visitor is refused and changes nothing', async () => {
  const before = await dbFingerprint(ctx.deps.db);
  for (const route of routes.filter((r) => r.method === 'post')) {
    const { url } = fill(route.path);
    const res = await request(ctx.app).post(url).type('form').send({ ...foreignForm(), _csrf: 'forged' });
    expect({ url, refused: [401, 403].includes(res.status) }).toEqual({ url, refused: true });
    expectNoLeak(res, `anonymous POST ${url}`);
  }
  expect(await dbFingerprint(ctx.deps.db)).toBe(before);
});

test('a reviewer is refused every admin route, reading or writing, and nothing changes', async () => {
  const before = await dbFingerprint(ctx.deps.db);
  for (const route of routes.filter((r) => r.access === 'admin')) {
    const { url } = fill(route.path);
    const res = route.method === 'get' ? await reviewer.get(url) : await reviewer.post(url, foreignForm());
    expect({ route: `${route.method} ${url}`, status: res.status }).toEqual({ route: `${route.method} ${url}`, status: 403 });
    expectNoLeak(res, `${route.method} ${url}`);
  }
  expect(await dbFingerprint(ctx.deps.db)).toBe(before);
});

test('a reviewer scoped to unit A gets 403 or 404 for any object of unit B, and sees none of its text', async () => {
  for (const route of routes.filter((r) => r.access !== 'admin' && r.method === 'get')) {
    const { url, scoped } = fill(route.path);
    const res = await reviewer.get(url);
    if (scoped) expect({ url, status: [403, 404].includes(res.status) ? 'refused' : res.status }).toEqual({ url, status: 'refused' });
    expectNoLeak(res, `GET ${url}`);
  }
});

test('pages that take a unit or post in the query never show unit B to a reviewer scoped to A', async () => {
  const query = new URLSearchParams({ ...foreignForm(), unit_id: String(world.unitB.id), post_id: String(world.postB.id) }).toString();
  for (const route of routes.filter((r) => r.access !== 'admin' && r.method === 'get' && !r.path.includes(':'))) {
    const res = await reviewer.get(`${route.path}?${query}`);
    expect(res.status).toBeLessThan(500);
    expectNoLeak(res, `GET ${route.path}?${query}`);
  }
});

test('a reviewer cannot change any object of unit B through a committee POST', async () => {
  const before = await dbFingerprint(ctx.deps.db);
  for (const route of routes.filter((r) => r.access === 'committee' && r.method === 'post')) {
    const { url, scoped } = fill(route.path);
    if (!scoped) continue;
    const res = await reviewer.post(url, foreignForm());
    expect({ url, status: [403, 404].includes(res.status) ? 'refused' : res.status }).toEqual({ url, status: 'refused' });
    expectNoLeak(res, `POST ${url}`);
  }
  expect(await dbFingerprint(ctx.deps.db)).toBe(before);
});

test('a forged committee POST without the session token is refused', async () => {
  const before = await dbFingerprint(ctx.deps.db);
  for (const route of routes.filter((r) => r.method === 'post' && r.access !== 'admin')) {
    const { url } = fill(route.path);
    const res = await request(ctx.app).post(url).set('Cookie', reviewer.cookie).type('form').send({ ...foreignForm(), _csrf: 'forged-token' });
    expect({ url, status: res.status }).toEqual({ url, status: 403 });
  }
  expect(await dbFingerprint(ctx.deps.db)).toBe(before);
});

test('the same URLs do show unit B to an admin, so the refusals above are not vacuous', async () => {
  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  let shown = 0;
  for (const route of routes.filter((r) => r.method === 'get' && fill(r.path).scoped)) {
    const res = await admin.get(fill(route.path).url);
    if (res.status === 200 && world.secretsOfB.some((s) => (res.text ?? '').includes(s))) shown++;
  }
  expect(shown).toBeGreaterThanOrEqual(1);
});

// Post holders (DESIGN.md §2, §5): a reviewer of unit A who holds one of its posts, and an admin who holds it. Every
// route is tried with every combination of ids — of the objects they may see, of unit B's and of the held post's —
// so guessing a finding, measure, report, message or attachment id of another unit or of the held post, or pairing
// it with a path of one's own, reads and changes nothing.
const OBJECT_PARAMS = ['unit', 'post', 'report', 'finding', 'measure', 'message', 'attachment', 'point'] as const;
type Side = 'own' | 'foreign' | 'held';

/** Every URL of a route with its object params drawn from the given sides, except the one naming only own objects. */
function guesses(path: string, sides: Side[]): string[] {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]).filter((n) => (OBJECT_PARAMS as readonly string[]).includes(n)) as Array<(typeof OBJECT_PARAMS)[number]>;
  const others: Record<string, string> = { period: world.period.key, batch: world.batchB, user: String(world.userB.id), item: String(world.itemId) };
  const urls = new Set<string>();
  const total = sides.length ** names.length;
  for (let n = 0; n < total; n++) {
    const pick: Record<string, string> = {};
    names.forEach((name, i) => (pick[name] = world[sides[Math.floor(n / sides.length ** i) % sides.length]][name]));
    if (names.every((name) => pick[name] === world.own[name])) continue;
    urls.add(path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(pick[name] ?? others[name] ?? 'zz-unknown')));
  }
  return [...urls];
}

/** A form that would pass validation on any committee form, so a missing check would show as a change. */
const editingForm = () => ({
  source: 'inspection', severity: '1', found_on: '2026-03-01', summary: 'guessed', dimensions: 'rules', description: 'guessed', owner: 'guessed', status: 'acknowledged',
  next_review_on: '2026-12-01', message: 'guessed', note: 'guessed', reason: 'guessed', assignee: '', unit: world.held.unit, post: world.held.post, report: world.held.report,
});

/**
 * 个人查找 (DESIGN.md §2): a post's holder names the post's own risk points through their account, so the risk-point
 * pages of the held post answer its holder (a guessed form may be refused as invalid: 400). They must still show
 * nothing else about the post, and a holder may not retire or link anything (403).
 */
function selfCheck(path: string, url: string): boolean {
  return path.startsWith('/committee/units/:unit/posts/:post/risk-points') && url.startsWith(`/committee/units/${world.held.unit}/posts/${world.held.post}/risk-points`);
}
const refusal = (status: number, path: string, url: string) => ([403, 404].includes(status) || (selfCheck(path, url) && [200, 303, 400].includes(status)) ? 'refused' : status);

function expectNoHeld(res: request.Response, label: string) {
  for (const secret of world.secretsOfHeld) {
    if ((res.text ?? '').includes(secret)) throw new Error(`${label} shows "${secret}" about the post the user holds (status ${res.status})`);
  }
}

describe('post holders guessing ids', () => {
  let holder: SignedIn;
  let adminHolder: SignedIn;
  let colleague: SignedIn;
  beforeAll(async () => {
    const db = ctx.deps.db;
    holder = await signIn(ctx.app, db, await createUser(db, { role: 'reviewer', unitIds: [world.unitA.id], heldPostIds: [world.postHeld.id] }));
    adminHolder = await signIn(ctx.app, db, await createUser(db, { role: 'admin', heldPostIds: [world.postHeld.id] }));
    colleague = await signIn(ctx.app, db, await createUser(db, { role: 'reviewer', unitIds: [world.unitA.id] }));
  });

  test('a holder reading any other unit\'s or the held post\'s object by any URL or id gets 403 or 404 and none of its text', async () => {
    let tried = 0;
    for (const route of routes.filter((r) => r.method === 'get')) {
      for (const url of guesses(route.path, ['own', 'foreign', 'held'])) {
        const res = await holder.get(url);
        tried++;
        expect({ url, status: refusal(res.status, route.path, url) }).toEqual({ url, status: 'refused' });
        expectNoLeak(res, `GET ${url}`);
        expectNoHeld(res, `GET ${url}`);
      }
    }
    expect(tried).toBeGreaterThan(50);
  });

  test('a holder editing or deleting by any guessed URL or id is refused and nothing changes', async () => {
    const before = await dbFingerprint(ctx.deps.db);
    for (const route of routes.filter((r) => r.method === 'post' && r.access === 'committee')) {
      for (const url of guesses(route.path, ['own', 'foreign', 'held'])) {
        const res = await holder.post(url, editingForm());
        expect({ url, status: refusal(res.status, route.path, url) }).toEqual({ url, status: 'refused' });
        expectNoHeld(res, `POST ${url}`);
      }
    }
    expect(await dbFingerprint(ctx.deps.db)).toBe(before);
  });

  test('an admin who holds the post is refused every URL about it, reading or writing, and nothing changes', async () => {
    const before = await dbFingerprint(ctx.deps.db);
    for (const route of routes) {
      for (const url of guesses(route.path, ['own', 'held'])) {
        const res = route.method === 'get' ? await adminHolder.get(url) : await adminHolder.post(url, editingForm());
        expect({ url, status: refusal(res.status, route.path, url) }).toEqual({ url, status: 'refused' });
        expectNoHeld(res, `${route.method} ${url}`);
      }
    }
    expect(await dbFingerprint(ctx.deps.db)).toBe(before);
  });

  test('pages without ids, filtered by the held post or unit in the query, show a holder nothing about the held post', async () => {
    const queries = ['', `?unit=${world.unitA.key}`, `?post=${world.postHeld.id}`, `?unit=${world.unitA.key}&post=${world.postHeld.id}&overdue=1`, `?period=${world.period.key}`];
    for (const route of routes.filter((r) => r.method === 'get' && !r.path.includes(':'))) {
      for (const who of [holder, adminHolder]) {
        for (const query of queries) {
          const res = await who.get(route.path + query);
          expect(res.status).toBeLessThan(500);
          expectNoHeld(res, `GET ${route.path}${query}`);
        }
      }
    }
  });

  test('a colleague who holds no post sees the held post\'s objects on those URLs, so the refusals are about holding', async () => {
    let shown = 0;
    for (const route of routes.filter((r) => r.method === 'get' && r.access === 'committee')) {
      const url = route.path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent((world.held as Record<string, string>)[name] ?? world.period.key));
      const res = await colleague.get(url);
      if (res.status === 200 && world.secretsOfHeld.some((s) => (res.text ?? '').includes(s))) shown++;
    }
    expect(shown).toBeGreaterThanOrEqual(3);
  });
});
