import type { Knex } from 'knex';
import { truncateWal } from '../../db/dialect';
import { sqlAll, sqlLockRow, sqlRun, sqlTransaction, type SqlTransaction } from '../../db/sql-runner';
import { postItems, UNIT_FIELD, unitItems } from '../../domain/item-scope';
import { UNIT_CELL } from '../../domain/released-cells';
import { answerField, unitAnswerField, type FormShape, type ParsedSurvey } from '../../domain/survey-form';
import { AppError } from '../../errors';
import { checkCode, type CodeRefusal, type ValidCode } from './access-codes';
import { paramsFromJson } from '../risk/period-params';
import { activeItems, pinQuestionnaire, questionnaireOf, type QuestionnaireItem } from './questionnaire';
import { holdSubmission, releaseDue, type HeldAnswer } from './survey-release';

// Answering the survey (DESIGN.md §1, §4): the form for a code's unit, and the one-transaction submission.

export interface SurveyPost {
  id: number;
  key: string;
  title: string;
}

export interface SurveyForm {
  code: string;
  periodId: number;
  /** The version the period pinned; null before its first submission pins one (legacy periods opened unpinned). */
  pinnedQuestionnaireId: number | null;
  unitName: string;
  periodName: string;
  posts: SurveyPost[];
  items: QuestionnaireItem[];
}

const FORM_NAMES = 'SELECT u.name AS unit_name, p.name AS period_name, p.questionnaire_id FROM units u JOIN periods p ON p.id = ? WHERE u.id = ? LIMIT 1';
const FORM_POSTS = 'SELECT id, key, title FROM posts WHERE unit_id = ? AND archived_at IS NULL ORDER BY sort_order, id';

/** Everything the answer page needs for a valid code: the unit's current posts and the period's questionnaire. */
export async function surveyFormFor(db: Knex, code: ValidCode): Promise<SurveyForm> {
  // Read at every submission: plain SQL on the driver (db/sql-runner.ts).
  const [names] = await sqlAll<{ unit_name: string; period_name: string; questionnaire_id: number | null }>(db, FORM_NAMES, [code.periodId, code.unitId]);
  const posts = await sqlAll<SurveyPost>(db, FORM_POSTS, [code.unitId]);
  const q = await questionnaireOf(db, names?.questionnaire_id ?? null);
  return { code: code.code, periodId: code.periodId, pinnedQuestionnaireId: names?.questionnaire_id ?? null, unitName: names?.unit_name ?? '', periodName: names?.period_name ?? '', posts, items: activeItems(q) };
}

/** The fields the form asks for: post items per post, unit items once. */
export function formShape(form: Pick<SurveyForm, 'posts' | 'items'>): FormShape {
  return { postKeys: form.posts.map((p) => p.key), itemKeys: postItems(form.items).map((i) => i.key), unitItemKeys: unitItems(form.items).map((i) => i.key) };
}

export type StartResult = { ok: true; form: SurveyForm } | { ok: false; refusal: CodeRefusal };

/** Entry step: a code that can still be used opens the form of its unit. */
export async function startSurvey(db: Knex, codeKey: Buffer, input: string): Promise<StartResult> {
  const checked = await checkCode(db, codeKey, input);
  if (!checked.ok) return checked;
  return { ok: true, form: await surveyFormFor(db, checked.code) };
}

/** Why a code could not be claimed, looked up after the atomic claim failed. */
async function refusalOf(trx: SqlTransaction, codeKey: Buffer, code: string): Promise<CodeRefusal> {
  const checked = await checkCode(trx, codeKey, code);
  return checked.ok ? 'survey.code.used' : checked.refusal;
}

// The claim: an unused code of a live batch of an open period (plain SQL on the driver, db/sql-runner.ts: hot path).
const CLAIM = "UPDATE access_codes SET used = ? WHERE code_hash = ? AND used = ? AND batch_id IN (SELECT id FROM code_batches WHERE revoked_at IS NULL) AND period_id IN (SELECT id FROM periods WHERE state = 'open')";

/**
 * One transaction (DESIGN.md §4, §6): claim the code (atomic used = false → true; of two simultaneous submissions
 * exactly one wins), hold the response (random id, no time, no code reference, only its non-"don't know" answers),
 * then release whatever the cell rule makes due. After a release SQLite's WAL is truncated.
 * It runs on the driver (sqlTransaction): a submission is the one write that comes at load (issue 21).
 */
export async function submitSurvey(db: Knex, codeKey: Buffer, code: ValidCode, form: SurveyForm, parsed: ParsedSurvey, now: number): Promise<void> {
  if (!parsed.complete) throw new AppError(400, 'error.validation');
  const answers = heldAnswersOf(form, parsed);
  // A period opened before versions were pinned at opening pins the version in force with its first submission.
  if (!form.pinnedQuestionnaireId) await db.transaction((trx) => pinQuestionnaire(trx, code.periodId));
  const released = await sqlTransaction(db, async (tx) => {
    // Serialise submissions of one unit, so two releases never overlap (PostgreSQL; SQLite has one writer).
    await sqlLockRow(tx, 'units', code.unitId);
    const claimed = await sqlRun(tx, CLAIM, [true, code.codeHash, false]);
    if (claimed !== 1) throw new AppError(409, await refusalOf(tx, codeKey, code.code));
    const [period] = await sqlAll<{ params_json: string | null }>(tx, 'SELECT params_json FROM periods WHERE id = ?', [code.periodId]);
    await holdSubmission(tx, code.periodId, code.unitId, parsed.comment || null, answers);
    const { k } = paramsFromJson(period.params_json);
    return releaseDue(tx, code.periodId, code.unitId, k, now);
  });
  if (released) await truncateWal(db);
}

/** The answers to hold: only non-"don't know" ones; a unit item's answer is its unit cell (post_id 0). */
function heldAnswersOf(form: SurveyForm, parsed: ParsedSurvey): HeldAnswer[] {
  const answers: HeldAnswer[] = [];
  for (const item of unitItems(form.items)) {
    const value = parsed.answers[`${UNIT_FIELD}.${item.key}`];
    if (!value) throw new AppError(400, 'survey.error.missing', { params: { field: unitAnswerField(item.key) } });
    if (value !== 'na') answers.push({ postId: UNIT_CELL, itemId: item.id, value: Number(value) as HeldAnswer['value'] });
  }
  for (const post of form.posts) {
    for (const item of postItems(form.items)) {
      const value = parsed.answers[`${post.key}.${item.key}`];
      if (!value) throw new AppError(400, 'survey.error.missing', { params: { field: answerField(post.key, item.key) } });
      if (value !== 'na') answers.push({ postId: post.id, itemId: item.id, value: Number(value) as HeldAnswer['value'] });
    }
  }
  return answers;
}
