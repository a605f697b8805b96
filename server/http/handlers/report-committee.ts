import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { dayOf } from '../../domain/deadlines';
import { BEHAVIOURS, MATTERS } from '../../domain/report-rules';
import { DUE_SOON_DAYS, REPORT_STATUSES } from '../../domain/report-workflow';
import { ValidationError, type FieldErrors } from '../../errors';
import { assignReport, changeReportStatus, postCommitteeMessage, recuseFromReport } from '../../services/report/report-actions';
import { downloadAttachment, openReportCase } from '../../services/report/report-case';
import { countReports, listReports, parseInboxFilters, unitsInScope } from '../../services/report/report-inbox';
import { field } from './report-uploads';
import { principalOf } from '../request-context';

// The committee's report inbox and case page. Every service call takes the principal (scope, conflict of interest).

const reportIdOf = (req: Request) => (/^\d{1,12}$/.test(String(req.params.report)) ? Number(req.params.report) : -1);

export function showInbox(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const principal = principalOf(req);
    const filters = parseInboxFilters(req.query as Record<string, unknown>);
    const today = dayOf(deps.clock.now());
    const [rows, total, units] = await Promise.all([
      listReports(deps.db, principal, filters, today),
      countReports(deps.db, principal, filters, today),
      unitsInScope(deps.db, principal),
    ]);
    res.set('Cache-Control', 'no-store');
    res.render('committee/reports/index', {
      title: req.t('report.inbox.title'),
      rows,
      total,
      units,
      filters,
      statuses: REPORT_STATUSES,
      soonDays: DUE_SOON_DAYS,
      matters: MATTERS,
      behaviours: BEHAVIOURS,
      recused: req.query.recused === '1',
    });
  };
}

async function renderCase(deps: AppDeps, req: Request, res: Response, status = 200, errors: FieldErrors = {}, kept: Record<string, string> = {}) {
  const report = await openReportCase(deps, principalOf(req), reportIdOf(req), req.t('report.attachment.stem'));
  res.set('Cache-Control', 'no-store');
  res.status(status).render('committee/reports/show', { title: req.t('report.case.title', { id: report.id }), report, errors, kept, done: typeof req.query.done === 'string' ? req.query.done : '' });
}

export function showCase(deps: AppDeps) {
  return (req: Request, res: Response) => renderCase(deps, req, res);
}

/** Runs a committee action; field errors re-render the case page (400) with the input kept, success redirects. */
function action(deps: AppDeps, run: (req: Request) => Promise<void>, done: string, keep: string[]) {
  return async (req: Request, res: Response) => {
    try {
      await run(req);
    } catch (err) {
      if (err instanceof ValidationError) return renderCase(deps, req, res, 400, err.fields, Object.fromEntries(keep.map((k) => [k, field(req.body, k, 20_000)])));
      throw err;
    }
    res.redirect(303, `/committee/reports/${reportIdOf(req)}?done=${done}`);
  };
}

export const submitStatus = (deps: AppDeps) =>
  action(deps, (req) => changeReportStatus(deps, principalOf(req), reportIdOf(req), field(req.body, 'status', 40), field(req.body, 'reason', 20_000)), 'status', ['status', 'reason']);

export const submitMessage = (deps: AppDeps) =>
  action(deps, (req) => postCommitteeMessage(deps, principalOf(req), reportIdOf(req), field(req.body, 'message', 20_000), false), 'message', ['message']);

export const submitNote = (deps: AppDeps) =>
  action(deps, (req) => postCommitteeMessage(deps, principalOf(req), reportIdOf(req), field(req.body, 'note', 20_000), true), 'note', ['note']);

export const submitAssignment = (deps: AppDeps) =>
  action(
    deps,
    (req) => {
      const raw = field(req.body, 'assignee', 20);
      return assignReport(deps, principalOf(req), reportIdOf(req), /^\d+$/.test(raw) ? Number(raw) : null);
    },
    'assign',
    [],
  );

export function submitRecusal(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    await recuseFromReport(deps, principalOf(req), reportIdOf(req));
    res.redirect(303, '/committee/reports?recused=1');
  };
}

/** The decrypted file as a download under its generated (or kept) name: never rendered inline, never sniffed. */
export function sendAttachment(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const attachmentId = /^\d{1,12}$/.test(String(req.params.attachment)) ? Number(req.params.attachment) : -1;
    const file = await downloadAttachment(deps, principalOf(req), reportIdOf(req), attachmentId, req.t('report.attachment.stem'));
    res.attachment(file.name);
    res.set({ 'Content-Type': file.mime, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; sandbox" });
    res.send(file.bytes);
  };
}
