import type { Selectable } from 'kysely';
import type { DeletionRequestEventsTable, DeletionRequestReviewsTable, DeletionRequestSignalsTable } from '../../db/schema';
import { toIsoString } from '../../db/values';
import {
  type ContactChannel,
  type DeletionAction,
  type DeletionChannel,
  type DeletionStatus,
  HIGH_RISK,
  type RequesterKind,
  type ReviewStep,
  type SignalCode,
  nextReviewStep,
} from './deletion-requests';
import type { RequestWithWebsite } from './platforms.repository';

const iso = (value: Date | string | null) => (value === null ? null : toIsoString(value));

function presentSignal(row: Selectable<DeletionRequestSignalsTable>) {
  return {
    code: row.code as SignalCode,
    severity: row.severity as 'low' | 'medium' | 'high',
    words: { 'zh-CN': row.words_zh, en: row.words_en },
  };
}

/** What the website and the agencies above it see of a request (the requester's ID number is never kept). */
export function presentDeletionRequest(row: RequestWithWebsite, signals: Selectable<DeletionRequestSignalsTable>[]) {
  return {
    id: row.id,
    websiteOrgId: row.website_org_id,
    websiteName: row.website_name,
    channel: row.channel as DeletionChannel,
    contactChannel: row.contact_channel as ContactChannel | null,
    requesterKind: row.requester_kind as RequesterKind,
    requesterName: row.requester_name,
    requesterContact: row.requester_contact,
    principalName: row.principal_name,
    principalUscc: row.principal_uscc,
    authorityAnswer: row.authority_answer as 'yes' | 'no' | 'unknown' | null,
    authorizationDocument: row.authorization_document,
    targetUrls: JSON.parse(row.target_urls) as string[],
    reason: row.reason,
    legalBasisCited: row.legal_basis_cited,
    money: row.money,
    status: row.status as DeletionStatus,
    riskScore: Number(row.risk_score),
    highRisk: Number(row.risk_score) >= HIGH_RISK,
    signals: signals.filter((s) => s.request_id === row.id).map(presentSignal),
    decisionProvisions: JSON.parse(row.decision_provisions) as string[],
    decisionNote: row.decision_note,
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    executedAt: iso(row.executed_at),
    executionNote: row.execution_note,
    referredReportId: row.referred_report_id,
    receivedAt: toIsoString(row.received_at),
    updatedAt: toIsoString(row.updated_at),
  };
}

/** One request with its review, timeline and the caller's actions. */
export function presentDeletionRequestDetail(detail: {
  request: RequestWithWebsite;
  signals: Selectable<DeletionRequestSignalsTable>[];
  reviews: Selectable<DeletionRequestReviewsTable>[];
  events: Selectable<DeletionRequestEventsTable>[];
  actions: DeletionAction[];
  criteriaVersion: number | null;
}) {
  return {
    request: presentDeletionRequest(detail.request, detail.signals),
    nextStep: nextReviewStep(detail.request.status as DeletionStatus),
    criteriaVersion: detail.criteriaVersion,
    actions: detail.actions,
    reviews: detail.reviews.map((r) => ({
      step: r.step as ReviewStep,
      passed: Number(r.passed) === 1,
      criteriaVersion: r.criteria_version === null ? null : Number(r.criteria_version),
      answers: JSON.parse(r.answers) as { criterionId: string; met: boolean; note: string | null }[],
      note: r.note,
      reviewerId: r.reviewer_id,
      reviewedAt: toIsoString(r.reviewed_at),
    })),
    timeline: detail.events.map((e) => ({
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actorType: e.actor_type,
      actorId: e.actor_id,
      note: e.note,
      occurredAt: toIsoString(e.occurred_at),
    })),
  };
}
