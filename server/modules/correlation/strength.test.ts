import { describe, expect, it } from 'vitest';
import { isHot, strengthOf, valueWeight } from './strength';

describe('correlation strength', () => {
  it('weighs a rare shared value above a common one', () => {
    expect(valueWeight(2, 1000)).toBeGreaterThan(valueWeight(900, 1000));
    expect(strengthOf([2], 1000)).toBeGreaterThan(strengthOf([900, 800, 700], 1000));
  });
  it('adds up shared values', () => {
    expect(strengthOf([5, 5], 1000)).toBeCloseTo(2 * valueWeight(5, 1000));
    expect(strengthOf([], 1000)).toBe(0);
  });
  it('marks values above the threshold or on the warning list hot', () => {
    expect(isHot(1000, 1000, false)).toBe(false);
    expect(isHot(1001, 1000, false)).toBe(true);
    expect(isHot(2, 1000, true)).toBe(true);
  });
});
