import crypto from 'node:crypto';
import type { Request } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RateLimited } from '../../errors';

/**
 * Rate limits key on a keyed hash of the client address (DESIGN.md §4): HMAC-SHA-256 under a key derived from a
 * secret and the current UTC date, so the key rotates daily and the address itself is never kept, in memory or Redis.
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
}

/** A limiter whose refusal is our translated 429 page. */
export function limiter(options: LimitOptions) {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: options.store,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    keyGenerator: (req: Request) => `${options.name}:${clientKey(options.secret, req.ip ?? 'unknown')}`,
    handler: (_req, _res, next) => next(new RateLimited()),
    validate: { ip: false, keyGeneratorIpFallback: false },
  });
}
