import type { CaseRow } from '../../db/schema';
import type { Locale } from '../../http/locale';
import { tableToCsv, tableToXlsx } from '../../lib/table-export';
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

/** The cases as CSV (RFC 4180), UTF-8 with a byte-order mark so Excel reads the Chinese. */
export function casesToCsv(cases: CaseRow[], orgNames: Map<string, string>, locale: Locale): string {
  return tableToCsv(COLUMNS, rowsOf(cases, orgNames, locale), locale);
}

/** The cases as an XLSX workbook with a header row, frozen, filterable. */
export async function casesToXlsx(cases: CaseRow[], orgNames: Map<string, string>, locale: Locale): Promise<Buffer> {
  return tableToXlsx(COLUMNS, rowsOf(cases, orgNames, locale), locale, locale === 'en' ? 'Cases' : '案件');
}
