import { loadConfig, type Config } from './config';
import { createDb, migrateLatest } from './db/knex';
import { systemClock, type AppDeps } from './deps';
import { createLogger, type Logger } from './logger';
import { connectSharedRateLimits } from './redis';
import { RenderPool } from './render/pool';
import { loadSecrets } from './secrets';
import { attachAuditKey } from './services/ops/audit';
import { ensureDefaults } from './services/ops/startup';

/** config → secrets → database → migrations → defaults: what both the server and the CLI start from. */
export async function bootstrap(options: { env?: Record<string, string | undefined>; logger?: Logger; config?: Config } = {}): Promise<AppDeps> {
  const env = options.env ?? process.env;
  const config = options.config ?? loadConfig(env);
  const logger = options.logger ?? createLogger();
  const secrets = loadSecrets(config.dataDir, env);
  if (env.RATE_LIMIT_SECRET) logger.warn('RATE_LIMIT_SECRET is ignored: the rate-limit key is random per day and kept in memory (or Redis) only');
  const db = createDb(config);
  attachAuditKey(db, secrets.auditKey);
  try {
    await migrateLatest(db);
    const sharedRateLimits = config.redisUrl ? connectSharedRateLimits(config.redisUrl, logger) : undefined;
    const deps: AppDeps = { config, db, secrets, logger, clock: systemClock, renderer: new RenderPool(), sharedRateLimits };
    await ensureDefaults(deps);
    return deps;
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
