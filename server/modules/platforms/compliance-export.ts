import type { Locale } from '../../http/locale';
import { type ExportColumn, type ExportRow, tableToCsv, tableToXlsx } from '../../lib/table-export';
import type { ComplianceEvaluation } from './compliance';

/** One website's evaluation as the compliance service returns it. */
export type WebsiteCompliance = ComplianceEvaluation & { websiteId: string; websiteName: string };

const COLUMNS = [
  { key: 'website', 'zh-CN': '网站', en: 'Website', width: 30 },
  { key: 'score', 'zh-CN': '评分', en: 'Score', width: 8 },
  { key: 'total', 'zh-CN': '删除请求数', en: 'Requests', width: 12 },
  { key: 'decided', 'zh-CN': '已决定', en: 'Decided', width: 10 },
  { key: 'decidedOnTime', 'zh-CN': '按时决定', en: 'Decided on time', width: 14 },
  { key: 'pendingOverdue', 'zh-CN': '逾期未决', en: 'Overdue, undecided', width: 14 },
  { key: 'highRisk', 'zh-CN': '高风险请求', en: 'High-risk', width: 12 },
  { key: 'highRiskApproved', 'zh-CN': '高风险被批准', en: 'High-risk approved', width: 16 },
  { key: 'highRiskReferred', 'zh-CN': '高风险已移送线索', en: 'High-risk referred', width: 18 },
  { key: 'findings', 'zh-CN': '扣分说明', en: 'Findings', width: 60 },
] as const satisfies readonly ExportColumn<string>[];

type Key = (typeof COLUMNS)[number]['key'];

function rowsOf(items: readonly WebsiteCompliance[], locale: Locale): ExportRow<Key>[] {
  return items.map((item) => ({
    website: item.websiteName,
    score: String(item.score),
    total: String(item.total),
    decided: String(item.decided),
    decidedOnTime: String(item.decidedOnTime),
    pendingOverdue: String(item.pendingOverdue),
    highRisk: String(item.highRisk),
    highRiskApproved: String(item.highRiskApproved),
    highRiskReferred: String(item.highRiskReferred),
    findings: item.findings.map((f) => `${f.words[locale]} (−${f.penalty})`).join(' '),
  }));
}

/** The compliance evaluation of each website as CSV (UTF-8 with a byte-order mark). */
export function complianceToCsv(items: readonly WebsiteCompliance[], locale: Locale): string {
  return tableToCsv(COLUMNS, rowsOf(items, locale), locale);
}

/** The compliance evaluation of each website as an XLSX workbook. */
export function complianceToXlsx(items: readonly WebsiteCompliance[], locale: Locale): Promise<Buffer> {
  return tableToXlsx(COLUMNS, rowsOf(items, locale), locale, locale === 'en' ? 'Compliance' : '合规评估');
}
