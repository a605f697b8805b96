import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { EMAIL_MAX } from '../../domain/email-address';
import { NotFound, ValidationError } from '../../errors';
import { actorOf } from '../../services/ops/audit';
import { getSetting } from '../../services/ops/settings';
import { TOTP_REQUIRED_FOR_ADMINS } from '../../services/auth/totp';
import { validateUserInput, type RawUserInput } from '../../services/org/user-input';
import { createCommitteeUser, getUser, listUsers, resetUserPassword, scopeChoices, setUserDisabled, updateCommitteeUser } from '../../services/org/users';
import { principalOf } from '../request-context';

// Admin pages for committee accounts: list, create, edit role/scope/held posts, disable/enable, reset password.
const text = (value: unknown, max = 300) => (typeof value === 'string' ? value.slice(0, max) : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string' && v !== '').slice(0, 1000);

function rawFromBody(body: Record<string, unknown>): RawUserInput {
  return { email: text(body.email, EMAIL_MAX), name: text(body.name, 300), role: text(body.role, 16), scope: text(body.scope, 16), units: list(body.units), posts: list(body.posts) };
}

function userIdParam(req: Request): number {
  const id = Number(req.params.user);
  if (!/^\d{1,12}$/.test(String(req.params.user)) || !Number.isSafeInteger(id)) throw new NotFound();
  return id;
}

export function showUsers(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const users = await listUsers(deps.db, deps.clock.now());
    const totpRequired = await getSetting<boolean>(deps.db, TOTP_REQUIRED_FOR_ADMINS, false);
    const notice = req.query.saved === 'setting' ? 'auth.totp.setting_saved' : req.query.saved === 'user' ? 'auth.users.saved' : null;
    res.render('admin/users/index', { title: req.t('auth.users.title'), users, totpRequired, notice });
  };
}

async function renderForm(deps: AppDeps, req: Request, res: Response, status: number, form: RawUserInput, options: { userId?: number; errors?: Record<string, string>; disabled?: boolean } = {}) {
  res.status(status).render('admin/users/form', {
    title: req.t(options.userId ? 'auth.users.edit' : 'auth.users.new'),
    form, userId: options.userId ?? null, disabled: options.disabled ?? false, errors: options.errors ?? {}, choices: await scopeChoices(deps.db),
  });
}

export function showNewUser(deps: AppDeps) {
  return (req: Request, res: Response) => renderForm(deps, req, res, 200, { email: '', name: '', role: 'reviewer', scope: 'units', units: [], posts: [] });
}

export function submitNewUser(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const form = rawFromBody(req.body);
    try {
      const input = await validateUserInput(deps.db, form, { checkEmail: true });
      const created = await createCommitteeUser(deps.db, deps.clock.now(), actorOf(principalOf(req)), input);
      res.set('Cache-Control', 'no-store');
      res.render('admin/users/password', { title: req.t('auth.users.created'), email: created.email, password: created.password, userId: created.id, heading: 'auth.users.created' });
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(deps, req, res, 400, form, { errors: err.fields });
      throw err;
    }
  };
}

export function showUser(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const user = await getUser(deps.db, deps.clock.now(), userIdParam(req));
    const form = { email: user.email, name: user.name, role: user.role, scope: user.allUnits ? 'all' : 'units', units: user.unitKeys, posts: user.postIds.map(String) };
    await renderForm(deps, req, res, 200, form, { userId: user.id, disabled: user.disabled });
  };
}

export function submitUser(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const userId = userIdParam(req);
    const user = await getUser(deps.db, deps.clock.now(), userId);
    const form = { ...rawFromBody(req.body), email: user.email };
    try {
      const input = await validateUserInput(deps.db, form, { checkEmail: false });
      await updateCommitteeUser(deps.db, deps.clock.now(), actorOf(principalOf(req)), userId, input);
      res.redirect(303, '/admin/users?saved=user');
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(deps, req, res, 400, form, { userId, errors: err.fields, disabled: user.disabled });
      throw err;
    }
  };
}

export function submitDisabled(deps: AppDeps, disabled: boolean) {
  return async (req: Request, res: Response) => {
    const userId = userIdParam(req);
    try {
      await setUserDisabled(deps.db, deps.clock.now(), actorOf(principalOf(req)), userId, disabled);
      res.redirect(303, '/admin/users?saved=user');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const user = await getUser(deps.db, deps.clock.now(), userId);
      const form = { email: user.email, name: user.name, role: user.role, scope: user.allUnits ? 'all' : 'units', units: user.unitKeys, posts: user.postIds.map(String) };
      await renderForm(deps, req, res, 400, form, { userId, errors: err.fields, disabled: user.disabled });
    }
  };
}

export function submitResetPassword(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const userId = userIdParam(req);
    const user = await getUser(deps.db, deps.clock.now(), userId);
    const { password } = await resetUserPassword(deps.db, deps.clock.now(), actorOf(principalOf(req)), userId);
    res.set('Cache-Control', 'no-store');
    res.render('admin/users/password', { title: req.t('auth.users.reset_password'), email: user.email, password, userId, heading: 'auth.users.reset_password' });
  };
}
