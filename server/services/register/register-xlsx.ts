import type ExcelJS from 'exceljs';
import type { RegisterEntry } from '../../domain/register/register-file';
import { POINT_COLUMNS, POST_COLUMNS, SHEET_COLUMNS, sheetRows, type SheetColumn, type SheetWords } from '../../domain/register/sheet-layout';

// exceljs is large (tens of MiB once loaded): required on the first workbook, not at start-up, so a server that never
// exports or imports a register does not carry it (peak RSS under the survey load, BENCHMARKS.md).
const excel = async () => (await import('exceljs')).default;

// The register as an Excel workbook (exceljs): one sheet per unit with the customary columns, a frozen bold header,
// column widths, wrapped text, post and risk-point cells merged over their rows, and a print setup (A4 landscape,
// fit to width, the header row repeated on every page, page numbers). Reading gives each sheet's cells as text.

export interface UnitSheet { unitKey: string; unitName: string; entries: RegisterEntry[]; postTitle(e: RegisterEntry): string }

const WIDTHS: Record<SheetColumn, number> = {
  no: 6, post: 18, duty: 28, description: 36, manifestation: 36, level: 10, measure: 40, owner: 14, supervisor: 14,
  point_key: 12, dimensions: 16, post_key: 16, decided_level: 12, reason: 30, computed_level: 12, measure_owner: 14, measure_due: 12, measure_status: 10,
};

/** A valid, unique sheet name (≤ 31 characters, none of []:*?/\): the unit's name, else its key. */
export function sheetName(unitName: string, unitKey: string, taken: Set<string>): string {
  const clean = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31);
  for (const candidate of [clean(unitName), clean(unitKey)]) {
    if (candidate && !taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
  const fallback = `${clean(unitKey).slice(0, 26)}-${taken.size + 1}`;
  taken.add(fallback.toLowerCase());
  return fallback;
}

function mergeRuns(ws: ExcelJS.Worksheet, starts: boolean[], columns: readonly SheetColumn[]): void {
  for (let i = 0; i < starts.length; i++) {
    if (!starts[i]) continue;
    let end = i;
    while (end + 1 < starts.length && !starts[end + 1]) end++;
    if (end > i) for (const c of columns) ws.mergeCells(i + 2, SHEET_COLUMNS.indexOf(c) + 1, end + 2, SHEET_COLUMNS.indexOf(c) + 1);
    i = end;
  }
}

export async function registerWorkbook(sheets: UnitSheet[], words: SheetWords, title: (unitName: string) => string): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  wb.creator = 'Qingfeng';
  const taken = new Set<string>();
  for (const s of sheets) {
    const ws = wb.addWorksheet(sheetName(s.unitName, s.unitKey, taken), {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
      headerFooter: { oddHeader: `&C&"-,Bold"${title(s.unitName).replace(/&/g, '&&')}`, oddFooter: '&C&P / &N' },
    });
    ws.columns = SHEET_COLUMNS.map((c) => ({ key: c, width: WIDTHS[c] }));
    const header = ws.getRow(1);
    header.values = SHEET_COLUMNS.map((c) => words.headers[c]);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
    });
    const rows = sheetRows(s.entries, s.postTitle, words);
    for (const r of rows) {
      const row = ws.addRow(SHEET_COLUMNS.map((c) => r.cells[c]));
      row.alignment = { vertical: 'top', wrapText: true };
    }
    mergeRuns(ws, rows.map((r) => r.postStart), POST_COLUMNS);
    mergeRuns(ws, rows.map((r) => r.pointStart), POINT_COLUMNS);
    ws.eachRow((row) => row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    }));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell's value as the text a person sees: rich text joined, a date as YYYY-MM-DD, a formula by its result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

export interface SheetCells { sheet: string; header: string[]; rows: Array<{ row: number; values: string[] }> }

/** Every sheet as text: row 1 the header, then the data rows (merged cells read as their master's value). */
export async function readWorkbook(buffer: Buffer): Promise<SheetCells[]> {
  const wb = new (await excel()).Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const width = Math.max(ws.columnCount, 1);
    const text = (rowNo: number) => Array.from({ length: width }, (_, i) => {
      const cell = ws.getCell(rowNo, i + 1);
      return cellText(cell.isMerged ? cell.master.value : cell.value).trim();
    });
    const rows: SheetCells['rows'] = [];
    for (let r = 2; r <= ws.rowCount; r++) rows.push({ row: r, values: text(r) });
    return { sheet: ws.name, header: ws.rowCount >= 1 ? text(1) : [], rows };
  });
}
