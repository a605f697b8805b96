import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import type { Translate } from '../../i18n';
import { countText } from '../../domain/released-cells';
import { surveyOverview, unitFigures, type ItemDistribution } from '../../services/survey-figures';
import { principalOf } from '../request-context';

// Committee: released survey figures per unit and period (DESIGN.md §4: groups of at least k only).

const BAR_W = 220;
const ROW_H = 18;

/** Server-drawn horizontal bars for one question: answers 1..5, each with its count as text too. "Don't know" is not shown (§4). */
function distributionChart(t: Translate, lang: string, d: ItemDistribution, id: string) {
  const values = [...d.counts];
  const max = Math.max(1, ...values);
  const labels = ['1', '2', '3', '4', '5'];
  const text = lang === 'en' ? d.item.textEn : d.item.textZh;
  return {
    id,
    // A question whose answers are still held back (fewer than k in its cell) shows no distribution.
    shown: d.shown,
    title: text,
    desc: t('survey.fig.dist_desc', { item: text, c1: d.counts[0], c2: d.counts[1], c3: d.counts[2], c4: d.counts[3], c5: d.counts[4] }),
    width: 80 + BAR_W + 40,
    height: labels.length * ROW_H + 4,
    bars: values.map((v, i) => ({ label: labels[i], y: i * ROW_H + 2, w: Math.round((v / max) * BAR_W), count: v })),
  };
}

export function showSurveyOverview(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const overview = await surveyOverview(deps.db, principalOf(req));
    const periods = overview.periods.map((p) => ({ ...p, units: p.units.map((u) => ({ ...u, releasedText: countText(req.t, u.released, p.k) })) }));
    res.render('committee/survey/index', { title: req.t('survey.fig.title'), periods });
  };
}

export function showUnitSurvey(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const figures = await unitFigures(deps.db, principalOf(req), String(req.params.period), String(req.params.unit));
    const posts = figures.posts.map((post, p) => ({
      ...post,
      charts: post.distributions.map((d, i) => distributionChart(req.t, req.lang, d, `chart-${p}-${i}`)),
    }));
    res.render('committee/survey/unit', {
      title: req.t('survey.fig.unit_title', { unit: figures.unit.name, period: figures.period.name }), ...figures, posts,
      unitCharts: figures.unitDistributions.map((d, i) => distributionChart(req.t, req.lang, d, `chart-u-${i}`)),
      releasedText: countText(req.t, figures.released, figures.k), usedText: countText(req.t, figures.codesUsed, figures.k),
    });
  };
}
