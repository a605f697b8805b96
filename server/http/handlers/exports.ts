import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { dayOf } from '../../domain/deadlines';
import { visibleUnits } from '../../services/assess/assess-scope';
import { exportMeasures, exportReportStatistics, exportResults, listPeriods, type ExportTable } from '../../services/risk/exports';
import { sendCsv as writeCsv } from '../csv';
import { param } from './assess-form';
import { readFilter } from './measures';
import { principalOf } from '../request-context';

// CSV downloads (through the one CSV writer, http/csv.ts) and the page that lists them.
function sendCsv(req: Request, res: Response, table: ExportTable): void {
  writeCsv(res, table.filename, table.columns.map((c) => (c.includes('.') ? req.t(c) : c)), table.rows);
}

export function showExports(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const [periods, units] = await Promise.all([listPeriods(deps.db), visibleUnits(deps.db, principalOf(req))]);
    res.render('committee/print/exports', { title: req.t('assess.export.title'), periods, units });
  };
}

export function exportResultsCsv(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    sendCsv(req, res, await exportResults(deps.db, principalOf(req), deps.clock.now(), param(req, 'period'), param(req, 'unit')));
  };
}

export function exportMeasuresCsv(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const now = deps.clock.now();
    sendCsv(req, res, await exportMeasures(deps.db, principalOf(req), now, readFilter(req), dayOf(now)));
  };
}

export function exportReportStatsCsv(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    sendCsv(req, res, await exportReportStatistics(deps.db, principalOf(req), deps.clock.now(), param(req, 'period')));
  };
}
