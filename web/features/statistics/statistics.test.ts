import { describe, expect, it } from 'vitest';
import type { CaseStatistics } from './api';
import { categoryCounts, defaultScope, formatRate, onTimeParts, scopesFor, statusCounts, totalCases } from './statistics';

const stats: CaseStatistics = {
  concludedOnTime: 3,
  concludedLate: 1,
  openOverdue: 2,
  openNotDue: 4,
  late: 3,
  onTimeRate: 0.5,
  byStatus: { assigned: 4, concluded: 4, investigating: 2 },
  byCategory: { paid_deletion: 3, online_extortion: 7, future_category: 1 },
};

describe('statistics scopes', () => {
  it('offers each role the scopes the server allows it, widest as the default', () => {
    expect(scopesFor(['analyst'])).toEqual(['mine']);
    expect(scopesFor(['supervisor'])).toEqual(['mine']);
    expect(scopesFor(['agency_lead'])).toEqual(['mine', 'region']);
    expect(scopesFor(['triage_officer'])).toEqual(['mine', 'all']);
    expect(scopesFor(['triage_officer', 'agency_lead'])).toEqual(['mine', 'region', 'all']);
    expect(defaultScope(['agency_lead'])).toBe('region');
    expect(defaultScope(['triage_officer'])).toBe('all');
    expect(defaultScope(['analyst'])).toBe('mine');
  });
});

describe('statistics figures', () => {
  it('orders statuses by the lifecycle and fills in zeros', () => {
    expect(statusCounts(stats)).toEqual([
      { key: 'triage', count: 0 },
      { key: 'assigned', count: 4 },
      { key: 'returned', count: 0 },
      { key: 'accepted', count: 0 },
      { key: 'investigating', count: 2 },
      { key: 'disposing', count: 0 },
      { key: 'concluded', count: 4 },
      { key: 'closed', count: 0 },
    ]);
    expect(totalCases(stats)).toBe(10);
    expect(totalCases({ byStatus: {} })).toBe(0);
  });

  it('orders categories as the report form does, unknown ones after', () => {
    expect(categoryCounts(stats).map((c) => `${c.key}:${c.count}`)).toEqual([
      'online_extortion:7',
      'paid_deletion:3',
      'paid_posting:0',
      'fake_news_outlet:0',
      'other:0',
      'future_category:1',
    ]);
  });

  it('splits the rate into its parts, open overdue among the late', () => {
    const parts = onTimeParts(stats);
    const inRate = parts.filter((p) => p.inRate).reduce((sum, p) => sum + p.count, 0);
    expect(inRate).toBe(stats.concludedOnTime + stats.late);
    expect(stats.concludedOnTime / inRate).toBe(stats.onTimeRate);
    expect(parts.find((p) => !p.inRate)?.count).toBe(4);
  });

  it('formats the rate as a percentage, or nothing when no case is decided', () => {
    expect(formatRate(0.875, 'en')).toBe('87.5%');
    expect(formatRate(1, 'zh-CN')).toBe('100%');
    expect(formatRate(2 / 3, 'en')).toBe('66.7%');
    expect(formatRate(null, 'en')).toBeNull();
  });
});
