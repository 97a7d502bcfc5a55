import { queryString, staffGet, staffSend } from '../auth/client';
import type { OrgKind } from '../../../contracts/orgs';
import type { OrderKind } from '../cases/api';

export const ORDER_STATUSES = ['issued', 'acknowledged', 'executed', 'verified', 'disputed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A disposal order (处置指令) as both the issuing and the executing organization see it. */
export interface DisposalOrder {
  id: string;
  caseId: string;
  caseNumber: string;
  issuingOrgId: string;
  /** Named by the server: a website's staff cannot look agencies up, nor agencies websites. */
  issuingOrgName: string;
  executingOrgId: string;
  executingOrgName: string;
  kind: OrderKind;
  targetUrls: string[];
  instructions: string | null;
  legalBasis: string;
  status: OrderStatus;
  dueAt: string;
  issuedAt: string;
  acknowledgedAt: string | null;
  executedAt: string | null;
  executionNote: string | null;
  proofUrls: string[];
  verifiedAt: string | null;
  disputeReason: string | null;
}

export type OrderSide = 'executing' | 'issuing';

/** An organization an agency can order, with the kinds of order that fit it. */
export interface ExecutingOrganization {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  orderKinds: OrderKind[];
}

export const orderKeys = {
  all: ['orders'] as const,
  list: (side: OrderSide, status: OrderStatus | null) => ['orders', side, status] as const,
  executingOrganizations: ['orders', 'executing-organizations'] as const,
};

export async function fetchExecutingOrganizations(signal?: AbortSignal): Promise<ExecutingOrganization[]> {
  return (await staffGet<{ items: ExecutingOrganization[] }>('/api/v1/orders/executing-organizations', signal)).items;
}

const orderPath = (id: string) => `/api/v1/orders/${encodeURIComponent(id)}`;

export async function fetchOrders(side: OrderSide, status: OrderStatus | null, signal?: AbortSignal): Promise<DisposalOrder[]> {
  return (await staffGet<{ items: DisposalOrder[] }>(`/api/v1/orders${queryString({ role: side, status })}`, signal)).items;
}

export function acknowledgeOrder(id: string): Promise<DisposalOrder> {
  return staffSend<DisposalOrder>('POST', `${orderPath(id)}/acknowledge`);
}

export function reportExecution(id: string, body: { note: string; proofUrls?: string[] }): Promise<DisposalOrder> {
  return staffSend<DisposalOrder>('POST', `${orderPath(id)}/execution`, body);
}

export function verifyOrder(id: string): Promise<DisposalOrder> {
  return staffSend<DisposalOrder>('POST', `${orderPath(id)}/verify`);
}

export function disputeOrder(id: string, reason: string): Promise<DisposalOrder> {
  return staffSend<DisposalOrder>('POST', `${orderPath(id)}/dispute`, { reason });
}
