import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { DIMENSIONS } from '../../domain/dimensions';
import { answersPerResponse, ITEM_SCOPES, postItems, scopeOf, unitItems } from '../../domain/item-scope';
import { AppError, Conflict, NotFound, ValidationError } from '../../errors';
import { actorOf, recordAudit } from '../../services/ops/audit';
import { activeItems, currentQuestionnaire } from '../../services/survey/questionnaire';
import { ITEM_TEXT_MAX, type ItemInput } from '../../domain/questionnaire-rules';
import { addItem, adoptRevisedDefault, editItem, moveItem, revisedDefaultInUse, setItemRetired } from '../../services/survey/questionnaire-editor';
import { DEFAULT_ITEMS_V2 } from '../../domain/default-questionnaire-v2';
import { surveyFormView } from './survey-view';
import { principalOf } from '../request-context';

// Admin: the questionnaire editor (DESIGN.md §2: a version used by a period is frozen; editing makes a new version).

const str = (v: unknown, max = 1000) => (typeof v === 'string' ? v.slice(0, max) : '');
const itemId = (req: Request) => {
  const id = Number(req.params.item);
  if (!Number.isInteger(id) || id <= 0) throw new NotFound();
  return id;
};
// Texts are cut in UTF-16 units before the check counts characters: at twice the limit and more, so that a text over
// the limit is still over it after the cut (and refused, not silently shortened).
const TEXT_CUT = 2 * ITEM_TEXT_MAX + 2;
const inputOf = (req: Request): ItemInput => ({ dimension: str(req.body.dimension, 32), polarity: str(req.body.polarity, 1), scope: str(req.body.scope, 8), textZh: str(req.body.text_zh, TEXT_CUT), textEn: str(req.body.text_en, TEXT_CUT) });
const emptyInput: ItemInput = { dimension: '', polarity: '+', scope: 'post', textZh: '', textEn: '' };

async function renderEditor(deps: AppDeps, req: Request, res: Response, status: number, input: ItemInput, errors: Record<string, string>) {
  const q = await currentQuestionnaire(deps.db);
  if (!q) throw new NotFound();
  res.status(status).render('admin/survey/questionnaire', {
    title: req.t('survey.q.title'), q, dimensions: DIMENSIONS, scopes: ITEM_SCOPES, input, errors, saved: req.query.saved === '1',
    // The burden on a respondent (issue 18: a 5-post unit should need at most 40 answers).
    burden: { unit: unitItems(activeItems(q)).length, post: postItems(activeItems(q)).length, five: answersPerResponse(5, activeItems(q)) },
    revised: {
      inUse: revisedDefaultInUse(q),
      adopted: /^\d{1,6}$/.test(String(req.query.adopted ?? '')) ? Number(req.query.adopted) : null,
      burden: { unit: unitItems(DEFAULT_ITEMS_V2).length, post: postItems(DEFAULT_ITEMS_V2).length, five: answersPerResponse(5, DEFAULT_ITEMS_V2) },
    },
  });
}

export function showQuestionnaire(deps: AppDeps) {
  return (req: Request, res: Response) => renderEditor(deps, req, res, 200, emptyInput, {});
}

/** Runs a questionnaire change and its audit event in one transaction; form errors re-render with the input kept. */
async function change(deps: AppDeps, req: Request, res: Response, action: string, run: (trx: typeof deps.db) => Promise<unknown>, onInvalid?: (errors: Record<string, string>) => Promise<void>) {
  try {
    await deps.db.transaction(async (trx) => {
      const result = await run(trx);
      await recordAudit(trx, deps.clock.now(), { ...actorOf(principalOf(req)), action, objectType: 'questionnaire_item', objectId: typeof result === 'string' ? result : (req.params.item as string) ?? null });
    });
  } catch (err) {
    if (err instanceof ValidationError && onInvalid) return onInvalid(err.fields);
    throw err;
  }
  res.redirect(303, '/admin/questionnaire?saved=1');
}

export function addQuestion(deps: AppDeps) {
  return (req: Request, res: Response) => {
    const input = inputOf(req);
    return change(deps, req, res, 'questionnaire.item.add', (trx) => addItem(trx, input, deps.clock.now()), (errors) => renderEditor(deps, req, res, 400, input, errors));
  };
}

async function renderItemForm(deps: AppDeps, req: Request, res: Response, status: number, id: number, input: ItemInput | null, errors: Record<string, string>) {
  const row = await deps.db('questionnaire_items').where({ id }).first();
  if (!row) throw new NotFound();
  res.status(status).render('admin/survey/item', {
    title: req.t('survey.q.edit'), itemId: id, key: row.key, dimensions: DIMENSIONS, scopes: ITEM_SCOPES, errors,
    input: input ?? { dimension: row.dimension, polarity: row.polarity, scope: scopeOf(row.scope), textZh: row.text_zh, textEn: row.text_en },
  });
}

export function showItem(deps: AppDeps) {
  return (req: Request, res: Response) => renderItemForm(deps, req, res, 200, itemId(req), null, {});
}

export function saveItem(deps: AppDeps) {
  return (req: Request, res: Response) => {
    const id = itemId(req);
    const input = inputOf(req);
    return change(deps, req, res, 'questionnaire.item.edit', (trx) => editItem(trx, id, input, deps.clock.now()), (errors) => renderItemForm(deps, req, res, 400, id, input, errors));
  };
}

export function moveQuestion(deps: AppDeps) {
  return (req: Request, res: Response) => {
    const direction = req.body.direction === 'up' ? 'up' : req.body.direction === 'down' ? 'down' : null;
    if (!direction) throw new AppError(400, 'error.bad_request');
    const id = itemId(req);
    return change(deps, req, res, 'questionnaire.item.move', (trx) => moveItem(trx, id, direction, deps.clock.now()));
  };
}

export function retireQuestion(deps: AppDeps) {
  return (req: Request, res: Response) => {
    const retired = req.body.retired !== '0';
    const id = itemId(req);
    return change(deps, req, res, retired ? 'questionnaire.item.retire' : 'questionnaire.item.restore', (trx) => setItemRetired(trx, id, retired, deps.clock.now()), (errors) => renderEditor(deps, req, res, 400, emptyInput, errors));
  };
}

/** The revised default as a new version (questionnaire-editor.ts); refused, with the editor shown again, when already in use. */
export function adoptRevised(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    let version: number;
    try {
      version = await deps.db.transaction(async (trx) => {
        const adopted = await adoptRevisedDefault(trx, deps.clock.now());
        await recordAudit(trx, deps.clock.now(), { ...actorOf(principalOf(req)), action: 'questionnaire.adopt_revised', objectType: 'questionnaire', objectId: String(adopted) });
        return adopted;
      });
    } catch (err) {
      if (err instanceof Conflict) return renderEditor(deps, req, res, 409, emptyInput, { form: err.messageKey });
      throw err;
    }
    res.redirect(303, `/admin/questionnaire?adopted=${version}`);
  };
}

export function previewQuestionnaire(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const q = await currentQuestionnaire(deps.db);
    if (!q) throw new NotFound();
    const sample = { code: '', unitName: req.t('survey.q.preview_unit'), periodName: '—', posts: [{ id: 0, key: 'example', title: req.t('survey.q.preview_post') }], items: q.items.filter((i) => !i.retired) };
    res.render('admin/survey/preview', { title: req.t('survey.q.preview'), k: 5, preview: true, ...surveyFormView(req.t, req.lang, sample, null) });
  };
}
