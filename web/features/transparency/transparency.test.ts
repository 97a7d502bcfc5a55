import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MonthlyCount, approvalRate, monthsOf, websiteLines } from './transparency';

const count = (websiteId: string, month: string, received: number, approved = 0, rejected = 0): MonthlyCount => ({
  websiteId,
  websiteName: `站点${websiteId}`,
  month,
  received,
  approved,
  rejected,
});

describe('the public transparency table', () => {
  const counts = [count('a', '2026-10', 3, 1, 1), count('a', '2026-11', 2, 0, 2), count('b', '2026-11', 9, 4, 0)];

  it('lists the months newest first, once each', () => {
    expect(monthsOf(counts)).toEqual(['2026-11', '2026-10']);
  });

  it('sums a website over every month, most requests first', () => {
    expect(websiteLines(counts, null).map((l) => [l.websiteId, l.received, l.approved, l.rejected, l.other])).toEqual([
      ['b', 9, 4, 0, 5],
      ['a', 5, 1, 3, 1],
    ]);
  });

  it('keeps one month only, leaving out websites with nothing in it', () => {
    expect(websiteLines(counts, '2026-10').map((l) => [l.websiteId, l.received])).toEqual([['a', 3]]);
    expect(websiteLines(counts, '2026-09')).toEqual([]);
  });

  it('gives no approval rate when nothing was decided', () => {
    expect(approvalRate({ approved: 0, rejected: 0 })).toBeNull();
    expect(approvalRate({ approved: 1, rejected: 3 })).toBe(0.25);
  });

  it('never loses or invents a request: the lines add up to the counts', () => {
    const arbitraryCount = fc
      .record({
        websiteId: fc.constantFrom('a', 'b', 'c'),
        month: fc.constantFrom('2026-09', '2026-10', '2026-11'),
        approved: fc.nat(50),
        rejected: fc.nat(50),
        pending: fc.nat(50),
      })
      .map(({ websiteId, month, approved, rejected, pending }) =>
        count(websiteId, month, approved + rejected + pending, approved, rejected),
      );
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryCount, { selector: (c) => `${c.websiteId}/${c.month}` }), (all) => {
        const total = (items: { received: number }[]) => items.reduce((sum, c) => sum + c.received, 0);
        expect(total(websiteLines(all, null))).toBe(total(all));
        for (const month of monthsOf(all)) expect(total(websiteLines(all, month))).toBe(total(all.filter((c) => c.month === month)));
      }),
    );
  });
});
