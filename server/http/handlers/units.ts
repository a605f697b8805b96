import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { validateUnitForm, validateUnitName, text } from '../../domain/org-forms';
import { ValidationError, type FieldErrors } from '../../errors';
import { listPosts } from '../../services/org/posts';
import { createUnit, findUnit, listUnits, renameUnit, setUnitArchived } from '../../services/org/units';
import { formOf, noticeOf, param } from './admin';
import { principalOf } from '../request-context';

// Admin pages for units: list, create, the unit page (rename, archive, its posts).

export function showUnits(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const units = await listUnits(deps.db, principalOf(req));
    res.render('admin/units/index', { title: req.t('admin.units.title'), units, notice: noticeOf(req) });
  };
}

function renderNewUnit(req: Request, res: Response, values: Record<string, string>, errors: FieldErrors, status = 200): void {
  res.status(status).render('admin/units/new', { title: req.t('admin.units.new'), values, errors });
}

export function showNewUnit(req: Request, res: Response): void {
  renderNewUnit(req, res, { key: '', name: '' }, {});
}

export function submitNewUnit(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const form = formOf(req);
    const values = { key: text(form, 'key'), name: text(form, 'name') };
    const parsed = validateUnitForm(form);
    if (!parsed.ok) return renderNewUnit(req, res, values, parsed.errors, 400);
    try {
      await createUnit(deps.db, deps.clock.now(), principalOf(req), parsed.value);
    } catch (err) {
      if (err instanceof ValidationError) return renderNewUnit(req, res, values, err.fields, 400);
      throw err;
    }
    res.redirect(303, `/admin/units/${encodeURIComponent(parsed.value.key)}?created=1`);
  };
}

async function renderUnit(deps: AppDeps, req: Request, res: Response, nameValue: string | null, errors: FieldErrors, status = 200): Promise<void> {
  const principal = principalOf(req);
  const unit = await findUnit(deps.db, principal, param(req, 'unit'));
  const posts = await listPosts(deps.db, principal, unit.key);
  res.status(status).render('admin/units/show', { title: unit.name, unit, posts, name: nameValue ?? unit.name, errors, notice: noticeOf(req) });
}

export function showUnit(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    return renderUnit(deps, req, res, null, {});
  };
}

export function submitRenameUnit(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const form = formOf(req);
    const parsed = validateUnitName(form);
    if (!parsed.ok) return renderUnit(deps, req, res, text(form, 'name'), parsed.errors, 400);
    const key = param(req, 'unit');
    await renameUnit(deps.db, deps.clock.now(), principalOf(req), key, parsed.value.name);
    res.redirect(303, `/admin/units/${encodeURIComponent(key)}?saved=1`);
  };
}

export function submitUnitArchived(deps: AppDeps, archived: boolean) {
  return async (req: Request, res: Response): Promise<void> => {
    const key = param(req, 'unit');
    await setUnitArchived(deps.db, deps.clock.now(), principalOf(req), key, archived);
    res.redirect(303, `/admin/units/${encodeURIComponent(key)}?${archived ? 'archived' : 'unarchived'}=1`);
  };
}
