import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { formTokenOf } from '../../domain/form-token';
import { BEHAVIOURS, CHANNELS, MATTERS, REPORT_FIELDS, type ReportFormInput } from '../../domain/report-rules';
import { ValidationError, type FieldErrors } from '../../errors';
import { FormAlreadySubmitted, formTokenUsed, newFormToken } from '../../services/auth/form-tokens';
import { heldOverview } from '../../services/report/form-uploads';
import { RecentReportContents } from '../../services/report/recent-report-contents';
import { RecentSubmissions } from '../../services/survey/recent-submissions';
import { reporterDeadlines } from '../../services/report/reporter-deadlines';
import { fileReport, loadReportOrg, reportFormErrors } from '../../services/report/report-filing';
import { deadlinesView } from './report-deadlines-view';
import { field, NO_UPLOAD_NOTES, uploadedFiles, uploadError, uploadNotes, type UploadNotes } from './report-uploads';

// Filing a report (public, no JavaScript, no cookie): the form, its errors with every field kept, and the receipt page.

const emptyInput = (): ReportFormInput => ({ unit: '', post: '', target_post: '', matter: '', behaviour: '', occurred_on: '', channel: '', description: '', real_name: '', contact: '', keep_names: '' });

function readInput(body: unknown): ReportFormInput {
  const input = emptyInput();
  for (const name of REPORT_FIELDS) input[name] = field(body, name, name === 'description' ? 40_000 : 1_000);
  return input;
}

interface FormState {
  errors?: FieldErrors;
  uploads?: UploadNotes;
  /** A form shown again keeps its token: nothing was filed with it yet. */
  formToken?: string | null;
  /** The same content was filed a moment ago: ask before filing it again. */
  duplicate?: boolean;
}

async function renderForm(deps: AppDeps, req: Request, res: Response, values: ReportFormInput, state: FormState = {}) {
  const units = await loadReportOrg(deps.db);
  const errors = state.errors ?? {};
  res.set('Cache-Control', 'no-store');
  res.status(state.duplicate ? 409 : Object.keys(errors).length ? 400 : 200).render('report/form', {
    title: req.t('report.form.title'),
    units,
    values,
    errors,
    uploads: state.uploads ?? NO_UPLOAD_NOTES,
    duplicate: state.duplicate ?? false,
    formToken: state.formToken ?? newFormToken(),
    matters: MATTERS,
    behaviours: BEHAVIOURS,
    channels: CHANNELS,
  });
}

export function showReportForm(deps: AppDeps) {
  return (req: Request, res: Response) => renderForm(deps, req, res, emptyInput());
}

/** The receipt, shown once, with the deadlines the reporter can expect. */
export async function renderReceipt(deps: AppDeps, req: Request, res: Response, receipt: string, reportId: number) {
  const deadlines = deadlinesView(req.t, await reporterDeadlines(deps.db, deps.config, reportId));
  res.set('Cache-Control', 'no-store');
  res.render('report/receipt', { title: req.t('report.receipt.title'), receipt, deadlines });
}

/**
 * POST /report. The same form posted again files nothing: while the first filing runs or just after it (a double
 * click, an immediate reload) it answers with the same receipt; later, or on another instance, with a page saying the
 * report was received and its receipt cannot be shown again. A fresh form with the same content as a report filed
 * here in the last 30 minutes (Back, check, send) is not filed until the reporter says to file it again.
 */
export function submitReport(deps: AppDeps) {
  const recent = new RecentSubmissions<{ receipt: string; reportId: number }>(() => deps.clock.now());
  const sameContent = new RecentReportContents(() => deps.clock.now());
  const sentBefore = async (formToken: string | null) => formToken !== null && (recent.has(formToken) || (await formTokenUsed(deps.db, formToken)));
  return async (req: Request, res: Response) => {
    const values = readInput(req.body);
    const formToken = formTokenOf(req.body);
    const files = uploadedFiles(req);
    // Files sent with a language switch or a held-back resubmission are not filed: those held before stay held.
    const notFiled = async (): Promise<UploadNotes> => ({ ...NO_UPLOAD_NOTES, kept: await heldOverview(deps, formToken), dropped: files.length > 0 || Boolean(uploadError(res)) });
    if (req.languageSwitch) return renderForm(deps, req, res, values, { uploads: await notFiled(), formToken });
    const cutOff = uploadError(res);
    if (cutOff) {
      const errors = { ...(await reportFormErrors(deps, values)), attachments: cutOff };
      return renderForm(deps, req, res, values, { errors, uploads: { ...NO_UPLOAD_NOTES, kept: await heldOverview(deps, formToken), dropped: true }, formToken });
    }
    if (field(req.body, 'file_again', 1) !== '1' && sameContent.has(values) && !(await sentBefore(formToken))) {
      return renderForm(deps, req, res, values, { duplicate: true, uploads: await notFiled(), formToken });
    }
    const file = async () => {
      const filed = await fileReport(deps, values, files, formToken);
      sameContent.remember(values);
      return filed;
    };
    try {
      const filed = await (formToken ? recent.once(formToken, file) : file());
      await renderReceipt(deps, req, res, filed.receipt, filed.reportId);
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(deps, req, res, values, { errors: err.fields, uploads: uploadNotes(err, files.length > 0 && !formToken), formToken });
      if (err instanceof FormAlreadySubmitted) {
        res.set('Cache-Control', 'no-store');
        return res.status(409).render('report/already-filed', { title: req.t('report.already_filed.title') });
      }
      throw err;
    }
  };
}
