import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { AppDeps } from '../../deps';
import { AppError, RateLimited, Unavailable } from '../../errors';

/**
 * Rate limits key on a keyed hash of the client address (DESIGN.md §4): HMAC-SHA-256 under a key derived from a
 * secret and the current UTC date, so the key rotates daily and the address itself is never kept, in memory or Redis.
 * Instances sharing the secret (RATE_LIMIT_SECRET or the same secrets.json) derive the same key.
 */
export function clientKey(secret: Buffer, address: string, now: Date = new Date()): string {
  const dayKey = crypto.createHmac('sha256', secret).update('rate-limit:' + now.toISOString().slice(0, 10)).digest();
  return crypto.createHmac('sha256', dayKey).update(address).digest('base64url').slice(0, 22);
}

export interface LimitOptions {
  name: string;
  windowMs: number;
  limit: number;
  secret: Buffer;
  store?: Store;
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

/** A limiter whose refusal is our translated 429 page. */
export function limiter(options: LimitOptions) {
  const limit = rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: options.store,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    passOnStoreError: !(options.failClosed ?? false),
    keyGenerator: (req: Request) => `${options.name}:${clientKey(options.secret, options.keyOf ? `${req.ip ?? 'unknown'}\n${options.keyOf(req)}` : req.ip ?? 'unknown')}`,
    handler: (_req, _res, next) => next(new RateLimited()),
    validate: { ip: false, keyGeneratorIpFallback: false, creationStack: false, singleCount: false },
  });
  // A store error that is not passed on becomes a translated 503, not a 500.
  return (req: Request, res: Response, next: NextFunction) =>
    limit(req, res, (err?: unknown) => next(err === undefined || err instanceof AppError ? err : new Unavailable(err)));
}

/** The limiter for an app: its daily-rotated address key and, with REDIS_URL, the counters shared by all instances. */
export function limitRequests(deps: Pick<AppDeps, 'secrets' | 'sharedRateLimits'>, options: Omit<LimitOptions, 'secret' | 'store'>) {
  return limiter({ ...options, secret: deps.secrets.rateLimitKey, store: deps.sharedRateLimits?.store(options.name) });
}
