import type { Knex } from 'knex';
import { MAX_BATCH } from '../../domain/access-code';
import { batchTarget, generateBatch, listBatches, revokeBatch } from '../../services/survey/access-codes';
import { CLI_ACTOR, recordAudit } from '../../services/ops/audit';
import { currentQuestionnaire, questionnaireForPeriod, questionnaireJson } from '../../services/survey/questionnaire';
import { AppError } from '../../errors';
import { CliError, flagString, type CliCommand } from '../command';

// CLI commands of the survey area (DESIGN.md §8).

const refuse = (err: unknown): never => {
  if (err instanceof AppError && err.messageKey === 'survey.codes.error.closed') throw new CliError('the period is closed: open a period (period open K) or choose one that is open');
  throw err;
};

/** The period and unit the keys name; a key that names nothing is refused by name. */
async function knownTarget(db: Knex, periodKey?: string, unitKey?: string): Promise<{ period: { id: number } | null; unit: { id: number } | null }> {
  const period = periodKey ? await db('periods').where({ key: periodKey }).first('id') : null;
  const unit = unitKey ? await db('units').where({ key: unitKey }).first('id') : null;
  const unknown = [periodKey && !period ? `unknown period: ${periodKey} (see period list)` : '', unitKey && !unit ? `unknown unit: ${unitKey} (see org export)` : ''].filter(Boolean);
  if (unknown.length) throw new CliError(unknown.join('; '));
  return { period: period ?? null, unit: unit ?? null };
}

export const surveyCommands: CliCommand[] = [
  {
    name: 'questionnaire show',
    usage: 'questionnaire show [--period K]',
    summary: 'Print the questionnaire in force (or the version pinned by period K): key, dimension, polarity, scope (post|unit), texts.',
    async run({ deps, flags }) {
      const periodKey = flagString(flags, 'period', false);
      let q;
      if (periodKey) {
        const period = await deps.db('periods').where({ key: periodKey }).first('id');
        if (!period) throw new CliError(`unknown period: ${periodKey}`);
        q = await questionnaireForPeriod(deps.db, period.id);
      } else q = await currentQuestionnaire(deps.db);
      if (!q) throw new CliError('no questionnaire yet');
      const json = questionnaireJson(q);
      const text = [`Questionnaire version ${q.version}${q.frozen ? ' (frozen)' : ''}`, ...json.items.map((i) => `${i.key.padEnd(20)} ${i.dimension.padEnd(16)} ${i.polarity}  ${i.scope.padEnd(4)}  ${i.text['zh-CN']} / ${i.text.en}`)].join('\n');
      return { json, text };
    },
  },
  {
    name: 'codes generate',
    usage: 'codes generate --period K --unit U --count N',
    summary: 'Generate N one-time access codes for a unit in a period; they are printed this once only.',
    async run({ deps, flags }) {
      const periodKey = flagString(flags, 'period')!;
      const unitKey = flagString(flags, 'unit')!;
      const countText = flagString(flags, 'count')!;
      const count = /^\d+$/.test(countText) ? Number(countText) : NaN;
      if (!(count >= 1 && count <= MAX_BATCH)) throw new CliError(`--count must be a whole number from 1 to ${MAX_BATCH}`);
      const now = deps.clock.now();
      await knownTarget(deps.db, periodKey, unitKey);
      const result = await (async () => {
        const target = await batchTarget(deps.db, periodKey, unitKey);
        return deps.db.transaction(async (trx) => {
          const batch = await generateBatch(trx, deps.secrets.codeKey, target, { count, kind: 'print', createdBy: null, now });
          await recordAudit(trx, now, { ...CLI_ACTOR, action: 'survey.codes.generate', objectType: 'code_batch', objectId: batch.batchId, details: { count, period: periodKey, unit: unitKey } });
          return batch;
        });
      })().catch(refuse);
      return { json: { ok: true, batch: result.batchId, codes: result.codes }, text: [`Batch ${result.batchId}: ${count} codes (shown only now)`, ...result.codes].join('\n') };
    },
  },
  {
    name: 'codes list',
    usage: 'codes list [--period K] [--unit U]',
    summary: 'List code batches with their sizes (never which or how many codes were used).',
    async run({ deps, flags }) {
      const periodKey = flagString(flags, 'period', false);
      const unitKey = flagString(flags, 'unit', false);
      const { period, unit } = await knownTarget(deps.db, periodKey, unitKey);
      const batches = await listBatches(deps.db, { periodId: period?.id, unitId: unit?.id });
      return { json: { batches }, text: batches.map((b) => `${b.id}  ${b.periodKey}  ${b.unitKey}  ${b.kind}  ${b.count}  ${b.createdOn}${b.revoked ? '  revoked' : ''}`).join('\n') || 'No batches.' };
    },
  },
  {
    name: 'codes revoke',
    usage: 'codes revoke BATCH',
    summary: 'Revoke a batch: its unused codes can no longer be submitted.',
    async run({ deps, args }) {
      const batchId = args[0];
      if (!batchId) throw new CliError('usage: codes revoke BATCH');
      const now = deps.clock.now();
      await deps.db.transaction(async (trx) => {
        await revokeBatch(trx, batchId, now);
        await recordAudit(trx, now, { ...CLI_ACTOR, action: 'survey.codes.revoke', objectType: 'code_batch', objectId: batchId });
      }).catch((err) => {
        if (err instanceof AppError) throw new CliError(`unknown batch: ${batchId}`);
        throw err;
      });
      return { json: { ok: true, batch: batchId }, text: `Batch ${batchId} revoked.` };
    },
  },
];
