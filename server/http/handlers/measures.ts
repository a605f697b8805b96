import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { dayOf } from '../../domain/deadlines';
import { DIMENSIONS, TYPICAL_MEASURE_TEXTS } from '../../domain/dimensions';
import { MEASURE_STATUSES, validateMeasure, type MeasureForm } from '../../domain/measure-rules';
import type { FieldErrors } from '../../errors';
import { postInScope, visiblePosts } from '../../services/assess/assess-scope';
import { createMeasure, deleteMeasure, getMeasure, listMeasures, measureDefaults, updateMeasure, type MeasureFilter } from '../../services/risk/measures';
import { field, fieldList, idParam, param } from './assess-form';
import { principalOf } from '../request-context';

// The measures register (防控措施): parse → call the service → render or redirect.
const postBase = (unit: string, post: string) => `/committee/measures/${encodeURIComponent(unit)}/${encodeURIComponent(post)}`;

/** Register filters from the query string: ?unit=<key>&post=<id>&status=<status>&overdue=1. */
export function readFilter(req: Request): MeasureFilter {
  const q = req.query;
  const filter: MeasureFilter = {};
  if (typeof q.unit === 'string' && q.unit) filter.unitKey = q.unit.slice(0, 64);
  if (typeof q.post === 'string' && /^[1-9][0-9]{0,9}$/.test(q.post)) filter.postId = Number(q.post);
  if (typeof q.status === 'string' && (MEASURE_STATUSES as readonly string[]).includes(q.status)) filter.status = q.status;
  if (q.overdue === '1') filter.overdueOnly = true;
  return filter;
}

function exportQuery(filter: MeasureFilter): string {
  const p = new URLSearchParams();
  if (filter.unitKey) p.set('unit', filter.unitKey);
  if (filter.postId) p.set('post', String(filter.postId));
  if (filter.status) p.set('status', filter.status);
  if (filter.overdueOnly) p.set('overdue', '1');
  return p.toString();
}

async function renderRegister(deps: AppDeps, req: Request, res: Response, filter: MeasureFilter, post: { unit: { key: string; name: string }; key: string; title: string } | null) {
  const today = dayOf(deps.clock.now());
  const [measures, units] = await Promise.all([listMeasures(deps.db, principalOf(req), filter, today), visiblePosts(deps.db, principalOf(req))]);
  // A post chosen in the filter gets the same "add a measure" and "findings" links as the post's own page.
  const chosen = !post && filter.postId !== undefined ? units.flatMap((u) => u.posts.map((p) => ({ ...p, unit: u }))).find((p) => p.id === filter.postId) : undefined;
  const postLinks = post ?? chosen ?? null;
  res.render('committee/measures/list', {
    title: post ? req.t('assess.measure.post_title', { post: post.title }) : req.t('assess.measure.title'),
    measures, units, filter, post, statuses: MEASURE_STATUSES, today,
    exportHref: `/committee/exports/measures.csv${exportQuery(filter) ? `?${exportQuery(filter)}` : ''}`,
    newHref: postLinks ? `${postBase(postLinks.unit.key, postLinks.key)}/new` : null,
    findingsHref: postLinks ? `/committee/units/${encodeURIComponent(postLinks.unit.key)}/posts/${encodeURIComponent(postLinks.key)}/findings` : null,
    saved: req.query.saved === '1', deleted: req.query.deleted === '1',
  });
}

export function showRegister(deps: AppDeps) {
  return (req: Request, res: Response) => renderRegister(deps, req, res, readFilter(req), null);
}

export function showPostMeasures(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const post = await postInScope(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'));
    await renderRegister(deps, req, res, { ...readFilter(req), unitKey: undefined, postId: post.id }, post);
  };
}

const readForm = (req: Request): MeasureForm => ({
  dimensions: fieldList(req.body.dimensions), description: field(req.body.description, 8000), owner: field(req.body.owner, 800),
  due_on: field(req.body.due_on, 10), status: field(req.body.status, 32), review_notes: field(req.body.review_notes, 16000), next_review_on: field(req.body.next_review_on, 10),
});

interface FormPage { action: string; heading: string; level: string | null; post: unknown; measureId?: number }

function renderForm(req: Request, res: Response, page: FormPage, form: MeasureForm, errors: FieldErrors, status = 200) {
  const typical = Object.fromEntries(DIMENSIONS.map((d) => [d, TYPICAL_MEASURE_TEXTS[d][req.lang]]));
  res.status(status).render('committee/measures/form', { title: page.heading, ...page, form, errors, dimensions: DIMENSIONS, typical, statuses: MEASURE_STATUSES });
}

async function newPage(deps: AppDeps, req: Request) {
  const today = dayOf(deps.clock.now());
  const d = await measureDefaults(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'), today);
  const page: FormPage = { action: postBase(d.post.unit.key, d.post.key), heading: req.t('assess.measure.new_title', { post: d.post.title }), level: d.level, post: d.post };
  return { page, nextReviewOn: d.nextReviewOn };
}

export function newMeasure(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const { page, nextReviewOn } = await newPage(deps, req);
    renderForm(req, res, page, { dimensions: [], description: '', owner: '', due_on: '', status: 'planned', review_notes: '', next_review_on: nextReviewOn }, {});
  };
}

export function addMeasure(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const { page } = await newPage(deps, req);
    const form = readForm(req);
    const checked = validateMeasure(form);
    if (!checked.ok) return renderForm(req, res, page, form, checked.errors, 400);
    await createMeasure(deps.db, principalOf(req), deps.clock.now(), param(req, 'unit'), param(req, 'post'), checked.value);
    res.redirect(303, `${page.action}?saved=1`);
  };
}

async function editPage(deps: AppDeps, req: Request) {
  const { post, measure } = await getMeasure(deps.db, principalOf(req), param(req, 'unit'), param(req, 'post'), idParam(req, 'measure'), dayOf(deps.clock.now()));
  const page: FormPage = { action: `${postBase(post.unit.key, post.key)}/${measure.id}`, heading: req.t('assess.measure.edit_title', { post: post.title }), level: null, post, measureId: measure.id };
  return { page, measure, back: postBase(post.unit.key, post.key) };
}

export function editMeasure(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const { page, measure } = await editPage(deps, req);
    renderForm(req, res, page, {
      dimensions: measure.dimensions, description: measure.description, owner: measure.owner, due_on: measure.dueOn ?? '', status: measure.status,
      review_notes: measure.reviewNotes ?? '', next_review_on: measure.nextReviewOn ?? '',
    }, {});
  };
}

export function saveMeasure(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const { page, back } = await editPage(deps, req);
    const form = readForm(req);
    const checked = validateMeasure(form);
    if (!checked.ok) return renderForm(req, res, page, form, checked.errors, 400);
    await updateMeasure(deps.db, principalOf(req), deps.clock.now(), param(req, 'unit'), param(req, 'post'), idParam(req, 'measure'), checked.value, dayOf(deps.clock.now()));
    res.redirect(303, `${back}?saved=1`);
  };
}

export function removeMeasure(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    await deleteMeasure(deps.db, principalOf(req), deps.clock.now(), param(req, 'unit'), param(req, 'post'), idParam(req, 'measure'), dayOf(deps.clock.now()));
    res.redirect(303, `${postBase(param(req, 'unit'), param(req, 'post'))}?deleted=1`);
  };
}
