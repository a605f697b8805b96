import type { Request } from 'express';
import type { AppDeps } from '../../deps';
import { EMAIL_MAX } from '../../domain/email-address';
import { showAudit } from '../handlers/audit';
import { logout, showLogin, showTotpLogin, submitLogin, submitTotpLogin } from '../handlers/auth';
import { confirmTotp, saveTotpSetting, showTotp, submitDisableTotp } from '../handlers/totp';
import { showNewUser, showUser, showUsers, submitDisabled, submitNewUser, submitResetPassword, submitUser } from '../handlers/users';
import { limitRequests } from '../middleware/rate-limit';
import type { RouteDef } from '../route-def';

// Committee sign-in and sign-out, the second factor, accounts and the audit log.
export function authRoutes(deps: AppDeps): RouteDef[] {
  // Only failed attempts count. Per address: 30 in 15 minutes, whatever the account. Per account and address: 5, so one
  // address cannot push an account far into its back-off (services/auth/lockout.ts), let alone lock its owner out.
  const window = 15 * 60 * 1000;
  const signInLimit = limitRequests(deps, { name: 'login', windowMs: window, limit: 30, skipSuccessfulRequests: true, failClosed: true });
  const perAccount = (name: string, keyOf: (req: Request) => string) => limitRequests(deps, { name, windowMs: window, limit: 5, skipSuccessfulRequests: true, failClosed: true, keyOf });
  const passwordLimit = perAccount('login-account', (req) => `email:${String(req.body?.email ?? '').trim().toLowerCase().slice(0, EMAIL_MAX)}`);
  const codeLimit = perAccount('login-totp-account', (req) => `user:${req.session?.userId ?? ''}`);
  return [
    { method: 'get', path: '/login', access: 'public', handler: showLogin },
    { method: 'post', path: '/login', access: 'public', handler: submitLogin(deps), before: [signInLimit, passwordLimit] },
    { method: 'get', path: '/login/totp', access: 'signed-in', handler: showTotpLogin },
    { method: 'post', path: '/login/totp', access: 'signed-in', handler: submitTotpLogin(deps), before: [signInLimit, codeLimit] },
    { method: 'post', path: '/logout', access: 'signed-in', handler: logout(deps) },
    { method: 'get', path: '/account/totp', access: 'committee', handler: showTotp(deps) },
    { method: 'post', path: '/account/totp/confirm', access: 'committee', handler: confirmTotp(deps) },
    { method: 'post', path: '/account/totp/disable', access: 'committee', handler: submitDisableTotp(deps) },
    { method: 'get', path: '/admin/users', access: 'admin', handler: showUsers(deps) },
    { method: 'post', path: '/admin/users/totp-setting', access: 'admin', handler: saveTotpSetting(deps) },
    { method: 'get', path: '/admin/users/new', access: 'admin', handler: showNewUser(deps) },
    { method: 'post', path: '/admin/users/new', access: 'admin', handler: submitNewUser(deps) },
    { method: 'get', path: '/admin/users/:user', access: 'admin', handler: showUser(deps) },
    { method: 'post', path: '/admin/users/:user', access: 'admin', handler: submitUser(deps) },
    { method: 'post', path: '/admin/users/:user/disable', access: 'admin', handler: submitDisabled(deps, true) },
    { method: 'post', path: '/admin/users/:user/enable', access: 'admin', handler: submitDisabled(deps, false) },
    { method: 'post', path: '/admin/users/:user/password', access: 'admin', handler: submitResetPassword(deps) },
    { method: 'get', path: '/admin/audit', access: 'admin', handler: showAudit(deps) },
  ];
}
