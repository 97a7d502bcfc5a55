import type { ReportCategory } from '../../../contracts/reports';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import { canExtend, caseDeadlines, DEFAULT_DEADLINE_POLICIES, type DeadlinePolicies } from './deadlines';
import { CHINA_HOLIDAYS, type HolidayCalendar } from './holiday-calendar';

/**
 * The deadlines cases are held to: per-category policies (configuration, or the defaults after the
 * published practice) in working days on the national holiday calendar.
 */
export function caseDeadlineRules(policies: DeadlinePolicies = DEFAULT_DEADLINE_POLICIES, calendar: HolidayCalendar = CHINA_HOLIDAYS) {
  const policyOf = (category: string) =>
    policies[(REPORT_CATEGORIES as readonly string[]).includes(category) ? (category as ReportCategory) : 'other'];
  return {
    dueDates(openedAt: Date, category: string, extensions: number) {
      const known = (REPORT_CATEGORIES as readonly string[]).includes(category) ? (category as ReportCategory) : 'other';
      return caseDeadlines(openedAt, known, policies, calendar, { extensions });
    },
    canExtend(category: string, used: number) {
      return canExtend(used, policyOf(category));
    },
  };
}
