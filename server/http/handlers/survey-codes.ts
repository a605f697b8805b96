import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { AppError, NotFound } from '../../errors';
import { MAX_BATCH } from '../../domain/access-code';
import { batchTarget, codesOfBatch, generateBatch, listBatches, revokeBatch } from '../../services/survey/access-codes';
import { actorOf, recordAudit } from '../../services/ops/audit';
import { failedInvitations } from '../../services/survey/invitations';
import { qrSvg } from '../../services/ops/qr-code';
import { sendCsv } from '../csv';
import { principalOf } from '../request-context';

// Admin: access-code batches (shown once as slips and CSV, listed with sizes only, revocable); the invitations the mail
// server refused are listed here too (handlers/survey-invitations.ts sends them).

const str = (v: unknown, max = 100) => (typeof v === 'string' ? v.slice(0, max) : '');

export async function choices(deps: AppDeps) {
  const periods = await deps.db('periods').whereNot({ state: 'closed' }).orderBy('starts_on', 'desc').select('key', 'name', 'state');
  const units = await deps.db('units').whereNull('archived_at').orderBy('name').select('key', 'name');
  return { periods, units };
}

/** A new form's choices: the open period when there is only one, and the unit when there is only one. */
export async function defaultTarget(deps: AppDeps): Promise<{ period: string; unit: string }> {
  const { periods, units } = await choices(deps);
  const open = periods.filter((p) => p.state === 'open');
  return { period: open.length === 1 ? open[0].key : '', unit: units.length === 1 ? units[0].key : '' };
}

async function renderCodes(deps: AppDeps, req: Request, res: Response, status: number, form: { period: string; unit: string; count: string }, errors: Record<string, string>, filter = { period: form.period, unit: form.unit }) {
  const filterPeriod = str(req.query.period) || filter.period;
  const filterUnit = str(req.query.unit) || filter.unit;
  const p = filterPeriod ? await deps.db('periods').where({ key: filterPeriod }).first('id') : null;
  const u = filterUnit ? await deps.db('units').where({ key: filterUnit }).first('id') : null;
  const batches = await listBatches(deps.db, { periodId: p?.id, unitId: u?.id });
  const failures = await failedInvitations(deps.db);
  res.status(status).render('admin/survey/codes', { title: req.t('survey.codes.title'), ...(await choices(deps)), batches, failures, form, errors, max: MAX_BATCH, revoked: req.query.revoked === '1', cleared: req.query.cleared === '1' });
}

export function showCodes(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const chosen = { period: str(req.query.period), unit: str(req.query.unit) };
    const preset = await defaultTarget(deps);
    await renderCodes(deps, req, res, 200, { period: chosen.period || preset.period, unit: chosen.unit || preset.unit, count: '' }, {}, chosen);
  };
}

/** Generates a batch and shows it once: printable slips, with a CSV download of the same codes. */
export function generateCodes(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const form = { period: str(req.body.period), unit: str(req.body.unit), count: str(req.body.count, 10) };
    const count = /^\d+$/.test(form.count) ? Number(form.count) : NaN;
    const errors: Record<string, string> = {};
    if (!form.period) errors.period = 'form.required';
    if (!form.unit) errors.unit = 'form.required';
    if (!(count >= 1 && count <= MAX_BATCH)) errors.count = 'survey.codes.error.count';
    if (Object.keys(errors).length) return renderCodes(deps, req, res, 400, form, errors);
    let result;
    try {
      const target = await batchTarget(deps.db, form.period, form.unit);
      result = await deps.db.transaction(async (trx) => {
        const batch = await generateBatch(trx, deps.secrets.codeKey, target, { count, kind: 'print', createdBy: principalOf(req).id, now: deps.clock.now() });
        await recordAudit(trx, deps.clock.now(), { ...actorOf(principalOf(req)), action: 'survey.codes.generate', objectType: 'code_batch', objectId: batch.batchId, details: { count, period: target.periodKey, unit: target.unitKey } });
        return { ...batch, unitName: target.unitName };
      });
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return renderCodes(deps, req, res, 400, form, { period: err.messageKey });
      throw err;
    }
    res.set('Cache-Control', 'no-store');
    // Every slip carries the survey's address as a QR code too (the address only: never the code).
    const surveyUrl = `${deps.config.baseUrl.replace(/\/$/, '')}/survey`;
    res.render('admin/survey/slips', { title: req.t('survey.slips.title'), ...result, surveyUrl, surveyQr: await qrSvg(surveyUrl, 0) });
  };
}

/** The CSV of a sheet just shown: only codes that belong to the batch are echoed; nothing is stored. */
export function downloadCsv(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const batchId = str(req.params.batch, 32);
    const batch = await deps.db('code_batches as b').join('units as u', 'u.id', 'b.unit_id').where('b.id', batchId).first('u.name');
    if (!batch) throw new NotFound();
    const codes = await codesOfBatch(deps.db, deps.secrets.codeKey, batchId, str(req.body.codes, 60_000).split(/\s+/).filter(Boolean).slice(0, MAX_BATCH));
    await recordAudit(deps.db, deps.clock.now(), { ...actorOf(principalOf(req)), action: 'survey.codes.export', objectType: 'code_batch', objectId: batchId, details: { count: codes.length } });
    const url = `${deps.config.baseUrl.replace(/\/$/, '')}/survey`;
    sendCsv(res, `access-codes-${batchId}.csv`, ['unit', 'survey_address', 'code'], codes.map((c) => [batch.name, url, c]));
  };
}

export function revokeCodes(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const batchId = str(req.params.batch, 32);
    await deps.db.transaction(async (trx) => {
      await revokeBatch(trx, batchId, deps.clock.now());
      await recordAudit(trx, deps.clock.now(), { ...actorOf(principalOf(req)), action: 'survey.codes.revoke', objectType: 'code_batch', objectId: batchId });
    });
    res.redirect(303, '/admin/survey/codes?revoked=1');
  };
}
