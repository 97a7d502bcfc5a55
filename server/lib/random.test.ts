import { describe, expect, it } from 'vitest';
import { secureRandomBytes } from './random';

describe('secureRandomBytes', () => {
  it('never hands out the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(secureRandomBytes(16).toString('hex'));
    expect(seen.size).toBe(5000);
  });

  it('gives the size asked for, also above the pooled size', () => {
    expect(secureRandomBytes(0)).toHaveLength(0);
    expect(secureRandomBytes(20)).toHaveLength(20);
    expect(secureRandomBytes(10_000)).toHaveLength(10_000);
  });

  it('looks uniform: every byte value occurs, none far too often', () => {
    const counts = new Array<number>(256).fill(0);
    const bytes = secureRandomBytes(2000);
    for (let i = 0; i < 100; i++) for (const b of secureRandomBytes(2000)) counts[b]! += 1;
    for (const b of bytes) counts[b]! += 1;
    // 202,000 bytes: about 789 per value; a CSPRNG stays well within ±25 %.
    expect(Math.min(...counts)).toBeGreaterThan(590);
    expect(Math.max(...counts)).toBeLessThan(990);
  });
});
