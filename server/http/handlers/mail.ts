import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { NotFound } from '../../errors';
import { isMailKind } from '../../mail/kinds';
import { OUTBOX_STATUSES } from '../../mail/outbox';
import { FAILED_SHOWN, mailOverview, retryFailedMail } from '../../services/ops/mail-admin';
import { principalOf } from '../request-context';

// Admin page of the outbox: GET shows it, POST re-queues one failed message.

export function showMailOutbox(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const overview = await mailOverview(deps.db, principalOf(req));
    res.render('admin/mail/index', {
      title: req.t('mail.admin.title'),
      transport: deps.config.smtpUrl ? 'smtp' : 'file',
      statuses: OUTBOX_STATUSES.map((status) => ({ status, count: overview.counts[status] })),
      failed: overview.failed.map((m) => ({ ...m, kindKey: isMailKind(m.kind) ? `mail.kind.${m.kind}` : 'mail.kind.other' })),
      failedTotal: overview.counts.failed,
      failedShown: FAILED_SHOWN,
      retried: req.query.retried === '1',
    });
  };
}

export function retryMail(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const raw = String(req.params.message);
    if (!/^\d{1,12}$/.test(raw)) throw new NotFound();
    await retryFailedMail(deps.db, principalOf(req), Number(raw), deps.clock.now());
    res.redirect(303, '/admin/mail?retried=1');
  };
}
