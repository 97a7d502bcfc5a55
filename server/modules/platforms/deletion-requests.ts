/**
 * Deletion requests at a website (mechanism 6): the words, the lifecycle and the signals of paid
 * deletion. Pure functions only; the service brings the counts from the database.
 */
import type { ContactChannel } from '../../../contracts/deletion-requests';

export { CONTACT_CHANNELS, type ContactChannel } from '../../../contracts/deletion-requests';

export const REQUESTER_KINDS = ['individual', 'enterprise', 'agent', 'government', 'court'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

/** A requester kind in the words of the triage queue, where a referred request becomes a clue. */
export const REQUESTER_KIND_WORDS_ZH: Record<RequesterKind, string> = {
  individual: '个人',
  enterprise: '企业',
  agent: '中介或公关公司',
  government: '政府机关',
  court: '法院',
};

/** How the requester reached the website, in the words of a clue referred to the reporting centre. */
export const CONTACT_CHANNEL_WORDS_ZH: Record<ContactChannel, string> = {
  web_form: '网页表单',
  email: '电子邮件',
  phone: '电话',
  letter: '信函',
  in_person: '当面',
  platform_message: '站内信',
  other: '其他',
};

/** How the request entered Qinglang: typed on the workbench, sent by the website's system, or imported. */
export const DELETION_CHANNELS = ['workbench', 'api', 'import'] as const;
export type DeletionChannel = (typeof DELETION_CHANNELS)[number];

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant a calendar day (`YYYY-MM-DD`) begins in China Standard Time, or null when no such day exists. */
export function beijingDayStart(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, day);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return new Date(utc - BEIJING_OFFSET_MS);
}

/**
 * The instants of received dates `from`..`to` (China Standard Time, both days included): `since`
 * inclusive, `until` exclusive (the start of the day after `to`). Answers which end is wrong instead
 * when a date does not exist or `from` is after `to`.
 */
export function receivedBetween(
  from: string | undefined,
  to: string | undefined,
): { since?: string; until?: string } | { problem: 'receivedFrom' | 'receivedTo' | 'order' } {
  const start = from === undefined ? undefined : beijingDayStart(from);
  if (start === null) return { problem: 'receivedFrom' };
  const end = to === undefined ? undefined : beijingDayStart(to);
  if (end === null) return { problem: 'receivedTo' };
  if (start && end && start.getTime() > end.getTime()) return { problem: 'order' };
  return {
    ...(start ? { since: start.toISOString() } : {}),
    ...(end ? { until: new Date(end.getTime() + DAY_MS).toISOString() } : {}),
  };
}

export const DELETION_STATUSES = [
  'received',
  'identity_checked',
  'authority_checked',
  'legal_basis_checked',
  'approved',
  'rejected',
  'executed',
] as const;
export type DeletionStatus = (typeof DELETION_STATUSES)[number];

/** The review steps in their order, and the status each one leads to when it is recorded. */
export const REVIEW_STEPS = ['identity', 'authority', 'legal_basis'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

const STEP_FROM: Record<ReviewStep, DeletionStatus> = {
  identity: 'received',
  authority: 'identity_checked',
  legal_basis: 'authority_checked',
};
const STEP_TO: Record<ReviewStep, DeletionStatus> = {
  identity: 'identity_checked',
  authority: 'authority_checked',
  legal_basis: 'legal_basis_checked',
};

export type DeletionAction = 'review' | 'approve' | 'reject' | 'execute' | 'refer';

/** The step the request waits for, or null once the review is over. */
export function nextReviewStep(status: DeletionStatus): ReviewStep | null {
  return REVIEW_STEPS.find((step) => STEP_FROM[step] === status) ?? null;
}

/**
 * The status after an action, or null when the action does not fit. Steps go in order; a request
 * can be rejected at any point of the review but approved only after every step; only an approved
 * request is executed. Referral does not change the status (the website still decides).
 */
export function transition(status: DeletionStatus, action: DeletionAction, step?: ReviewStep): DeletionStatus | null {
  switch (action) {
    case 'review':
      return step !== undefined && STEP_FROM[step] === status ? STEP_TO[step] : null;
    case 'approve':
      return status === 'legal_basis_checked' ? 'approved' : null;
    case 'reject':
      return ['received', 'identity_checked', 'authority_checked', 'legal_basis_checked'].includes(status) ? 'rejected' : null;
    case 'execute':
      return status === 'approved' ? 'executed' : null;
    case 'refer':
      return status;
  }
}

/**
 * Four eyes: the approver must be someone other than whoever checked the requester's identity or
 * the legal basis. Returns whether `approverId` may approve.
 */
export function fourEyesAllows(approverId: string, reviews: readonly { step: ReviewStep; reviewerId: string | null }[]): boolean {
  return !reviews.some((r) => (r.step === 'identity' || r.step === 'legal_basis') && r.reviewerId === approverId);
}

export const SIGNAL_CODES = [
  'intermediary',
  'not_authorized',
  'principal_unregistered',
  'money_mentioned',
  'requester_burst',
  'requester_across_websites',
  'reviewer_approves_many',
  'critical_reporting',
] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];
export type Severity = 'low' | 'medium' | 'high';

export interface Signal {
  code: SignalCode;
  severity: Severity;
  words: { 'zh-CN': string; en: string };
}

/** What the signals look at of a request. */
export interface SignalInput {
  requesterKind: RequesterKind;
  /** The protection registry's answer for the enterprise the requester names; null when none is named. */
  authority: 'yes' | 'no' | 'unknown' | null;
  principalName: string | null;
  money: string | null;
  reason: string;
  legalBasisCited: string | null;
}

/** Counts the service reads before deciding the signals. */
export interface SignalCounts {
  /** Requests by the same requester at this website in the last 30 days, this one included. */
  requesterAtWebsite: number;
  /** Websites the same requester sent requests to in the last 30 days, this one included. */
  requesterWebsites: number;
  /** Approvals by the approver in the last 7 days (only at decision time). */
  approverApprovals?: number;
}

export const BURST_AT_WEBSITE = 5;
export const BURST_WEBSITES = 3;
export const APPROVALS_PER_WEEK = 20;

const MONEY_WORDS =
  /(\d[\d,.]*\s*(元|万|块|rmb|cny|yuan)|[¥￥]\s*\d|付费|收费|费用|报酬|酬金|好处费|转账|打款|红包|支付宝|微信支付|pay(ment)?\b|fee\b|\bpaid\b)/i;
const CRITICAL_WORDS =
  /(负面|曝光|批评|质疑|舆情|舆论|维权|投诉|举报|揭露|调查报道|negative|critical|criticism|complaint|expos[eé]|whistle)/i;

export function intermediarySignal(input: SignalInput): Signal | null {
  if (input.requesterKind !== 'agent') return null;
  return {
    code: 'intermediary',
    severity: 'medium',
    words: {
      'zh-CN': '请求人是中介或公关公司，而不是信息涉及的当事人本人。',
      en: 'The requester is an intermediary (agency or PR firm), not the party the content is about.',
    },
  };
}

export function authoritySignal(input: SignalInput): Signal | null {
  if (input.authority === 'no')
    return {
      code: 'not_authorized',
      severity: 'high',
      words: {
        'zh-CN': `请求人不是${input.principalName ?? '所称企业'}在企业保护登记中登记的授权代表。`,
        en: `The requester is not an authorized representative registered for ${input.principalName ?? 'the enterprise named'}.`,
      },
    };
  if (input.authority === 'unknown')
    return {
      code: 'principal_unregistered',
      severity: 'low',
      words: {
        'zh-CN': '所称企业未在企业保护登记中登记授权代表，无法核实请求人的代理权限。',
        en: 'The enterprise named has no representatives on the protection registry, so the authority cannot be verified.',
      },
    };
  return null;
}

export function moneySignal(input: SignalInput): Signal | null {
  const text = `${input.reason}\n${input.legalBasisCited ?? ''}`;
  if (!input.money?.trim() && !MONEY_WORDS.test(text)) return null;
  return {
    code: 'money_mentioned',
    severity: 'high',
    words: {
      'zh-CN': '请求中提到了金钱或付款，可能是有偿删帖。',
      en: 'The request mentions money or payment, which may mean paid deletion.',
    },
  };
}

export function burstSignals(counts: SignalCounts): Signal[] {
  const out: Signal[] = [];
  if (counts.requesterAtWebsite >= BURST_AT_WEBSITE)
    out.push({
      code: 'requester_burst',
      severity: 'medium',
      words: {
        'zh-CN': `同一请求人 30 天内向本网站提出了 ${counts.requesterAtWebsite} 次删帖请求。`,
        en: `The same requester sent ${counts.requesterAtWebsite} deletion requests to this website in 30 days.`,
      },
    });
  if (counts.requesterWebsites >= BURST_WEBSITES)
    out.push({
      code: 'requester_across_websites',
      severity: 'high',
      words: {
        'zh-CN': `同一请求人 30 天内向 ${counts.requesterWebsites} 家网站提出了删帖请求。`,
        en: `The same requester sent deletion requests to ${counts.requesterWebsites} websites in 30 days.`,
      },
    });
  return out;
}

export function reviewerSignal(counts: SignalCounts): Signal | null {
  if ((counts.approverApprovals ?? 0) < APPROVALS_PER_WEEK) return null;
  return {
    code: 'reviewer_approves_many',
    severity: 'medium',
    words: {
      'zh-CN': `批准人 7 天内批准了 ${counts.approverApprovals} 件删帖请求，明显偏多。`,
      en: `The approver approved ${counts.approverApprovals} deletion requests in 7 days, unusually many.`,
    },
  };
}

export function criticalReportingSignal(input: SignalInput): Signal | null {
  if (!CRITICAL_WORDS.test(input.reason)) return null;
  return {
    code: 'critical_reporting',
    severity: 'medium',
    words: {
      'zh-CN': '目标内容似乎是对请求方的批评、投诉或曝光，可能涉及公共利益。',
      en: 'The target appears to be critical reporting or a complaint about the claimant, possibly in the public interest.',
    },
  };
}

/** Every signal that applies, in a stable order. */
export function deletionSignals(input: SignalInput, counts: SignalCounts): Signal[] {
  return [
    intermediarySignal(input),
    authoritySignal(input),
    moneySignal(input),
    ...burstSignals(counts),
    reviewerSignal(counts),
    criticalReportingSignal(input),
  ].filter((s): s is Signal => s !== null);
}

const WEIGHT: Record<Severity, number> = { low: 10, medium: 25, high: 40 };

/** The risk score, 0–100: the signals' weights added up, capped. */
export function riskScore(signals: readonly Signal[]): number {
  return Math.min(
    100,
    signals.reduce((sum, s) => sum + WEIGHT[s.severity], 0),
  );
}

/** At or above this score a request is high risk; at or above the second it is referred as a clue by rule. */
export const HIGH_RISK = 60;
export const AUTO_REFER = 80;
