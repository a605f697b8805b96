import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { parseSurveyForm, type ParsedSurvey } from '../../domain/survey-form';
import { AppError } from '../../errors';
import { checkCode } from '../../services/survey/access-codes';
import { getPeriodParams } from '../../services/risk/period-params';
import { formShape, startSurvey, submitSurvey, surveyFormFor, type SurveyForm } from '../../services/survey/survey-submit';
import { surveyFormView } from './survey-view';

// The anonymous survey (DESIGN.md §1, §8): entry → one answer page → thank-you. The code travels in the form only;
// nothing here reads the address or user agent, logs the request, or sets a cookie.

function renderEntry(req: Request, res: Response, status: number, code: string, errorKey?: string) {
  res.status(status).render('survey/entry', { title: req.t('survey.entry.title'), code, errors: errorKey ? { code: errorKey } : {} });
}

async function renderForm(deps: AppDeps, req: Request, res: Response, status: number, form: SurveyForm, parsed: ParsedSurvey | null) {
  const { k } = await getPeriodParams(deps.db, form.periodId);
  // The page carries the access code: no browser or proxy should keep a copy.
  res.set('Cache-Control', 'no-store');
  res.status(status).render('survey/form', { title: req.t('survey.form.title', { unit: form.unitName }), k, ...surveyFormView(req.t, req.lang, form, parsed), preview: false });
}

export function showEntry(req: Request, res: Response): void {
  renderEntry(req, res, 200, '');
}

export function startAnswering(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const code = typeof req.body.code === 'string' ? req.body.code.slice(0, 100) : '';
    if (req.languageSwitch) return renderEntry(req, res, 200, code);
    if (!code.trim()) return renderEntry(req, res, 400, '', 'survey.code.required');
    const started = await startSurvey(deps.db, deps.secrets.codeKey, code);
    if (!started.ok) return renderEntry(req, res, 400, code, started.refusal);
    await renderForm(deps, req, res, 200, started.form, null);
  };
}

export function submitAnswers(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.code !== 'string' || !body.code.trim()) return renderEntry(req, res, 400, '', 'survey.code.required');
    const checked = await checkCode(deps.db, deps.secrets.codeKey, body.code.slice(0, 100));
    if (!checked.ok) return renderEntry(req, res, 400, body.code.slice(0, 100), checked.refusal);
    const form = await surveyFormFor(deps.db, checked.code);
    const parsed = parseSurveyForm(body, formShape(form));
    // The language switch: the same answers, in the other language, nothing marked as missing yet.
    if (req.languageSwitch) return renderForm(deps, req, res, 200, form, { ...parsed, errors: {}, missing: [] });
    if (!parsed.complete) return renderForm(deps, req, res, 400, form, parsed);
    try {
      await submitSurvey(deps.db, deps.secrets.codeKey, checked.code, form, parsed, deps.clock.now());
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return renderEntry(req, res, 409, '', err.messageKey);
      throw err;
    }
    res.redirect(303, '/survey/thanks');
  };
}

export function backToEntry(_req: Request, res: Response): void {
  res.redirect(303, '/survey');
}

export function showThanks(req: Request, res: Response): void {
  res.render('survey/thanks', { title: req.t('survey.thanks.title') });
}
