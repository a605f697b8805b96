import type { Request, Response } from 'express';
import type { AppDeps } from '../../../deps';
import { isStep } from '../../../domain/register/vocabulary';
import { NotFound, ValidationError, type FieldErrors } from '../../../errors';
import { completeStep, procedureStatus, reopenStep } from '../../../services/register/procedure';
import { registerPeriod, unitContext } from '../../../services/register/register-context';
import { field, param } from '../assess-form';
import { principalOf } from '../../request-context';
import { actorOf } from '../../../services/ops/audit';

// The assessment procedure of a unit in a period: the five steps on one page (state, who, which day, what is missing),
// completing the current one, and an administrator re-opening one.
export const procedureBase = (period: string, unit: string) => `/committee/register/${encodeURIComponent(period)}/${encodeURIComponent(unit)}`;

type NamedKey = { key: string; name: string };

/** Title (a message naming the unit and the period) and base link of a page of one unit's procedure in one period. */
export function procedurePage(req: Request, titleKey: string, view: { period: NamedKey; ctx: { unit: NamedKey } }): { title: string; base: string } {
  return { title: req.t(titleKey, { unit: view.ctx.unit.name, period: view.period.name }), base: procedureBase(view.period.key, view.ctx.unit.key) };
}

async function load(deps: AppDeps, req: Request) {
  const period = await registerPeriod(deps.db, param(req, 'period'));
  const ctx = await unitContext(deps.db, principalOf(req), param(req, 'unit'), period);
  if (!ctx.access.read) throw new NotFound();
  return { period, ctx };
}

async function render(deps: AppDeps, req: Request, res: Response, errors: FieldErrors = {}, form: { step?: string; note?: string; reason?: string } = {}, status = 200) {
  const { period, ctx } = await load(deps, req);
  const { steps } = await procedureStatus(deps.db, period, ctx.unit, principalOf(req));
  const posts = await deps.db('posts').where({ unit_id: ctx.unit.id }).whereNull('archived_at').orderBy([{ column: 'sort_order' }, { column: 'id' }]).select('key', 'title', 'chief');
  res.status(status).render('committee/register/procedure', {
    ...procedurePage(req, 'register.procedure.title', { period, ctx }), period, ctx, steps, posts, errors, form, isAdmin: principalOf(req).role === 'admin', done: req.query.done === '1',
  });
}

export function showProcedure(deps: AppDeps) {
  return (req: Request, res: Response) => render(deps, req, res);
}

/** A step action: the text field it reads (`note` or `reason`), the service call, errors back on the page. */
function stepAction(deps: AppDeps, name: 'note' | 'reason', run: typeof completeStep) {
  return async (req: Request, res: Response) => {
    const step = param(req, 'step');
    if (!isStep(step)) throw new NotFound();
    const { period, ctx } = await load(deps, req);
    const text = field(req.body[name], 8000);
    try {
      await run(deps.db, actorOf(principalOf(req)), deps.clock.now(), period, ctx.unit, step, text);
    } catch (err) {
      if (err instanceof ValidationError) return render(deps, req, res, err.fields, { step, [name]: text }, 400);
      throw err;
    }
    res.redirect(303, `${procedureBase(period.key, ctx.unit.key)}?done=1`);
  };
}

export const completeProcedureStep = (deps: AppDeps) => stepAction(deps, 'note', completeStep);
export const reopenProcedureStep = (deps: AppDeps) => stepAction(deps, 'reason', reopenStep);
