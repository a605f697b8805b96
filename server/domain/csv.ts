// CSV for spreadsheets (RFC 4180, UTF-8 with BOM so that Excel reads Chinese text correctly).

export type CsvCell = string | number | boolean | null | undefined;

/** Byte-order mark: Excel opens a UTF-8 CSV correctly only when it starts with one. */
export const BOM = '\uFEFF';

/** Formula injection (CSV injection): a cell starting with = + - @ (or tab/CR) would run as a formula in Excel; prefix it with '. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One cell: numbers as written, text neutralised and quoted when it holds a comma, quote or line break. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseFormula(typeof value === 'boolean' ? String(value) : value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: BOM, header row, data rows, CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
