import type { CasePriority, TargetKind } from '../../../contracts/cases';
import { CASE_ACTIONS, type CaseAction, type CaseResult, type CaseStatus } from '../../../contracts/cases-lifecycle';
import type { OrgKind } from '../../../contracts/orgs';
import type { ReportCategory, ReporterKind } from '../../../contracts/reports';
import { queryString, staffGet, staffSend } from '../auth/client';

/** Money a report mentions. */
export interface Money {
  amount: number;
  currency: string;
}

/** The moves of a case the server may offer; the case page shows a button for each one it lists. */
export { CASE_ACTIONS, type CaseAction };

/** A case as lists show it. */
export interface CaseSummary {
  id: string;
  number: string;
  title: string;
  category: ReportCategory;
  regionCode: string;
  priority: CasePriority;
  tags: string[];
  status: CaseStatus;
  leadOrgId: string | null;
  openedAt: string;
  firstResponseDue: string | null;
  concludeDue: string | null;
  overdue: boolean;
  resultCode: CaseResult | null;
}

export interface RoutedAgency {
  orgId: string;
  orgKind: OrgKind;
  regionCode: string;
  ruleId: string | null;
}

export interface CaseAgency {
  orgId: string;
  name: string;
  kind: OrgKind;
  role: 'lead' | 'assisting' | 'former_lead';
  addedAt: string;
  reason: string | null;
}

export interface CaseReport {
  id: string;
  trackingCode: string;
  category: ReportCategory;
  description: string;
  platform: string | null;
  targetUrls: string[];
  money: Money | null;
  reporterKind: ReporterKind;
  receivedAt: string;
}

export interface CaseEvent {
  id: string;
  type: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  actorUserId: string | null;
  actorOrgId: string | null;
  /** The acting organization's name (a website executing an order is not in the agency directory). */
  actorOrgName?: string | null;
  reason: string | null;
  legalBasis: string | null;
  internal: boolean;
  body: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

/** A case page: the case, its agencies, routing, reports, timeline, and what the caller may do. */
export interface CaseDetail extends CaseSummary {
  summary: string | null;
  targetKind: TargetKind | null;
  moneyPaid: boolean;
  legalBasis: string | null;
  resultNote: string | null;
  extensions: number;
  firstRespondedAt: string | null;
  concludedAt: string | null;
  closedAt: string | null;
  routing: {
    ruleId: string | null;
    ruleName: string | null;
    lead: RoutedAgency | null;
    assisting: RoutedAgency[];
    explanation: { key: string; params: Record<string, unknown> }[];
    override: { reason: string; leadOrgId?: string; assistingOrgIds?: string[] } | null;
  } | null;
  agencies: CaseAgency[];
  reports: CaseReport[];
  timeline: CaseEvent[];
  actions: string[];
}

export type CaseScope = 'mine' | 'region' | 'all';

export interface CaseFilter {
  scope: CaseScope;
  status?: CaseStatus;
  overdue?: boolean;
  q?: string;
}

export interface NewCase {
  reportIds: string[];
  title: string;
  category: ReportCategory;
  regionCode: string;
  priority: CasePriority;
  tags?: string[];
  targetKind?: TargetKind;
  targetFilingRegionCode?: string;
  moneyPaid: boolean;
  summary?: string;
  override?: { leadOrgId: string; assistingOrgIds: string[]; reason: string };
}

export interface TransitionBody {
  action: CaseAction;
  reason?: string;
  legalBasis?: string;
  resultCode?: CaseResult;
  resultNote?: string;
  transferToOrgId?: string;
  override?: { leadOrgId: string; assistingOrgIds: string[]; reason: string };
}

export const ORDER_KINDS = [
  'remove_post',
  'ban_account',
  'preserve_data',
  'investigate',
  'interview',
  'penalty',
  'licence_action',
  'block_access',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** What can be ordered of an organization of each kind; mirrors the server's rule (not yet in contracts/). */
export const ORDER_KINDS_BY_ORG_KIND: Partial<Record<OrgKind, readonly OrderKind[]>> = {
  website: ['remove_post', 'ban_account', 'preserve_data'],
  police: ['investigate'],
  regulator: ['interview', 'penalty', 'licence_action'],
  telecom_regulator: ['licence_action', 'block_access'],
  press_regulator: ['interview', 'penalty', 'licence_action'],
};

export interface NewOrder {
  executingOrgId: string;
  kind: OrderKind;
  targetUrls?: string[];
  legalBasis: string;
  instructions?: string;
  dueAt: string;
}

/** An organization as the directory lists it for naming and picking. */
export interface OrganizationEntry {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
}

export const caseKeys = {
  all: ['cases'] as const,
  list: (filter: CaseFilter) => ['cases', 'list', filter] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  organizations: (kind: OrgKind | null) => ['case-organizations', kind] as const,
};

const casePath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

export function fetchCases(
  filter: CaseFilter,
  before: string | null,
  signal?: AbortSignal,
): Promise<{ items: CaseSummary[]; total: number; nextBefore: string | null }> {
  return staffGet(
    `/api/v1/cases${queryString({
      scope: filter.scope,
      status: filter.status,
      overdue: filter.overdue ? 'true' : undefined,
      q: filter.q,
      before,
      limit: 50,
    })}`,
    signal,
  );
}

export function fetchCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  return staffGet<CaseDetail>(casePath(id), signal);
}

export function openCase(body: NewCase): Promise<CaseDetail> {
  return staffSend<CaseDetail>('POST', '/api/v1/cases', body);
}

export function joinCase(caseId: string, reportIds: string[]): Promise<void> {
  return staffSend<void>('POST', `${casePath(caseId)}/reports`, { reportIds });
}

export function transitionCase(id: string, body: TransitionBody): Promise<CaseDetail> {
  return staffSend<CaseDetail>('POST', `${casePath(id)}/transitions`, body);
}

export function commentOnCase(id: string, body: { body: string; internal: boolean }): Promise<void> {
  return staffSend<void>('POST', `${casePath(id)}/comments`, body);
}

export function requestAssistance(id: string, body: { orgId: string; reason: string }): Promise<void> {
  return staffSend<void>('POST', `${casePath(id)}/assistance`, body);
}

export function extendDeadline(id: string, reason: string): Promise<CaseDetail> {
  return staffSend<CaseDetail>('POST', `${casePath(id)}/extension`, { reason });
}

export function issueDisposalOrder(id: string, body: NewOrder): Promise<unknown> {
  return staffSend<unknown>('POST', `${casePath(id)}/orders`, body);
}

export async function fetchOrganizationEntries(kind: OrgKind | null, signal?: AbortSignal): Promise<OrganizationEntry[]> {
  return (await staffGet<{ items: OrganizationEntry[] }>(`/api/v1/organizations${queryString({ kind })}`, signal)).items;
}
