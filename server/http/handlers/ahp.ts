import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { AHP_ORDER, parseSaaty, type AhpResult } from '../../domain/ahp';
import type { FieldErrors } from '../../errors';
import { AHP_PAIR_NAMES, AHP_PAIRS, ahpPeriod, applyAhpWeights } from '../../services/risk/ahp-weights';
import { field, param } from './assess-form';
import { principalOf } from '../request-context';

// AHP weights page (admin): six pairwise judgements on Saaty's scale → weights, λ_max, CI, CR; consistent results saved.
const SCALE_VALUES = ['9', '8', '7', '6', '5', '4', '3', '2', '1', '1/2', '1/3', '1/4', '1/5', '1/6', '1/7', '1/8', '1/9'];


function render(req: Request, res: Response, view: { period: Awaited<ReturnType<typeof ahpPeriod>>; values: Record<string, string>; errors: FieldErrors; result: AhpResult | null; saved: boolean }, status = 200) {
  res.status(status).render('committee/ahp/page', {
    title: req.t('assess.ahp.title', { period: view.period.name }),
    ...view,
    order: AHP_ORDER,
    pairs: AHP_PAIRS.map(([i, j], n) => ({ name: AHP_PAIR_NAMES[n], a: AHP_ORDER[i], b: AHP_ORDER[j] })),
    scale: SCALE_VALUES,
    // The `ahp.*` texts live in the admin area's catalogue.
    errorKey: view.result && !view.result.ok ? view.result.error : null,
  });
}

export function showAhp(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const period = await ahpPeriod(deps.db, param(req, 'period'));
    const values = Object.fromEntries(AHP_PAIR_NAMES.map((n) => [n, '1']));
    render(req, res, { period, values, errors: {}, result: null, saved: req.query.saved === '1' });
  };
}

export function submitAhp(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const period = await ahpPeriod(deps.db, param(req, 'period'));
    const values: Record<string, string> = {};
    const judgements: number[] = [];
    const errors: FieldErrors = {};
    for (const name of AHP_PAIR_NAMES) {
      values[name] = field(req.body[name], 8);
      const v = parseSaaty(values[name]);
      if (v === null) errors[name] = values[name] ? 'assess.ahp.invalid_value' : 'form.required';
      judgements.push(v ?? 1);
    }
    if (Object.keys(errors).length > 0) return render(req, res, { period, values, errors, result: null, saved: false }, 400);
    const result = await applyAhpWeights(deps.db, principalOf(req), deps.clock.now(), period.key, judgements);
    if (!result.ok) return render(req, res, { period, values, errors: {}, result, saved: false }, 400);
    render(req, res, { period: await ahpPeriod(deps.db, period.key), values, errors: {}, result, saved: true });
  };
}
