import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../../server/services/ops/audit';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createUser, signIn } from '../helpers/factories';

// Each test gets its own database: tampering is destructive.
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const cli = (argv: string[]) => runCli(ctx.deps, argv);

async function someEvents(n: number): Promise<number[]> {
  for (let i = 0; i < n; i++) await recordAudit(ctx.deps.db, Date.now(), { actorId: null, actorLabel: 'test', action: `test.event${i}`, details: { i } });
  return (await ctx.deps.db('audit_events').orderBy('id').pluck('id')).map(Number);
}

test('audit verify passes on an intact chain and counts the events', async () => {
  await someEvents(5);
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(0);
  expect(JSON.parse(res.out)).toEqual({ ok: true, events: 5 });
});

test('audit verify names the first event whose content was edited', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where({ id: ids[2] }).update({ actor_label: 'someone else' });
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(1);
  const out = JSON.parse(res.out);
  expect(out.ok).toBe(false);
  expect(out.error).toContain(`event ${ids[2]}`);
});

test('audit verify catches a deleted event in the middle', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where({ id: ids[1] }).delete();
  const res = await cli(['audit', 'verify']);
  expect(res.code).toBe(1);
  expect(res.err).toContain(`event ${ids[2]}`);
});

test('audit verify catches the deletion of the latest events', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where('id', '>=', ids[3]).delete();
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out).error).toContain(`event ${ids[4]}`);
  expect(JSON.parse(res.out).error).toContain(`after #${ids[2]}`);
});

test('deleting the newest events and the stored head is detected', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where('id', '>=', ids[3]).delete();
  await ctx.deps.db('settings').where({ key: 'audit_head' }).delete();
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out).error).toMatch(/head/);
});

test('cutting off the newest events stays detected after the server records new ones', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where('id', '>=', ids[3]).delete();
  await ctx.deps.db('settings').where({ key: 'audit_head' }).delete();
  await someEvents(2);
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out).ok).toBe(false);
});

test('an edited event whose hash was recomputed by someone with the database alone does not verify: the chain is keyed', async () => {
  const ids = await someEvents(4);
  const row = await ctx.deps.db('audit_events').where({ id: ids[3] }).first();
  const edited = { ...row, actor_label: 'someone else' };
  // What an attacker with the database can do: recompute the plain SHA-256 of the canonical content.
  const forged = crypto.createHash('sha256').update(JSON.stringify([edited.prev_hash, Number(edited.at), edited.actor_id, edited.actor_label, edited.action, edited.object_type, edited.object_id, edited.details_json])).digest('hex');
  await ctx.deps.db('audit_events').where({ id: ids[3] }).update({ actor_label: 'someone else', hash: forged });
  const head = JSON.parse((await ctx.deps.db('settings').where({ key: 'audit_head' }).first()).value_json);
  await ctx.deps.db('settings').where({ key: 'audit_head' }).update({ value_json: JSON.stringify({ ...head, hash: forged }) });
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out).error).toContain(`event ${ids[3]}`);
});

test('the audit key is kept outside the database: in secrets.json, or AUDIT_KEY', async () => {
  await someEvents(1);
  const secrets = JSON.parse(fs.readFileSync(path.join(ctx.dataDir, 'secrets.json'), 'utf8'));
  expect(Buffer.from(secrets.auditKey, 'base64').length).toBeGreaterThanOrEqual(32);
  const dump = JSON.stringify(await ctx.deps.db('settings').select('*'));
  expect(dump).not.toContain(secrets.auditKey);
});

test('audit head prints the latest event and its hash; verify --head finds a cut-off chain that an old head would hide', async () => {
  await someEvents(3);
  const earlier = JSON.parse((await cli(['audit', 'head', '--json'])).out);
  const storedEarlier = (await ctx.deps.db('settings').where({ key: 'audit_head' }).first()).value_json;
  await someEvents(2);
  const head = JSON.parse((await cli(['audit', 'head', '--json'])).out);
  const latest = await ctx.deps.db('audit_events').orderBy('id', 'desc').first('id', 'hash');
  expect(head).toEqual({ ok: true, id: Number(latest.id), hash: latest.hash, events: 5 });
  expect((await cli(['audit', 'head'])).out).toContain(latest.hash);
  // Someone who kept an earlier copy of the head row cuts off the two newest events and puts the old head back.
  await ctx.deps.db('audit_events').where('id', '>', earlier.id).delete();
  await ctx.deps.db('settings').where({ key: 'audit_head' }).update({ value_json: storedEarlier });
  expect((await cli(['audit', 'verify', '--json'])).code).toBe(0);
  // The head an admin received (in the daily digest) is no longer in the chain.
  const checked = await cli(['audit', 'verify', '--head', `${head.id}:${head.hash}`, '--json']);
  expect(checked.code).toBe(1);
  expect(JSON.parse(checked.out).error).toContain(`${head.id}`);
  expect((await cli(['audit', 'verify', '--head', `${earlier.id}:${earlier.hash}`])).code).toBe(0);
});

/** A chain as versions before the keyed one wrote it: plain SHA-256, and a head without a MAC. */
async function legacyChain(n: number): Promise<number[]> {
  let prev = '0'.repeat(64);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = { at: 1_700_000_000_000 + i, actor_id: null, actor_label: 'old', action: `old.event${i}`, object_type: null, object_id: null, details_json: '{}', prev_hash: prev };
    const hash = crypto.createHash('sha256').update(JSON.stringify([row.prev_hash, row.at, row.actor_id, row.actor_label, row.action, row.object_type, row.object_id, row.details_json])).digest('hex');
    const [inserted] = await ctx.deps.db('audit_events').insert({ ...row, hash }).returning('id');
    ids.push(Number(typeof inserted === 'object' ? inserted.id : inserted));
    prev = hash;
  }
  await ctx.deps.db('settings').insert({ key: 'audit_head', value_json: JSON.stringify({ id: ids[n - 1], hash: prev }) });
  return ids;
}

test('a chain from before the key verifies once a keyed event follows it; an all-unkeyed chain, as anyone could write, does not', async () => {
  const ids = await legacyChain(4);
  const before = await cli(['audit', 'verify', '--json']);
  expect(before.code).toBe(1);
  expect(JSON.parse(before.out).error).toContain('unkeyed');
  await someEvents(2);
  expect(JSON.parse((await cli(['audit', 'verify', '--json'])).out)).toEqual({ ok: true, events: 6 });
  // The old part is still covered: the first keyed event links to its last hash.
  await ctx.deps.db('audit_events').where({ id: ids[1] }).update({ actor_label: 'edited' });
  expect((await cli(['audit', 'verify'])).err).toContain(`event ${ids[1]}`);
});

test('the audit page lists events with filters and pages, and its verify button reports the result', async () => {
  await someEvents(60);
  const admin = await createUser(ctx.deps.db, { role: 'admin', email: 'auditor@example.org' });
  const session = await signIn(ctx.app, ctx.deps.db, admin);
  const first = await session.get('/admin/audit');
  expect(first.status).toBe(200);
  expect(first.text).toContain('<td>test.event59</td>');
  expect(first.text).not.toContain('<td>test.event5</td>');
  expect(first.text).toContain('rel="next"');
  const second = await session.get('/admin/audit?page=2');
  expect(second.text).toContain('<td>test.event0</td>');
  const filtered = await session.get('/admin/audit?action=test.event7');
  expect(filtered.text).toContain('<td>test.event7</td>');
  expect(filtered.text).not.toContain('<td>test.event8</td>');
  const byActor = await session.get('/admin/audit?actor=nobody-like-this');
  expect(byActor.text).toContain('没有符合条件的记录');
  const today = new Date().toISOString().slice(0, 10);
  expect((await session.get(`/admin/audit?from=${today}&to=${today}`)).text).toContain('<td>test.event59</td>');
  expect((await session.get('/admin/audit?from=2000-01-01&to=2000-01-02')).text).toContain('没有符合条件的记录');
  const badDate = await session.get('/admin/audit?from=yesterday');
  expect(badDate.status).toBe(400);
  expect(badDate.text).toContain('YYYY-MM-DD');
  expect((await session.get('/admin/audit?verify=1')).text).toContain('校验通过');
  await ctx.deps.db('audit_events').where({ action: 'test.event3' }).update({ details_json: '{"i":99}' });
  expect((await session.get('/admin/audit?verify=1')).text).toContain('校验失败');
});
