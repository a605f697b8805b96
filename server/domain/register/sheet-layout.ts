// The register as people file it (DESIGN.md §8 `register export --format xlsx|csv`): the customary columns 序号 / 岗位 /
// 职权事项 / 风险点 / 表现形式 / 风险等级 / 防控措施 / 责任人 / 监督人, then the columns a round trip needs (keys, dimensions,
// the post's decided level and reason, each measure's owner, due day and status). One row per measure (at least one
// per risk point, one for a post without risk points). Pure: cells are strings; the xlsx and CSV writers add the rest.
import type { Dimension, PowerType, RiskLevel } from '../dimensions';
import type { MeasureStatus } from '../measure-rules';
import type { RegisterEntry } from './register-file';

export const CUSTOMARY_COLUMNS = ['no', 'post', 'duty', 'description', 'manifestation', 'level', 'measure', 'owner', 'supervisor'] as const;
export const EXTRA_COLUMNS = ['point_key', 'dimensions', 'post_key', 'decided_level', 'reason', 'computed_level', 'measure_owner', 'measure_due', 'measure_status'] as const;
export const SHEET_COLUMNS = [...CUSTOMARY_COLUMNS, ...EXTRA_COLUMNS] as const;
export type SheetColumn = (typeof SHEET_COLUMNS)[number];
/** Columns that belong to the post (merged over its rows) and to the risk point (merged over its measures). */
export const POST_COLUMNS: readonly SheetColumn[] = ['post', 'post_key', 'decided_level', 'reason', 'computed_level'];
export const POINT_COLUMNS: readonly SheetColumn[] = ['no', 'duty', 'description', 'manifestation', 'level', 'owner', 'supervisor', 'point_key', 'dimensions'];

/** Words of one language for each code; the first is written, all of both languages are read. */
export interface SheetWords {
  headers: Record<SheetColumn, string>;
  levels: Record<RiskLevel, string>;
  powers: Record<PowerType, string>;
  dimensions: Record<Dimension, string>;
  statuses: Record<MeasureStatus, string>;
}

export interface SheetRow {
  cells: Record<SheetColumn, string>;
  /** First row of a post / of a risk point (where merges start). */
  postStart: boolean;
  pointStart: boolean;
}

/** 职权事项 as written: the power type, a full-width colon, the concrete duty (决策权：干部选拔任用动议). */
export const dutyCell = (words: SheetWords, power: PowerType, duty: string) => `${words.powers[power]}：${duty}`;

/** The rows of one unit's sheet, posts in the given order, risk points numbered 1… through the sheet. */
export function sheetRows(entries: RegisterEntry[], postTitle: (e: RegisterEntry) => string, words: SheetWords): SheetRow[] {
  const rows: SheetRow[] = [];
  let no = 0;
  const blank = () => Object.fromEntries(SHEET_COLUMNS.map((c) => [c, ''])) as Record<SheetColumn, string>;
  for (const e of entries) {
    const post = {
      post: postTitle(e), post_key: e.post, decided_level: e.decided_level ? words.levels[e.decided_level] : '', reason: e.reason ?? '',
      computed_level: e.level ? words.levels[e.level] : '',
    };
    if (e.risk_points.length === 0) rows.push({ cells: { ...blank(), ...post }, postStart: true, pointStart: true });
    e.risk_points.forEach((rp, j) => {
      no++;
      const point = {
        no: String(no), duty: dutyCell(words, rp.power, rp.duty), description: rp.description, manifestation: rp.manifestation,
        level: rp.level ? words.levels[rp.level] : '', owner: rp.owner, supervisor: rp.supervisor, point_key: rp.key,
        dimensions: rp.dimensions.map((d) => words.dimensions[d]).join('、'),
      };
      const measures = rp.measures.length ? rp.measures : [null];
      measures.forEach((m, k) => {
        const measure = m ? { measure: m.what, measure_owner: m.owner, measure_due: m.due ?? '', measure_status: words.statuses[m.status] } : {};
        rows.push({ cells: { ...blank(), ...post, ...point, ...measure }, postStart: j === 0 && k === 0, pointStart: k === 0 });
      });
    });
  }
  return rows;
}
