import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { BEHAVIOURS, CHANNELS, MATTERS, REPORT_FIELDS, type ReportFormInput } from '../../domain/report-rules';
import { ValidationError, type FieldErrors } from '../../errors';
import { fileReport, loadReportOrg, reportFormErrors } from '../../services/report-filing';
import { field, uploadedFiles, uploadError } from './report-uploads';

// Filing a report (public, no JavaScript, no cookie): the form, its errors with every field kept, and the receipt page.

const emptyInput = (): ReportFormInput => ({ unit: '', post: '', matter: '', behaviour: '', occurred_on: '', channel: '', description: '', real_name: '', contact: '' });

function readInput(body: unknown): ReportFormInput {
  const input = emptyInput();
  for (const name of REPORT_FIELDS) input[name] = field(body, name, name === 'description' ? 40_000 : 1_000);
  return input;
}

async function renderForm(deps: AppDeps, req: Request, res: Response, values: ReportFormInput, errors: FieldErrors, filesDropped: boolean) {
  const units = await loadReportOrg(deps.db);
  res.set('Cache-Control', 'no-store');
  res.status(Object.keys(errors).length ? 400 : 200).render('report/form', {
    title: req.t('report.form.title'),
    units,
    values,
    errors,
    filesDropped,
    matters: MATTERS,
    behaviours: BEHAVIOURS,
    channels: CHANNELS,
  });
}

export function showReportForm(deps: AppDeps) {
  return (req: Request, res: Response) => renderForm(deps, req, res, emptyInput(), {}, false);
}

export function submitReport(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const values = readInput(req.body);
    const files = uploadedFiles(req);
    const cutOff = uploadError(res);
    if (cutOff) {
      const errors = { ...(await reportFormErrors(deps, values)), attachments: cutOff };
      return renderForm(deps, req, res, values, errors, true);
    }
    try {
      const { receipt } = await fileReport(deps, values, files);
      res.set('Cache-Control', 'no-store');
      res.render('report/receipt', { title: req.t('report.receipt.title'), receipt });
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(deps, req, res, values, err.fields, files.length > 0);
      throw err;
    }
  };
}
