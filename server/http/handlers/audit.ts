import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { EMAIL_MAX } from '../../domain/email-address';
import { pageParam, pagerView } from '../pager';
import { auditHead, verifyAuditChain, type AuditVerification } from '../../services/ops/audit';
import { isDay, queryAudit } from '../../services/ops/audit-query';
import { actionName, auditEventView } from './audit-view';

// GET /admin/audit — browse the audit log with filters; `?verify=1` also checks the whole hash chain.
const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

export function showAudit(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const filter = { action: text(req.query.action, 64), actor: text(req.query.actor, EMAIL_MAX), from: text(req.query.from, 10), to: text(req.query.to, 10) };
    const errors: Record<string, string> = {};
    if (filter.from && !isDay(filter.from)) errors.from = 'auth.audit.error.date';
    if (filter.to && !isDay(filter.to)) errors.to = 'auth.audit.error.date';
    const page = pageParam(req.query.page);
    const result = await queryAudit(deps.db, { ...filter, page });
    const verification: AuditVerification | null = req.query.verify === '1' ? await verifyAuditChain(deps.db) : null;
    const head = await auditHead(deps.db);
    const query = (p: number) => new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), page: String(p) }).toString();
    res.status(Object.keys(errors).length ? 400 : 200).render('admin/audit/index', {
      title: req.t('auth.audit.title'), filter, errors, verification, head, ...result,
      events: result.events.map((e) => auditEventView(req.t, e)),
      actions: result.actions.map((a) => ({ key: a, name: actionName(req.t, a) })),
      pager: pagerView(result, (p) => `/admin/audit?${query(p)}`),
    });
  };
}
