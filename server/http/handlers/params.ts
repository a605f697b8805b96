import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { formValues, paramsToForm, parseParamsForm, LIKELIHOOD_TERMS } from '../../domain/params-form';
import { POWER_TYPES } from '../../domain/dimensions';
import { Conflict, type FieldErrors, ValidationError } from '../../errors';
import { getPeriodParams, savePeriodParams } from '../../services/risk/period-params';
import { findPeriod } from '../../services/org/periods';
import { actorOf } from '../../services/ops/audit';
import { formOf, noticeOf, param } from './admin';
import { principalOf } from '../request-context';

// The model-parameter page of a period (DESIGN.md §3): k, m, the likelihood and power weights, the level thresholds.

async function renderParams(deps: AppDeps, req: Request, res: Response, values: Record<string, string> | null, errors: FieldErrors, status = 200): Promise<void> {
  const period = await findPeriod(deps.db, param(req, 'period'));
  const shown = values ?? paramsToForm(await getPeriodParams(deps.db, period.id));
  res.status(status).render('admin/params/edit', {
    title: req.t('admin.params.title', { name: period.name }),
    period,
    values: shown,
    errors,
    readOnly: period.state === 'closed',
    terms: LIKELIHOOD_TERMS,
    powerTypes: POWER_TYPES,
    notice: noticeOf(req),
  });
}

export function showParams(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    return renderParams(deps, req, res, null, {});
  };
}

export function submitParams(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const form = formOf(req);
    const period = await findPeriod(deps.db, param(req, 'period'));
    // A closed period's parameters belong to its snapshot: refused before the form is even judged (the service checks again).
    if (period.state === 'closed') throw new Conflict('admin.params.closed');
    const parsed = parseParamsForm(form);
    if (!parsed.ok) return renderParams(deps, req, res, formValues(form), parsed.errors, 400);
    try {
      await savePeriodParams(deps.db, deps.clock.now(), actorOf(principalOf(req)), period.key, parsed.value);
    } catch (err) {
      if (err instanceof ValidationError) return renderParams(deps, req, res, formValues(form), err.fields, 400);
      throw err;
    }
    res.redirect(303, `/admin/periods/${encodeURIComponent(period.key)}/params?saved=1`);
  };
}
