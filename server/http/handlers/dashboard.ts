import type { Request, Response } from 'express';
import { type AppDeps } from '../../deps';
import { dayOf } from '../../domain/deadlines';
import { DUE_SOON_DAYS } from '../../domain/report-workflow';
import { reportWorkload } from '../../services/report/report-inbox';
import { reassessDue } from '../../services/register/reassess-due';
import { regionOverview, TOP_POSTS } from '../../services/risk/risk-overview';
import { levelCountsView, levelView, r1 } from './risk-view';
import { principalOf } from '../request-context';

// The committee's landing page: region overview of the units in scope for a chosen period.
export function showDashboard(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const periodKey = typeof req.query.period === 'string' ? req.query.period.slice(0, 64) : undefined;
    const today = dayOf(deps.clock.now());
    const [o, reassess, workload] = await Promise.all([regionOverview(deps.db, principalOf(req), periodKey, today), reassessDue(deps.db, principalOf(req)), reportWorkload(deps.db, principalOf(req), today)]);
    const period = o.period && { key: o.period.key, name: o.period.name };
    const link = (unitKey: string) => (period ? `/committee/results/${encodeURIComponent(period.key)}/${encodeURIComponent(unitKey)}` : '#');
    res.render('committee/dashboard', {
      title: req.t('nav.dashboard'),
      periods: o.periods.map((p) => ({ key: p.key, name: p.name, selected: p.key === o.period?.key })),
      period,
      units: o.units.map((u) => ({ ...u, href: link(u.key) })),
      levels: levelCountsView(req, o.totals),
      topCaption: req.t('risk.dash.top.caption', { n: TOP_POSTS }),
      top: o.top.map((p) => ({ ...p, R: r1(p.R), level: levelView(req, p.level), href: `${link(p.unitKey)}/${encodeURIComponent(p.postKey)}` })),
      overdue: o.overdue,
      workload: { ...workload, soonDays: DUE_SOON_DAYS },
      reassess,
    });
  };
}
