import type { IndicatorType } from '../../../contracts/indicators';
import type { ReportCategory, ReporterKind, ReportSource, ReportStatus } from '../../../contracts/reports';
import type { CaseStatus } from '../../../contracts/cases-lifecycle';
import { queryString, staffGet, staffSend } from '../auth/client';
import type { Money } from '../cases/api';

export const NOT_ACCEPTED_REASONS = ['out_of_scope', 'insufficient_information', 'not_substantiated'] as const;
export type NotAcceptedReason = (typeof NOT_ACCEPTED_REASONS)[number];

/** A report waiting in the triage queue. */
export interface QueuedReport {
  id: string;
  trackingCode: string;
  category: ReportCategory;
  status: 'received' | 'under_review';
  description: string;
  platform: string | null;
  money: Money | null;
  reporterKind: ReporterKind;
  /** Where the report came from; the triage queue marks those that are not the public's. */
  source: ReportSource;
  receivedAt: string;
  /** The report's indicators match a confirmed registry entity (correlation). */
  touchesConfirmedEntity?: boolean;
  confirmedEntities?: ConfirmedEntityRef[];
}

/** A confirmed registry entity a report's indicators match. */
export interface ConfirmedEntityRef {
  id: string;
  displayName: string;
  kind: string;
}

export interface TriageQueue {
  items: QueuedReport[];
  counts: Partial<Record<'received' | 'under_review', number>>;
  nextAfter: string | null;
}

/** One report as triage sees it, without the reporter's identity, and what it shares with others. */
export interface TriageReportDetail {
  report: {
    id: string;
    trackingCode: string;
    category: ReportCategory;
    status: ReportStatus;
    description: string;
    platform: string | null;
    occurredAt: string | null;
    targetUrls: string[];
    money: Money | null;
    reporterKind: ReporterKind;
    source: ReportSource;
    receivedAt: string;
    caseId: string | null;
    touchesConfirmedEntity?: boolean;
    confirmedEntities?: ConfirmedEntityRef[];
  };
  evidence: { position: number; sha256: string; fileName: string; mediaType: string; size: number }[];
  indicators: { type: IndicatorType; value: string; field: string }[];
  suggestions: {
    shared: { type: IndicatorType; value: string; reportIds: string[] }[];
    reports: {
      id: string;
      trackingCode: string;
      status: ReportStatus;
      category: ReportCategory;
      receivedAt: string;
      caseId: string | null;
    }[];
    cases: { id: string; number: string; status: CaseStatus; title: string; reportId: string }[];
  };
  /** Reports whose texts are nearly the same (MinHash), most similar first. */
  nearDuplicates: NearDuplicateReport[];
}

/** A report whose text is nearly the same as another's, with the estimated similarity (0–1). */
export interface NearDuplicateReport {
  reportId: string;
  trackingCode?: string;
  similarity: number;
}

/** The reporter's identity, shown only on request and recorded in the audit log. */
export interface RevealedReporter {
  reportId: string;
  kind: ReporterKind;
  contactConsent: boolean;
  identity: { name?: string; phone?: string; email?: string; enterprise?: { name: string; uscc: string } } | null;
}

export const triageKeys = {
  all: ['triage'] as const,
  queue: (category: ReportCategory | null) => ['triage', 'queue', category] as const,
  report: (id: string) => ['triage', 'report', id] as const,
};

export function fetchTriageQueue(category: ReportCategory | null, after: string | null, signal?: AbortSignal): Promise<TriageQueue> {
  return staffGet<TriageQueue>(`/api/v1/triage/reports${queryString({ category, after, limit: 50 })}`, signal);
}

export function fetchTriageReport(id: string, signal?: AbortSignal): Promise<TriageReportDetail> {
  return staffGet<TriageReportDetail>(`/api/v1/triage/reports/${encodeURIComponent(id)}`, signal);
}

export function startReview(reportIds: string[]): Promise<{ count: number }> {
  return staffSend<{ count: number }>('POST', '/api/v1/triage/reports/review', { reportIds });
}

export function markNotAccepted(body: { reportIds: string[]; reason: NotAcceptedReason; note?: string }): Promise<unknown> {
  return staffSend<unknown>('POST', '/api/v1/triage/reports/not-accepted', body);
}

export function markDuplicate(reportId: string, duplicateOf: string): Promise<void> {
  return staffSend<void>('POST', `/api/v1/triage/reports/${encodeURIComponent(reportId)}/duplicate`, { duplicateOf });
}

export function revealReporter(reportId: string, reason: string): Promise<RevealedReporter> {
  return staffSend<RevealedReporter>('POST', `/api/v1/reports/${encodeURIComponent(reportId)}/reporter/reveal`, { reason });
}
