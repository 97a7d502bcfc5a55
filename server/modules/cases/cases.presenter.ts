import type { RoutingDecision } from '../../../contracts/cases';
import type { CaseEventRow, CaseRow } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { OPEN_STATUSES } from './case-lifecycle';
import type { CaseAgency, listCaseReports } from './cases.repository';
import type { CaseStatus } from '../../../contracts/cases-lifecycle';

const iso = (value: Date | string | null) => (value === null ? null : toIsoString(value));

/** A case in a list. */
export function presentCaseSummary(row: CaseRow, now: Date = new Date()) {
  const concludeDue = iso(row.conclude_due);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    category: row.category,
    regionCode: row.region_code,
    priority: row.priority,
    tags: JSON.parse(row.tags) as string[],
    status: row.status,
    leadOrgId: row.lead_org_id,
    openedAt: toIsoString(row.opened_at),
    firstResponseDue: iso(row.first_response_due),
    concludeDue,
    overdue: OPEN_STATUSES.includes(row.status as CaseStatus) && concludeDue !== null && new Date(concludeDue) < now,
    resultCode: row.result_code,
  };
}

/** A case page: the case, its agencies, its reports (never the reporter's identity), its timeline. */
export function presentCase(
  detail: {
    case: CaseRow;
    agencies: CaseAgency[];
    reports: Awaited<ReturnType<typeof listCaseReports>>;
    events: (CaseEventRow & { actor_org_name?: string | null })[];
  },
  actions: string[],
) {
  const row = detail.case;
  return {
    ...presentCaseSummary(row),
    summary: row.summary,
    targetKind: row.target_kind,
    moneyPaid: Number(row.money_paid) === 1,
    legalBasis: row.legal_basis,
    resultNote: row.result_note,
    extensions: row.extensions,
    firstRespondedAt: iso(row.first_responded_at),
    concludedAt: iso(row.concluded_at),
    closedAt: iso(row.closed_at),
    routing: row.routing_explanation ? (JSON.parse(row.routing_explanation) as RoutingDecision) : null,
    agencies: detail.agencies.map((a) => ({
      orgId: a.org_id,
      name: a.org_name,
      kind: a.org_kind,
      role: a.role,
      addedAt: toIsoString(a.added_at),
      reason: a.reason,
    })),
    reports: detail.reports.map((r) => ({
      id: r.id,
      trackingCode: r.tracking_code,
      category: r.category,
      description: r.description,
      platform: r.platform,
      targetUrls: JSON.parse(r.target_urls) as string[],
      money: r.money_amount ? { amount: Number(r.money_amount), currency: r.money_currency, channel: r.money_channel } : null,
      reporterKind: r.reporter_kind,
      receivedAt: toIsoString(r.received_at),
    })),
    timeline: detail.events.map((e) => ({
      id: e.id,
      type: e.type,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actorUserId: e.actor_user_id,
      actorOrgId: e.actor_org_id,
      actorOrgName: e.actor_org_name ?? null,
      reason: e.reason,
      legalBasis: e.legal_basis,
      internal: e.visible_to_org_id !== null,
      body: e.body,
      data: JSON.parse(e.data) as Record<string, unknown>,
      at: toIsoString(e.created_at),
    })),
    actions,
  };
}
