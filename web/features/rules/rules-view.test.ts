import { describe, expect, it } from 'vitest';
import type { Criterion } from './rules-view';
import { chinaToday, criteriaByStep, criterionTitle } from './rules-view';

const criterion = (id: string, step: Criterion['step']): Criterion => ({
  id,
  step,
  title: { 'zh-CN': `中文 ${id}`, en: `English ${id}` },
  required: true,
  provisionCodes: [],
});

describe('the rules page', () => {
  it('groups the criteria by step in review order, keeping empty steps', () => {
    const grouped = criteriaByStep([criterion('b-basis', 'legal_basis'), criterion('a-id', 'identity'), criterion('c-id', 'identity')]);
    expect(grouped.map((g) => [g.step, g.criteria.map((c) => c.id)])).toEqual([
      ['identity', ['a-id', 'c-id']],
      ['authority', []],
      ['legal_basis', ['b-basis']],
    ]);
  });

  it('uses China’s date, which is ahead of UTC in the evening', () => {
    expect(chinaToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(chinaToday(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
  });

  it('shows titles in the reader’s language', () => {
    expect(criterionTitle(criterion('x-y', 'identity'), 'en-US')).toBe('English x-y');
    expect(criterionTitle(criterion('x-y', 'identity'), 'zh-CN')).toBe('中文 x-y');
  });
});
