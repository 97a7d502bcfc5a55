import ExcelJS from 'exceljs';
import type { Locale } from '../http/locale';

/** One column of an exported table: the row key, its heading in each language, and its width in a spreadsheet. */
export interface ExportColumn<K extends string> {
  key: K;
  'zh-CN': string;
  en: string;
  width: number;
}

/** A row of an exported table: every column's text. */
export type ExportRow<K extends string> = Record<K, string>;

/**
 * Cells that a spreadsheet would run as a formula are quoted (CSV injection): text typed by a
 * reporter or a requester must never execute in an analyst's Excel.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The table as CSV (RFC 4180), UTF-8 with a byte-order mark so Excel reads the Chinese. */
export function tableToCsv<K extends string>(columns: readonly ExportColumn<K>[], rows: readonly ExportRow<K>[], locale: Locale): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [columns.map((c) => quote(c[locale])).join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(neutralizeCell(row[c.key]))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The table as an XLSX workbook of one sheet with a header row, frozen and filterable. */
export async function tableToXlsx<K extends string>(
  columns: readonly ExportColumn<K>[],
  rows: readonly ExportRow<K>[],
  locale: Locale,
  sheetName: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qinglang';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c[locale], key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  for (const row of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, neutralizeCell(row[c.key])])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The MIME type of an export format. */
export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
