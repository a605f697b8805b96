import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { POWER_TYPES } from '../../domain/dimensions';
import { POWER_LEVELS, text, validatePostForm, type PostFields } from '../../domain/org-forms';
import { ValidationError, type FieldErrors } from '../../errors';
import { createPost, findPost, setPostArchived, updatePost } from '../../services/org/posts';
import { findUnit, type UnitSummary } from '../../services/org/units';
import { formOf, noticeOf, param } from './admin';
import { principalOf } from '../request-context';

// Admin pages for the posts of a unit: create, edit (title, portfolio, chief, holder, power profile), archive.

type PostFormValues = Record<string, string | boolean>;

function valuesOfPost(post: PostFields): PostFormValues {
  const values: PostFormValues = { key: post.key, title: post.title, portfolio: post.portfolio, chief: post.chief, holder_name: post.holderName ?? '' };
  for (const t of POWER_TYPES) values[`power_${t}`] = String(post.power[t]);
  return values;
}

function valuesOfForm(form: Record<string, unknown>): PostFormValues {
  const values: PostFormValues = { key: text(form, 'key'), title: text(form, 'title'), portfolio: text(form, 'portfolio'), holder_name: text(form, 'holder_name') };
  values.chief = form.chief === '1';
  for (const t of POWER_TYPES) values[`power_${t}`] = text(form, `power_${t}`);
  return values;
}

interface PostPage {
  unit: UnitSummary;
  /** null: a new post. */
  postKey: string | null;
  archived: boolean;
  values: PostFormValues;
  errors: FieldErrors;
}

function renderPostForm(req: Request, res: Response, page: PostPage, status = 200): void {
  const title = page.postKey ? req.t('admin.posts.edit', { post: String(page.values.title || page.postKey) }) : req.t('admin.posts.new');
  res.status(status).render('admin/posts/form', { title, ...page, powerTypes: POWER_TYPES, levels: POWER_LEVELS, notice: noticeOf(req) });
}

const emptyPost = (): PostFormValues => ({ key: '', title: '', portfolio: '', chief: false, holder_name: '', ...Object.fromEntries(POWER_TYPES.map((t) => [`power_${t}`, ''])) });

const postUrl = (unitKey: string, postKey: string) => `/admin/units/${encodeURIComponent(unitKey)}/posts/${encodeURIComponent(postKey)}`;

export function showNewPost(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const unit = await findUnit(deps.db, principalOf(req), param(req, 'unit'));
    renderPostForm(req, res, { unit, postKey: null, archived: false, values: emptyPost(), errors: {} });
  };
}

export function submitNewPost(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const principal = principalOf(req);
    const unit = await findUnit(deps.db, principal, param(req, 'unit'));
    const form = formOf(req);
    const page = { unit, postKey: null, archived: false, values: valuesOfForm(form) };
    const parsed = validatePostForm(form);
    if (!parsed.ok) return renderPostForm(req, res, { ...page, errors: parsed.errors }, 400);
    try {
      await createPost(deps.db, deps.clock.now(), principal, unit.key, parsed.value);
    } catch (err) {
      if (err instanceof ValidationError) return renderPostForm(req, res, { ...page, errors: err.fields }, 400);
      throw err;
    }
    res.redirect(303, `/admin/units/${encodeURIComponent(unit.key)}?created=1#posts`);
  };
}

export function showPost(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const principal = principalOf(req);
    const unit = await findUnit(deps.db, principal, param(req, 'unit'));
    const post = await findPost(deps.db, principal, unit.key, param(req, 'post'));
    renderPostForm(req, res, { unit, postKey: post.key, archived: post.archived, values: valuesOfPost(post), errors: {} });
  };
}

export function submitPost(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const principal = principalOf(req);
    const unit = await findUnit(deps.db, principal, param(req, 'unit'));
    const post = await findPost(deps.db, principal, unit.key, param(req, 'post'));
    // The key is stable (survey field names and imports refer to it); the form shows it but does not change it.
    const form = { ...formOf(req), key: post.key };
    const parsed = validatePostForm(form);
    if (!parsed.ok) return renderPostForm(req, res, { unit, postKey: post.key, archived: post.archived, values: valuesOfForm(form), errors: parsed.errors }, 400);
    await updatePost(deps.db, deps.clock.now(), principal, unit.key, post.key, parsed.value);
    res.redirect(303, `${postUrl(unit.key, post.key)}?saved=1`);
  };
}

export function submitPostArchived(deps: AppDeps, archived: boolean) {
  return async (req: Request, res: Response): Promise<void> => {
    const unitKey = param(req, 'unit');
    const postKey = param(req, 'post');
    await setPostArchived(deps.db, deps.clock.now(), principalOf(req), unitKey, postKey, archived);
    res.redirect(303, `${postUrl(unitKey, postKey)}?${archived ? 'archived' : 'unarchived'}=1`);
  };
}
