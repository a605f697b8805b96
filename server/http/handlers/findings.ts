import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { dayOf } from '../../domain/deadlines';
import { FINDING_SOURCES, validateFinding, type FindingForm } from '../../domain/finding-rules';
import type { FieldErrors } from '../../errors';
import { createFinding, deleteFinding, getFinding, listFindings, updateFinding } from '../../services/risk/findings';
import { field, idParam, param } from './assess-form';
import { principalOf } from '../request-context';

// Findings per post: parse → call the service → render or redirect.
const emptyForm = (today: string): FindingForm => ({ source: '', severity: '', found_on: today, summary: '' });
const readForm = (req: Request): FindingForm => ({
  source: field(req.body.source, 32), severity: field(req.body.severity, 4), found_on: field(req.body.found_on, 10), summary: field(req.body.summary, 8000),
});
const base = (unit: string, post: string) => `/committee/units/${encodeURIComponent(unit)}/posts/${encodeURIComponent(post)}/findings`;

async function renderList(deps: AppDeps, req: Request, res: Response, form: FindingForm, errors: FieldErrors, status = 200) {
  const { post, findings } = await listFindings(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'));
  res.status(status).render('committee/findings/list', {
    title: req.t('assess.finding.title', { post: post.title }), post, findings, form, errors, sources: FINDING_SOURCES, base: base(post.unit.key, post.key),
    saved: req.query.saved === '1', deleted: req.query.deleted === '1',
  });
}

export function showFindings(deps: AppDeps) {
  return (req: Request, res: Response) => renderList(deps, req, res, emptyForm(dayOf(deps.clock.now())), {});
}

export function addFinding(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const form = readForm(req);
    const now = deps.clock.now();
    const checked = validateFinding(form, dayOf(now));
    if (!checked.ok) return renderList(deps, req, res, form, checked.errors, 400);
    await createFinding(deps.db, principalOf(req), now, param(req, 'unit'), param(req, 'post'), checked.value);
    res.redirect(303, `${base(param(req, 'unit'), param(req, 'post'))}?saved=1`);
  };
}

async function renderEdit(deps: AppDeps, req: Request, res: Response, form: FindingForm | null, errors: FieldErrors, status = 200) {
  const { post, finding } = await getFinding(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'), idParam(req, 'finding'));
  const values = form ?? { source: finding.source, severity: String(finding.severity), found_on: finding.foundOn, summary: finding.summary };
  res.status(status).render('committee/findings/edit', {
    title: req.t('assess.finding.edit_title'), post, finding, form: values, errors, sources: FINDING_SOURCES, base: base(post.unit.key, post.key),
  });
}

export function editFinding(deps: AppDeps) {
  return (req: Request, res: Response) => renderEdit(deps, req, res, null, {});
}

export function saveFinding(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const form = readForm(req);
    const now = deps.clock.now();
    const checked = validateFinding(form, dayOf(now));
    if (!checked.ok) return renderEdit(deps, req, res, form, checked.errors, 400);
    await updateFinding(deps.db, principalOf(req), now, param(req, 'unit'), param(req, 'post'), idParam(req, 'finding'), checked.value);
    res.redirect(303, `${base(param(req, 'unit'), param(req, 'post'))}?saved=1`);
  };
}

export function removeFinding(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    await deleteFinding(deps.db, principalOf(req), deps.clock.now(), param(req, 'unit'), param(req, 'post'), idParam(req, 'finding'));
    res.redirect(303, `${base(param(req, 'unit'), param(req, 'post'))}?deleted=1`);
  };
}
