import type { Config } from './config';
import type { Db } from './db/knex';
import type { Logger } from './logger';
import type { AttachmentRenderer } from './render/pool';
import type { SharedRateLimits } from './redis';
import type { Secrets } from './secrets';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** What the app and the services are built from; main.ts and the test helpers assemble it. */
export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly secrets: Secrets;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Re-renders attachments in child processes (started on first use). */
  readonly renderer: AttachmentRenderer;
  /** Redis-backed rate-limit counters shared by instances (REDIS_URL); absent: in-process memory. */
  readonly sharedRateLimits?: SharedRateLimits;
}

// Kept until survey-release.ts (being rewritten on main) imports dayOf from domain/deadlines.ts like the rest.
export { dayOf } from './domain/deadlines';
