import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';
import { MIN_ITEM_REST } from '../../domain/reliability';
import { countText } from '../../domain/released-cells';
import { questionnaireReliability, reliabilityPeriods } from '../../services/survey/survey-reliability';
import { f2 } from './risk-view';

// Admin: does the questionnaire measure? Per dimension Cronbach's α, per item item-rest r, α-if-deleted and spread,
// items that do not hang together marked "consider rewriting" (issue 18). Released answers only, never below k.

const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : f2(x));

export function showReliability(deps: AppDeps) {
  return async (req: Request, res: Response) => {
    const periods = await reliabilityPeriods(deps.db);
    const key = typeof req.query.period === 'string' && req.query.period ? req.query.period.slice(0, 64) : periods[0]?.key;
    const figures = key ? await questionnaireReliability(deps.db, key) : null;
    const view = figures && {
      ...figures,
      dimensions: figures.dimensions.map((d) => ({
        dimension: d.dimension,
        shown: d.shown,
        casesText: countText(req.t, d.cases, figures.k),
        alpha: num(d.alpha),
        items: d.items.map((i) => ({
          key: i.item.key,
          text: req.lang === 'en' ? i.item.textEn : i.item.textZh,
          scope: i.item.scope,
          polarity: i.item.polarity === '+' ? '+' : '−',
          answersText: countText(req.t, i.answers, figures.k),
          spread: num(i.spread),
          itemRest: num(i.reliability?.itemRest),
          alphaIfDeleted: num(i.reliability?.alphaIfDeleted),
          weak: i.reliability?.weak ?? false,
        })),
      })),
    };
    res.render('admin/survey/reliability', { title: req.t('survey.rel.title'), periods, selected: key ?? '', figures: view, minItemRest: f2(MIN_ITEM_REST) });
  };
}
