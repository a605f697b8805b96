import type { Knex } from 'knex';
import { toCsv } from '../../domain/csv';
import { describeJsonFault, parseRegisterDoc, type Fault, type RegisterDoc, type RegisterEntry } from '../../domain/register/register-file';
import { describeCell, parseSheet, type CellRef } from '../../domain/register/sheet-parse';
import { SHEET_COLUMNS, sheetRows } from '../../domain/register/sheet-layout';
import { translator, type Lang } from '../../i18n';
import type { Actor } from '../ops/audit';
import { buildRegister, registerUnits, type RegisterUnit } from './register-data';
import { ImportRefused, importRegister, type ImportSummary } from './register-import';
import { readWorkbook, registerWorkbook, sheetName } from './register-xlsx';
import { sheetVocabulary, sheetWords } from './sheet-words';

// The register's files (DESIGN.md §8): export to JSON, CSV or xlsx, import from JSON or xlsx. The period and units
// are chosen by the caller (the CLI: everything; the web: the viewer's scope).

export type RegisterFormat = 'json' | 'csv' | 'xlsx';
export interface RegisterFile { filename: string; contentType: string; body: Buffer | string }
export interface PeriodRef { id: number; key: string; name: string; state: string }

/** The §8 document: `{"period", "register": […]}`. */
export async function registerDoc(db: Knex, period: PeriodRef, units: RegisterUnit[]): Promise<RegisterDoc> {
  return { period: period.key, register: await buildRegister(db, period.id, units) };
}

const titleOf = (units: RegisterUnit[]) => (e: RegisterEntry) => units.find((u) => u.key === e.unit)?.posts.find((p) => p.key === e.post)?.title ?? e.post;

/** The register of the period as a file in the format asked for; xlsx and CSV in the language given. */
export async function registerFile(db: Knex, period: PeriodRef, units: RegisterUnit[], format: RegisterFormat, lang: Lang, entries?: RegisterEntry[]): Promise<RegisterFile> {
  const doc = entries ? { period: period.key, register: entries } : await registerDoc(db, period, units);
  const base = `register-${period.key}${units.length === 1 ? `-${units[0].key}` : ''}`;
  if (format === 'json') return { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body: JSON.stringify(doc, null, 2) + '\n' };
  const words = sheetWords(lang);
  const postTitle = titleOf(units);
  if (format === 'csv') {
    const rows = units.flatMap((u) => sheetRows(doc.register.filter((e) => e.unit === u.key), postTitle, words).map((r) => [u.name, ...SHEET_COLUMNS.map((c) => r.cells[c])]));
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv([translator(lang)('register.col.unit'), ...SHEET_COLUMNS.map((c) => words.headers[c])], rows) };
  }
  const t = translator(lang);
  const sheets = units.map((u) => ({ unitKey: u.key, unitName: u.name, entries: doc.register.filter((e) => e.unit === u.key), postTitle }));
  const body = await registerWorkbook(sheets, words, (unit) => t('register.sheet.title', { unit, period: period.name }));
  return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}

/** A refused import: every fault in words (JSON path, or sheet/row/column). */
export class RegisterImportError extends Error {
  constructor(readonly faults: string[]) {
    super(`${faults[0]}${faults.length > 1 ? ` (and ${faults.length - 1} more)` : ''}; nothing imported`);
  }
}

async function runImport(db: Knex, actor: Actor, now: number, period: PeriodRef, entries: RegisterEntry[], describe: (f: Fault) => string): Promise<ImportSummary> {
  try {
    return await importRegister(db, actor, now, period, entries);
  } catch (err) {
    if (err instanceof ImportRefused) throw new RegisterImportError(err.faults.map(describe));
    throw err;
  }
}

export async function importJson(db: Knex, actor: Actor, now: number, period: PeriodRef, raw: unknown): Promise<ImportSummary> {
  const parsed = parseRegisterDoc(raw);
  if (!parsed.ok) throw new RegisterImportError(parsed.faults.map((f) => describeJsonFault(raw, f)));
  return runImport(db, actor, now, period, parsed.doc.register, (f) => describeJsonFault(raw, f));
}

/** Sheets are matched to units by name or key; posts by key (岗位编号) or title (岗位). */
export async function importXlsx(db: Knex, actor: Actor, now: number, period: PeriodRef, buffer: Buffer): Promise<ImportSummary> {
  let sheets;
  try {
    sheets = await readWorkbook(buffer);
  } catch (err) {
    throw new RegisterImportError([`not a readable xlsx workbook (${(err as Error).message})`]);
  }
  const units = (await registerUnits(db)) ?? [];
  const vocab = sheetVocabulary();
  const taken = new Set<string>();
  const named = units.map((u) => ({ unit: u, exported: sheetName(u.name, u.key, taken) }));
  const entries: RegisterEntry[] = [];
  const origins = new Map<string, CellRef>();
  const faults: string[] = [];
  for (const s of sheets) {
    const match = named.find((n) => [n.exported, n.unit.name, n.unit.key].includes(s.sheet.trim()));
    if (!match) {
      faults.push(`sheet "${s.sheet}": no unit with this name or key`);
      continue;
    }
    const u = match.unit;
    const resolvePost = (ref: string) => u.posts.find((p) => p.key === ref)?.key ?? u.posts.find((p) => p.title === ref)?.key ?? null;
    const parsed = parseSheet({ sheet: s.sheet, header: s.header, rows: s.rows, unit: u.key, resolvePost }, vocab, entries.length);
    faults.push(...parsed.faults.map((f) => `${describeCell(f.at)}: ${f.message}`));
    entries.push(...parsed.entries);
    parsed.origins.forEach((v, k) => origins.set(k, v));
  }
  if (faults.length) throw new RegisterImportError(faults);
  const describe = (f: Fault) => {
    const at = origins.get(f.path.join('.')) ?? origins.get(f.path.slice(0, -1).concat('post').join('.'));
    return at ? `${describeCell(at)}: ${f.message}` : describeJsonFault({ register: entries }, f);
  };
  return runImport(db, actor, now, period, entries, describe);
}
