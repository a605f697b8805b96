import crypto from 'node:crypto';
import type { ClientRateLimitInfo, Store } from 'express-rate-limit';
import { windowBounds } from './domain/rate-limit-rules';

// Where rate-limit counters and the key of the day live (DESIGN.md §4, §7): in this process's memory, or in Redis
// (redis.ts) so that several instances share them. Either way the key of the day is random, made when first needed
// and never written to disk; counters are kept per clock-aligned window and expire at its end.

export interface RateLimitBackend {
  /** The counter store of one limiter: fixed windows of `windowMs`, aligned on the clock. */
  store(name: string, windowMs: number, now: () => number): Store;
  /** The random key of a UTC day, the same for everyone sharing this backend; gone after the day. */
  dayKey(day: string, now: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Counters in a Map: each entry ends with its window; entries of past windows are swept as new hits come in. */
function memoryStore(windowMs: number, now: () => number): Store {
  const counts = new Map<string, { hits: number; end: number }>();
  let nextSweep = 0;
  const live = (key: string) => {
    const entry = counts.get(key);
    return entry && entry.end > now() ? entry : undefined;
  };
  const info = (e: { hits: number; end: number }): ClientRateLimitInfo => ({ totalHits: e.hits, resetTime: new Date(e.end) });
  return {
    localKeys: true,
    init: () => undefined,
    get: (key) => {
      const e = live(key);
      return e && info(e);
    },
    increment: (key) => {
      const t = now();
      if (t >= nextSweep) {
        for (const [k, e] of counts) if (e.end <= t) counts.delete(k);
        nextSweep = windowBounds(t, windowMs).end;
      }
      let e = live(key);
      if (!e) counts.set(key, (e = { hits: 0, end: windowBounds(t, windowMs).end }));
      e.hits++;
      return info(e);
    },
    decrement: (key) => {
      const e = live(key);
      if (e && e.hits > 0) e.hits--;
    },
    resetKey: (key) => {
      counts.delete(key);
    },
  };
}

const memoryDayKeys = new Map<string, Buffer>();

/** The single-instance backend: counters and the key of the day in this process only (lost at restart, on purpose). */
export const memoryRateLimits: RateLimitBackend = {
  store: (_name, windowMs, now) => memoryStore(windowMs, now),
  async dayKey(day) {
    let key = memoryDayKeys.get(day);
    if (!key) {
      memoryDayKeys.clear();
      memoryDayKeys.set(day, (key = crypto.randomBytes(32)));
    }
    return key;
  },
  close: async () => undefined,
};
