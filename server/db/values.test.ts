import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCount, toIsoString } from './values';

describe('toIsoString', () => {
  it('answers what Date#toISOString writes, from a Date or from any text form of the instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(toIsoString(d)).toBe(iso);
        expect(toIsoString(iso)).toBe(iso);
        // Other forms SQLite may hold (another offset, no milliseconds) are parsed and rewritten.
        const shifted = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 23);
        expect(toIsoString(`${shifted}+08:00`)).toBe(iso);
      }),
    );
    expect(toIsoString('2026-11-28 10:00:00Z')).toBe('2026-11-28T10:00:00.000Z');
    expect(toIsoString('2026-11-28T18:00:00+08:00')).toBe('2026-11-28T10:00:00.000Z');
  });
});

describe('toCount', () => {
  it('reads counts from either dialect', () => {
    expect([toCount('42'), toCount(42), toCount(42n), toCount(null), toCount(undefined)]).toEqual([42, 42, 42, 0, 0]);
  });
});
