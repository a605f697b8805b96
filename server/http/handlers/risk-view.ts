import type { Request } from 'express';
import { DIMENSIONS } from '../../domain/dimensions';
import { REASSESS_FLAG } from '../../domain/register/vocabulary';
import { INSUFFICIENT_SURVEY_DATA } from '../../domain/risk-model';
import { barsSvg } from '../../domain/svg-bars';
import { LEVEL_COLOURS } from '../../domain/svg-common';
import { heatmapSvg } from '../../domain/svg-heatmap';
import type { PostResult, UnitResults } from '../../services/risk/risk-results';
import '../request-context';

// View models of the risk pages: numbers formatted, labels translated, pictures drawn. Owned by the risk area.

export const f2 = (n: number): string => n.toFixed(2);
export const f3 = (n: number): string => n.toFixed(3);
export const r1 = (n: number): string => n.toFixed(1);

export const SORT_COLUMNS = ['title', 'E', 'M', 'C', 'S', 'F', 'L', 'R', 'N'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export function parseSort(query: Request['query']): { sort: SortColumn; dir: 'asc' | 'desc' } {
  const sort = (SORT_COLUMNS as readonly string[]).includes(String(query.sort)) ? (query.sort as SortColumn) : 'R';
  const dir = query.dir === 'asc' || query.dir === 'desc' ? query.dir : sort === 'title' ? 'asc' : 'desc';
  return { sort, dir };
}

export function sortPosts(posts: PostResult[], sort: SortColumn, dir: 'asc' | 'desc'): PostResult[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...posts].sort((a, b) => {
    const c = sort === 'title' ? a.post.title.localeCompare(b.post.title, 'zh-CN') : a[sort] - b[sort];
    return sign * c || a.post.title.localeCompare(b.post.title, 'zh-CN');
  });
}

export function flagTexts(req: Request, flags: string[], k: number): string[] {
  return flags.map((f) => (f === INSUFFICIENT_SURVEY_DATA ? req.t('risk.flag.insufficient_survey_data', { k }) : f === REASSESS_FLAG ? req.t('risk.flag.reassess') : f));
}

export function levelView(req: Request, level: PostResult['level']) {
  return { level, label: req.t(`risk.level.${level}`) };
}

/** The committee's level beside the computed one (组织评定): null until decided; an override says so. */
export function decidedView(req: Request, computed: PostResult['level'], decided: PostResult['level'] | null | undefined, reason: string | null = null) {
  if (!decided) return null;
  return { ...levelView(req, decided), override: decided !== computed, reason };
}

/** Heat map of posts × dimensions plus the same numbers for the table beside it. */
export function heatmapView(req: Request, r: UnitResults) {
  const columns = DIMENSIONS.map((d) => req.t(`risk.dim.${d}`));
  const rows = r.posts.map((p) => ({
    label: p.post.title,
    values: DIMENSIONS.map((d) => p.dims[d].score),
    note: p.flags.length ? req.t('risk.flag.insufficient_survey_data', { k: r.params.k }) : undefined,
  }));
  return {
    svg: heatmapSvg({ id: 'risk-heatmap', title: req.t('risk.heatmap.title'), desc: req.t('risk.heatmap.desc'), columns, rows }),
    columns,
    rows: rows.map((row) => ({ label: row.label, values: row.values.map(f2), note: row.note })),
  };
}

/** Level distribution as bars and as a sentence (colour is never the only carrier). */
export function levelsView(req: Request, posts: PostResult[]) {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const p of posts) counts[p.level] += 1;
  return levelCountsView(req, counts);
}

export function levelCountsView(req: Request, counts: Record<PostResult['level'], number>) {
  const bars = (['high', 'medium', 'low'] as const).map((l) => ({ label: req.t(`risk.level.${l}`), value: counts[l], colour: LEVEL_COLOURS[l] }));
  return {
    svg: barsSvg({ id: 'risk-levels', title: req.t('risk.levels.title'), desc: req.t('risk.levels.desc'), bars }),
    text: req.t('risk.levels.text', counts),
    counts,
  };
}
