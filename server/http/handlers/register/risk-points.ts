import type { Request, Response } from 'express';
import { type AppDeps } from '../../../deps';
import { dayOf } from '../../../domain/deadlines';
import { DIMENSIONS, POWER_TYPES } from '../../../domain/dimensions';
import { validateRiskPoint, type RiskPointForm } from '../../../domain/register/risk-point-rules';
import { ValidationError, type FieldErrors } from '../../../errors';
import { riskPointEvidence } from '../../../services/register/risk-point-links';
import { createRiskPoint, getRiskPoint, listRiskPoints, setRiskPointRetired, updateRiskPoint } from '../../../services/register/risk-points';
import { field, fieldList, param } from '../assess-form';
import { principalOf } from '../../request-context';

// Risk points of a post (个人查找 and committee upkeep): parse → call the service → render or redirect.
export const pointsBase = (unit: string, post: string) => `/committee/units/${encodeURIComponent(unit)}/posts/${encodeURIComponent(post)}/risk-points`;

const readForm = (req: Request): RiskPointForm => ({
  key: field(req.body.key, 64), power: field(req.body.power, 16), duty: field(req.body.duty, 600), description: field(req.body.description, 4000),
  manifestation: field(req.body.manifestation, 4000), dimensions: fieldList(req.body.dimensions), owner: field(req.body.owner, 400), supervisor: field(req.body.supervisor, 400),
});
const emptyForm = (): RiskPointForm => ({ key: '', power: '', duty: '', description: '', manifestation: '', dimensions: [], owner: '', supervisor: '' });

export function showRiskPoints(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const { ctx, points } = await listRiskPoints(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'));
    res.render('committee/register/points', {
      title: req.t('register.points.title', { post: ctx.post.title }), ctx, points, base: pointsBase(ctx.unit.key, ctx.post.key),
      saved: req.query.saved === '1', canAdd: ctx.access.edit || ctx.access.propose,
    });
  };
}

async function renderForm(deps: AppDeps, req: Request, res: Response, form: RiskPointForm, errors: FieldErrors, pointKey: string | null, status = 200) {
  const unit = param(req, 'unit');
  const post = param(req, 'post');
  const { ctx } = pointKey ? await getRiskPoint(deps.db, principalOf(req), unit, post, pointKey) : await listRiskPoints(deps.db, principalOf(req), unit, post);
  const base = pointsBase(ctx.unit.key, ctx.post.key);
  res.status(status).render('committee/register/point-form', {
    title: req.t(pointKey ? 'register.points.edit_title' : 'register.points.new_title', { post: ctx.post.title }), ctx, form, errors,
    powers: POWER_TYPES, dimensions: DIMENSIONS, action: pointKey ? `${base}/${encodeURIComponent(pointKey)}` : base, back: base, editing: pointKey !== null,
  });
}

export function newRiskPoint(deps: AppDeps) {
  return (req: Request, res: Response) => renderForm(deps, req, res, emptyForm(), {}, null);
}

export function addRiskPoint(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const form = readForm(req);
    const checked = validateRiskPoint(form);
    if (!checked.ok) return renderForm(deps, req, res, form, checked.errors, null, 400);
    try {
      const key = await createRiskPoint(deps.db, principalOf(req), deps.clock.now(), param(req, 'unit'), param(req, 'post'), checked.value);
      res.redirect(303, `${pointsBase(param(req, 'unit'), param(req, 'post'))}/${encodeURIComponent(key)}?saved=1`);
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(deps, req, res, form, err.fields, null, 400);
      throw err;
    }
  };
}

export function showRiskPoint(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const { ctx, point } = await getRiskPoint(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'), param(req, 'point'));
    const evidence = ctx.access.readEvidence ? await riskPointEvidence(deps.db, principalOf(req), ctx.post.id, point.id, dayOf(deps.clock.now())) : null;
    const base = pointsBase(ctx.unit.key, ctx.post.key);
    res.render('committee/register/point', {
      title: req.t('register.point.title', { key: point.key }), ctx, point, evidence, base, self: `${base}/${encodeURIComponent(point.key)}`,
      saved: req.query.saved === '1', linked: req.query.linked === '1',
    });
  };
}

export function editRiskPoint(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const { point } = await getRiskPoint(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'), param(req, 'point'));
    const form: RiskPointForm = { ...point, key: point.key, dimensions: [...point.dimensions] };
    await renderForm(deps, req, res, form, {}, point.key);
  };
}

export function saveRiskPoint(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const pointKey = param(req, 'point');
    const form = { ...readForm(req), key: pointKey };
    const checked = validateRiskPoint(form);
    if (!checked.ok) return renderForm(deps, req, res, form, checked.errors, pointKey, 400);
    await updateRiskPoint(deps.db, principalOf(req), deps.clock.now(), param(req, 'unit'), param(req, 'post'), pointKey, checked.value);
    res.redirect(303, `${pointsBase(param(req, 'unit'), param(req, 'post'))}/${encodeURIComponent(pointKey)}?saved=1`);
  };
}

export function retireRiskPoint(deps: AppDeps, retired: boolean) {
  return async (req: Request, res: Response) => {
    await setRiskPointRetired(deps.db, principalOf(req), deps.clock.now(), param(req, 'unit'), param(req, 'post'), param(req, 'point'), retired);
    res.redirect(303, `${pointsBase(param(req, 'unit'), param(req, 'post'))}/${encodeURIComponent(param(req, 'point'))}?saved=1`);
  };
}
