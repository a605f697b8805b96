import crypto from 'node:crypto';
import type { Store } from 'express-rate-limit';
import { untilDayEnd, windowBounds } from './domain/rate-limit-rules';
import { errorFields, type Logger } from './logger';
import type { RateLimitBackend } from './rate-limits';

/** Redis-backed rate limits shared by several instances (DESIGN.md §7); closed with the process. */
export type SharedRateLimits = RateLimitBackend;

// One hit: count it and let the counter expire at the end of its window (the same instant for every hit in it).
const INCREMENT = "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIREAT', KEYS[1], ARGV[1]) return n";
// A successful request given back (skipSuccessfulRequests): only a counter that still exists, never below zero.
const DECREMENT = "local n = tonumber(redis.call('GET', KEYS[1]) or '0') if n > 0 then redis.call('DECR', KEYS[1]) end return n";
/** How long an instance uses the key of the day it read before asking Redis again (Redis may have restarted). */
const DAY_KEY_CACHE_MS = 60_000;

type Send = (args: string[]) => Promise<unknown>;

/** Counters under qf:rl:<limiter>:<window start>:<keyed address hash>, each expiring exactly at its window's end. */
function redisStore(send: Send, name: string, windowMs: number, now: () => number): Store {
  const keyOf = (key: string) => `qf:rl:${name}:${windowBounds(now(), windowMs).start}:${key}`;
  return {
    init: () => undefined,
    async get(key) {
      const value = await send(['GET', keyOf(key)]);
      return value === null ? undefined : { totalHits: Number(value), resetTime: new Date(windowBounds(now(), windowMs).end) };
    },
    async increment(key) {
      const { end } = windowBounds(now(), windowMs);
      const hits = await send(['EVAL', INCREMENT, '1', keyOf(key), String(end)]);
      return { totalHits: Number(hits), resetTime: new Date(end) };
    },
    async decrement(key) {
      await send(['EVAL', DECREMENT, '1', keyOf(key)]);
    },
    async resetKey(key) {
      await send(['DEL', keyOf(key)]);
    },
  };
}

/**
 * Connects to Redis for the rate-limit counters and the key of the day shared by several instances (DESIGN.md §4, §7).
 * Commands fail at once while Redis is unreachable (no offline queue), so each limiter can fail closed or open as
 * documented; the client keeps reconnecting in the background. Redis holds keyed address hashes per window, and the
 * random key of the day under qf:rl:day:<date>, set once (SET NX) with a TTL ending with the UTC day.
 */
export function connectSharedRateLimits(url: string, logger: Logger): SharedRateLimits {
  // Required here, not at the top: a single instance without REDIS_URL never loads the Redis client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createClient } = require('redis') as typeof import('redis');
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
  const send: Send = (args) => client.sendCommand(args);
  const cached = new Map<string, { key: Buffer; readAt: number }>();
  return {
    store: (name, windowMs, now) => redisStore(send, name, windowMs, now),
    async dayKey(day, now) {
      const hit = cached.get(day);
      if (hit && now - hit.readAt < DAY_KEY_CACHE_MS) return hit.key;
      const name = `qf:rl:day:${day}`;
      const ttl = Math.max(1, Math.ceil(untilDayEnd(now) / 1000));
      await send(['SET', name, crypto.randomBytes(32).toString('base64'), 'NX', 'EX', String(ttl)]);
      const value = await send(['GET', name]);
      if (typeof value !== 'string') throw new Error('rate-limit key of the day missing in Redis');
      const key = Buffer.from(value, 'base64');
      cached.clear();
      cached.set(day, { key, readAt: now });
      return key;
    },
    async close() {
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}
