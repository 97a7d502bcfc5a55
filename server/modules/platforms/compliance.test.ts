import { describe, expect, it } from 'vitest';
import { type RequestFacts, compliancePeriod, evaluateCompliance } from './compliance';

const NOW = new Date('2026-11-28T00:00:00.000Z');
const day = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const req = (over: Partial<RequestFacts>): RequestFacts => ({
  status: 'rejected',
  riskScore: 0,
  receivedAt: day(10),
  decidedAt: day(9),
  referred: false,
  ...over,
});

describe('compliance evaluation', () => {
  it('gives a clean log 100 and no findings, an empty log too', () => {
    expect(evaluateCompliance([req({})], NOW, 60)).toMatchObject({ score: 100, findings: [] });
    expect(evaluateCompliance([], NOW, 60)).toMatchObject({ score: 100, total: 0 });
  });

  it.each([
    ['a slow decision', [req({ decidedAt: day(1) })], 'slow_decisions', 30],
    ['an overdue request', [req({ decidedAt: null, status: 'received' })], 'overdue_pending', 20],
    ['an approved high-risk request, referred', [req({ riskScore: 80, status: 'approved', referred: true })], 'high_risk_approved', 30],
    ['a high-risk request not referred', [req({ riskScore: 60 })], 'high_risk_not_referred', 20],
  ] as [string, RequestFacts[], string, number][])('takes points off for %s, in words', (_, requests, code, penalty) => {
    const result = evaluateCompliance(requests, NOW, 60);
    expect(result.findings).toMatchObject([{ code, penalty }]);
    expect(result.score).toBe(100 - penalty);
    expect(result.findings[0]!.words['zh-CN']).toMatch(/件/);
  });

  it('weighs by share', () => {
    const result = evaluateCompliance([req({ decidedAt: day(1) }), req({}), req({}), req({})], NOW, 60);
    expect(result).toMatchObject({ decided: 4, decidedOnTime: 3, score: 92 });
  });
});

describe('compliance period', () => {
  it('covers the last 90 days when no month is asked for', () => {
    expect(compliancePeriod(undefined, NOW)).toEqual({ since: '2026-08-30T00:00:00.000Z', until: null });
  });

  it('covers a calendar month in China Standard Time', () => {
    expect(compliancePeriod('2026-11', NOW)).toEqual({ since: '2026-10-31T16:00:00.000Z', until: '2026-11-30T16:00:00.000Z' });
    expect(compliancePeriod('2025-12', NOW)).toEqual({ since: '2025-11-30T16:00:00.000Z', until: '2025-12-31T16:00:00.000Z' });
  });

  it('refuses a month that has not begun, even when it has begun in UTC but not in China or the other way round', () => {
    expect(compliancePeriod('2026-12', NOW)).toBeNull();
    // 2026-11-30T16:00Z is already December in China.
    expect(compliancePeriod('2026-12', new Date('2026-11-30T16:00:00.000Z'))).not.toBeNull();
    expect(compliancePeriod('2026-12', new Date('2026-11-30T15:59:59.999Z'))).toBeNull();
  });
});
