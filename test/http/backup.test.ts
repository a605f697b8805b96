import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app';
import { bootstrap } from '../../server/bootstrap';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { recordAudit, verifyAuditChain } from '../../server/services/ops/audit';
import { createTestContext, usingPostgres, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createPost, createUnit } from '../helpers/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const cli = (argv: string[]) => runCli(ctx.deps, argv);

(usingPostgres() ? test.skip : test)('a backup taken while the server writes restores into a new data folder that starts with the data and an intact audit chain', async () => {
  const unit = await createUnit(ctx.deps.db, { key: 'backup-unit', name: '备份测试单位' });
  await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
  await recordAudit(ctx.deps.db, ctx.clock.now(), { actorId: null, actorLabel: 'test', action: 'test.event' });
  // Writes keep going while the backup runs.
  const writes = Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(ctx.deps.db, ctx.clock.now(), { actorId: null, actorLabel: 'test', action: `during.${i}` })));
  const file = path.join(ctx.dataDir, 'backups', 'qingfeng-backup.db');
  const res = await cli(['backup', '--out', file, '--json']);
  await writes;
  expect(res.code).toBe(0);
  expect(JSON.parse(res.out)).toMatchObject({ ok: true, method: 'sqlite-vacuum-into', auditChainOk: true });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);

  // Restore: the backup file becomes qingfeng.db of a new DATA_DIR, with the secrets file copied beside it.
  const restoredDir = path.join(ctx.dataDir, 'restored');
  fs.mkdirSync(restoredDir);
  fs.copyFileSync(file, path.join(restoredDir, 'qingfeng.db'));
  fs.copyFileSync(path.join(ctx.dataDir, 'secrets.json'), path.join(restoredDir, 'secrets.json'));
  const env = { DATA_DIR: restoredDir, DATABASE_URL: '' };
  const restored = await bootstrap({ env, config: loadConfig(env), logger: createLogger({ sink: () => undefined }) });
  try {
    expect((await request(createApp(restored)).get('/readyz')).status).toBe(200);
    expect(await restored.db('units').where({ key: 'backup-unit' }).first('name')).toEqual({ name: '备份测试单位' });
    expect((await verifyAuditChain(restored.db)).ok).toBe(true);
  } finally {
    await restored.db.destroy();
  }
});

test('a backup refuses to overwrite an existing file', async () => {
  const file = path.join(ctx.dataDir, 'exists.db');
  fs.writeFileSync(file, 'keep me');
  const res = await cli(['backup', '--out', file]);
  expect(res.code).toBe(1);
  expect(res.err).toMatch(/already exists/);
  expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
});

(usingPostgres() ? test : test.skip)('on PostgreSQL the backup is a pg_dump archive of the schema', async () => {
  await createUnit(ctx.deps.db, { key: 'pg-backup-unit' });
  const file = path.join(ctx.dataDir, 'pg.dump');
  const res = await cli(['backup', '--out', file, '--json']);
  expect(res.code).toBe(0);
  expect(JSON.parse(res.out)).toMatchObject({ ok: true, method: 'pg_dump' });
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
});
