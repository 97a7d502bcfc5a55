import { describe, expect, it } from 'vitest';
import { formatSimilarity } from './near-duplicates';

describe('formatSimilarity', () => {
  it('shows a whole percentage in the interface language', () => {
    expect(formatSimilarity(0.83, 'zh-CN')).toBe('83%');
    expect(formatSimilarity(1, 'en')).toBe('100%');
    expect(formatSimilarity(0.6, 'en')).toBe('60%');
  });
});
