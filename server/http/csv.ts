import type { Response } from 'express';
import { toCsv, type CsvCell } from '../domain/csv';

/**
 * Sends a CSV download: the one CSV writer (domain/csv.ts: UTF-8 with BOM, RFC 4180 quoting, every cell neutralised
 * against formula injection), a safe file name, and never stored by a cache. Every export goes through here.
 */
export function sendCsv(res: Response, filename: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): void {
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.set('Cache-Control', 'no-store');
  res.send(toCsv(header, rows));
}
