/**
 * The official PRC public-holiday calendar as data, and the one question deadlines ask of it:
 * is this calendar day a working day?
 *
 * Each year the General Office of the State Council publishes a notice (国务院办公厅关于 N 年部分
 * 节假日安排的通知) that names the days off (放假, including the weekend days a break swallows) and
 * the weekend days that become working days to make the breaks longer (调休上班). Nothing about it
 * can be computed from a rule — the lunar dates, the swaps and the odd exceptions change every
 * year — so it is data, transcribed by hand from the notices and checked against their own day
 * counts in the tests. A year without a notice here is treated as plain Monday–Friday weeks, which
 * makes deadlines in it too early rather than too late; extend the calendar by configuration
 * (`mergeCalendar`) when the next notice is published.
 */

/** Days as ISO calendar dates (YYYY-MM-DD) in Beijing time. A day in both sets is a day off. */
export interface HolidayCalendar {
  /** Days off on days that would otherwise be working days (and the weekend days of a break). */
  daysOff: ReadonlySet<string>;
  /** Saturdays and Sundays that are working days (调休上班). */
  workingWeekendDays: ReadonlySet<string>;
  /**
   * The last year whose official schedule the calendar holds. Later days count as plain Monday–
   * Friday weeks (weekends only), and `caseDeadlineRules` logs a warning the first time it meets
   * one. Absent: no such limit is known.
   */
  lastKnownYear?: number;
}

/** One holiday break as the notice states it: from the first to the last day off, both included. */
interface HolidayBreak {
  name: string;
  from: string;
  to: string;
}

/** What one State Council notice sets for one year. */
export interface HolidayNotice {
  year: number;
  /** The notice's title, document number where known, and date of issue. */
  source: string;
  breaks: readonly HolidayBreak[];
  workingWeekendDays: readonly string[];
}

/**
 * The notices transcribed so far. 2027 is not here: its notice had not been transcribed when this
 * was written, so a deployment must add its days through `mergeCalendar` (or a new entry here)
 * before cases run into 2027.
 */
export const CHINA_HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  // 国务院办公厅关于2024年部分节假日安排的通知, 国办发明电〔2023〕7号, 2023-10-25.
  // New Year's Day joins the weekend of 30–31 Dec 2023; the Dragon Boat day joins 8–9 June. The
  // notice only *encourages* employers to give New Year's Eve (9 Feb) off, so it stays a working day.
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023年10月25日）',
    breaks: [
      { name: '元旦', from: '2024-01-01', to: '2024-01-01' },
      { name: '春节', from: '2024-02-10', to: '2024-02-17' },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
      { name: '端午节', from: '2024-06-10', to: '2024-06-10' },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
    ],
    workingWeekendDays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  // 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12: the first year
  // under the revised 《全国年节及纪念日放假办法》 (Nov 2024) with New Year's Eve and 2 May as new
  // public holidays. New Year's Day falls on a Wednesday and is a single day, without swaps; the
  // National Day break includes the Mid-Autumn Festival (6 Oct).
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
    breaks: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workingWeekendDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  // 国务院办公厅关于2026年部分节假日安排的通知, issued 2025-11-04 (published by Xinhua the same day).
  // The Spring Festival break is nine days, from 腊月二十八 (15 Feb) to 正月初七 (23 Feb).
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    breaks: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workingWeekendDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

/** The years `CHINA_HOLIDAYS` knows; outside them only weekends are days off. */
export const CHINA_HOLIDAY_YEARS: readonly number[] = CHINA_HOLIDAY_NOTICES.map((notice) => notice.year);

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The number of days from 1970-01-01 to an ISO calendar date. Throws a RangeError for anything
 * that is not a real date in YYYY-MM-DD form, so a typo in configuration cannot silently become
 * a different day (`2025-02-30` would otherwise be 2 March).
 */
export function isoDateToDayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [, year, month, day] = match.map(Number) as [number, number, number, number];
    const time = Date.UTC(year, month - 1, day);
    if (dayNumberToIsoDate(time / DAY_MS) === date) return time / DAY_MS;
  }
  throw new RangeError(`'${date}' is not a calendar date in the form YYYY-MM-DD`);
}

/** The ISO calendar date (YYYY-MM-DD) `dayNumber` days after 1970-01-01. */
export function dayNumberToIsoDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function* datesFromTo(from: string, to: string): Generator<string> {
  for (let day = isoDateToDayNumber(from); day <= isoDateToDayNumber(to); day += 1) yield dayNumberToIsoDate(day);
}

/** The calendar of the notices in `CHINA_HOLIDAY_NOTICES`. */
export const CHINA_HOLIDAYS: HolidayCalendar = {
  daysOff: new Set(CHINA_HOLIDAY_NOTICES.flatMap((notice) => notice.breaks.flatMap((range) => [...datesFromTo(range.from, range.to)]))),
  workingWeekendDays: new Set(CHINA_HOLIDAY_NOTICES.flatMap((notice) => notice.workingWeekendDays)),
  lastKnownYear: Math.max(...CHINA_HOLIDAY_NOTICES.map((notice) => notice.year)),
};

/** Whether a day number falls on a Saturday or a Sunday (1970-01-01 was a Thursday). */
export function isWeekendDayNumber(dayNumber: number): boolean {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

/**
 * Whether a calendar day is a working day: a listed day off never is, a listed working weekend
 * day is, otherwise Monday to Friday are.
 *
 * @param date an ISO calendar date (YYYY-MM-DD); a RangeError if it is not a real date
 */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  return isWorkingDayNumber(isoDateToDayNumber(date), calendar);
}

/** `isWorkingDay` for a day number (days since 1970-01-01), for loops that walk the calendar. */
export function isWorkingDayNumber(dayNumber: number, calendar: HolidayCalendar): boolean {
  const date = dayNumberToIsoDate(dayNumber);
  if (calendar.daysOff.has(date)) return false;
  if (calendar.workingWeekendDays.has(date)) return true;
  return !isWeekendDayNumber(dayNumber);
}

/** Days a deployment adds to a calendar, e.g. a local holiday or a regional swap. */
export interface CalendarExtra {
  daysOff?: Iterable<string>;
  workingWeekendDays?: Iterable<string>;
}

/**
 * A new calendar with the days of `extra` added to `base` (neither is changed). Where they
 * disagree, `extra` wins: a day it lists as off is no longer a working weekend day of `base`, and
 * a day it lists as working is no longer a day off of `base` — that is how a deployment corrects
 * the base. Throws a RangeError naming every date that is malformed or listed in both sets of
 * `extra`.
 */
export function mergeCalendar(base: HolidayCalendar, extra: CalendarExtra): HolidayCalendar {
  const extraOff = [...(extra.daysOff ?? [])];
  const extraWorking = [...(extra.workingWeekendDays ?? [])];
  const problems: string[] = [];
  for (const date of [...extraOff, ...extraWorking]) {
    try {
      isoDateToDayNumber(date);
    } catch {
      problems.push(`'${String(date)}' is not a calendar date in the form YYYY-MM-DD`);
    }
  }
  const offSet = new Set(extraOff);
  for (const date of new Set(extraWorking)) if (offSet.has(date)) problems.push(`${date} is listed both as a day off and as a working day`);
  if (problems.length > 0) throw new RangeError(`Cannot merge the holiday calendar: ${problems.join('; ')}`);

  const workingSet = new Set(extraWorking);
  const merged: HolidayCalendar = {
    daysOff: new Set([...[...base.daysOff].filter((date) => !workingSet.has(date)), ...offSet]),
    workingWeekendDays: new Set([...[...base.workingWeekendDays].filter((date) => !offSet.has(date)), ...workingSet]),
  };
  if (base.lastKnownYear !== undefined) merged.lastKnownYear = base.lastKnownYear;
  return merged;
}

/** One entry of a `QINGLANG_HOLIDAYS` file: a day off (`holiday`) or a weekend day worked (`workday`). */
export interface HolidayEntry {
  date: string;
  kind: 'holiday' | 'workday';
}

/**
 * Checks the parsed JSON of a `QINGLANG_HOLIDAYS` file: an array of `{ "date": "YYYY-MM-DD",
 * "kind": "holiday" | "workday" }`. Returns the entries, or every problem with its position.
 */
export function parseHolidayEntries(value: unknown): { ok: true; entries: HolidayEntry[] } | { ok: false; problems: string[] } {
  if (!Array.isArray(value))
    return { ok: false, problems: ['must be a JSON array of {"date": "YYYY-MM-DD", "kind": "holiday" | "workday"}'] };
  const problems: string[] = [];
  const entries: HolidayEntry[] = [];
  const seen = new Map<string, string>();
  value.forEach((item: unknown, index) => {
    const at = `[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${at} must be an object {"date": "YYYY-MM-DD", "kind": "holiday" | "workday"}`);
      return;
    }
    const { date, kind, ...rest } = item as Record<string, unknown>;
    const unknownKeys = Object.keys(rest);
    if (unknownKeys.length > 0) problems.push(`${at} has unknown field(s) ${unknownKeys.join(', ')}`);
    let dateOk = false;
    if (typeof date !== 'string') problems.push(`${at}.date must be a date string YYYY-MM-DD`);
    else {
      try {
        isoDateToDayNumber(date);
        dateOk = true;
      } catch {
        problems.push(`${at}.date '${date}' is not a calendar date in the form YYYY-MM-DD`);
      }
    }
    if (kind !== 'holiday' && kind !== 'workday') problems.push(`${at}.kind must be "holiday" or "workday"`);
    else if (dateOk && typeof date === 'string') {
      const earlier = seen.get(date);
      if (earlier !== undefined && earlier !== kind) problems.push(`${at}: ${date} is listed both as a holiday and as a workday`);
      seen.set(date, kind);
      entries.push({ date, kind });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

/**
 * `base` with configured entries added (`mergeCalendar`: an entry wins over the base). The last
 * known year becomes the latest year any entry names, if that is later: a deployment that adds
 * 2027's schedule makes 2027 known.
 */
export function calendarWithEntries(base: HolidayCalendar, entries: readonly HolidayEntry[]): HolidayCalendar {
  const merged = mergeCalendar(base, {
    daysOff: entries.filter((entry) => entry.kind === 'holiday').map((entry) => entry.date),
    workingWeekendDays: entries.filter((entry) => entry.kind === 'workday').map((entry) => entry.date),
  });
  const years = entries.map((entry) => Number(entry.date.slice(0, 4)));
  if (base.lastKnownYear !== undefined && years.length > 0) merged.lastKnownYear = Math.max(base.lastKnownYear, ...years);
  return merged;
}
