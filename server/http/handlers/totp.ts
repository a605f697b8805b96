import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { actorOf, recordAudit } from '../../services/ops/audit';
import { getSetting, setSetting } from '../../services/ops/settings';
import { provesSecondFactor } from '../../services/auth/login';
import { confirmEnrolment, disableTotp, enrolmentView, newTotpSecret, totpStatus, TOTP_REQUIRED_FOR_ADMINS } from '../../services/auth/totp';
import { principalOf } from '../request-context';

// The signed-in user's own two-step verification: enrol (QR + key, confirm with a code), recovery codes, turn off.
const field = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');
const BASE32_SECRET = /^[A-Z2-7]{32,64}$/;

async function renderPage(deps: AppDeps, req: Request, res: Response, status: number, options: { secret?: string; errors?: Record<string, string>; notice?: string }) {
  const principal = principalOf(req);
  const state = await totpStatus(deps.db, principal.id);
  const required = principal.role === 'admin' && (await getSetting<boolean>(deps.db, TOTP_REQUIRED_FOR_ADMINS, false));
  // With TOTP on, the page offers a new authenticator too; confirming it needs a current code (confirmTotp).
  const enrolment = await enrolmentView(principal.email, options.secret ?? newTotpSecret());
  res.set('Cache-Control', 'no-store');
  res.status(status).render('auth/totp', {
    title: req.t('auth.totp.title'), state, required, enrolment, errors: options.errors ?? {}, notice: options.notice ?? null,
    mustEnrol: Boolean(req.session?.mustEnrolTotp),
  });
}

export function showTotp(deps: AppDeps) {
  return (req: Request, res: Response) => renderPage(deps, req, res, 200, { notice: req.query.done === 'off' ? 'auth.totp.disabled_done' : undefined });
}

export function confirmTotp(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const principal = principalOf(req);
    const secret = field(req.body.secret, 64);
    if (!BASE32_SECRET.test(secret)) return renderPage(deps, req, res, 400, { errors: { code: 'auth.totp.invalid' } });
    const now = deps.clock.now();
    // Replacing an authenticator in use takes a current code of it, counted like a sign-in attempt (back-off included).
    if ((await totpStatus(deps.db, principal.id)).enabled && !(await provesSecondFactor(deps.db, deps.secrets.encryption, now, principal, field(req.body.current_code, 64)))) {
      return renderPage(deps, req, res, 400, { secret, errors: { current_code: 'auth.totp.invalid' } });
    }
    const codes = await confirmEnrolment(deps.db, deps.secrets.encryption, now, principal, secret, field(req.body.code, 16));
    if (!codes) return renderPage(deps, req, res, 400, { secret, errors: { code: 'auth.totp.invalid' } });
    res.set('Cache-Control', 'no-store');
    res.render('auth/totp-recovery', { title: req.t('auth.totp.recovery_title'), codes });
  };
}

export function submitDisableTotp(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const principal = principalOf(req);
    if (principal.role === 'admin' && (await getSetting<boolean>(deps.db, TOTP_REQUIRED_FOR_ADMINS, false))) {
      return renderPage(deps, req, res, 400, { errors: { 'disable-code': 'auth.totp.required_cannot_disable' } });
    }
    const now = deps.clock.now();
    if (!(await provesSecondFactor(deps.db, deps.secrets.encryption, now, principal, field(req.body.code, 64)))) return renderPage(deps, req, res, 400, { errors: { 'disable-code': 'auth.totp.invalid' } });
    await disableTotp(deps.db, now, actorOf(principal), principal.id);
    res.redirect(303, '/account/totp?done=off');
  };
}

/** POST /admin/users/totp-setting — the deployment-wide "TOTP required for admins" switch. */
export function saveTotpSetting(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const principal = principalOf(req);
    const required = req.body.required === '1';
    await deps.db.transaction(async (trx) => {
      await setSetting(trx, TOTP_REQUIRED_FOR_ADMINS, required);
      await recordAudit(trx, deps.clock.now(), { ...actorOf(principal), action: 'settings.totp_required', objectType: 'setting', objectId: TOTP_REQUIRED_FOR_ADMINS, details: { required } });
    });
    res.redirect(303, '/admin/users?saved=setting');
  };
}
