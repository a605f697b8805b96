import type { Request, Response } from 'express';
import type { AppDeps } from '../../../deps';
import { LEVELS } from '../../../domain/dimensions';
import { NotFound, ValidationError, type FieldErrors } from '../../../errors';
import { decidePost, decisionBoard, type DecisionForm } from '../../../services/register/decisions';
import { field, param } from '../assess-form';
import { r1 } from '../risk-view';
import { procedureBase, procedurePage } from './procedure';
import { principalOf } from '../../request-context';

// 组织评定: the board of a unit's posts (computed level as the proposal, decided level, re-assessment due) and one post's
// decision form (its level with a reason when it differs, and each risk point's level).
export function showDecisionBoard(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const board = await decisionBoard(deps.db, principalOf(req), param(req, 'period'), param(req, 'unit'));
    const { title, base } = procedurePage(req, 'register.decision.title', board);
    res.render('committee/register/decisions', {
      title, board, base,
      posts: board.posts.map((p) => ({ ...p, R: r1(p.R), href: `${base}/decisions/${encodeURIComponent(p.key)}` })), saved: req.query.saved === '1',
    });
  };
}

const readForm = (req: Request): DecisionForm => {
  const points: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.body ?? {})) if (name.startsWith('point.') && typeof value === 'string') points[name.slice(6, 70)] = value.slice(0, 16);
  return { level: field(req.body.level, 16), reason: field(req.body.reason, 8000), points };
};

async function renderForm(deps: AppDeps, req: Request, res: Response, form: DecisionForm | null, errors: FieldErrors, status = 200) {
  const board = await decisionBoard(deps.db, principalOf(req), param(req, 'period'), param(req, 'unit'));
  const post = board.posts.find((p) => p.key === param(req, 'post'));
  if (!post) throw new NotFound();
  const base = procedureBase(board.period.key, board.ctx.unit.key);
  const values = form ?? { level: post.decided ?? post.computed, reason: post.reason ?? '', points: Object.fromEntries(post.points.map((rp) => [rp.key, rp.level ?? rp.proposal])) };
  res.status(status).render('committee/register/decision-form', {
    title: req.t('register.decision.post_title', { post: post.title }), board, post: { ...post, R: r1(post.R) }, form: values, errors, levels: LEVELS,
    action: `${base}/decisions/${encodeURIComponent(post.key)}`, back: `${base}/decisions`,
    resultsHref: `/committee/results/${encodeURIComponent(board.period.key)}/${encodeURIComponent(board.ctx.unit.key)}/${encodeURIComponent(post.key)}`,
  });
}

export function showDecisionForm(deps: AppDeps) {
  return (req: Request, res: Response) => renderForm(deps, req, res, null, {});
}

export function saveDecision(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const form = readForm(req);
    try {
      await decidePost(deps.db, principalOf(req), deps.clock.now(), param(req, 'period'), param(req, 'unit'), param(req, 'post'), form);
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(deps, req, res, form, err.fields, 400);
      throw err;
    }
    res.redirect(303, `${procedureBase(param(req, 'period'), param(req, 'unit'))}/decisions?saved=1`);
  };
}
