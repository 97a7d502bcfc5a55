import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import {
  DEFAULT_DEADLINE_POLICIES,
  DEFAULT_DEADLINE_POLICY,
  addWorkingDays,
  beijingDate,
  canExtend,
  caseDeadlines,
  concludeWorkingDaysAfter,
  deadlineState,
  endOfBeijingDay,
  onTimeRate,
  parseDeadlinePolicies,
  toInstant,
  workingDaysBetween,
} from './deadlines';
import { CHINA_HOLIDAYS, type HolidayCalendar, dayNumberToIsoDate, isWorkingDay, mergeCalendar } from './holiday-calendar';

const HOUR = 3_600_000;
/** The end of a Beijing calendar day, as the UTC instant deadlines are stored as. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+08:00`);

describe('Beijing days', () => {
  it('puts 2026-01-01T16:30Z on 2 January already', () => {
    expect(beijingDate('2026-01-01T16:30:00Z')).toBe('2026-01-02');
    expect(beijingDate('2026-01-01T15:59:59.999Z')).toBe('2026-01-01');
    expect(beijingDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
    expect(beijingDate('2026-01-02T00:30:00+08:00')).toBe('2026-01-02');
  });

  it('ends a day at 23:59:59.999 Beijing time, 15:59:59.999Z', () => {
    expect(endOfBeijingDay('2026-01-01T16:30:00Z').toISOString()).toBe('2026-01-02T15:59:59.999Z');
    expect(endOfBeijingDay('2026-01-01T00:00:00+08:00').toISOString()).toBe('2026-01-01T15:59:59.999Z');
  });

  it.each(['2026-01-01T09:00:00', '2026-01-01', 'tomorrow', '2026-13-01T00:00:00Z'])('refuses %j as an instant', (text) => {
    expect(() => toInstant(text)).toThrow(RangeError);
  });

  it('refuses an invalid Date', () => {
    expect(() => beijingDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('lands on the working days after the 2025 Spring Festival, including the working Saturday', () => {
    // Opened Monday 27 Jan 2025, the last working day before the break (28 Jan – 4 Feb).
    const opened = '2025-01-27T17:00:00+08:00';
    expect(addWorkingDays(opened, 0, CHINA_HOLIDAYS)).toEqual(endOf('2025-01-27'));
    expect(addWorkingDays(opened, 1, CHINA_HOLIDAYS)).toEqual(endOf('2025-02-05'));
    expect(addWorkingDays(opened, 4, CHINA_HOLIDAYS)).toEqual(endOf('2025-02-08')); // Saturday, 调休
    expect(addWorkingDays(opened, 5, CHINA_HOLIDAYS)).toEqual(endOf('2025-02-10'));
  });

  it('counts the working Sunday before the 2025 Spring Festival', () => {
    // Opened Saturday 25 Jan: the first working day is Sunday 26 Jan.
    expect(addWorkingDays('2025-01-25T10:00:00+08:00', 0, CHINA_HOLIDAYS)).toEqual(endOf('2025-01-26'));
    expect(addWorkingDays('2025-01-25T10:00:00+08:00', 1, CHINA_HOLIDAYS)).toEqual(endOf('2025-01-26'));
    expect(addWorkingDays('2025-01-25T10:00:00+08:00', 2, CHINA_HOLIDAYS)).toEqual(endOf('2025-01-27'));
  });

  it('starts a case opened during a break on the first working day after it', () => {
    expect(addWorkingDays('2026-02-18T11:00:00+08:00', 0, CHINA_HOLIDAYS)).toEqual(endOf('2026-02-24'));
    expect(addWorkingDays('2026-02-18T11:00:00+08:00', 5, CHINA_HOLIDAYS)).toEqual(endOf('2026-02-28')); // Saturday, 调休
  });

  it('takes the day in Beijing, not in UTC: 2026-01-01T16:30Z is already 2 January', () => {
    // 1–3 Jan 2026 are off and Sunday 4 Jan is a working day; 2 Jan is not one, so n = 0 and n = 1 agree.
    expect(addWorkingDays('2026-01-01T16:30:00Z', 0, CHINA_HOLIDAYS).toISOString()).toBe('2026-01-04T15:59:59.999Z');
    expect(addWorkingDays('2026-01-01T16:30:00Z', 1, CHINA_HOLIDAYS).toISOString()).toBe('2026-01-04T15:59:59.999Z');
    expect(addWorkingDays('2026-01-01T16:30:00Z', 2, CHINA_HOLIDAYS).toISOString()).toBe('2026-01-05T15:59:59.999Z');
    // 2025-12-31T16:30Z is 00:30 on New Year's Day in Beijing, a holiday, though still 31 Dec (a working day) in UTC.
    expect(addWorkingDays('2025-12-31T16:30:00Z', 0, CHINA_HOLIDAYS).toISOString()).toBe('2026-01-04T15:59:59.999Z');
    // Half an hour earlier it is 23:30 on 31 Dec in Beijing: a working day, so n = 0 ends that same day.
    expect(addWorkingDays('2025-12-31T15:30:00Z', 0, CHINA_HOLIDAYS).toISOString()).toBe('2025-12-31T15:59:59.999Z');
    expect(addWorkingDays('2025-12-31T15:30:00Z', 1, CHINA_HOLIDAYS).toISOString()).toBe('2026-01-04T15:59:59.999Z');
    // Sunday 4 Jan, 16:30Z is Monday 5 Jan in Beijing: one working day fewer to that Monday's end.
    expect(addWorkingDays('2026-01-04T16:30:00Z', 1, CHINA_HOLIDAYS).toISOString()).toBe('2026-01-06T15:59:59.999Z');
    expect(workingDaysBetween('2026-01-04T15:30:00Z', '2026-01-04T16:30:00Z', CHINA_HOLIDAYS)).toBe(1);
  });

  it.each([-1, 1.5, Number.NaN, 1e9])('refuses %d working days', (n) => {
    expect(() => addWorkingDays('2026-01-05T09:00:00+08:00', n, CHINA_HOLIDAYS)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first day up to the last', () => {
    expect(workingDaysBetween('2025-09-30T10:00:00+08:00', '2025-10-14T08:00:00+08:00', CHINA_HOLIDAYS)).toBe(5);
    expect(workingDaysBetween('2025-10-14T08:00:00+08:00', '2025-09-30T10:00:00+08:00', CHINA_HOLIDAYS)).toBe(-5);
    expect(workingDaysBetween('2026-02-13T09:00:00+08:00', '2026-02-24T09:00:00+08:00', CHINA_HOLIDAYS)).toBe(2);
    expect(workingDaysBetween('2026-01-01T10:00:00+08:00', '2026-01-01T20:00:00+08:00', CHINA_HOLIDAYS)).toBe(0);
    // The first day is not counted, the last is: Friday to Saturday is none, Saturday to Monday one.
    expect(workingDaysBetween('2026-03-06T09:00:00+08:00', '2026-03-07T09:00:00+08:00', CHINA_HOLIDAYS)).toBe(0);
    expect(workingDaysBetween('2026-03-07T09:00:00+08:00', '2026-03-09T09:00:00+08:00', CHINA_HOLIDAYS)).toBe(1);
    expect(workingDaysBetween('2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z', CHINA_HOLIDAYS)).toBe(21); // Sun 4 Jan, then four full weeks
  });
});

describe('caseDeadlines', () => {
  it('sets the defaults for a case opened on the last working day before the 2025 National Day break', () => {
    // Tuesday 30 Sep 2025, 10:00. Off 1–8 Oct; Saturday 11 Oct is a working day.
    const due = caseDeadlines('2025-09-30T10:00:00+08:00', 'online_extortion', DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS);
    expect(due.firstResponseDue.toISOString()).toBe('2025-09-30T05:00:00.000Z');
    // 9 Oct (1), 10 Oct (2), Sat 11 Oct (3), 13 Oct (4), 14 Oct (5).
    expect(due.concludeDue).toEqual(endOf('2025-10-14'));
    const extended = caseDeadlines('2025-09-30T10:00:00+08:00', 'online_extortion', DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS, {
      extensions: 1,
    });
    expect(extended.concludeDue).toEqual(endOf('2025-10-16'));
    expect(extended.firstResponseDue).toEqual(due.firstResponseDue);
  });

  it('counts the working Sunday before the 2025 National Day break', () => {
    // Opened on Sunday 28 Sep, itself a working day: 29 Sep, 30 Sep, 9 Oct, 10 Oct, Sat 11 Oct.
    const due = caseDeadlines('2025-09-28T09:00:00+08:00', 'paid_deletion', DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS);
    expect(due.concludeDue).toEqual(endOf('2025-10-11'));
  });

  it('counts the first response around the clock, into the 2026 National Day break', () => {
    // Wednesday 30 Sep 2026, 23:00: the first response is due at 02:00 on 1 Oct, a holiday.
    const due = caseDeadlines('2026-09-30T15:00:00Z', 'paid_posting', DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS);
    expect(due.firstResponseDue.toISOString()).toBe('2026-09-30T18:00:00.000Z');
    // Off 1–7 Oct; 8 Oct (1), 9 Oct (2), Sat 10 Oct (3), 12 Oct (4), 13 Oct (5).
    expect(due.concludeDue).toEqual(endOf('2026-10-13'));
  });

  it('spans the nine-day 2026 Spring Festival with both working Saturdays', () => {
    // Friday 13 Feb 2026: Sat 14 Feb (1), 24–27 Feb (2–5); extended: Sat 28 Feb (6), Mon 2 Mar (7).
    const opened = '2026-02-13T16:00:00+08:00';
    expect(caseDeadlines(opened, 'fake_news_outlet', DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS).concludeDue).toEqual(endOf('2026-02-27'));
    expect(caseDeadlines(opened, 'fake_news_outlet', DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS, { extensions: 1 }).concludeDue).toEqual(
      endOf('2026-03-02'),
    );
  });

  it('crosses New Year 2026 from the last evening of 2025', () => {
    // Wednesday 31 Dec 2025, 20:00; off 1–3 Jan; Sun 4 Jan (1), 5–8 Jan (2–5).
    const due = caseDeadlines('2025-12-31T12:00:00Z', 'other', DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS);
    expect(due.concludeDue.toISOString()).toBe('2026-01-08T15:59:59.999Z');
  });

  it('uses the policy of the case’s category and a deployment’s local days', () => {
    const parsed = parseDeadlinePolicies({
      online_extortion: { firstResponseHours: 1, concludeWorkingDays: 2, extendedConcludeWorkingDays: 4 },
    });
    if (!parsed.ok) throw new Error('expected a valid configuration');
    const local = mergeCalendar(CHINA_HOLIDAYS, { daysOff: ['2026-03-10'] });
    // Monday 9 Mar 2026: 11 Mar (1, the 10th is a local day off), 12 Mar (2).
    const due = caseDeadlines('2026-03-09T09:00:00+08:00', 'online_extortion', parsed.policies, local);
    expect(due).toEqual({ firstResponseDue: new Date('2026-03-09T10:00:00+08:00'), concludeDue: endOf('2026-03-12') });
    const other = caseDeadlines('2026-03-09T09:00:00+08:00', 'other', parsed.policies, local);
    expect(other.concludeDue).toEqual(endOf('2026-03-17')); // 11, 12, 13, 16, 17 Mar
  });

  it('replaces the limit on extension rather than adding to it, one step per extension', () => {
    expect(concludeWorkingDaysAfter(DEFAULT_DEADLINE_POLICY, 0)).toBe(5);
    expect(concludeWorkingDaysAfter(DEFAULT_DEADLINE_POLICY, 1)).toBe(7);
    expect(concludeWorkingDaysAfter(DEFAULT_DEADLINE_POLICY, 2)).toBe(9);
    expect(() => concludeWorkingDaysAfter(DEFAULT_DEADLINE_POLICY, -1)).toThrow(RangeError);
  });
});

describe('canExtend', () => {
  it('allows one extension by default', () => {
    expect(canExtend(0, DEFAULT_DEADLINE_POLICY)).toBe(true);
    expect(canExtend(1, DEFAULT_DEADLINE_POLICY)).toBe(false);
    expect(canExtend(0, { ...DEFAULT_DEADLINE_POLICY, maxExtensions: 0 })).toBe(false);
    expect(canExtend(1, { ...DEFAULT_DEADLINE_POLICY, maxExtensions: 2 })).toBe(true);
  });
});

describe('parseDeadlinePolicies', () => {
  it('gives every category the default without configuration', () => {
    for (const json of [undefined, null, {}]) {
      const parsed = parseDeadlinePolicies(json);
      expect(parsed).toEqual({ ok: true, policies: DEFAULT_DEADLINE_POLICIES });
    }
    expect(Object.keys(DEFAULT_DEADLINE_POLICIES).sort()).toEqual([...REPORT_CATEGORIES].sort());
    expect(DEFAULT_DEADLINE_POLICIES.online_extortion).toEqual({
      firstResponseHours: 3,
      concludeWorkingDays: 5,
      extendedConcludeWorkingDays: 7,
      maxExtensions: 1,
    });
  });

  it('fills the fields a category leaves out from the default', () => {
    const parsed = parseDeadlinePolicies({
      paid_deletion: { firstResponseHours: 0.5 },
      other: { maxExtensions: 0, extendedConcludeWorkingDays: 5 },
    });
    expect(parsed).toEqual({
      ok: true,
      policies: {
        ...DEFAULT_DEADLINE_POLICIES,
        paid_deletion: { ...DEFAULT_DEADLINE_POLICY, firstResponseHours: 0.5 },
        other: { ...DEFAULT_DEADLINE_POLICY, maxExtensions: 0, extendedConcludeWorkingDays: 5 },
      },
    });
  });

  it('lists every problem', () => {
    const parsed = parseDeadlinePolicies({
      extortion: {},
      online_extortion: { firstResponseHours: '3', concludeWorkingDays: 2.5, maxExtensions: -1, deadline: 4 },
      paid_deletion: { concludeWorkingDays: 10 },
      paid_posting: { concludeWorkingDays: 7, extendedConcludeWorkingDays: 7 },
      fake_news_outlet: [],
      other: { firstResponseHours: 0 },
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        {
          path: 'extortion',
          message: 'unknown category; the categories are online_extortion, paid_deletion, paid_posting, fake_news_outlet, other',
        },
        {
          path: 'online_extortion.deadline',
          message: 'unknown field; the fields are firstResponseHours, concludeWorkingDays, extendedConcludeWorkingDays, maxExtensions',
        },
        { path: 'online_extortion.firstResponseHours', message: 'must be a number, not "3"' },
        { path: 'online_extortion.concludeWorkingDays', message: 'must be a whole number from 1 to 366, not 2.5' },
        { path: 'online_extortion.maxExtensions', message: 'must be a whole number from 0 to 10, not -1' },
        {
          path: 'paid_deletion.extendedConcludeWorkingDays',
          message: '7 is shorter than concludeWorkingDays (10); an extension replaces the limit, so it must be longer',
        },
        {
          path: 'paid_posting.extendedConcludeWorkingDays',
          message: 'equals concludeWorkingDays (7), so an extension would not move the deadline; make it longer or set maxExtensions to 0',
        },
        {
          path: 'fake_news_outlet',
          message: 'must be an object with some of firstResponseHours, concludeWorkingDays, extendedConcludeWorkingDays, maxExtensions',
        },
        { path: 'other.firstResponseHours', message: 'must be more than 0 and at most 744, not 0' },
      ],
    });
  });

  it('refuses what is not an object', () => {
    expect(parseDeadlinePolicies('5 days')).toEqual({
      ok: false,
      problems: [{ path: '', message: 'must be an object with a policy per category' }],
    });
    expect(parseDeadlinePolicies([])).toMatchObject({ ok: false });
  });
});

describe('deadlineState', () => {
  const startedAt = '2025-09-30T10:00:00+08:00';
  const due = endOf('2025-10-14'); // a span of 14 days and about 14 hours; 20% is about 2 days 22 hours
  const deadline = { startedAt, due };

  it('is on time, then due soon in the last fifth, then overdue', () => {
    expect(deadlineState(deadline, '2025-10-09T09:00:00+08:00')).toBe('on_time');
    expect(deadlineState(deadline, '2025-10-11T23:00:00+08:00')).toBe('on_time'); // 3 days left
    expect(deadlineState(deadline, '2025-10-12T09:00:00+08:00')).toBe('due_soon'); // 2 days 15 hours left
    expect(deadlineState(deadline, due)).toBe('due_soon');
    expect(deadlineState(deadline, new Date(due.getTime() + 1))).toBe('overdue');
  });

  it('warns in the last hour of a 3-hour limit, where 20% would be 36 minutes', () => {
    const short = { startedAt: '2026-01-05T09:00:00+08:00', due: '2026-01-05T12:00:00+08:00' };
    expect(deadlineState(short, '2026-01-05T10:59:00+08:00')).toBe('on_time');
    expect(deadlineState(short, '2026-01-05T11:01:00+08:00')).toBe('due_soon');
  });

  it('is met or late once done, whatever the time now', () => {
    expect(deadlineState(deadline, '2026-06-01T00:00:00Z', due)).toBe('met');
    expect(deadlineState(deadline, '2026-06-01T00:00:00Z', new Date(due.getTime() + 1))).toBe('late');
    expect(deadlineState(deadline, '2025-10-01T00:00:00Z', '2025-10-01T00:00:00Z')).toBe('met');
  });
});

describe('onTimeRate', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const before = new Date('2026-02-20T00:00:00Z');
  const after = new Date('2026-03-10T00:00:00Z');

  it('counts open overdue items as late and leaves items not yet due out', () => {
    const rate = onTimeRate(
      [
        { due: before, doneAt: new Date('2026-02-19T00:00:00Z') }, // on time
        { due: before, doneAt: before }, // on time, at the due instant
        { due: before, doneAt: new Date('2026-02-21T00:00:00Z') }, // late
        { due: before, doneAt: null }, // open and overdue: late
        { due: after, doneAt: null }, // open, not yet due: left out
        { due: after, doneAt: new Date('2026-02-28T00:00:00Z') }, // on time
        { due: now, doneAt: null }, // open, due this very instant: not yet late
      ],
      now,
    );
    expect(rate).toEqual({ onTime: 3, late: 2, openOverdue: 1, open: 2, rate: 0.6 });
  });

  it('has no rate while nothing is decided', () => {
    expect(onTimeRate([], now)).toEqual({ onTime: 0, late: 0, openOverdue: 0, open: 0, rate: null });
    expect(onTimeRate([{ due: after, doneAt: null }], now)).toEqual({ onTime: 0, late: 0, openOverdue: 0, open: 1, rate: null });
  });
});

// Properties, over the years the calendar covers and a little beyond, and over random calendars.
const instant = fc.date({ min: new Date('2023-12-01T00:00:00Z'), max: new Date('2027-01-31T00:00:00Z'), noInvalidDate: true });
const randomCalendar: fc.Arbitrary<HolidayCalendar> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 19_690, max: 20_850 }).map(dayNumberToIsoDate), { maxLength: 300 }),
    fc.uniqueArray(fc.integer({ min: 19_690, max: 20_850 }).map(dayNumberToIsoDate), { maxLength: 100 }),
  )
  .map(([daysOff, workingWeekendDays]) => ({ daysOff: new Set(daysOff), workingWeekendDays: new Set(workingWeekendDays) }));
const calendar = fc.oneof(fc.constant(CHINA_HOLIDAYS), randomCalendar);
const dayCount = fc.integer({ min: 0, max: 40 });

describe('deadline properties', () => {
  it('ends addWorkingDays at the last millisecond of a working day, never before the start', () => {
    fc.assert(
      fc.property(instant, dayCount, calendar, (start, n, cal) => {
        const end = addWorkingDays(start, n, cal);
        expect(isWorkingDay(beijingDate(end), cal)).toBe(true);
        expect(beijingDate(new Date(end.getTime() + 1))).not.toBe(beijingDate(end));
        expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
      }),
    );
  });

  it('makes addWorkingDays monotonic in n, strictly from n = 1', () => {
    fc.assert(
      fc.property(instant, dayCount, dayCount, calendar, (start, a, b, cal) => {
        const [n, m] = a <= b ? [a, b] : [b, a];
        const early = addWorkingDays(start, n, cal).getTime();
        const late = addWorkingDays(start, m, cal).getTime();
        expect(early).toBeLessThanOrEqual(late);
        if (n >= 1 && n < m) expect(early).toBeLessThan(late);
      }),
    );
  });

  it('inverts addWorkingDays with workingDaysBetween for a start on a working day', () => {
    fc.assert(
      fc.property(instant, dayCount, calendar, (start, n, cal) => {
        fc.pre(isWorkingDay(beijingDate(start), cal));
        expect(workingDaysBetween(start, addWorkingDays(start, n, cal), cal)).toBe(n);
      }),
    );
  });

  it('counts one step of workingDaysBetween as whether the later day is a working day', () => {
    fc.assert(
      fc.property(instant, calendar, (a, cal) => {
        const b = new Date(a.getTime() + 24 * HOUR);
        expect(workingDaysBetween(a, b, cal)).toBe(isWorkingDay(beijingDate(b), cal) ? 1 : 0);
      }),
    );
  });

  it('makes workingDaysBetween additive and antisymmetric', () => {
    fc.assert(
      fc.property(instant, instant, instant, calendar, (a, b, c, cal) => {
        expect(workingDaysBetween(a, b, cal) + workingDaysBetween(b, c, cal)).toBe(workingDaysBetween(a, c, cal));
        expect(workingDaysBetween(b, a, cal) + workingDaysBetween(a, b, cal)).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('never brings the conclusion forward by an extension, and keeps the first response at 3 clock hours', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...REPORT_CATEGORIES), fc.integer({ min: 0, max: 3 }), calendar, (opened, category, k, cal) => {
        const base = caseDeadlines(opened, category, DEFAULT_DEADLINE_POLICIES, cal, { extensions: k });
        const more = caseDeadlines(opened, category, DEFAULT_DEADLINE_POLICIES, cal, { extensions: k + 1 });
        expect(more.concludeDue.getTime()).toBeGreaterThan(base.concludeDue.getTime());
        expect(base.firstResponseDue.getTime() - opened.getTime()).toBe(3 * HOUR);
        expect(workingDaysBetween(opened, more.concludeDue, cal) - workingDaysBetween(opened, base.concludeDue, cal)).toBe(2);
      }),
    );
  });

  it('agrees between deadlineState and onTimeRate, and accounts for every item', () => {
    const item = fc.record({ due: instant, doneAt: fc.option(instant, { nil: null }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), instant, (items, now) => {
        const rate = onTimeRate(items, now);
        const states = items.map((x) => deadlineState({ startedAt: new Date(x.due.getTime() - 24 * HOUR), due: x.due }, now, x.doneAt));
        const count = (...wanted: string[]) => states.filter((s) => wanted.includes(s)).length;
        expect(rate.onTime).toBe(count('met'));
        expect(rate.late).toBe(count('late', 'overdue'));
        expect(rate.openOverdue).toBe(count('overdue'));
        expect(rate.open).toBe(count('on_time', 'due_soon'));
        expect(rate.onTime + rate.late + rate.open).toBe(items.length);
        if (rate.rate !== null) expect(rate.rate).toBeGreaterThanOrEqual(0);
        if (rate.rate !== null) expect(rate.rate).toBeLessThanOrEqual(1);
      }),
    );
  });
});
