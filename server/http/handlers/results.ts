import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { registerMarks } from '../../services/register/decided-levels';
import { resultPeriods, scopedUnits, viewUnitResults } from '../../services/risk/risk-lookup';
import { decidedView, f2, flagTexts, heatmapView, levelsView, levelView, parseSort, r1, sortPosts, SORT_COLUMNS } from './risk-view';
import { REASSESS_FLAG } from '../../domain/register/vocabulary';
import { principalOf } from '../request-context';
import { countText } from '../../domain/released-cells';

// Results pages: the index (period × unit) and one unit's table, heat map and level distribution.

export function showResultsIndex(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const periods = await resultPeriods(deps.db);
    const units = (await scopedUnits(deps.db, principalOf(req))).map((u) => ({ key: u.key, name: u.name }));
    res.render('committee/results/index', {
      title: req.t('risk.index.title'),
      periods: periods.map((p) => ({ key: p.key, name: p.name, state: req.t(`risk.period_state.${p.state}`) })),
      units,
    });
  };
}

export function showUnitResults(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const r = await viewUnitResults(deps.db, principalOf(req), String(req.params.period), String(req.params.unit));
    const marks = await registerMarks(deps.db, r.period, r.unit, r.snapshot);
    const { sort, dir } = parseSort(req.query);
    const base = `/committee/results/${encodeURIComponent(r.period.key)}/${encodeURIComponent(r.unit.key)}`;
    const columns = SORT_COLUMNS.map((c) => {
      const active = c === sort;
      const nextDir = active && dir === 'desc' ? 'asc' : active ? 'desc' : c === 'title' ? 'asc' : 'desc';
      const label = req.t(c === 'title' ? 'risk.col.post' : `risk.col.${c}`);
      return {
        label, active, numeric: c !== 'title', levelAfter: c === 'R',
        href: `${base}?sort=${c}&dir=${nextDir}`,
        linkLabel: req.t('risk.sort_by', { column: label }),
        ariaSort: active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none',
        state: active ? req.t(dir === 'asc' ? 'risk.sorted_asc' : 'risk.sorted_desc') : '',
      };
    });
    const rows = sortPosts(r.posts, sort, dir).map((p) => ({
      title: p.post.title,
      href: `${base}/${encodeURIComponent(p.postKey)}`,
      E: f2(p.E), M: f2(p.M), C: f2(p.C), S: f2(p.S), F: f2(p.F), L: f2(p.L), R: r1(p.R), N: countText(req.t, p.N, r.params.k),
      level: levelView(req, p.level),
      decided: decidedView(req, p.level, marks.decided.get(p.postKey)),
      flags: flagTexts(req, marks.reassess.has(p.postKey) ? [...p.flags, REASSESS_FLAG] : p.flags, r.params.k),
    }));
    res.render('committee/results/unit', {
      title: req.t('risk.unit.title', { unit: r.unit.name, period: r.period.name }),
      period: { key: r.period.key, name: r.period.name },
      unit: { key: r.unit.key, name: r.unit.name },
      source: r.source,
      withheld: r.withheld ?? 0,
      responses: r.responses,
      k: r.params.k,
      columns,
      rows,
      heatmap: heatmapView(req, r),
      levels: levelsView(req, r.posts),
    });
  };
}
