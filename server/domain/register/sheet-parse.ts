// Reading a unit's register sheet back (DESIGN.md §8 `register import FILE.xlsx`): the header names the columns (in
// either language), rows become posts, risk points and measures, and every fault names the sheet, row and column.
// Pure: the caller turns the workbook into strings (merged cells carry their master's value) and resolves posts.
import type { Dimension, PowerType, RiskLevel } from '../dimensions';
import type { MeasureStatus } from '../measure-rules';
import type { RegisterEntry, RegisterRiskPoint } from './register-file';
import { CUSTOMARY_COLUMNS, SHEET_COLUMNS, type SheetColumn } from './sheet-layout';

/** Every word accepted for each code (both languages and the code itself). */
export interface SheetVocabulary {
  headers: Record<SheetColumn, string[]>;
  levels: Record<RiskLevel, string[]>;
  powers: Record<PowerType, string[]>;
  dimensions: Record<Dimension, string[]>;
  statuses: Record<MeasureStatus, string[]>;
}

export interface CellRef { sheet: string; row: number; column: string; header: string }
export interface SheetFault { at: CellRef | { sheet: string; row?: number }; message: string }

export interface SheetInput {
  sheet: string;
  header: string[];
  rows: Array<{ row: number; values: string[] }>;
  unit: string;
  /** The post key for a key or a title written in the sheet, or null. */
  resolvePost(ref: string): string | null;
}

export interface ParsedSheet {
  entries: RegisterEntry[];
  faults: SheetFault[];
  /** Where each value came from, by fault path ("register.3.risk_points.0.level"), for later faults. */
  origins: Map<string, CellRef>;
}

/** "A", "B", … "Z", "AA" … for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The code whose word equals the text (or starts it, for words like 一级 in 一级（高风险）). */
export function matchWord<T extends string>(table: Record<T, string[]>, text: string, prefix = false): T | null {
  const t = norm(text);
  if (!t) return null;
  const entries = Object.entries(table) as Array<[T, string[]]>;
  for (const [code, words] of entries) if (words.some((w) => norm(w) === t)) return code;
  if (prefix) for (const [code, words] of entries) if (words.some((w) => norm(w).length >= 2 && t.startsWith(norm(w)))) return code;
  return null;
}

/** A fault's place in words: `sheet "甲市局", row 5, column C (职权事项)`. */
export function describeCell(at: SheetFault['at']): string {
  const parts = [`sheet "${at.sheet}"`];
  if (at.row !== undefined) parts.push(`row ${at.row}`);
  if ('column' in at) parts.push(`column ${at.column} (${at.header})`);
  return parts.join(', ');
}

export function parseSheet(input: SheetInput, vocab: SheetVocabulary, entryOffset: number): ParsedSheet {
  const faults: SheetFault[] = [];
  const origins = new Map<string, CellRef>();
  const index = new Map<SheetColumn, number>();
  input.header.forEach((h, i) => {
    const col = matchWord(vocab.headers, h);
    if (col && !index.has(col)) index.set(col, i);
  });
  const missing = CUSTOMARY_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) {
    for (const c of missing) faults.push({ at: { sheet: input.sheet, row: 1 }, message: `missing column ${vocab.headers[c][0]}` });
    return { entries: [], faults, origins };
  }
  const ref = (col: SheetColumn, row: number): CellRef => ({ sheet: input.sheet, row, column: columnLetter(index.get(col)!), header: input.header[index.get(col)!] });
  const fault = (col: SheetColumn, row: number, message: string) => faults.push({ at: ref(col, row), message });

  const entries: RegisterEntry[] = [];
  let entry: RegisterEntry | null = null;
  let point: (RegisterRiskPoint & { no: string }) | null = null;
  for (const { row, values } of input.rows) {
    const cell = (col: SheetColumn) => (index.has(col) ? (values[index.get(col)!] ?? '').trim() : '');
    if (SHEET_COLUMNS.every((c) => cell(c) === '')) continue;
    const postRef = cell('post_key') || cell('post');
    if (postRef || !entry) {
      const key = postRef ? input.resolvePost(postRef) : null;
      if (!key) {
        fault(cell('post_key') ? 'post_key' : 'post', row, postRef ? `unknown post "${postRef}" in unit "${input.unit}"` : 'the post is missing');
        entry = null;
        point = null;
        continue;
      }
      if (!entry || entry.post !== key) {
        entry = { unit: input.unit, post: key, level: null, decided_level: null, reason: null, risk_points: [] };
        entries.push(entry);
        point = null;
        const i = entryOffset + entries.length - 1;
        origins.set(`register.${i}.post`, ref(cell('post_key') ? 'post_key' : 'post', row));
        if (index.has('reason')) origins.set(`register.${i}.reason`, ref('reason', row));
        if (index.has('decided_level')) origins.set(`register.${i}.decided_level`, ref('decided_level', row));
        const decided = cell('decided_level');
        if (decided) {
          entry.decided_level = matchWord(vocab.levels, decided, true);
          if (!entry.decided_level) fault('decided_level', row, `unknown level "${decided}" (一级, 二级 or 三级)`);
        }
        entry.reason = cell('reason') || null;
      }
    }
    const e = entry;
    const i = entryOffset + entries.indexOf(e);
    const hasPoint = ['duty', 'description', 'manifestation'].some((c) => cell(c as SheetColumn) !== '');
    const continues = point !== null && !hasPoint && (cell('no') === '' || cell('no') === point.no);
    const sameAsCurrent = point !== null && hasPoint && cell('no') === point.no && cell('description') === point.description;
    if (hasPoint && !sameAsCurrent) {
      point = readPoint(cell, row, vocab, fault, e.risk_points.length);
      e.risk_points.push(point);
      const j = e.risk_points.length - 1;
      for (const f of ['key', 'power', 'duty', 'description', 'manifestation', 'level', 'owner', 'supervisor', 'dimensions'] as const) {
        const col: SheetColumn = f === 'key' ? 'point_key' : f === 'power' ? 'duty' : f;
        if (index.has(col)) origins.set(`register.${i}.risk_points.${j}.${f}`, ref(col, row));
      }
    } else if (!continues && !sameAsCurrent && cell('measure')) {
      fault('measure', row, 'a measure without a risk point');
      continue;
    }
    if (point && cell('measure')) {
      const status = cell('measure_status') ? matchWord(vocab.statuses, cell('measure_status')) : 'planned';
      if (!status) fault('measure_status', row, `unknown status "${cell('measure_status')}"`);
      const due = cell('measure_due') || null;
      if (due && !/^\d{4}-\d{2}-\d{2}$/.test(due)) fault('measure_due', row, `"${due}" is not a date YYYY-MM-DD`);
      point.measures.push({ what: cell('measure'), owner: cell('measure_owner'), due, status: status ?? 'planned' });
      const j = e.risk_points.indexOf(point);
      const m = point.measures.length - 1;
      origins.set(`register.${i}.risk_points.${j}.measures.${m}.what`, ref('measure', row));
      for (const [f, col] of [['owner', 'measure_owner'], ['due', 'measure_due'], ['status', 'measure_status']] as const) {
        if (index.has(col)) origins.set(`register.${i}.risk_points.${j}.measures.${m}.${f}`, ref(col, row));
      }
    }
  }
  const strip = (rp: RegisterRiskPoint): RegisterRiskPoint => {
    const { no: _no, ...rest } = rp as RegisterRiskPoint & { no?: string };
    return rest;
  };
  return { entries: entries.map((e) => ({ ...e, risk_points: e.risk_points.map(strip) })), faults, origins };
}

function readPoint(cell: (c: SheetColumn) => string, row: number, vocab: SheetVocabulary, fault: (c: SheetColumn, row: number, m: string) => void, count: number): RegisterRiskPoint & { no: string } {
  const dutyText = cell('duty');
  const split = dutyText.search(/[：:]/);
  const power = split > 0 ? matchWord(vocab.powers, dutyText.slice(0, split)) : null;
  if (!power) fault('duty', row, `"${dutyText}" does not start with a power type and a colon (e.g. 决策权：干部选拔任用动议)`);
  const levelText = cell('level');
  const level = levelText ? matchWord(vocab.levels, levelText, true) : null;
  if (levelText && !level) fault('level', row, `unknown level "${levelText}" (一级, 二级 or 三级)`);
  const dimensions: Dimension[] = [];
  for (const word of cell('dimensions').split(/[、,，;；]/).map((w) => w.trim()).filter(Boolean)) {
    const d = matchWord(vocab.dimensions, word, true);
    if (!d) fault('dimensions', row, `unknown dimension "${word}"`);
    else if (!dimensions.includes(d)) dimensions.push(d);
  }
  return {
    no: cell('no'), key: cell('point_key') || `rp-${count + 1}`, power: power ?? 'decision', duty: split > 0 ? dutyText.slice(split + 1).trim() : dutyText,
    description: cell('description'), manifestation: cell('manifestation'), dimensions, level, owner: cell('owner'), supervisor: cell('supervisor'), measures: [],
  };
}
