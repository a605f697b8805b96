import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { resultPeriods, scopedUnits } from '../../services/risk-lookup';
import { comparePeriods } from '../../services/risk-trend';
import { levelView, r1 } from './risk-view';
import '../request-context';

// Two periods of one unit side by side: /committee/results/compare?a=K1&b=K2&unit=U (a GET form, no JavaScript).

const param = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 64) : '');

export const showComparison = (deps: AppDeps) => async (req: Request, res: Response): Promise<void> => {
  const a = param(req.query.a);
  const b = param(req.query.b);
  const unit = param(req.query.unit);
  const periods = (await resultPeriods(deps.db)).map((p) => ({ key: p.key, name: p.name }));
  const units = (await scopedUnits(deps.db, req.principal!)).map((u) => ({ key: u.key, name: u.name }));
  let comparison = null;
  if (a && b && unit) {
    const c = await comparePeriods(deps.db, req.principal!, a, b, unit);
    comparison = {
      heading: req.t('risk.compare.heading', { unit: c.unit.name, a: c.a.name, b: c.b.name }),
      a: c.a.name, b: c.b.name,
      rows: c.rows.map((row) => ({
        title: row.title,
        a: row.a ? { R: r1(row.a.R), level: levelView(req, row.a.level) } : null,
        b: row.b ? { R: r1(row.b.R), level: levelView(req, row.b.level) } : null,
        delta: row.delta === null ? '–' : `${row.delta > 0 ? '+' : ''}${r1(row.delta)}`,
      })),
    };
  }
  res.render('committee/results/compare', { title: req.t('risk.compare.title'), periods, units, selected: { a, b, unit }, comparison });
};
