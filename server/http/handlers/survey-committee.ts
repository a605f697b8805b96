import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import type { Translate } from '../../i18n';
import { countText } from '../../domain/released-cells';
import { barsSvg } from '../../domain/svg-bars';
import { PLAIN_BAR_COLOUR } from '../../domain/svg-common';
import { surveyOverview, unitFigures, type ItemDistribution } from '../../services/survey/survey-figures';
import { pageParam, pagerView } from '../pager';
import { principalOf } from '../request-context';

// Committee: released survey figures per unit and period (DESIGN.md §4: groups of at least k only).

const ANSWER_LABELS = ['1', '2', '3', '4', '5'];

/** One question's answers 1..5 as the one bar chart (svg-bars.ts), each count written too. "Don't know" is not shown (§4). */
function distributionChart(t: Translate, lang: string, d: ItemDistribution, id: string) {
  const text = lang === 'en' ? d.item.textEn : d.item.textZh;
  const desc = t('survey.fig.dist_desc', { item: text, c1: d.counts[0], c2: d.counts[1], c3: d.counts[2], c4: d.counts[3], c5: d.counts[4] });
  return {
    // A question whose answers are still held back (fewer than k in its cell) shows no distribution.
    shown: d.shown,
    title: text,
    desc,
    svg: d.shown
      ? barsSvg({ id, title: text, desc, className: 'bar-chart', bars: ANSWER_LABELS.map((label, i) => ({ label, value: d.counts[i], colour: PLAIN_BAR_COLOUR })) })
      : '',
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
    const figures = await unitFigures(deps.db, principalOf(req), String(req.params.period), String(req.params.unit), pageParam(req.query.page));
    const base = `/committee/survey/${encodeURIComponent(figures.period.key)}/${encodeURIComponent(figures.unit.key)}`;
    const posts = figures.posts.map((post, p) => ({
      ...post,
      charts: post.distributions.map((d, i) => distributionChart(req.t, req.lang, d, `chart-${p}-${i}`)),
    }));
    res.render('committee/survey/unit', {
      title: req.t('survey.fig.unit_title', { unit: figures.unit.name, period: figures.period.name }), ...figures, posts,
      unitCharts: figures.unitDistributions.map((d, i) => distributionChart(req.t, req.lang, d, `chart-u-${i}`)),
      releasedText: countText(req.t, figures.released, figures.k), usedText: countText(req.t, figures.codesUsed, figures.k),
      commentPager: pagerView(figures.commentPages, (p) => `${base}?page=${p}#comments-h`),
    });
  };
}
