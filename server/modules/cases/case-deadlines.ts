import type { ReportCategory } from '../../../contracts/reports';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import { beijingDate, canExtend, caseDeadlines, DEFAULT_DEADLINE_POLICIES, type DeadlinePolicies } from './deadlines';
import { CHINA_HOLIDAYS, type HolidayCalendar } from './holiday-calendar';

/**
 * The deadlines cases are held to: per-category policies (configuration, or the defaults after the
 * published practice) in working days on the national holiday calendar.
 */
export function caseDeadlineRules(
  policies: DeadlinePolicies = DEFAULT_DEADLINE_POLICIES,
  calendar: HolidayCalendar = CHINA_HOLIDAYS,
  { warn = () => {} }: { warn?: (message: string) => void } = {},
) {
  // Past the calendar's last known year only weekends are days off (deadlines come out early
  // rather than late); say so once per process, when the first such deadline is computed.
  let warned = false;
  const policyOf = (category: string) =>
    policies[(REPORT_CATEGORIES as readonly string[]).includes(category) ? (category as ReportCategory) : 'other'];
  return {
    dueDates(openedAt: Date, category: string, extensions: number) {
      const known = (REPORT_CATEGORIES as readonly string[]).includes(category) ? (category as ReportCategory) : 'other';
      const due = caseDeadlines(openedAt, known, policies, calendar, { extensions });
      if (!warned && calendar.lastKnownYear !== undefined && Number(beijingDate(due.concludeDue).slice(0, 4)) > calendar.lastKnownYear) {
        warned = true;
        warn(
          `The holiday calendar ends with ${calendar.lastKnownYear}: deadlines after it count weekends only as days off. ` +
            'Add the official schedule through QINGLANG_HOLIDAYS (a JSON file of {"date", "kind": "holiday" | "workday"} entries).',
        );
      }
      return due;
    },
    canExtend(category: string, used: number) {
      return canExtend(used, policyOf(category));
    },
  };
}
