import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { resultPeriods, scopedUnits } from '../../services/risk/risk-lookup';
import { comparePeriods } from '../../services/risk/risk-trend';
import { levelView, r1 } from './risk-view';
import { principalOf } from '../request-context';

// Two periods of one unit side by side: /committee/results/compare?a=K1&b=K2&unit=U (a GET form, no JavaScript).

const param = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 64) : '');

export function showComparison(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const periods = (await resultPeriods(deps.db)).map((p) => ({ key: p.key, name: p.name }));
    const units = (await scopedUnits(deps.db, principalOf(req))).map((u) => ({ key: u.key, name: u.name }));
    // Opened without a choice: the first unit, the latest period against the one before it, compared at once.
    const chosen = req.query.a !== undefined || req.query.b !== undefined || req.query.unit !== undefined;
    const a = chosen ? param(req.query.a) : periods[1]?.key;
    const b = chosen ? param(req.query.b) : periods[0]?.key;
    const unit = chosen ? param(req.query.unit) : units[0]?.key;
    let comparison = null;
    if (a && b && unit) {
      const c = await comparePeriods(deps.db, principalOf(req), a, b, unit);
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
}
