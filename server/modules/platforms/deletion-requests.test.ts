import { describe, expect, it } from 'vitest';
import {
  type DeletionAction,
  type DeletionStatus,
  type ReviewStep,
  type SignalInput,
  AUTO_REFER,
  CONTACT_CHANNELS,
  HIGH_RISK,
  beijingDayStart,
  deletionSignals,
  fourEyesAllows,
  nextReviewStep,
  receivedBetween,
  riskScore,
  transition,
} from './deletion-requests';
import { checkRequestInput, parseCsv } from './platforms.service';

const base: SignalInput = {
  requesterKind: 'individual',
  authority: null,
  principalName: null,
  money: null,
  reason: '帖子内容泄露了我的住址和电话',
  legalBasisCited: null,
};
const quiet = { requesterAtWebsite: 1, requesterWebsites: 1 };
const codes = (input: Partial<SignalInput>, counts: Partial<typeof quiet & { approverApprovals: number }> = {}) =>
  deletionSignals({ ...base, ...input }, { ...quiet, ...counts }).map((s) => s.code);

describe('deletion request lifecycle', () => {
  const cases: [DeletionStatus, DeletionAction, ReviewStep | undefined, DeletionStatus | null][] = [
    ['received', 'review', 'identity', 'identity_checked'],
    ['received', 'review', 'authority', null],
    ['received', 'review', 'legal_basis', null],
    ['identity_checked', 'review', 'authority', 'authority_checked'],
    ['authority_checked', 'review', 'legal_basis', 'legal_basis_checked'],
    ['legal_basis_checked', 'review', 'identity', null],
    ['received', 'approve', undefined, null],
    ['authority_checked', 'approve', undefined, null],
    ['legal_basis_checked', 'approve', undefined, 'approved'],
    ['received', 'reject', undefined, 'rejected'],
    ['legal_basis_checked', 'reject', undefined, 'rejected'],
    ['approved', 'reject', undefined, null],
    ['approved', 'execute', undefined, 'executed'],
    ['rejected', 'execute', undefined, null],
    ['executed', 'execute', undefined, null],
    ['rejected', 'refer', undefined, 'rejected'],
  ];
  it.each(cases)('%s --%s(%s)--> %s', (from, action, step, to) => {
    expect(transition(from, action, step)).toBe(to);
  });

  it('names the step a request waits for', () => {
    expect(nextReviewStep('received')).toBe('identity');
    expect(nextReviewStep('identity_checked')).toBe('authority');
    expect(nextReviewStep('authority_checked')).toBe('legal_basis');
    expect(nextReviewStep('legal_basis_checked')).toBeNull();
    expect(nextReviewStep('executed')).toBeNull();
  });

  it('keeps four eyes: whoever checked identity or legal basis cannot approve', () => {
    const reviews = [
      { step: 'identity' as const, reviewerId: 'a' },
      { step: 'authority' as const, reviewerId: 'b' },
      { step: 'legal_basis' as const, reviewerId: 'c' },
    ];
    expect(fourEyesAllows('a', reviews)).toBe(false);
    expect(fourEyesAllows('c', reviews)).toBe(false);
    expect(fourEyesAllows('b', reviews)).toBe(true);
    expect(fourEyesAllows('d', reviews)).toBe(true);
  });
});

describe('paid-deletion signals', () => {
  it.each([
    ['a plain request', {}, {}, []],
    ['an intermediary', { requesterKind: 'agent' }, {}, ['intermediary']],
    ['not an authorized representative', { authority: 'no', principalName: '某公司' }, {}, ['not_authorized']],
    ['an authorized representative', { authority: 'yes' }, {}, []],
    ['an unregistered enterprise', { authority: 'unknown' }, {}, ['principal_unregistered']],
    ['money in its own field', { money: '两万元' }, {}, ['money_mentioned']],
    ['money in the reason', { reason: '可以支付 5000 元服务费' }, {}, ['money_mentioned']],
    ['money in English', { reason: 'We will pay a fee for removal' }, {}, ['money_mentioned']],
    ['a burst at the website', {}, { requesterAtWebsite: 5 }, ['requester_burst']],
    ['a burst across websites', {}, { requesterWebsites: 3 }, ['requester_across_websites']],
    ['an approver who approves many', {}, { approverApprovals: 20 }, ['reviewer_approves_many']],
    ['critical reporting', { reason: '该文章是对我公司的负面报道，要求删除' }, {}, ['critical_reporting']],
  ] as [string, Partial<SignalInput>, Partial<typeof quiet & { approverApprovals: number }>, string[]][])(
    '%s',
    (_, input, counts, expected) => {
      expect(codes(input, counts)).toEqual(expected);
    },
  );

  it('explains every signal in both languages', () => {
    const all = deletionSignals(
      { ...base, requesterKind: 'agent', authority: 'no', money: '1万', reason: '负面曝光' },
      { requesterAtWebsite: 9, requesterWebsites: 4, approverApprovals: 30 },
    );
    expect(all).toHaveLength(7);
    for (const s of all) {
      expect(s.words['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(s.words.en).toMatch(/[a-z]/);
    }
  });

  it('scores risk by severity, capped at 100', () => {
    expect(riskScore([])).toBe(0);
    const intermediary = deletionSignals({ ...base, requesterKind: 'agent' }, quiet);
    expect(riskScore(intermediary)).toBe(25);
    const paidByAgent = deletionSignals({ ...base, requesterKind: 'agent', money: '5000元', authority: 'no' }, quiet);
    expect(riskScore(paidByAgent)).toBeGreaterThanOrEqual(AUTO_REFER);
    expect(riskScore(deletionSignals({ ...base, money: '5000元', authority: 'no' }, quiet))).toBeGreaterThanOrEqual(HIGH_RISK);
    expect(
      riskScore(
        deletionSignals(
          { ...base, requesterKind: 'agent', authority: 'no', money: '1', reason: '负面' },
          { requesterAtWebsite: 9, requesterWebsites: 9 },
        ),
      ),
    ).toBe(100);
  });
});

describe('received dates in China Standard Time', () => {
  it('turns days into instants: from the start of the first day to the start of the day after the last', () => {
    expect(receivedBetween('2026-11-28', '2026-11-28')).toEqual({
      since: '2026-11-27T16:00:00.000Z',
      until: '2026-11-28T16:00:00.000Z',
    });
    expect(receivedBetween(undefined, '2026-12-31')).toEqual({ until: '2026-12-31T16:00:00.000Z' });
    expect(receivedBetween(undefined, undefined)).toEqual({});
  });

  it('names the wrong end: a day that does not exist, or a range that runs backwards', () => {
    expect(receivedBetween('2026-02-30', undefined)).toEqual({ problem: 'receivedFrom' });
    expect(receivedBetween('2026-02-28', '2026-13-01')).toEqual({ problem: 'receivedTo' });
    expect(receivedBetween('2026-11-29', '2026-11-28')).toEqual({ problem: 'order' });
    expect(beijingDayStart('2026-11-28')?.toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(beijingDayStart('28.11.2026')).toBeNull();
  });
});

describe('reading an import', () => {
  it('takes the contact channel from a CSV column and checks it like any field', () => {
    const [first, second] = parseCsv(
      [
        'requesterKind,requesterName,contactChannel,targetUrls,reason',
        'individual,陈一,in_person,https://bbs.example.cn/a,请删除',
        'individual,陈二,pigeon,https://bbs.example.cn/b,请删除',
      ].join('\n'),
    );
    expect(first).toMatchObject({ contactChannel: 'in_person' });
    const row = (record: Record<string, string>) => ({ ...record, targetUrls: [record.targetUrls] });
    expect(checkRequestInput(row(first!), 'rows.0.').input).toMatchObject({ requesterName: '陈一', contactChannel: 'in_person' });
    expect(checkRequestInput(row(second!), 'rows.1.').problems).toEqual([
      { field: 'rows.1.contactChannel', key: 'enum', params: { allowed: CONTACT_CHANNELS.join(', ') } },
    ]);
    expect(checkRequestInput({ ...row(first!), contactChannel: '' }).input?.contactChannel).toBeUndefined();
  });
});
