import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { formTokenOf } from '../../domain/form-token';
import { BEHAVIOURS, CHANNELS, MATTERS, REPORT_FIELDS, type ReportFormInput } from '../../domain/report-rules';
import { ValidationError, type FieldErrors } from '../../errors';
import { FormAlreadySubmitted, newFormToken } from '../../services/form-tokens';
import { heldOverview } from '../../services/form-uploads';
import { RecentSubmissions } from '../../services/recent-submissions';
import { fileReport, loadReportOrg, reportFormErrors } from '../../services/report-filing';
import { field, NO_UPLOAD_NOTES, uploadedFiles, uploadError, uploadNotes, type UploadNotes } from './report-uploads';

// Filing a report (public, no JavaScript, no cookie): the form, its errors with every field kept, and the receipt page.

const emptyInput = (): ReportFormInput => ({ unit: '', post: '', target_post: '', matter: '', behaviour: '', occurred_on: '', channel: '', description: '', real_name: '', contact: '', keep_names: '' });

function readInput(body: unknown): ReportFormInput {
  const input = emptyInput();
  for (const name of REPORT_FIELDS) input[name] = field(body, name, name === 'description' ? 40_000 : 1_000);
  return input;
}

async function renderForm(deps: AppDeps, req: Request, res: Response, values: ReportFormInput, errors: FieldErrors, uploads: UploadNotes, formToken: string | null) {
  const units = await loadReportOrg(deps.db);
  res.set('Cache-Control', 'no-store');
  res.status(Object.keys(errors).length ? 400 : 200).render('report/form', {
    title: req.t('report.form.title'),
    units,
    values,
    errors,
    uploads,
    // A form shown again after an error keeps its token: nothing was filed with it yet.
    formToken: formToken ?? newFormToken(),
    matters: MATTERS,
    behaviours: BEHAVIOURS,
    channels: CHANNELS,
  });
}

export function showReportForm(deps: AppDeps) {
  return (req: Request, res: Response) => renderForm(deps, req, res, emptyInput(), {}, NO_UPLOAD_NOTES, null);
}

function renderReceipt(req: Request, res: Response, receipt: string) {
  res.set('Cache-Control', 'no-store');
  res.render('report/receipt', { title: req.t('report.receipt.title'), receipt });
}

/**
 * POST /report. The same form posted again files nothing: while the first filing runs or just after it (a double
 * click, an immediate reload) it answers with the same receipt; later, or on another instance, with a page saying the
 * report was received and its receipt cannot be shown again.
 */
export function submitReport(deps: AppDeps) {
  const recent = new RecentSubmissions<string>(() => deps.clock.now());
  return async (req: Request, res: Response) => {
    const values = readInput(req.body);
    const formToken = formTokenOf(req.body);
    const files = uploadedFiles(req);
    const cutOff = uploadError(res);
    if (cutOff) {
      const errors = { ...(await reportFormErrors(deps, values)), attachments: cutOff };
      return renderForm(deps, req, res, values, errors, { ...NO_UPLOAD_NOTES, kept: await heldOverview(deps, formToken), dropped: true }, formToken);
    }
    const file = async () => (await fileReport(deps, values, files, formToken)).receipt;
    try {
      const receipt = await (formToken ? recent.once(formToken, file) : file());
      renderReceipt(req, res, receipt);
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(deps, req, res, values, err.fields, uploadNotes(err, files.length > 0 && !formToken), formToken);
      if (err instanceof FormAlreadySubmitted) {
        res.set('Cache-Control', 'no-store');
        return res.status(409).render('report/already-filed', { title: req.t('report.already_filed.title') });
      }
      throw err;
    }
  };
}
