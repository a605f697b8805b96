import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { createMailer } from '../../mail/mailer';
import { actorOf } from '../../services/ops/audit';
import { batchTarget } from '../../services/survey/access-codes';
import { clearFailedInvitations, failedInvitations, MAX_INVITATIONS, parseAddresses, sendInvitations } from '../../services/survey/invitations';
import { choices, defaultTarget } from './survey-codes';
import { principalOf } from '../request-context';

// Admin: e-mail invitations, sent from memory over SMTP (DESIGN.md §4). Without SMTP_URL the page explains that they
// need a mail server and points to printed slips; refused addresses are listed on the codes page.
const str = (v: unknown, max = 100) => (typeof v === 'string' ? v.slice(0, max) : '');
type InviteForm = { period: string; unit: string; addresses: string };

async function renderInvite(deps: AppDeps, req: Request, res: Response, status: number, form: InviteForm, errors: Record<string, string>) {
  const count = (name: string) => (typeof req.query[name] === 'string' && /^\d{1,4}$/.test(req.query[name] as string) ? Number(req.query[name]) : undefined);
  res.set('Cache-Control', 'no-store');
  res.status(status).render('admin/survey/invitations', {
    title: req.t('survey.invite.title'), ...(await choices(deps)), form, errors, max: MAX_INVITATIONS,
    smtp: Boolean(deps.config.smtpUrl), sent: count('sent'), failed: count('failed'),
  });
}

/** GET: the form; with ?retry=1 (from the codes page) it starts with the refused addresses of one survey. */
export function showInvitations(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const preset = await defaultTarget(deps);
    const form = { period: str(req.query.period) || preset.period, unit: str(req.query.unit) || preset.unit, addresses: '' };
    if (req.query.retry === '1' && form.period && form.unit) {
      form.addresses = (await failedInvitations(deps.db, { periodKey: form.period, unitKey: form.unit })).map((f) => f.address).join('\n');
    }
    await renderInvite(deps, req, res, 200, form, {});
  };
}

export function sendInvitationMails(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const form = { period: str(req.body.period), unit: str(req.body.unit), addresses: str(req.body.addresses, 200_000) };
    if (!deps.config.smtpUrl) return renderInvite(deps, req, res, 409, form, { addresses: 'survey.invite.error.no_smtp' });
    const { addresses, badLines } = parseAddresses(form.addresses);
    const errors: Record<string, string> = {};
    if (!form.period) errors.period = 'form.required';
    if (!form.unit) errors.unit = 'form.required';
    if (badLines.length) errors.addresses = req.t('survey.invite.error.bad_lines', { lines: badLines.slice(0, 20).join(', ') });
    else if (!addresses.length) errors.addresses = 'survey.invite.error.empty';
    else if (addresses.length > MAX_INVITATIONS) errors.addresses = req.t('survey.invite.error.too_many', { max: MAX_INVITATIONS });
    if (Object.keys(errors).length) return renderInvite(deps, req, res, 400, form, errors);
    const mailer = createMailer(deps.config);
    try {
      const target = await batchTarget(deps.db, form.period, form.unit);
      const result = await sendInvitations({ db: deps.db, codeKey: deps.secrets.codeKey, mailer }, target, { addresses, baseUrl: deps.config.baseUrl, actor: actorOf(principalOf(req)), now: deps.clock.now() });
      if (result.failed.length) deps.logger.warn('invitations refused by the mail server', { count: result.failed.length });
      res.redirect(303, `/admin/survey/invitations?sent=${result.sent}&failed=${result.failed.length}`);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return renderInvite(deps, req, res, 400, form, { period: err.messageKey });
      throw err;
    } finally {
      mailer.close();
    }
  };
}

/** POST: forget the list of refused invitations. */
export function clearInvitationFailures(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    await clearFailedInvitations(deps.db, actorOf(principalOf(req)), deps.clock.now());
    res.redirect(303, '/admin/survey/codes?cleared=1');
  };
}
