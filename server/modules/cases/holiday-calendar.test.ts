import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHINA_HOLIDAYS,
  CHINA_HOLIDAY_NOTICES,
  CHINA_HOLIDAY_YEARS,
  type HolidayCalendar,
  dayNumberToIsoDate,
  isWorkingDay,
  isoDateToDayNumber,
  mergeCalendar,
} from './holiday-calendar';

const EMPTY: HolidayCalendar = { daysOff: new Set(), workingWeekendDays: new Set() };

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function workingDaysIn(year: number, calendar: HolidayCalendar): number {
  let count = 0;
  for (let day = isoDateToDayNumber(`${year}-01-01`); day <= isoDateToDayNumber(`${year}-12-31`); day += 1)
    if (isWorkingDay(dayNumberToIsoDate(day), calendar)) count += 1;
  return count;
}

describe('ISO dates', () => {
  it('converts between dates and day numbers', () => {
    expect(isoDateToDayNumber('1970-01-01')).toBe(0);
    expect(isoDateToDayNumber('2026-01-01')).toBe(20454);
    expect(dayNumberToIsoDate(20454)).toBe('2026-01-01');
  });

  it.each(['2025-02-29', '2025-13-01', '2025-1-01', '2025-01-01T00:00:00Z', '', '20250101'])('refuses %j', (date) => {
    expect(() => isoDateToDayNumber(date)).toThrow(RangeError);
  });

  it('round-trips every day number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 60_000 }), (day) => {
        expect(isoDateToDayNumber(dayNumberToIsoDate(day))).toBe(day);
      }),
    );
  });
});

describe('CHINA_HOLIDAYS', () => {
  it('covers 2024 to 2026, in order', () => {
    expect(CHINA_HOLIDAY_YEARS).toEqual([2024, 2025, 2026]);
  });

  it('has each notice’s days off and working weekend days', () => {
    // Day counts as the notices state them ("共N天"), summed per year.
    const counts = CHINA_HOLIDAY_NOTICES.map((notice) => ({
      year: notice.year,
      breakDays: notice.breaks.map((b) => isoDateToDayNumber(b.to) - isoDateToDayNumber(b.from) + 1),
      working: notice.workingWeekendDays.length,
    }));
    expect(counts).toEqual([
      { year: 2024, breakDays: [1, 8, 3, 5, 1, 3, 7], working: 8 },
      { year: 2025, breakDays: [1, 8, 3, 5, 3, 8], working: 5 },
      { year: 2026, breakDays: [3, 9, 3, 5, 3, 3, 7], working: 6 },
    ]);
    expect(CHINA_HOLIDAYS.daysOff.size).toBe(28 + 28 + 33);
    expect(CHINA_HOLIDAYS.workingWeekendDays.size).toBe(8 + 5 + 6);
  });

  it('keeps every date within its notice’s year and swaps only weekend days', () => {
    for (const notice of CHINA_HOLIDAY_NOTICES) {
      for (const b of notice.breaks) {
        expect(b.from.startsWith(`${notice.year}-`) && b.to.startsWith(`${notice.year}-`)).toBe(true);
        expect(isoDateToDayNumber(b.from)).toBeLessThanOrEqual(isoDateToDayNumber(b.to));
      }
      for (const date of notice.workingWeekendDays) {
        expect(date.startsWith(`${notice.year}-`)).toBe(true);
        expect([0, 6]).toContain(weekday(date));
      }
    }
    for (const date of CHINA_HOLIDAYS.workingWeekendDays) expect(CHINA_HOLIDAYS.daysOff.has(date)).toBe(false);
  });

  it('gives the published number of working days per year', () => {
    // 2024: 262 weekdays − 19 weekdays off + 8 working weekend days; 2025 and 2026: 261 − 13 statutory holidays.
    expect(workingDaysIn(2024, CHINA_HOLIDAYS)).toBe(251);
    expect(workingDaysIn(2025, CHINA_HOLIDAYS)).toBe(248);
    expect(workingDaysIn(2026, CHINA_HOLIDAYS)).toBe(248);
  });

  it.each([
    // 2025 Spring Festival: 28 Jan (New Year's Eve) to 4 Feb off; Sun 26 Jan and Sat 8 Feb working.
    ['2025-01-24', true],
    ['2025-01-25', false],
    ['2025-01-26', true],
    ['2025-01-27', true],
    ['2025-01-28', false],
    ['2025-02-04', false],
    ['2025-02-05', true],
    ['2025-02-08', true],
    ['2025-02-09', false],
    // 2025 National Day with Mid-Autumn: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct working.
    ['2025-09-27', false],
    ['2025-09-28', true],
    ['2025-09-30', true],
    ['2025-10-06', false],
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true],
    ['2025-10-12', false],
    // 2026 New Year: 1–3 Jan off, Sun 4 Jan working.
    ['2026-01-01', false],
    ['2026-01-02', false],
    ['2026-01-04', true],
    // 2026 Spring Festival: 15–23 Feb off (nine days); Sat 14 Feb and Sat 28 Feb working.
    ['2026-02-13', true],
    ['2026-02-14', true],
    ['2026-02-16', false],
    ['2026-02-23', false],
    ['2026-02-24', true],
    ['2026-02-28', true],
    ['2026-03-01', false],
    // 2026 Mid-Autumn and National Day: 25–27 Sep, 1–7 Oct off; Sun 20 Sep and Sat 10 Oct working.
    ['2026-09-20', true],
    ['2026-09-25', false],
    ['2026-09-30', true],
    ['2026-10-05', false],
    ['2026-10-08', true],
    ['2026-10-10', true],
    ['2026-10-11', false],
    // 2024: New Year's Eve (9 Feb) only encouraged off, so a working day.
    ['2024-02-09', true],
    ['2024-02-18', true],
    ['2024-10-12', true],
  ])('%s is a working day: %s', (date, expected) => {
    expect(isWorkingDay(date, CHINA_HOLIDAYS)).toBe(expected);
  });

  it('treats a year without a notice as plain weeks', () => {
    expect(isWorkingDay('2027-01-01', CHINA_HOLIDAYS)).toBe(true); // a Friday
    expect(isWorkingDay('2027-01-02', CHINA_HOLIDAYS)).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it('is Monday to Friday on an empty calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (day) => {
        const date = dayNumberToIsoDate(day);
        expect(isWorkingDay(date, EMPTY)).toBe(weekday(date) >= 1 && weekday(date) <= 5);
      }),
    );
  });

  it('lets a day off win over a working weekend day listed by mistake in both', () => {
    const both: HolidayCalendar = { daysOff: new Set(['2026-03-07']), workingWeekendDays: new Set(['2026-03-07']) };
    expect(isWorkingDay('2026-03-07', both)).toBe(false);
  });

  it('refuses a malformed date instead of guessing', () => {
    expect(() => isWorkingDay('2026-02-30', CHINA_HOLIDAYS)).toThrow(/not a calendar date/);
  });
});

describe('mergeCalendar', () => {
  it('adds local days without changing either calendar', () => {
    const merged = mergeCalendar(CHINA_HOLIDAYS, { daysOff: ['2026-03-09'], workingWeekendDays: ['2026-03-14'] });
    expect(isWorkingDay('2026-03-09', merged)).toBe(false);
    expect(isWorkingDay('2026-03-14', merged)).toBe(true);
    expect(isWorkingDay('2026-02-16', merged)).toBe(false); // the base stays
    expect(isWorkingDay('2026-03-09', CHINA_HOLIDAYS)).toBe(true);
    expect(CHINA_HOLIDAYS.daysOff.size).toBe(89);
  });

  it('lets the extra days correct the base', () => {
    const merged = mergeCalendar(CHINA_HOLIDAYS, { daysOff: ['2026-02-14'], workingWeekendDays: ['2026-02-23'] });
    expect(isWorkingDay('2026-02-14', merged)).toBe(false);
    expect(isWorkingDay('2026-02-23', merged)).toBe(true);
    expect(merged.workingWeekendDays.has('2026-02-14')).toBe(false);
    expect(merged.daysOff.has('2026-02-23')).toBe(false);
  });

  it('extends the calendar to a year without a notice', () => {
    const merged = mergeCalendar(CHINA_HOLIDAYS, { daysOff: ['2027-01-01'] });
    expect(isWorkingDay('2027-01-01', merged)).toBe(false);
  });

  it('names every bad date', () => {
    expect(() =>
      mergeCalendar(CHINA_HOLIDAYS, { daysOff: ['2026-13-01', '2026-05-06'], workingWeekendDays: ['2026-05-06', 'soon'] }),
    ).toThrow(
      "Cannot merge the holiday calendar: '2026-13-01' is not a calendar date in the form YYYY-MM-DD; 'soon' is not a calendar date in the form YYYY-MM-DD; 2026-05-06 is listed both as a day off and as a working day",
    );
  });

  it('makes a date listed as extra day off never a working day, and an extra working day always one', () => {
    const date = fc.integer({ min: 20_000, max: 21_000 }).map(dayNumberToIsoDate);
    fc.assert(
      fc.property(fc.uniqueArray(date, { maxLength: 30 }), fc.integer({ min: 0, max: 30 }), (dates, cut) => {
        const daysOff = dates.slice(0, cut);
        const workingWeekendDays = dates.slice(cut);
        const merged = mergeCalendar(CHINA_HOLIDAYS, { daysOff, workingWeekendDays });
        for (const d of daysOff) expect(isWorkingDay(d, merged)).toBe(false);
        for (const d of workingWeekendDays) expect(isWorkingDay(d, merged)).toBe(true);
      }),
    );
  });
});
