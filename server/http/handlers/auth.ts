import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { EMAIL_MAX } from '../../domain/email-address';
import { actorOf, recordAudit } from '../../services/ops/audit';
import { logIn, passSecondFactor } from '../../services/auth/login';
import { endSession } from '../../services/auth/sessions';
import { SESSION_COOKIE, sessionCookieOptions } from '../middleware/session';
import { safeNext } from './home';

const field = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

export function showLogin(req: Request, res: Response): void {
  if (req.principal && !req.session?.secondFactorPending) return res.redirect(303, '/committee');
  res.render('auth/login', { title: req.t('auth.login.title'), email: '', next: safeNext(req.query.next, '/committee'), errors: {}, signedOut: req.query.signed_out === '1' });
}

export function submitLogin(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const email = field(req.body.email, EMAIL_MAX);
    const password = field(req.body.password, 1024);
    const next = safeNext(req.body.next, '/committee');
    const refuse = (status: number) => res.status(status).render('auth/login', { title: req.t('auth.login.title'), email, next, errors: { email: 'auth.login.invalid' }, signedOut: false });
    // The language switch: the same form in the other language, the e-mail kept (never the password), no attempt made.
    if (req.languageSwitch) return res.render('auth/login', { title: req.t('auth.login.title'), email, next, errors: {}, signedOut: false });
    if (!email || !password) return refuse(400);
    const result = await logIn(deps.db, deps.clock.now(), email, password);
    if (!result.ok) return refuse(401);
    res.cookie(SESSION_COOKIE, result.token, sessionCookieOptions(deps.config.secureCookies));
    res.redirect(303, result.secondFactorPending ? `/login/totp?next=${encodeURIComponent(next)}` : next);
  };
}

/** GET /login/totp — the second step, for a session that passed the password. */
export function showTotpLogin(req: Request, res: Response): void {
  if (!req.session?.secondFactorPending) return res.redirect(303, '/committee');
  res.render('auth/totp-login', { title: req.t('auth.totp.login_title'), next: safeNext(req.query.next, '/committee'), errors: {} });
}

export function submitTotpLogin(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    if (!req.session?.secondFactorPending) return res.redirect(303, '/committee');
    const next = safeNext(req.body.next, '/committee');
    const result = await passSecondFactor(deps.db, deps.secrets.encryption, deps.clock.now(), req.session, field(req.body.code, 64));
    if (result.ok) {
      res.cookie(SESSION_COOKIE, result.token, sessionCookieOptions(deps.config.secureCookies));
      return res.redirect(303, next);
    }
    if (result.signedOut) {
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.config.secureCookies));
      return res.status(401).render('auth/login', { title: req.t('auth.login.title'), email: '', next, errors: { email: 'auth.login.invalid' }, signedOut: false });
    }
    res.status(401).render('auth/totp-login', { title: req.t('auth.totp.login_title'), next, errors: { code: 'auth.totp.invalid' } });
  };
}

export function logout(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    if (req.session && req.principal) {
      await endSession(deps.db, req.session.idHash);
      await recordAudit(deps.db, deps.clock.now(), { ...actorOf(req.principal), action: 'logout', objectType: 'user', objectId: req.principal.id });
    }
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.config.secureCookies));
    res.redirect(303, '/login?signed_out=1');
  };
}
