import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { dayOf } from '../../deps';
import { printReport } from '../../services/exports';
import { param } from './assess-form';

// The print-ready assessment report of a unit for a period (print CSS in static/css/assess.css).
export function showPrintReport(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const now = deps.clock.now();
    const report = await printReport(deps.db, req.principal!, now, param(req, 'period'), param(req, 'unit'), dayOf(now));
    const max = Math.max(1, ...report.distribution.map((d) => d.count));
    res.render('committee/print/report', { title: req.t('assess.print.title', { unit: report.unit.name, period: report.period.name }), ...report, max });
  };
}
