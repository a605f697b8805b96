import type { AppDeps } from '../../deps';
import { showReportForm, submitReport } from '../handlers/report';
import { sendAttachment, showCase, showInbox, submitAssignment, submitMessage, submitNote, submitRecusal, submitStatus } from '../handlers/report-committee';
import { lookUpReceipt, replyToCommittee, showFollowUpForm } from '../handlers/report-followup';
import { parseUploads } from '../handlers/report-uploads';
import { limitRequests } from '../middleware/rate-limit';
import type { RouteDef } from '../route-def';

// Routes of the report area: public filing and follow-up (rate-limited, no cookie), the committee's inbox and case.
export function reportRoutes(deps: AppDeps): RouteDef[] {
  // Shared across instances with REDIS_URL; fail closed: an unlimited attacker is the greater harm here.
  const filingLimit = limitRequests(deps, { name: 'report-file', windowMs: 60 * 60 * 1000, limit: 20, failClosed: true });
  // Wrong receipts answer 400, so only failures count towards this limit.
  const receiptLimit = limitRequests(deps, { name: 'report-receipt', windowMs: 15 * 60 * 1000, limit: 10, skipSuccessfulRequests: true, failClosed: true });
  return [
    { method: 'get', path: '/report', access: 'public', handler: showReportForm(deps) },
    { method: 'post', path: '/report', access: 'public', before: [filingLimit, parseUploads], handler: submitReport(deps) },
    { method: 'get', path: '/report/follow-up', access: 'public', handler: showFollowUpForm },
    { method: 'post', path: '/report/follow-up', access: 'public', before: [receiptLimit], handler: lookUpReceipt(deps) },
    { method: 'post', path: '/report/follow-up/reply', access: 'public', before: [receiptLimit, parseUploads], handler: replyToCommittee(deps) },
    // The reply answers a POST; a reload or an old link by GET starts again at the receipt form.
    { method: 'get', path: '/report/follow-up/reply', access: 'public', handler: (_req, res) => res.redirect(303, '/report/follow-up') },
    { method: 'get', path: '/committee/reports', access: 'committee', handler: showInbox(deps) },
    { method: 'get', path: '/committee/reports/:report', access: 'committee', handler: showCase(deps) },
    { method: 'post', path: '/committee/reports/:report/status', access: 'committee', handler: submitStatus(deps) },
    { method: 'post', path: '/committee/reports/:report/messages', access: 'committee', handler: submitMessage(deps) },
    { method: 'post', path: '/committee/reports/:report/notes', access: 'committee', handler: submitNote(deps) },
    { method: 'post', path: '/committee/reports/:report/assign', access: 'committee', handler: submitAssignment(deps) },
    { method: 'post', path: '/committee/reports/:report/recuse', access: 'committee', handler: submitRecusal(deps) },
    { method: 'get', path: '/committee/reports/:report/attachments/:attachment', access: 'committee', handler: sendAttachment(deps) },
  ];
}
