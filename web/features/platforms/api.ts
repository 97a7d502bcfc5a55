import { CONTACT_CHANNELS, type ContactChannel } from '../../../contracts/deletion-requests';
import { CSRF_HEADER } from '../../../contracts/orgs';
import { sendJson } from '../../shared/http';
import { currentCsrfToken, queryString, staffGet, staffSend } from '../auth/client';

/** The server's words for deletion requests (`server/modules/platforms/deletion-requests.ts`). */
export const REQUESTER_KINDS = ['individual', 'enterprise', 'agent', 'government', 'court'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];
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
export type DeletionChannel = 'workbench' | 'api' | 'import';
export { CONTACT_CHANNELS, type ContactChannel };
export const REVIEW_STEPS = ['identity', 'authority', 'legal_basis'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];
export type DeletionAction = 'review' | 'approve' | 'reject' | 'execute' | 'refer';
export type AuthorityAnswer = 'yes' | 'no' | 'unknown';
/** At or above this risk score a request is high risk (the server's `HIGH_RISK`). */
export const HIGH_RISK = 60;

export type Words = { 'zh-CN': string; en: string };

/** A signal of paid deletion, explained in words by the server. */
export interface DeletionSignal {
  code: string;
  severity: 'low' | 'medium' | 'high';
  words: Words;
}

/** A deletion request as the website's log lists it. */
export interface DeletionRequestSummary {
  id: string;
  websiteOrgId: string;
  websiteName: string;
  /** How the request entered Qinglang. */
  channel: DeletionChannel;
  /** How the requester reached the website; null when not recorded. */
  contactChannel: ContactChannel | null;
  requesterKind: RequesterKind;
  requesterName: string;
  requesterContact: string | null;
  principalName: string | null;
  principalUscc: string | null;
  /** The protection registry's answer for the enterprise named; null when none was named. */
  authorityAnswer: AuthorityAnswer | null;
  authorizationDocument: string | null;
  targetUrls: string[];
  reason: string;
  legalBasisCited: string | null;
  money: string | null;
  status: DeletionStatus;
  riskScore: number;
  highRisk: boolean;
  signals: DeletionSignal[];
  decisionProvisions: string[];
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  executedAt: string | null;
  executionNote: string | null;
  referredReportId: string | null;
  receivedAt: string;
  updatedAt: string;
}

export interface DeletionReview {
  step: ReviewStep;
  passed: boolean;
  criteriaVersion: number | null;
  answers: { criterionId: string; met: boolean; note: string | null }[];
  note: string | null;
  reviewerId: string | null;
  reviewedAt: string;
}

/** One request with its review, timeline and what the caller may do now. */
export interface DeletionRequestDetail {
  request: DeletionRequestSummary;
  nextStep: ReviewStep | null;
  criteriaVersion: number | null;
  actions: DeletionAction[];
  reviews: DeletionReview[];
  timeline: {
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorType: string;
    actorId: string | null;
    note: string | null;
    occurredAt: string;
  }[];
}

export interface DeletionRequestPage {
  items: DeletionRequestSummary[];
  /** Requests by status under the same filter (all pages). */
  counts: Record<string, number>;
  nextCursor: string | null;
}

export type DeletionScope = 'website' | 'region';

export interface DeletionFilter {
  scope: DeletionScope;
  status?: DeletionStatus[];
  requesterKind?: RequesterKind[];
  requesterName?: string;
  minRisk?: number;
  /** Received on or after this day (`YYYY-MM-DD`, China Standard Time). */
  receivedFrom?: string;
  /** Received on or before this day (`YYYY-MM-DD`, China Standard Time). */
  receivedTo?: string;
}

export interface NewDeletionRequest {
  requesterKind: RequesterKind;
  requesterName: string;
  requesterContact?: string;
  contactChannel?: ContactChannel;
  requesterIdNumber?: string;
  requesterPhone?: string;
  principalName?: string;
  principalUscc?: string;
  authorizationDocument?: string;
  targetUrls: string[];
  reason: string;
  legalBasisCited?: string;
  money?: string;
}

export interface ComplianceItem {
  websiteId: string;
  websiteName: string;
  score: number;
  total: number;
  decided: number;
  decidedOnTime: number;
  pendingOverdue: number;
  highRisk: number;
  highRiskApproved: number;
  highRiskReferred: number;
  findings: { code: string; penalty: number; words: Words }[];
}

export interface Compliance {
  since: string;
  until: string | null;
  truncated: boolean;
  items: ComplianceItem[];
}

export const deletionKeys = {
  all: ['deletion-requests'] as const,
  list: (filter: DeletionFilter) => ['deletion-requests', 'list', filter] as const,
  detail: (id: string) => ['deletion-requests', 'detail', id] as const,
  compliance: (scope: DeletionScope, month: string | null) => ['deletion-requests', 'compliance', scope, month] as const,
};

const requestPath = (id: string) => `/api/v1/deletion-requests/${encodeURIComponent(id)}`;

/** A page of the log, newest first; repeated query parameters for the lists. */
export function fetchDeletionRequests(filter: DeletionFilter, before: string | null, signal?: AbortSignal): Promise<DeletionRequestPage> {
  const search = new URLSearchParams(
    queryString({
      scope: filter.scope,
      requesterName: filter.requesterName,
      minRisk: filter.minRisk,
      receivedFrom: filter.receivedFrom,
      receivedTo: filter.receivedTo,
      before,
      limit: 50,
    }).slice(1),
  );
  for (const status of filter.status ?? []) search.append('status', status);
  for (const kind of filter.requesterKind ?? []) search.append('requesterKind', kind);
  return staffGet<DeletionRequestPage>(`/api/v1/deletion-requests?${search.toString()}`, signal);
}

export const fetchDeletionRequest = (id: string, signal?: AbortSignal) => staffGet<DeletionRequestDetail>(requestPath(id), signal);

/** Records a request; the key makes a retried submission store it once. */
export function createDeletionRequest(body: NewDeletionRequest, idempotencyKey: string): Promise<DeletionRequestDetail> {
  const token = currentCsrfToken();
  return sendJson<DeletionRequestDetail>('POST', '/api/v1/deletion-requests', body, {
    headers: { 'Idempotency-Key': idempotencyKey, ...(token ? { [CSRF_HEADER]: token } : {}) },
  });
}

export const importDeletionRequests = (body: { rows: unknown[] } | { csv: string }) =>
  staffSend<{ total: number; stored: number; ids: string[] }>('POST', '/api/v1/deletion-requests/import', body);

export const reviewDeletionRequest = (
  id: string,
  body: { step: ReviewStep; passed: boolean; answers: { criterionId: string; met: boolean }[]; note?: string },
) => staffSend<DeletionRequestDetail>('POST', `${requestPath(id)}/reviews`, body);

export const decideDeletionRequest = (id: string, body: { decision: 'approve' | 'reject'; provisionCodes: string[]; note?: string }) =>
  staffSend<DeletionRequestDetail>('POST', `${requestPath(id)}/decision`, body);

export const executeDeletionRequest = (id: string, note?: string) =>
  staffSend<DeletionRequestDetail>('POST', `${requestPath(id)}/execute`, note ? { note } : {});

/** Sends the request to the reporting centre's triage queue as a clue. */
export const referDeletionRequest = (id: string, note?: string) =>
  staffSend<DeletionRequestDetail>('POST', `${requestPath(id)}/refer`, note ? { note } : {});

export const fetchCompliance = (scope: DeletionScope, month: string | null, signal?: AbortSignal) =>
  staffGet<Compliance>(`/api/v1/deletion-requests/compliance${queryString({ scope, month })}`, signal);

/** The address of the monthly export (a plain GET with the session cookie downloads it). */
export const complianceExportUrl = (format: 'csv' | 'xlsx', scope: DeletionScope, month: string | null) =>
  `/api/v1/deletion-requests/compliance/export${queryString({ format, scope, month })}`;

/** The words in the reader's language. */
export const wordsIn = (words: Words, language: string) => (language.startsWith('en') ? words.en : words['zh-CN']);
