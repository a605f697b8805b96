import type { NextFunction, Request, Response } from 'express';

/**
 * Who may call a route. `public`: anyone, no session needed (anonymous forms set no cookie).
 * `signed-in`: any committee session, even one still waiting for its second factor (the TOTP step, logout).
 * `committee`: reviewers and admins with a complete login. `admin`: admins only.
 * Unit scope is checked by the services a handler calls (every lookup takes the principal).
 */
export type Access = 'public' | 'signed-in' | 'committee' | 'admin';

export type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

export interface RouteDef {
  method: 'get' | 'post';
  path: string;
  access: Access;
  handler: Handler;
  /** Extra middleware run before the handler (rate limits, multipart parsing). */
  before?: Handler[];
}

/** Wraps an async handler so a rejected promise reaches the error handler. */
export function asyncHandler(fn: Handler): Handler {
  return (req, res, next) => {
    Promise.resolve(fn(req, res, next)).catch(next);
  };
}
