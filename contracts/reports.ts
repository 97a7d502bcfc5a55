/**
 * Report vocabulary shared by the server and the web front end. The words follow DESIGN.md.
 */

/** What a report is about. */
export const REPORT_CATEGORIES = ['online_extortion', 'paid_deletion', 'paid_posting', 'fake_news_outlet', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Report lifecycle: received → under review → accepted | merged as duplicate | not accepted. */
export const REPORT_STATUSES = ['received', 'under_review', 'accepted', 'merged', 'not_accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The ways money was demanded or paid. */
export const PAYMENT_CHANNELS = ['bank_transfer', 'alipay', 'wechat_pay', 'cash', 'crypto', 'other'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** Who filed the report. */
export const REPORTER_KINDS = ['anonymous', 'individual', 'enterprise'] as const;
/** Where a report came from: the public form, an enterprise's desk, or a deletion request a website referred. */
export const REPORT_SOURCES = ['public', 'enterprise', 'website'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/** A reporter's phone as typed (after NFKC and trimming): a digit or `+` first, then digits, spaces, dashes or brackets. */
export const REPORTER_PHONE_PATTERN = /^[+\d][\d\s\-()]{2,38}$/;

export const DESCRIPTION_MIN_LENGTH = 20;
export const DESCRIPTION_MAX_LENGTH = 20_000;
export const TARGET_URLS_MAX = 50;

/** Header carrying the reporter's access key on the tracking endpoint. */
export const ACCESS_KEY_HEADER = 'x-access-key';
/** Header carrying the solved ALTCHA proof-of-work payload on report submissions. */
export const CHALLENGE_HEADER = 'x-altcha';

/** What `POST /api/v1/reports` answers (201). */
export interface ReportReceipt {
  trackingCode: string;
  accessKey: string;
  status: ReportStatus;
  receivedAt: string;
  evidence: { fileName: string; sha256: string; size: number; mediaType: string }[];
}

/** One public step on the tracking page. */
export interface ReportStep {
  status: ReportStatus | 'note';
  at: string;
  /** Plain words for the reporter, in the language asked for. */
  title: string;
  note: string | null;
}

/** What `GET /api/v1/reports/{trackingCode}` answers to the holder of the access key. */
export interface ReportTracking {
  trackingCode: string;
  category: ReportCategory;
  status: ReportStatus;
  /** The status in plain words. */
  statusText: string;
  receivedAt: string;
  updatedAt: string;
  steps: ReportStep[];
  result: { code: string; text: string; note: string | null } | null;
  evidenceCount: number;
}

/**
 * Whether a target address is an absolute http(s) URL with a host. Any such address is accepted,
 * also on an IP address or an unknown top-level domain: offenders use both.
 */
export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
