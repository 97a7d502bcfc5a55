/**
 * Deadline arithmetic of case handling (mechanism 5, "act the first time a problem is found"):
 * when a case's first response and conclusion are due, whether a deadline is met, and the on-time
 * rate. Pure functions; the holiday calendar and the policies are passed in.
 *
 * Times are instants (a Date, or an ISO string with its offset); their calendar day is the day in
 * Beijing time (Asia/Shanghai, UTC+8 without daylight saving since 1991, so a fixed offset is exact).
 *
 * There are no office hours: a working day is the whole calendar day. The published practice
 * counts the first-response limit ("within 3 hours") as elapsed clock time around the clock, and the
 * day limits as whole working days, so office hours would change no deadline it sets; they would
 * only add configuration that could disagree with it. Hour limits are therefore plain elapsed
 * time, and a day limit ends at 23:59:59.999 Beijing time of the Nth working day after the day
 * the clock started.
 */
import { REPORT_CATEGORIES, type ReportCategory } from '../../../contracts/reports';
import { type HolidayCalendar, dayNumberToIsoDate, isWorkingDayNumber } from './holiday-calendar';

/** An instant: a Date, or an ISO 8601 date-time string that states its offset (`Z` or `+08:00`). */
export type Instant = Date | string;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Beijing time is UTC+8 all year. */
export const BEIJING_OFFSET_MS = 8 * HOUR_MS;

const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The instant as a valid Date. A string must carry its offset: without one, JavaScript reads it in
 * the server's own zone, which would move deadlines by the server's configuration.
 */
export function toInstant(value: Instant): Date {
  if (typeof value === 'string' && !ZONED_DATE_TIME.test(value))
    throw new RangeError(`'${value}' is not an ISO date-time with an offset (e.g. 2026-01-01T09:00:00+08:00)`);
  const date = typeof value === 'string' ? new Date(value) : value;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`'${String(value)}' is not a valid instant`);
  return date;
}

function beijingDayNumber(instant: Instant): number {
  return Math.floor((toInstant(instant).getTime() + BEIJING_OFFSET_MS) / DAY_MS);
}

function endOfDayNumber(dayNumber: number): Date {
  return new Date((dayNumber + 1) * DAY_MS - BEIJING_OFFSET_MS - 1);
}

/** The calendar day (YYYY-MM-DD) of an instant in Beijing time. */
export function beijingDate(instant: Instant): string {
  return dayNumberToIsoDate(beijingDayNumber(instant));
}

/** The last millisecond (23:59:59.999 Beijing time) of the Beijing calendar day of `instant`. */
export function endOfBeijingDay(instant: Instant): Date {
  return endOfDayNumber(beijingDayNumber(instant));
}

/** About forty years of working days: far beyond any policy, it keeps a unit mistake from hanging the loop. */
const MAX_DAY_COUNT = 10_000;

function checkDayCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_DAY_COUNT)
    throw new RangeError(`${what} must be a whole number from 0 to ${MAX_DAY_COUNT}, not ${String(n)}`);
}

/**
 * The end (23:59:59.999 Beijing time) of the Nth working day after the Beijing day of `start`.
 * For n = 0, the end of the start day if it is a working day, else of the next working day; so for
 * a start on a day off, n = 0 and n = 1 give the same day.
 */
export function addWorkingDays(start: Instant, n: number, calendar: HolidayCalendar): Date {
  checkDayCount(n, 'The number of working days');
  let day = beijingDayNumber(start);
  if (n === 0) {
    while (!isWorkingDayNumber(day, calendar)) day += 1;
    return endOfDayNumber(day);
  }
  for (let counted = 0; counted < n;) {
    day += 1;
    if (isWorkingDayNumber(day, calendar)) counted += 1;
  }
  return endOfDayNumber(day);
}

/**
 * The working days after the Beijing day of `a` up to and including the Beijing day of `b`;
 * negative (the same count) when `b` is on an earlier day. Times of day do not matter, so for a
 * start on a working day, `workingDaysBetween(start, addWorkingDays(start, n)) === n`.
 */
export function workingDaysBetween(a: Instant, b: Instant, calendar: HolidayCalendar): number {
  const from = beijingDayNumber(a);
  const to = beijingDayNumber(b);
  const [first, last, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let day = first + 1; day <= last; day += 1) if (isWorkingDayNumber(day, calendar)) count += sign;
  return count;
}

/** How long a case of one category may take. */
export interface DeadlinePolicy {
  /** Elapsed clock hours from opening to the first response (around the clock, holidays included). */
  firstResponseHours: number;
  /** Working days after the opening day by whose end the case must be concluded. */
  concludeWorkingDays: number;
  /** The conclusion limit once extended; it replaces `concludeWorkingDays`, it is not added to it. */
  extendedConcludeWorkingDays: number;
  /** How many times a lead may extend (0: never). */
  maxExtensions: number;
}

/** The published regional practice: respond within 3 hours, conclude within 5 working days, extendable once to 7. */
export const DEFAULT_DEADLINE_POLICY: Readonly<DeadlinePolicy> = Object.freeze({
  firstResponseHours: 3,
  concludeWorkingDays: 5,
  extendedConcludeWorkingDays: 7,
  maxExtensions: 1,
});

/** One policy per report and case category. */
export type DeadlinePolicies = Readonly<Record<ReportCategory, Readonly<DeadlinePolicy>>>;

/** The default policy for every category. */
export const DEFAULT_DEADLINE_POLICIES: DeadlinePolicies = Object.freeze(
  Object.fromEntries(REPORT_CATEGORIES.map((category) => [category, DEFAULT_DEADLINE_POLICY])) as Record<ReportCategory, DeadlinePolicy>,
);

/** Something wrong in a deadline configuration: where (`online_extortion.concludeWorkingDays`) and what. */
export interface DeadlinePolicyProblem {
  path: string;
  message: string;
}

const POLICY_FIELDS = ['firstResponseHours', 'concludeWorkingDays', 'extendedConcludeWorkingDays', 'maxExtensions'] as const;
/** Generous upper bounds, to catch a unit mistake (hours typed as minutes) rather than to set policy. */
const MAX_FIRST_RESPONSE_HOURS = 24 * 31;
const MAX_WORKING_DAYS = 366;
const MAX_EXTENSIONS = 10;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the deadline configuration: an object whose keys are categories and whose values give some
 * or all fields of a `DeadlinePolicy`, e.g. `{ "online_extortion": { "concludeWorkingDays": 3,
 * "extendedConcludeWorkingDays": 5 } }`. A field left out keeps the default; a category left out
 * gets the default policy; `undefined` or `null` means no configuration. Every problem is
 * reported, not just the first: unknown categories or fields, values of the wrong type or out of
 * range, and an extended limit shorter than the normal one.
 */
export function parseDeadlinePolicies(
  json: unknown,
): { ok: true; policies: DeadlinePolicies } | { ok: false; problems: DeadlinePolicyProblem[] } {
  if (json === undefined || json === null) return { ok: true, policies: DEFAULT_DEADLINE_POLICIES };
  if (!isPlainObject(json)) return { ok: false, problems: [{ path: '', message: 'must be an object with a policy per category' }] };

  const problems: DeadlinePolicyProblem[] = [];
  const policies = { ...DEFAULT_DEADLINE_POLICIES } as Record<ReportCategory, DeadlinePolicy>;
  for (const [category, value] of Object.entries(json)) {
    if (!(REPORT_CATEGORIES as readonly string[]).includes(category)) {
      problems.push({ path: category, message: `unknown category; the categories are ${REPORT_CATEGORIES.join(', ')}` });
      continue;
    }
    const parsed = parsePolicy(value, category, problems);
    if (parsed) policies[category as ReportCategory] = parsed;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, policies: Object.freeze(policies) };
}

function parsePolicy(value: unknown, category: string, problems: DeadlinePolicyProblem[]): DeadlinePolicy | null {
  if (!isPlainObject(value)) {
    problems.push({ path: category, message: `must be an object with some of ${POLICY_FIELDS.join(', ')}` });
    return null;
  }
  const before = problems.length;
  const add = (field: string, message: string) => problems.push({ path: `${category}.${field}`, message });
  for (const field of Object.keys(value))
    if (!(POLICY_FIELDS as readonly string[]).includes(field)) add(field, `unknown field; the fields are ${POLICY_FIELDS.join(', ')}`);

  const policy: DeadlinePolicy = { ...DEFAULT_DEADLINE_POLICY };
  const read = (field: (typeof POLICY_FIELDS)[number], check: (n: number) => string | null) => {
    if (!(field in value)) return;
    const raw = value[field];
    if (typeof raw !== 'number' || !Number.isFinite(raw))
      return add(field, `must be a number, not ${typeof raw === 'number' ? String(raw) : (JSON.stringify(raw) ?? String(raw))}`);
    const problem = check(raw);
    if (problem) add(field, `${problem}, not ${raw}`);
    else policy[field] = raw;
  };
  const wholeIn = (min: number, max: number) => (n: number) =>
    Number.isInteger(n) && n >= min && n <= max ? null : `must be a whole number from ${min} to ${max}`;
  read('firstResponseHours', (n) =>
    n > 0 && n <= MAX_FIRST_RESPONSE_HOURS ? null : `must be more than 0 and at most ${MAX_FIRST_RESPONSE_HOURS}`,
  );
  read('concludeWorkingDays', wholeIn(1, MAX_WORKING_DAYS));
  read('extendedConcludeWorkingDays', wholeIn(1, MAX_WORKING_DAYS));
  read('maxExtensions', wholeIn(0, MAX_EXTENSIONS));
  if (problems.length > before) return null;

  if (policy.extendedConcludeWorkingDays < policy.concludeWorkingDays)
    add(
      'extendedConcludeWorkingDays',
      `${policy.extendedConcludeWorkingDays} is shorter than concludeWorkingDays (${policy.concludeWorkingDays}); an extension replaces the limit, so it must be longer`,
    );
  else if (policy.maxExtensions > 0 && policy.extendedConcludeWorkingDays === policy.concludeWorkingDays)
    add(
      'extendedConcludeWorkingDays',
      `equals concludeWorkingDays (${policy.concludeWorkingDays}), so an extension would not move the deadline; make it longer or set maxExtensions to 0`,
    );
  return problems.length > before ? null : policy;
}

/**
 * The working days a case has to conclude after `extensions` extensions. One extension replaces
 * `concludeWorkingDays` by `extendedConcludeWorkingDays` (5 → 7, not 5 + 7); where a policy allows
 * more than one, each further extension adds the same step again (5 → 7 → 9), the only reading
 * that gives the later extensions any effect.
 */
export function concludeWorkingDaysAfter(policy: DeadlinePolicy, extensions: number): number {
  checkDayCount(extensions, 'The number of extensions');
  return policy.concludeWorkingDays + extensions * (policy.extendedConcludeWorkingDays - policy.concludeWorkingDays);
}

/** When a case's deadlines fall. */
export interface CaseDeadlines {
  firstResponseDue: Date;
  concludeDue: Date;
}

/**
 * The deadlines of a case opened at `openedAt`: the first response `firstResponseHours` clock hours
 * later, the conclusion at the end of the Nth working day after the opening day. Extensions already
 * granted count even if the policy has since lowered `maxExtensions`: a granted extension stands.
 *
 * @param options.extensions extensions granted so far (default 0)
 */
export function caseDeadlines(
  openedAt: Instant,
  category: ReportCategory,
  policies: DeadlinePolicies,
  calendar: HolidayCalendar,
  { extensions = 0 }: { extensions?: number } = {},
): CaseDeadlines {
  const opened = toInstant(openedAt);
  const policy = policies[category];
  return {
    firstResponseDue: new Date(opened.getTime() + policy.firstResponseHours * HOUR_MS),
    concludeDue: addWorkingDays(opened, concludeWorkingDaysAfter(policy, extensions), calendar),
  };
}

/** Whether a lead may extend a case that has had `extensionsUsed` extensions. */
export function canExtend(extensionsUsed: number, policy: DeadlinePolicy): boolean {
  return extensionsUsed < policy.maxExtensions;
}

export type DeadlineState = 'on_time' | 'due_soon' | 'overdue' | 'met' | 'late';

/** A deadline is due soon in the last fifth of its span… */
export const DUE_SOON_SHARE = 0.2;
/** …but never in less than the last hour, so that a 3-hour limit still warns early enough to act. */
export const DUE_SOON_MIN_MS = HOUR_MS;

/**
 * Where a deadline stands at `now`. Done: `met` if done by `due` (inclusive), else `late`. Open:
 * `overdue` after `due`; `due_soon` when the time left is less than the larger of 20% of the span
 * from `startedAt` to `due` and one hour (for 5 working days, about the last day and a half; for
 * 3 hours, the last hour); `on_time` before that.
 */
export function deadlineState(deadline: { startedAt: Instant; due: Instant }, now: Instant, doneAt: Instant | null = null): DeadlineState {
  const due = toInstant(deadline.due).getTime();
  if (doneAt !== null) return toInstant(doneAt).getTime() <= due ? 'met' : 'late';
  const left = due - toInstant(now).getTime();
  if (left < 0) return 'overdue';
  const span = due - toInstant(deadline.startedAt).getTime();
  return left < Math.max(DUE_SOON_SHARE * span, DUE_SOON_MIN_MS) ? 'due_soon' : 'on_time';
}

/** On-time statistics; `onTime + late + open` is the number of items. */
export interface OnTimeRate {
  /** Done by the due time. */
  onTime: number;
  /** Done after the due time, or still open and already past it. */
  late: number;
  /** Of `late`, those still open. */
  openOverdue: number;
  /** Still open and not yet due: not counted in the rate, as they can still go either way. */
  open: number;
  /** onTime / (onTime + late), or null when nothing is decided yet. */
  rate: number | null;
}

/**
 * The share of deadlines kept. An open item already past its due time counts as late — otherwise
 * leaving an overdue case open would improve the statistics — and an open item not yet due is
 * left out of the rate.
 */
export function onTimeRate(items: readonly { due: Instant; doneAt: Instant | null }[], now: Instant): OnTimeRate {
  const at = toInstant(now).getTime();
  const result = { onTime: 0, late: 0, openOverdue: 0, open: 0 };
  for (const item of items) {
    const due = toInstant(item.due).getTime();
    if (item.doneAt !== null) {
      if (toInstant(item.doneAt).getTime() <= due) result.onTime += 1;
      else result.late += 1;
    } else if (at > due) {
      result.late += 1;
      result.openOverdue += 1;
    } else {
      result.open += 1;
    }
  }
  const decided = result.onTime + result.late;
  return { ...result, rate: decided === 0 ? null : result.onTime / decided };
}
