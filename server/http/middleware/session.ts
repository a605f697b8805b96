import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { AppError, Forbidden } from '../../errors';
import { loadPrincipal, resumeSession } from '../../services/auth/sessions';
import { mustEnrolTotp } from '../../services/auth/totp';
import type { Access } from '../route-def';
import '../request-context';

export const SESSION_COOKIE = 'qf_session';

export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/' };
}

/** Resumes a committee session from its cookie. Anonymous visitors have no cookie and skip the database entirely. */
export function session(deps: AppDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const raw = req.cookies?.[SESSION_COOKIE];
    if (typeof raw !== 'string' || raw === '') return next();
    try {
      const found = await resumeSession(deps.db, raw, deps.clock.now());
      const principal = found && (await loadPrincipal(deps.db, found.userId));
      if (!found || !principal) {
        res.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.config.secureCookies));
        return next();
      }
      if (!found.secondFactorPending) found.mustEnrolTotp = await mustEnrolTotp(deps.db, principal.id, principal.role);
      req.session = found;
      req.principal = principal;
      res.locals.principal = found.secondFactorPending ? undefined : principal;
      res.locals.csrfToken = found.csrfToken;
      next();
    } catch (err) {
      next(err);
    }
  };
}

function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Committee POSTs carry the session's CSRF token in `_csrf`; runs after body parsing (incl. multipart). */
export function verifyCsrf(req: Request, _res: Response, next: NextFunction) {
  if (req.method !== 'POST') return next();
  if (!req.session || !tokenMatches(req.body?._csrf, req.session.csrfToken)) return next(new Forbidden('error.csrf'));
  next();
}

/** Pages an admin who must enrol TOTP may still use: the enrolment itself. */
export const TOTP_ENROL_PATH = '/account/totp';

/** Enforces a route's access level: signed in, second factor done, TOTP enrolled when required, role. */
export function requireAccess(access: Access) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (access === 'public') return next();
    const { session: s, principal } = req;
    if (!s || !principal) {
      if (req.method === 'GET') return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return next(new AppError(401, 'error.forbidden'));
    }
    if (access === 'signed-in') return next();
    if (s.secondFactorPending) return req.method === 'GET' ? res.redirect(303, '/login/totp') : next(new Forbidden());
    if (s.mustEnrolTotp && !req.path.startsWith(TOTP_ENROL_PATH)) {
      return req.method === 'GET' ? res.redirect(303, TOTP_ENROL_PATH) : next(new Forbidden('auth.totp.required_notice'));
    }
    if (access === 'admin' && principal.role !== 'admin') return next(new Forbidden());
    next();
  };
}
