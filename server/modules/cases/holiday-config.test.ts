import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';
import { caseDeadlineRules } from './case-deadlines';
import { DEFAULT_DEADLINE_POLICIES, addWorkingDays } from './deadlines';
import { CHINA_HOLIDAYS, calendarWithEntries, isWorkingDay, parseHolidayEntries } from './holiday-calendar';

const endOf = (date: string) => new Date(`${date}T23:59:59.999+08:00`);

describe('QINGLANG_HOLIDAYS entries', () => {
  it('accepts holidays and workdays, and rejects everything else with its position', () => {
    expect(
      parseHolidayEntries([
        { date: '2027-01-01', kind: 'holiday' },
        { date: '2027-02-06', kind: 'workday' },
      ]),
    ).toEqual({
      ok: true,
      entries: [
        { date: '2027-01-01', kind: 'holiday' },
        { date: '2027-02-06', kind: 'workday' },
      ],
    });
    expect(parseHolidayEntries({ date: '2027-01-01' })).toMatchObject({ ok: false, problems: [expect.stringContaining('JSON array')] });
    const result = parseHolidayEntries([
      { date: '2027-02-30', kind: 'holiday' },
      { date: '2027-01-01', kind: 'vacation' },
      'x',
      { date: '2027-03-01', kind: 'holiday', note: 1 },
      { date: '2027-05-01', kind: 'holiday' },
      { date: '2027-05-01', kind: 'workday' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.stringMatching(/^\[0\]\.date '2027-02-30'/),
      expect.stringMatching(/^\[1\]\.kind/),
      expect.stringMatching(/^\[2\] must be an object/),
      expect.stringMatching(/^\[3\] has unknown field\(s\) note/),
      expect.stringMatching(/^\[5\]: 2027-05-01 is listed both/),
    ]);
  });

  it('adds the entries over the national calendar and extends the last known year', () => {
    expect(CHINA_HOLIDAYS.lastKnownYear).toBe(2026);
    const calendar = calendarWithEntries(CHINA_HOLIDAYS, [
      { date: '2027-01-01', kind: 'holiday' },
      { date: '2027-02-06', kind: 'workday' }, // a Saturday
      { date: '2026-10-07', kind: 'workday' }, // corrects the base
    ]);
    expect(calendar.lastKnownYear).toBe(2027);
    expect(isWorkingDay('2027-01-01', calendar)).toBe(false);
    expect(isWorkingDay('2027-02-06', calendar)).toBe(true);
    expect(isWorkingDay('2026-10-07', calendar)).toBe(true);
    expect(isWorkingDay('2026-10-06', calendar)).toBe(false);
    expect(isWorkingDay('2027-01-01', CHINA_HOLIDAYS)).toBe(true); // the base is unchanged
    expect(calendarWithEntries(CHINA_HOLIDAYS, []).lastKnownYear).toBe(2026);
  });
});

describe('deadlines past the last known year', () => {
  it('count weekends only as days off and warn once', () => {
    const warnings: string[] = [];
    const rules = caseDeadlineRules(DEFAULT_DEADLINE_POLICIES, CHINA_HOLIDAYS, { warn: (message) => warnings.push(message) });

    // Inside the known years: no warning (5 working days after Monday 2026-11-23).
    expect(rules.dueDates(new Date('2026-11-23T10:00:00+08:00'), 'online_extortion', 0).concludeDue).toEqual(endOf('2026-11-30'));
    expect(warnings).toEqual([]);

    // Friday 2027-01-01 would be New Year's Day, but 2027 is not known: a working day like any Friday.
    const opened = new Date('2026-12-30T10:00:00+08:00'); // Wednesday
    expect(rules.dueDates(opened, 'online_extortion', 0).concludeDue).toEqual(endOf('2027-01-06'));
    expect(addWorkingDays(opened, 5, { daysOff: new Set(), workingWeekendDays: new Set() })).toEqual(endOf('2027-01-06'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ends with 2026.*QINGLANG_HOLIDAYS/s);

    rules.dueDates(new Date('2027-06-01T10:00:00+08:00'), 'paid_deletion', 1);
    expect(warnings).toHaveLength(1);
  });

  it('use the configured days and stay silent once the year is known', () => {
    const warnings: string[] = [];
    const calendar = calendarWithEntries(CHINA_HOLIDAYS, [{ date: '2027-01-01', kind: 'holiday' }]);
    const rules = caseDeadlineRules(DEFAULT_DEADLINE_POLICIES, calendar, { warn: (message) => warnings.push(message) });
    expect(rules.dueDates(new Date('2026-12-30T10:00:00+08:00'), 'online_extortion', 0).concludeDue).toEqual(endOf('2027-01-07'));
    expect(warnings).toEqual([]);
  });
});

describe('QINGLANG_HOLIDAYS configuration', () => {
  const base = () => ({ QINGLANG_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'qinglang-config-')), QINGLANG_SECRET: 'x'.repeat(40) });
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base(), ...env });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  it('reads the file relative to the working folder and merges it', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'qinglang-holidays-'));
    writeFileSync(path.join(folder, 'holidays.json'), JSON.stringify([{ date: '2027-01-01', kind: 'holiday' }]));
    const config = loadConfig({ ...base(), QINGLANG_HOLIDAYS: 'holidays.json' }, { cwd: folder });
    expect(config.holidays?.lastKnownYear).toBe(2027);
    expect(isWorkingDay('2027-01-01', config.holidays ?? CHINA_HOLIDAYS)).toBe(false);
    expect(loadConfig(base()).holidays).toBe(CHINA_HOLIDAYS);
  });

  it('stops the start with a clear message for a missing file, bad JSON or a bad entry', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'qinglang-holidays-'));
    expect(problemsOf({ QINGLANG_HOLIDAYS: path.join(folder, 'none.json') })).toEqual([
      expect.stringMatching(/QINGLANG_HOLIDAYS names a file that does not exist/),
    ]);
    writeFileSync(path.join(folder, 'bad.json'), '{not json');
    expect(problemsOf({ QINGLANG_HOLIDAYS: path.join(folder, 'bad.json') })).toEqual([expect.stringMatching(/cannot be read as JSON/)]);
    writeFileSync(path.join(folder, 'wrong.json'), JSON.stringify([{ date: '2027-13-01', kind: 'holiday' }]));
    expect(problemsOf({ QINGLANG_HOLIDAYS: path.join(folder, 'wrong.json') })).toEqual([
      expect.stringMatching(/^QINGLANG_HOLIDAYS \(.*wrong\.json\)\[0\]\.date '2027-13-01'/),
    ]);
  });
});
