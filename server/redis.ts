import type { RedisStore } from 'rate-limit-redis';
import type { Options, Store } from 'express-rate-limit';
import { errorFields, type Logger } from './logger';

export interface SharedRateLimits {
  /** A Redis-backed store for one limiter; each limiter has its own key prefix. */
  store(name: string): Store;
  close(): Promise<void>;
}

/**
 * Connects to Redis for the rate-limit counters shared by several instances (DESIGN.md §7). Commands fail at once
 * while Redis is unreachable (no offline queue), so each limiter can fail closed or open as documented; the client
 * keeps reconnecting in the background. Only keyed address hashes are stored there, with a TTL of the window.
 */
export function connectSharedRateLimits(url: string, logger: Logger): SharedRateLimits {
  // Required here, not at the top: a single instance without REDIS_URL never loads the Redis client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createClient } = require('redis') as typeof import('redis');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisStore: Store } = require('rate-limit-redis') as typeof import('rate-limit-redis');
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
  });
  let reported = false;
  client.on('error', (err: unknown) => {
    if (!reported) logger.warn('redis unavailable', errorFields(err));
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info('redis reconnected');
    reported = false;
  });
  client.connect().catch(() => undefined);
  return {
    store: (name) => lazyStore(() => new Store({ prefix: `qf:rl:${name}:`, sendCommand: (...args: string[]) => client.sendCommand(args) })),
    async close() {
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}

/**
 * RedisStore loads its Lua script when it is built; built while Redis is down it would stay broken. This wrapper
 * builds it on first use and rebuilds it after any error, so a limiter recovers by itself when Redis returns.
 */
function lazyStore(build: () => RedisStore): Store {
  let inner: RedisStore | undefined;
  let options: Options | undefined;
  const use = async <T>(fn: (store: RedisStore) => Promise<T> | T): Promise<T> => {
    try {
      if (!inner) {
        const fresh = build();
        if (options) await fresh.init(options);
        inner = fresh;
      }
      return await fn(inner);
    } catch (err) {
      inner = undefined;
      throw err;
    }
  };
  return {
    init: (o: Options) => {
      options = o;
    },
    get: (key) => use((s) => s.get(key)),
    increment: (key) => use((s) => s.increment(key)),
    decrement: (key) => use((s) => s.decrement(key)),
    resetKey: (key) => use((s) => s.resetKey(key)),
  };
}
