import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Express } from 'express';
import knexFactory from 'knex';
import { createApp } from '../../server/app';
import { bootstrap } from '../../server/bootstrap';
import { loadConfig } from '../../server/config';
import type { AppDeps, Clock } from '../../server/deps';
import { createLogger } from '../../server/logger';

// Cheap hashes in tests; production cost is exercised by the benchmark and a dedicated unit test.
process.env.SCRYPT_COST_LOG2 ??= '12';
process.env.RECEIPT_HASH_COST_LOG2 ??= '12';

export interface TestContext {
  deps: AppDeps;
  app: Express;
  dataDir: string;
  logLines: string[];
  clock: Clock & { set(ms: number): void; advance(ms: number): void };
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

/** A controllable clock that starts at the real time. */
function testClock(): TestContext['clock'] {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set: (ms) => (offset = ms - Date.now()),
    advance: (ms) => (offset += ms),
  };
}

export const usingPostgres = () => /^postgres/.test(process.env.DATABASE_URL ?? '');

/**
 * A real app on a real database: a fresh SQLite file in a temp DATA_DIR, or — when DATABASE_URL is a
 * postgres:// URL — a fresh schema in that database, dropped on close.
 */
export async function createTestContext(extraEnv: Record<string, string> = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-test-'));
  const schema = usingPostgres() ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  if (schema) {
    const admin = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
  }
  const env: Record<string, string | undefined> = {
    DATA_DIR: dataDir,
    DATABASE_URL: usingPostgres() ? process.env.DATABASE_URL : '',
    DATABASE_SCHEMA: schema,
    BASE_URL: 'http://127.0.0.1',
    SCRYPT_COST_LOG2: process.env.SCRYPT_COST_LOG2,
    ...extraEnv,
  };
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const deps0 = await bootstrap({ env, logger, config: loadConfig(env) });
  const clock = testClock();
  const deps: AppDeps = { ...deps0, clock };
  const app = createApp(deps);
  return {
    deps,
    app,
    dataDir,
    logLines,
    clock,
    env,
    async close() {
      await deps.renderer.close();
      await deps.sharedRateLimits?.close();
      await deps.db.destroy();
      if (schema) {
        const admin = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
        await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
        await admin.destroy();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
