import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { formTokenOf } from '../../domain/form-token';
import { formatReceipt, normaliseReceipt } from '../../domain/report-rules';
import { ValidationError, type FieldErrors } from '../../errors';
import { FormAlreadySubmitted, newFormToken } from '../../services/auth/form-tokens';
import { heldOverview } from '../../services/report/form-uploads';
import { ReceiptNotRecognised, replyAsReporter, reporterView, reportIdForReceipt } from '../../services/report/report-followup';
import { reporterDeadlines } from '../../services/report/reporter-deadlines';
import { renderReceipt } from './report';
import { deadlinesView } from './report-deadlines-view';
import { field, NO_UPLOAD_NOTES, uploadedFiles, uploadError, uploadNotes, type UploadNotes } from './report-uploads';

// The reporter's follow-up: the receipt travels in the form (a hidden field), never in a cookie or the address.

function renderEntry(req: Request, res: Response, status: number, errors: FieldErrors, receipt = '') {
  res.set('Cache-Control', 'no-store');
  res.status(status).render('report/follow-up', { title: req.t('report.followup.title'), errors, receipt });
}

type CaseExtra = { status?: number; errors?: FieldErrors; message?: string; keepNames?: boolean; sent?: boolean; uploads?: UploadNotes; formToken?: string | null };

async function renderCase(deps: AppDeps, req: Request, res: Response, reportId: number, receipt: string, extra: CaseExtra) {
  const view = await reporterView(deps.db, deps.secrets, reportId, req.t('report.attachment.stem'));
  const deadlines = deadlinesView(req.t, await reporterDeadlines(deps.db, deps.config, reportId));
  res.set('Cache-Control', 'no-store');
  res.status(extra.status ?? 200).render('report/status', {
    title: req.t('report.status_page.title'),
    report: view,
    deadlines,
    receipt,
    errors: extra.errors ?? {},
    message: extra.message ?? '',
    sent: extra.sent ?? false,
    keepNames: extra.keepNames ?? false,
    uploads: extra.uploads ?? NO_UPLOAD_NOTES,
    // A reply form shown again after an error keeps its token; after a reply that was sent, the next one gets a new one.
    formToken: extra.formToken ?? newFormToken(),
  });
}

export function showFollowUpForm(req: Request, res: Response): void {
  renderEntry(req, res, 200, {});
}

/** POST /report/follow-up: the same generic answer (400) for every receipt that opens nothing. */
export function lookUpReceipt(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const raw = field(req.body, 'receipt', 100);
    // The language switch: the receipt typed so far comes back in the field; nothing is looked up yet.
    if (req.languageSwitch) return renderEntry(req, res, 200, {}, raw);
    try {
      const reportId = await reportIdForReceipt(deps.db, deps.secrets, raw);
      await renderCase(deps, req, res, reportId, formatReceipt(normaliseReceipt(raw) as string), {});
    } catch (err) {
      if (err instanceof ReceiptNotRecognised) return renderEntry(req, res, 400, { receipt: err.messageKey });
      throw err;
    }
  };
}

/** POST /report/follow-up/reply: a message (and files) from the reporter; the same form posted again sends nothing more. */
export function replyToCommittee(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const raw = field(req.body, 'receipt', 100);
    const message = field(req.body, 'message', 20_000);
    const keepNames = field(req.body, 'keep_names', 10) === '1';
    let reportId: number;
    try {
      reportId = await reportIdForReceipt(deps.db, deps.secrets, raw);
    } catch (err) {
      if (err instanceof ReceiptNotRecognised) return renderEntry(req, res, 400, { receipt: err.messageKey });
      throw err;
    }
    const receipt = formatReceipt(normaliseReceipt(raw) as string);
    const formToken = formTokenOf(req.body);
    const files = uploadedFiles(req);
    if (req.languageSwitch) {
      // The receipt page and the status page switch language through here: the same page again, the draft kept.
      if (field(req.body, 'view', 20) === 'receipt') return renderReceipt(deps, req, res, receipt, reportId);
      const uploads = { ...NO_UPLOAD_NOTES, kept: await heldOverview(deps, formToken), dropped: files.length > 0 || Boolean(uploadError(res)) };
      return renderCase(deps, req, res, reportId, receipt, { message, keepNames, uploads, formToken });
    }
    const cutOff = uploadError(res);
    if (cutOff) {
      const uploads = { ...NO_UPLOAD_NOTES, kept: await heldOverview(deps, formToken), dropped: true };
      return renderCase(deps, req, res, reportId, receipt, { status: 400, errors: { attachments: cutOff }, message, keepNames, uploads, formToken });
    }
    try {
      await replyAsReporter(deps, reportId, { body: message, keepNames }, files, formToken);
    } catch (err) {
      if (err instanceof ValidationError) {
        const uploads = uploadNotes(err, files.length > 0 && !formToken);
        return renderCase(deps, req, res, reportId, receipt, { status: 400, errors: err.fields, message, keepNames, uploads, formToken });
      }
      // Sent before (a reload or a double click): it is in the conversation once, which is what the page shows.
      if (err instanceof FormAlreadySubmitted) return renderCase(deps, req, res, reportId, receipt, { sent: true });
      throw err;
    }
    await renderCase(deps, req, res, reportId, receipt, { sent: true });
  };
}
