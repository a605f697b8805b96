import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const cli = (argv: string[]) => runCli(ctx.deps, argv);

function writeJson(name: string, value: unknown): string {
  const file = path.join(ctx.dataDir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const power = { decision: 5, personnel: 4, finance: 3, procurement: 2, enforcement: 1 };
const good = {
  units: [
    { key: 'north', name: '北区局', posts: [{ key: 'chief', title: '局长', chief: true, power: { ...power } }, { key: 'dep-fin', title: '副局长（分管财务）', portfolio: "财务装备", power: { ...power } }] },
    { key: 'south', name: '南区局', posts: [{ key: 'chief', title: '局长', chief: true, power: { ...power } }] },
  ],
};

test('org import creates units and posts, and org export gives them back', async () => {
  const res = await cli(['org', 'import', writeJson('good.json', good), '--json']);
  expect(res.code).toBe(0);
  expect(JSON.parse(res.out)).toEqual({ ok: true, unitsCreated: 2, unitsUpdated: 0, postsCreated: 3, postsUpdated: 0 });
  const exported = JSON.parse((await cli(['org', 'export', '--json'])).out);
  expect(exported.units.map((u: { key: string }) => u.key)).toEqual(['north', 'south']);
  expect(exported.units[0].posts[1]).toEqual({ key: 'dep-fin', title: '副局长（分管财务）', portfolio: '财务装备', chief: false, power });
});

test('re-importing updates by key instead of duplicating', async () => {
  const changed = structuredClone(good);
  changed.units[0].name = '北区分局';
  changed.units[0].posts[0].power = { ...power, finance: 0 };
  const res = await cli(['org', 'import', writeJson('changed.json', changed), '--json']);
  expect(JSON.parse(res.out)).toMatchObject({ unitsCreated: 0, unitsUpdated: 2, postsCreated: 0, postsUpdated: 3 });
  expect(await ctx.deps.db('units').count({ n: '*' }).first()).toEqual({ n: 2 });
  const chief = await ctx.deps.db('posts').join('units', 'units.id', 'posts.unit_id').where({ 'units.key': 'north', 'posts.key': 'chief' }).first('power_finance', 'units.name');
  expect(chief).toEqual({ power_finance: 0, name: '北区分局' });
});

test('a malformed file names the unit, post and field at fault and imports nothing', async () => {
  const before = await ctx.deps.db('posts').count({ n: '*' }).first();
  const bad = structuredClone(good);
  bad.units.push({ key: 'east', name: '东区局', posts: [{ key: 'chief', title: '局长', chief: true, power: { ...power } }] });
  (bad.units[1].posts[0].power as Record<string, unknown>).enforcement = 9;
  const res = await cli(['org', 'import', writeJson('bad.json', bad), '--json']);
  expect(res.code).toBe(1);
  const body = JSON.parse(res.out);
  expect(body.ok).toBe(false);
  expect(body.error).toMatch(/unit #2 "south", post #1 "chief", field "power.enforcement"/);
  expect(await ctx.deps.db('units').where({ key: 'east' }).first()).toBeUndefined();
  expect(await ctx.deps.db('posts').count({ n: '*' }).first()).toEqual(before);
});

test('a file that is not JSON is refused with its name', async () => {
  const res = await cli(['org', 'import', writeJson('broken.json', '{"units": [')]);
  expect(res.code).toBe(1);
  expect(res.err).toMatch(/broken\.json: cannot read JSON/);
});

test('duplicate keys in one file are named', async () => {
  const dup = { units: [{ key: 'west', name: '西', posts: [{ key: 'a', title: 'A', power }, { key: 'a', title: 'B', power }] }] };
  const res = await cli(['org', 'import', writeJson('dup.json', dup)]);
  expect(res.err).toMatch(/unit #1 "west", post #2 "a", field "key": duplicate post key "a"/);
});
