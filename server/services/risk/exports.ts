import type { Knex } from 'knex';
import type { CsvCell } from '../../domain/csv';
import type { Principal } from '../../domain/principal';
import { visibleReports } from '../auth/access';
import { unitInScope } from '../assess/assess-scope';
import { findPeriod } from '../org/periods';
import { actorOf, recordAudit } from '../ops/audit';
import { listMeasures, type MeasureFilter } from './measures';
import { resultRows } from '../assess/assess-results';
import { getPeriodParams } from './period-params';
import { countShown } from '../../domain/released-cells';

// CSV exports (DESIGN.md §5: every export is audited). A table is a list of column message keys and rows of values;
// the handler translates the header and writes the CSV. Values stay stable codes, so spreadsheets can filter them.
export interface ExportTable {
  filename: string;
  columns: string[];
  rows: CsvCell[][];
}


/** Risk results of one unit in one period, one row per post (the figures of DESIGN.md §8 `results`). */
export async function exportResults(db: Knex, principal: Principal, now: number, periodKey: string, unitKey: string): Promise<ExportTable> {
  const unit = await unitInScope(db, principal, unitKey);
  const period = await findPeriod(db, periodKey);
  const results = await resultRows(db, period.id, unit.id, principal);
  const { k } = await getPeriodParams(db, period.id);
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const rows: CsvCell[][] = results.map((r) => [
    period.key, unit.key, r.postKey, r.postTitle, round(r.E), round(r.M), round(r.C), round(r.S), round(r.F), round(r.L),
    Math.round(r.R * 10) / 10, r.level, countShown(r.N, k) ? r.N : `<${k}`, r.flags.join(' '),
  ]);
  await recordAudit(db, now, { ...actorOf(principal), action: 'export.results', objectType: 'unit', objectId: unit.id, details: { period: period.key, unit: unit.key, rows: rows.length } });
  return {
    filename: `results-${period.key}-${unit.key}.csv`,
    columns: ['assess.export.col.period', 'assess.export.col.unit', 'assess.export.col.post', 'assess.export.col.post_title', 'E', 'M', 'C', 'S', 'F', 'L', 'R', 'assess.export.col.level', 'N', 'assess.export.col.flags'],
    rows,
  };
}

/** The measures register as filtered on screen. */
export async function exportMeasures(db: Knex, principal: Principal, now: number, filter: MeasureFilter, today: string): Promise<ExportTable> {
  const measures = await listMeasures(db, principal, filter, today);
  const rows: CsvCell[][] = measures.map((m) => [
    m.unitKey, m.unitName, m.postKey, m.postTitle, m.dimensions.join(' '), m.description, m.owner, m.dueOn, m.status, m.reviewNotes, m.nextReviewOn, m.overdue ? 'overdue' : '',
  ]);
  await recordAudit(db, now, { ...actorOf(principal), action: 'export.measures', objectType: 'measure', details: { filter: { ...filter }, rows: rows.length } });
  return {
    filename: `measures-${today}.csv`,
    columns: ['assess.export.col.unit', 'assess.export.col.unit_name', 'assess.export.col.post', 'assess.export.col.post_title', 'assess.export.col.dimensions', 'assess.export.col.description', 'assess.export.col.owner', 'assess.export.col.due_on', 'assess.export.col.status', 'assess.export.col.review_notes', 'assess.export.col.next_review_on', 'assess.export.col.overdue'],
    rows,
  };
}

/**
 * Report statistics of a period: counts by unit, status, matter and behaviour — never content. Reports about a post
 * the user holds (conflict of interest), reports they recused themselves from and units out of scope are not counted.
 */
export async function reportStatistics(db: Knex, principal: Principal, periodKey: string): Promise<{ unitKey: string; unitName: string; status: string; matter: string; behaviour: string; count: number }[]> {
  const period = await findPeriod(db, periodKey);
  const q = visibleReports(db, principal)
    .join('units as u', 'u.id', 'r.unit_id')
    .whereBetween('r.received_on', [period.startsOn, period.endsOn])
    .groupBy('u.key', 'u.name', 'r.status', 'r.matter', 'r.behaviour')
    .orderBy(['u.key', 'r.status', 'r.matter', 'r.behaviour'])
    .select('u.key as unit_key', 'u.name as unit_name', 'r.status', 'r.matter', 'r.behaviour')
    .count({ n: '*' });
  const rows = (await q) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ unitKey: String(r.unit_key), unitName: String(r.unit_name), status: String(r.status), matter: String(r.matter), behaviour: String(r.behaviour), count: Number(r.n) }));
}

export async function exportReportStatistics(db: Knex, principal: Principal, now: number, periodKey: string): Promise<ExportTable> {
  const stats = await reportStatistics(db, principal, periodKey);
  await recordAudit(db, now, { ...actorOf(principal), action: 'export.report_statistics', objectType: 'period', objectId: periodKey, details: { rows: stats.length } });
  return {
    filename: `report-statistics-${periodKey}.csv`,
    columns: ['assess.export.col.unit', 'assess.export.col.unit_name', 'assess.export.col.report_status', 'assess.export.col.matter', 'assess.export.col.behaviour', 'assess.export.col.count'],
    rows: stats.map((s) => [s.unitKey, s.unitName, s.status, s.matter, s.behaviour, s.count]),
  };
}

/** Periods newest first, for the exports page. */
export async function listPeriods(db: Knex): Promise<{ key: string; name: string; state: string }[]> {
  const rows = await db('periods').orderBy('starts_on', 'desc').select('key', 'name', 'state');
  return rows.map((r) => ({ key: r.key, name: r.name, state: r.state }));
}
