import { queryString, staffGet } from '../auth/client';

/** One event of the tamper-evident audit log. */
export interface AuditEvent {
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  orgId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  summary: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The newest event of the whole chain: what `qinglang audit verify` checks the log up to. */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

export interface AuditPage {
  items: AuditEvent[];
  /** The cursor of the next (older) page, or null at the start of the log. */
  nextBefore: number | null;
  head: AuditChainHead | null;
}

/** What the log can be narrowed to; `from` inclusive and `to` exclusive, as ISO times. */
export interface AuditFilter {
  action?: string;
  objectType?: string;
  objectId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

/** Events newest first, `before` a sequence number when paging back. */
export function fetchAuditEvents(filter: AuditFilter, before: number | null, signal?: AbortSignal): Promise<AuditPage> {
  return staffGet<AuditPage>(`/api/v1/audit/events${queryString({ ...filter, before, limit: AUDIT_PAGE_SIZE })}`, signal);
}
