import { CASE_STATUSES } from '../../../contracts/cases-lifecycle';
import type { Role } from '../../../contracts/orgs';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import type { CaseStatistics, StatisticsScope } from './api';

/**
 * The scopes a person may ask for, narrowest first: their organization's cases always; the cases
 * led in their region for leads (and auditors); all cases for triage. The server decides in any case.
 */
export function scopesFor(roles: readonly Role[]): StatisticsScope[] {
  const scopes: StatisticsScope[] = ['mine'];
  if (roles.includes('agency_lead') || roles.includes('auditor')) scopes.push('region');
  if (roles.includes('triage_officer')) scopes.push('all');
  return scopes;
}

/** The scope a page opens with: the widest the person has, which is what they watch. */
export function defaultScope(roles: readonly Role[]): StatisticsScope {
  return scopesFor(roles).at(-1) ?? 'mine';
}

/** Counts in a fixed order with zeros filled in, then any key this page does not know, largest first. */
function ordered<K extends string>(known: readonly K[], counts: Record<string, number>): { key: string; count: number }[] {
  const rest = Object.entries(counts)
    .filter(([key]) => !(known as readonly string[]).includes(key))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, count }));
  return [...known.map((key) => ({ key, count: counts[key] ?? 0 })), ...rest];
}

/** Cases by status in the order of the lifecycle. */
export function statusCounts(stats: Pick<CaseStatistics, 'byStatus'>) {
  return ordered(CASE_STATUSES, stats.byStatus);
}

/** Cases by category in the order of the report form. */
export function categoryCounts(stats: Pick<CaseStatistics, 'byCategory'>) {
  return ordered(REPORT_CATEGORIES, stats.byCategory);
}

/** All the cases in scope. */
export function totalCases(stats: Pick<CaseStatistics, 'byStatus'>): number {
  return Object.values(stats.byStatus).reduce((sum, n) => sum + n, 0);
}

/**
 * The parts of the on-time rate: concluded on time, concluded late and open but already overdue
 * (both late), and open not yet due (not in the rate, shown apart).
 */
export function onTimeParts(stats: CaseStatistics) {
  return [
    { key: 'concludedOnTime', count: stats.concludedOnTime, inRate: true },
    { key: 'concludedLate', count: stats.concludedLate, inRate: true },
    { key: 'openOverdue', count: stats.openOverdue, inRate: true },
    { key: 'openNotDue', count: stats.openNotDue, inRate: false },
  ] as const;
}

/** The on-time rate as a percentage in the interface language (`87.5%`), or null when nothing is decided. */
export function formatRate(rate: number | null, language: string): string | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}
