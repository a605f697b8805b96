import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { dayOf } from '../../deps';
import { toCsv } from '../../domain/csv';
import { visibleUnits } from '../../services/assess-scope';
import { exportMeasures, exportReportStatistics, exportResults, listPeriods, type ExportTable } from '../../services/exports';
import { param } from './assess-form';
import { readFilter } from './measures';

// CSV downloads (UTF-8 with BOM, RFC 4180 quoting, formula-injection safe) and the page that lists them.
function sendCsv(req: Request, res: Response, table: ExportTable): void {
  const header = table.columns.map((c) => (c.includes('.') ? req.t(c) : c));
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${table.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.set('Cache-Control', 'no-store');
  res.send(toCsv(header, table.rows));
}

export function showExports(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const [periods, units] = await Promise.all([listPeriods(deps.db), visibleUnits(deps.db, req.principal!)]);
    res.render('committee/print/exports', { title: req.t('assess.export.title'), periods, units });
  };
}

export function exportResultsCsv(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    sendCsv(req, res, await exportResults(deps.db, req.principal!, deps.clock.now(), param(req, 'period'), param(req, 'unit')));
  };
}

export function exportMeasuresCsv(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const now = deps.clock.now();
    sendCsv(req, res, await exportMeasures(deps.db, req.principal!, now, readFilter(req), dayOf(now)));
  };
}

export function exportReportStatsCsv(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    sendCsv(req, res, await exportReportStatistics(deps.db, req.principal!, deps.clock.now(), param(req, 'period')));
  };
}
