import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { text } from '../../domain/org-forms';
import { validatePeriodForm } from '../../domain/period-rules';
import { ValidationError, type FieldErrors } from '../../errors';
import { closePeriod, createPeriod, findPeriod, listPeriods, openPeriod, reopenPeriod } from '../../services/org/periods';
import { actorOf } from '../../services/ops/audit';
import { formOf, noticeOf, param } from './admin';
import { principalOf } from '../request-context';

// Admin pages for assessment periods: list, create, the period page, open, close (after a confirmation page),
// re-open (with a reason). All state changes go through services/org/periods.ts, as the CLI does.

const periodUrl = (key: string) => `/admin/periods/${encodeURIComponent(key)}`;

export function showPeriods(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.render('admin/periods/index', { title: req.t('admin.periods.title'), periods: await listPeriods(deps.db), notice: noticeOf(req) });
  };
}

function renderNewPeriod(req: Request, res: Response, values: Record<string, string>, errors: FieldErrors, status = 200): void {
  res.status(status).render('admin/periods/new', { title: req.t('admin.periods.new'), values, errors });
}

export function showNewPeriod(req: Request, res: Response): void {
  renderNewPeriod(req, res, { key: '', name: '', starts_on: '', ends_on: '' }, {});
}

export function submitNewPeriod(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const form = formOf(req);
    const values = { key: text(form, 'key'), name: text(form, 'name'), starts_on: text(form, 'starts_on'), ends_on: text(form, 'ends_on') };
    const parsed = validatePeriodForm(form);
    if (!parsed.ok) return renderNewPeriod(req, res, values, parsed.errors, 400);
    try {
      await createPeriod(deps.db, deps.clock.now(), actorOf(principalOf(req)), parsed.value);
    } catch (err) {
      if (err instanceof ValidationError) return renderNewPeriod(req, res, values, err.fields, 400);
      throw err;
    }
    res.redirect(303, `${periodUrl(parsed.value.key)}?created=1`);
  };
}

export function showPeriod(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const period = await findPeriod(deps.db, param(req, 'period'));
    res.render('admin/periods/show', { title: period.name, period, notice: noticeOf(req) });
  };
}

export function submitOpenPeriod(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const period = await openPeriod(deps.db, deps.clock.now(), actorOf(principalOf(req)), param(req, 'period'));
    res.redirect(303, `${periodUrl(period.key)}?opened=1`);
  };
}

async function renderClose(deps: AppDeps, req: Request, res: Response, errors: FieldErrors, status = 200): Promise<void> {
  const period = await findPeriod(deps.db, param(req, 'period'));
  res.status(status).render('admin/periods/close', { title: req.t('admin.period.close_title', { name: period.name }), period, errors });
}

/** GET …/close: what closing does, and a form that must be confirmed. */
export function showClosePeriod(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    return renderClose(deps, req, res, {});
  };
}

export function submitClosePeriod(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    if (formOf(req).confirm !== 'yes') return renderClose(deps, req, res, { confirm: 'admin.period.confirm_required' }, 400);
    const period = await closePeriod(deps.db, deps.clock.now(), actorOf(principalOf(req)), param(req, 'period'));
    res.redirect(303, `${periodUrl(period.key)}?closed=1`);
  };
}

async function renderReopen(deps: AppDeps, req: Request, res: Response, reason: string, errors: FieldErrors, status = 200): Promise<void> {
  const period = await findPeriod(deps.db, param(req, 'period'));
  res.status(status).render('admin/periods/reopen', { title: req.t('admin.period.reopen_title', { name: period.name }), period, reason, errors });
}

export function showReopenPeriod(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    return renderReopen(deps, req, res, '', {});
  };
}

export function submitReopenPeriod(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const reason = text(formOf(req), 'reason');
    try {
      const period = await reopenPeriod(deps.db, deps.clock.now(), actorOf(principalOf(req)), param(req, 'period'), reason);
      res.redirect(303, `${periodUrl(period.key)}?reopened=1`);
    } catch (err) {
      if (err instanceof ValidationError) return renderReopen(deps, req, res, reason, err.fields, 400);
      throw err;
    }
  };
}
