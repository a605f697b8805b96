import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { DIMENSIONS, POWER_TYPES, TYPICAL_MEASURE_TEXTS } from '../../domain/dimensions';
import { trendSvg } from '../../domain/svg-trend';
import { registerMarks } from '../../services/register/decided-levels';
import { viewPostResult } from '../../services/risk/risk-lookup';
import { postTrend } from '../../services/risk/risk-trend';
import { decidedView, f2, f3, flagTexts, levelView, r1 } from './risk-view';
import { REASSESS_FLAG } from '../../domain/register/vocabulary';
import { principalOf } from '../request-context';
import { countText } from '../../domain/released-cells';

// One post explained (DESIGN.md §3 "every figure on screen can be explained"), with its trend across periods.

export function showPostRisk(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const x = await viewPostResult(deps.db, principalOf(req), String(req.params.period), String(req.params.unit), String(req.params.post));
    const { results: r, post: p } = x;
    const { k, m, powerWeights, likelihoodWeights: w, thresholds } = r.params;
    const t = req.t;

    const power = POWER_TYPES.map((type) => ({
      label: t(`risk.power.${type}`), level: p.post.power[type], weight: powerWeights[type], product: powerWeights[type] * p.post.power[type],
    }));
    const num = power.reduce((a, row) => a + row.product, 0);
    const den = power.reduce((a, row) => a + row.weight, 0);
    const sparse = p.flags.length > 0;
    const dims = DIMENSIONS.map((d) => ({
      label: t(`risk.dim.${d}`), n: p.dims[d].n,
      mean: p.dims[d].mean === null ? '–' : f3(p.dims[d].mean!),
      prior: f3(r.priors[d]), score: f3(p.dims[d].score),
      note: sparse ? t('risk.post.prior_used', { k, prior: f3(r.priors[d]) }) : t('risk.post.shrunk'),
    }));
    const statusLabel = (status: string, closedWith: string | null) =>
      status === 'closed' ? t('risk.status.closed', { outcome: t(`risk.status.${closedWith ?? 'closed'}`) }) : t(`risk.status.${status}`);
    const terms = (['M', 'C', 'S', 'F'] as const).map((term) => ({
      label: t(`risk.col.${term}`), value: f3(p[term]), weight: f2(w[term]), contribution: f3(p.contributions[term]),
    }));
    const trend = await postTrend(deps.db, principalOf(req), r.unit, p.postKey, r.period.startsOn);
    const base = `/committee/results/${encodeURIComponent(r.period.key)}/${encodeURIComponent(r.unit.key)}`;
    const marks = await registerMarks(deps.db, r.period, r.unit, r.snapshot);

    res.render('committee/results/post', {
      title: t('risk.post.title', { post: p.post.title, period: r.period.name }),
      period: { key: r.period.key, name: r.period.name },
      unit: { key: r.unit.key, name: r.unit.name },
      post: { key: p.postKey, title: p.post.title, portfolio: p.post.portfolio, id: p.post.id },
      backHref: base,
      source: r.source,
      withheld: r.withheld ?? 0,
      R: r1(p.R), level: levelView(req, p.level), flags: flagTexts(req, marks.reassess.has(p.postKey) ? [...p.flags, REASSESS_FLAG] : p.flags, k),
      decided: decidedView(req, p.level, marks.decided.get(p.postKey), marks.reasons.get(p.postKey) ?? null),
      riskPointsHref: `/committee/units/${encodeURIComponent(r.unit.key)}/posts/${encodeURIComponent(p.postKey)}/risk-points`,
      power, E: { formula: t('risk.post.E.formula', { num: String(num), den: String(den), E: f3(p.E) }), num, den },
      dimsIntro: t('risk.post.dims.intro', { N: countText(t, p.N, k), Nu: countText(t, r.responses, k), k, m }),
      dims,
      M: t('risk.post.M', { M: f3(p.M) }), C: t('risk.post.C', { C: f3(p.C) }),
      reports: x.reports.map((rep) => ({ id: rep.id, status: statusLabel(rep.status, rep.closedWith), receivedOn: rep.receivedOn, weight: f2(rep.weight) })),
      S: t('risk.post.S.formula', { W: f2(p.W), S: f3(p.S) }),
      approached: t('risk.post.approached', { n: x.approached }),
      findings: x.findings.map((f) => ({ id: f.id, source: t(`risk.source.${f.source}`), severity: f.severity, foundOn: f.foundOn })),
      F: t('risk.post.F.formula', { total: p.findingsTotal, F: f3(p.F) }),
      terms, L: f3(p.L),
      Rformula: t('risk.post.R.formula', { E: f3(p.E), L: f3(p.L), R: r1(p.R) }),
      thresholds: t('risk.post.R.thresholds', { high: thresholds.high, medium: thresholds.medium }),
      top: { label: t(`risk.dim.${p.topDimension}`), measure: TYPICAL_MEASURE_TEXTS[p.topDimension][req.lang] },
      measuresHref: `/committee/measures?post=${p.post.id}`,
      postMeasuresHref: `/committee/measures/${encodeURIComponent(r.unit.key)}/${encodeURIComponent(p.postKey)}`,
      findingsHref: `/committee/units/${encodeURIComponent(r.unit.key)}/posts/${encodeURIComponent(p.postKey)}/findings`,
      trend: {
        svg: trendSvg({
          id: 'risk-trend', title: t('risk.post.trend.title', { post: p.post.title }), desc: t('risk.post.trend.desc'),
          points: trend.map((pt) => ({ label: pt.period.name, value: pt.R })),
          guides: (['high', 'medium'] as const).map((level) => ({ value: thresholds[level], label: t(`risk.guide.${level}`, { value: thresholds[level] }) })),
        }),
        rows: trend.map((pt) => ({ name: pt.period.name, href: `/committee/results/${encodeURIComponent(pt.period.key)}/${encodeURIComponent(r.unit.key)}/${encodeURIComponent(p.postKey)}`, R: r1(pt.R), level: levelView(req, pt.level) })),
      },
    });
  };
}
