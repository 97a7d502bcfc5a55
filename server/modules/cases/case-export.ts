import ExcelJS from 'exceljs';
import type { CaseRow } from '../../db/schema';
import type { Locale } from '../../http/locale';
import { presentCaseSummary } from './cases.presenter';

/** The columns of a case export, with their headings in both languages. */
const COLUMNS = [
  { key: 'number', 'zh-CN': '案件编号', en: 'Number', width: 18 },
  { key: 'title', 'zh-CN': '标题', en: 'Title', width: 40 },
  { key: 'category', 'zh-CN': '类别', en: 'Category', width: 16 },
  { key: 'status', 'zh-CN': '状态', en: 'Status', width: 14 },
  { key: 'priority', 'zh-CN': '优先级', en: 'Priority', width: 10 },
  { key: 'regionCode', 'zh-CN': '行政区划', en: 'Region', width: 10 },
  { key: 'leadOrgId', 'zh-CN': '主办单位', en: 'Lead agency', width: 38 },
  { key: 'openedAt', 'zh-CN': '立案时间', en: 'Opened', width: 22 },
  { key: 'concludeDue', 'zh-CN': '办结期限', en: 'Due', width: 22 },
  { key: 'overdue', 'zh-CN': '是否逾期', en: 'Overdue', width: 10 },
  { key: 'resultCode', 'zh-CN': '办理结果', en: 'Result', width: 18 },
] as const;

type ExportRow = Record<(typeof COLUMNS)[number]['key'], string>;

function rowsOf(cases: CaseRow[], orgNames: Map<string, string>, locale: Locale): ExportRow[] {
  const yes = locale === 'en' ? 'yes' : '是';
  const no = locale === 'en' ? 'no' : '否';
  return cases.map((row) => {
    const c = presentCaseSummary(row);
    return {
      number: c.number,
      title: c.title,
      category: c.category,
      status: c.status,
      priority: c.priority,
      regionCode: c.regionCode,
      leadOrgId: c.leadOrgId ? (orgNames.get(c.leadOrgId) ?? c.leadOrgId) : '',
      openedAt: c.openedAt,
      concludeDue: c.concludeDue ?? '',
      overdue: c.overdue ? yes : no,
      resultCode: c.resultCode ?? '',
    };
  });
}

/**
 * Cells that a spreadsheet would run as a formula are quoted (CSV injection): a title typed by a
 * reporter must never execute in an analyst's Excel.
 */
function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The cases as CSV (RFC 4180), UTF-8 with a byte-order mark so Excel reads the Chinese. */
export function casesToCsv(cases: CaseRow[], orgNames: Map<string, string>, locale: Locale): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [COLUMNS.map((c) => quote(c[locale])).join(',')];
  for (const row of rowsOf(cases, orgNames, locale)) lines.push(COLUMNS.map((c) => quote(neutralize(row[c.key]))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The cases as an XLSX workbook with a header row, frozen, filterable. */
export async function casesToXlsx(cases: CaseRow[], orgNames: Map<string, string>, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qinglang';
  const sheet = workbook.addWorksheet(locale === 'en' ? 'Cases' : '案件');
  sheet.columns = COLUMNS.map((c) => ({ header: c[locale], key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  for (const row of rowsOf(cases, orgNames, locale))
    sheet.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, neutralize(v)])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
