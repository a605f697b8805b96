import type { Server } from 'node:http';
import { createApp } from './app';
import { bootstrap } from './bootstrap';
import { ConfigError } from './config';
import { startBackgroundJobs } from './jobs';
import { createLogger, errorFields, type Logger } from './logger';
import { hasActiveAdministrator } from './services/org/users';
import type { AppDeps } from './deps';

const SHUTDOWN_GRACE_MS = 5000;

/** A new installation has no one who can sign in: say how to create the first administrator. */
async function hintFirstAdministrator(deps: AppDeps, logger: Logger): Promise<void> {
  if (await hasActiveAdministrator(deps.db)) return;
  logger.warn(
    `no administrator account yet: create the first one with \`npm run -s cli -- user add --email you@example.org --name Admin --role admin\`, then sign in at ${deps.config.baseUrl}/login (or load the demonstration data with \`npm run -s cli -- demo\`)`,
  );
}

async function main(): Promise<void> {
  const logger = createLogger();
  let deps;
  try {
    deps = await bootstrap({ logger });
  } catch (err) {
    if (err instanceof ConfigError || (err instanceof Error && err.message.startsWith('Invalid configuration'))) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
  if (!deps.config.smtpUrl) {
    // Said once at every start: the .eml files keep recipients and text on disk, which is fine for a try-out only.
    logger.warn('file-mail mode: no SMTP_URL, so mail is kept on disk as .eml files under DATA_DIR/mail; this is for trying the product out. Set SMTP_URL for real use; e-mail invitations need it');
  }
  const app = createApp(deps);
  const jobs = startBackgroundJobs(deps);
  const server: Server = app.listen(deps.config.port, () => {
    logger.info(`listening on ${deps.config.baseUrl}`, { port: deps.config.port, database: deps.config.database.kind, url: deps.config.baseUrl });
    hintFirstAdministrator(deps, logger).catch((err) => logger.error('administrator check failed', errorFields(err)));
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      await jobs.stop();
      await deps.renderer.close();
      await deps.sharedRateLimits?.close();
      await deps.db.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error('unhandled rejection', errorFields(err)));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`Qingfeng failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
