import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from 30 seconds up to an hour when there is no jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => retryDelayMs(n, { jitter: 0 }));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('spreads each delay by at most ±20 %', () => {
    expect(retryDelayMs(1, {}, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, {}, () => 1)).toBe(36_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, random) => {
        const base = Math.min(3_600_000, 30_000 * 2 ** Math.min(attempt - 1, 30));
        const delay = retryDelayMs(attempt, {}, () => random);
        return delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2);
      }),
    );
  });

  it('tries 30 times within the 24 hours: doubling waits for the first hour or so, then hourly', () => {
    let elapsed = 0;
    let attempts = 1;
    while (elapsed + retryDelayMs(attempts, { jitter: 0 }) <= 24 * 3600_000) elapsed += retryDelayMs(attempts++, { jitter: 0 });
    expect(attempts).toBe(30);
  });
});
