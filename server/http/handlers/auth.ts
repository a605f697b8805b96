import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../../services/audit';
import { logIn } from '../../services/login';
import { endSession } from '../../services/sessions';
import { SESSION_COOKIE, sessionCookieOptions } from '../middleware/session';
import { safeNext } from './home';

const field = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

export function showLogin(req: Request, res: Response): void {
  if (req.principal && !req.session?.secondFactorPending) return res.redirect(303, '/committee');
  res.render('auth/login', { title: req.t('auth.login.title'), email: '', next: safeNext(req.query.next, '/committee'), errors: {} });
}

export function submitLogin(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const email = field(req.body.email, 254);
    const password = field(req.body.password, 1024);
    const next = safeNext(req.body.next, '/committee');
    if (!email || !password) {
      return res.status(400).render('auth/login', { title: req.t('auth.login.title'), email, next, errors: { email: 'auth.login.invalid' } });
    }
    const result = await logIn(deps.db, deps.clock.now(), email, password);
    if (!result.ok) {
      return res.status(401).render('auth/login', { title: req.t('auth.login.title'), email, next, errors: { email: 'auth.login.invalid' } });
    }
    res.cookie(SESSION_COOKIE, result.token, sessionCookieOptions(deps.config.secureCookies));
    res.redirect(303, result.secondFactorPending ? `/login/totp?next=${encodeURIComponent(next)}` : next);
  };
}

export function logout(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    if (req.session && req.principal) {
      await endSession(deps.db, req.session.idHash);
      await recordAudit(deps.db, deps.clock.now(), { actorId: req.principal.id, actorLabel: req.principal.email, action: 'logout', objectType: 'user', objectId: req.principal.id });
    }
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.config.secureCookies));
    res.redirect(303, '/login?signed_out=1');
  };
}
