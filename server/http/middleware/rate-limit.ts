import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../../deps';
import { addressBucket, utcDay } from '../../domain/rate-limit-rules';
import { AppError, RateLimited, Unavailable } from '../../errors';
import { hasMessage } from '../../i18n';
import { memoryRateLimits, type RateLimitBackend } from '../../rate-limits';

/**
 * Rate limits count requests under a keyed hash of the client address (DESIGN.md §4): HMAC-SHA-256 of the address (an
 * IPv6 address by its /64) under a random key of the UTC day that exists only in memory, or in Redis with a TTL that
 * ends with the day (REDIS_URL, shared by instances). It is never written to disk and no secret derives it, so nobody
 * holding the data folder, the database or a backup can recompute which address a counter belongs to.
 */
export type RateLimitDeps = Pick<AppDeps, 'sharedRateLimits' | 'clock'>;

const backendOf = (deps: RateLimitDeps): RateLimitBackend => deps.sharedRateLimits ?? memoryRateLimits;

async function keyFor(backend: RateLimitBackend, material: string, now: number): Promise<string> {
  const day = utcDay(now);
  // With Redis unreachable the counter cannot be reached either: the store's error decides (fail open or closed).
  const key = await backend.dayKey(day, now).catch(() => memoryRateLimits.dayKey(day, now));
  return crypto.createHmac('sha256', key).update(material).digest('base64url').slice(0, 22);
}

/** The key a client address is counted under today (tests compare it with what lies on disk). */
export function addressKey(deps: RateLimitDeps, address: string, at: Date = new Date()): Promise<string> {
  return keyFor(backendOf(deps), addressBucket(address), at.getTime());
}

export interface LimitOptions {
  name: string;
  windowMs: number;
  limit: number;
  /** Only count failed attempts (e.g. wrong receipts). */
  skipSuccessfulRequests?: boolean;
  /** Counts per address and this (e.g. the account signed in to); hashed with the address, never kept in clear. */
  keyOf?: (req: Request) => string;
  /**
   * When the shared store (Redis) is unreachable: fail closed (refuse with a 503) for login, filing and receipt
   * look-ups, where an unlimited attacker is the greater harm; fail open (let the request through) elsewhere.
   */
  failClosed?: boolean;
}

/** A limiter for an app, on its backend (memory, or Redis with REDIS_URL), whose refusal is our translated 429 page. */
export function limitRequests(deps: RateLimitDeps, options: LimitOptions) {
  const backend = backendOf(deps);
  const now = () => deps.clock.now();
  const limit = rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: backend.store(options.name, options.windowMs, now),
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    passOnStoreError: !(options.failClosed ?? false),
    keyGenerator: (req: Request) => {
      const bucket = addressBucket(req.ip ?? 'unknown');
      return keyFor(backend, options.keyOf ? `${bucket}\n${options.keyOf(req)}` : bucket, now());
    },
    handler: (req, res, next) => {
      // The window is fixed, so its end says when to try again (without storing anything about the client).
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(60, Math.ceil(((resetTime?.getTime() ?? now() + options.windowMs) - now()) / 1000));
      res.set('Retry-After', String(seconds));
      const specific = `error.rate_limited.${options.name}`;
      next(new RateLimited(hasMessage(specific) ? specific : 'error.rate_limited', Math.ceil(seconds / 60)));
    },
    validate: { ip: false, keyGeneratorIpFallback: false, creationStack: false, singleCount: false },
  });
  // A store error that is not passed on becomes a translated 503, not a 500.
  return (req: Request, res: Response, next: NextFunction) =>
    limit(req, res, (err?: unknown) => next(err === undefined || err instanceof AppError ? err : new Unavailable(err)));
}
