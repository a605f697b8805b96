import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { lockForUpdate } from '../db/dialect';
import { answerField, type ParsedSurvey } from '../domain/survey-form';
import { AppError } from '../errors';
import { checkCode, type CodeRefusal, type ValidCode } from './access-codes';
import { getPeriodParams } from './period-params';
import { activeItems, pinQuestionnaire, questionnaireForPeriod, type QuestionnaireItem } from './questionnaire';
import { releaseIfDue } from './survey-release';

// Answering the survey (DESIGN.md §1, §4): the form for a code's unit, and the one-transaction submission.

export interface SurveyPost {
  id: number;
  key: string;
  title: string;
}

export interface SurveyForm {
  code: string;
  periodId: number;
  unitName: string;
  periodName: string;
  posts: SurveyPost[];
  items: QuestionnaireItem[];
}

/** Everything the answer page needs for a valid code: the unit's current posts and the period's questionnaire. */
export async function surveyFormFor(db: Knex, code: ValidCode): Promise<SurveyForm> {
  const unit = await db('units').where({ id: code.unitId }).first('name');
  const period = await db('periods').where({ id: code.periodId }).first('name');
  const posts = await db('posts').where({ unit_id: code.unitId }).whereNull('archived_at').orderBy([{ column: 'sort_order' }, { column: 'id' }]).select('id', 'key', 'title');
  const q = await questionnaireForPeriod(db, code.periodId);
  return { code: code.code, periodId: code.periodId, unitName: unit?.name ?? '', periodName: period?.name ?? '', posts, items: activeItems(q) };
}

export type StartResult = { ok: true; form: SurveyForm } | { ok: false; refusal: CodeRefusal };

/** Entry step: a code that can still be used opens the form of its unit. */
export async function startSurvey(db: Knex, codeKey: Buffer, input: string): Promise<StartResult> {
  const checked = await checkCode(db, codeKey, input);
  if (!checked.ok) return checked;
  return { ok: true, form: await surveyFormFor(db, checked.code) };
}

/** Why a code could not be claimed, looked up after the atomic claim failed. */
async function refusalOf(trx: Knex, codeKey: Buffer, code: string): Promise<CodeRefusal> {
  const checked = await checkCode(trx, codeKey, code);
  return checked.ok ? 'survey.code.used' : checked.refusal;
}

/**
 * One transaction (DESIGN.md §4, §6): claim the code (atomic used = false → true; of two simultaneous submissions
 * exactly one wins), store the response with a random id and no time or code reference, then apply the release rule.
 */
export async function submitSurvey(db: Knex, codeKey: Buffer, code: ValidCode, form: SurveyForm, parsed: ParsedSurvey, now: number): Promise<void> {
  if (!parsed.complete) throw new AppError(400, 'error.validation');
  await db.transaction(async (trx) => {
    // Serialise submissions of one unit, so two releases never overlap (PostgreSQL; SQLite has one writer).
    await lockForUpdate(trx, trx('units').where({ id: code.unitId }).first('id'));
    const claimed = await trx('access_codes')
      .where({ code_hash: code.codeHash, used: false })
      .whereIn('batch_id', trx('code_batches').whereNull('revoked_at').select('id'))
      .whereIn('period_id', trx('periods').where({ state: 'open' }).select('id'))
      .update({ used: true });
    if (claimed !== 1) throw new AppError(409, await refusalOf(trx, codeKey, code.code));

    const period = await trx('periods').where({ id: code.periodId }).first('questionnaire_id');
    if (!period.questionnaire_id) await pinQuestionnaire(trx, code.periodId);

    const responseId = crypto.randomBytes(16).toString('hex');
    await trx('responses').insert({ id: responseId, period_id: code.periodId, unit_id: code.unitId, release_id: null, comment: parsed.comment || null });
    const rows = form.posts.flatMap((post) =>
      form.items.map((item) => {
        const value = parsed.answers[`${post.key}.${item.key}`];
        if (!value) throw new AppError(400, 'survey.error.missing', { params: { field: answerField(post.key, item.key) } });
        return { response_id: responseId, post_id: post.id, item_id: item.id, value: value === 'na' ? null : Number(value) };
      }),
    );
    for (let i = 0; i < rows.length; i += 200) await trx('answers').insert(rows.slice(i, i + 200));

    const { k } = await getPeriodParams(trx, code.periodId);
    await releaseIfDue(trx, code.periodId, code.unitId, k, now);
  });
}
