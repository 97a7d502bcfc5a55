import type { IndicatorType } from '../../../contracts/indicators';
import type { EntityKind, EntityStatus, PaymentChannel } from '../../../contracts/registry';
import { queryString, staffGet, staffSend } from '../auth/client';

/** An entity as the registry list shows it. */
export interface EntitySummary {
  id: string;
  kind: EntityKind;
  displayName: string;
  status: EntityStatus;
  identifiers: { type: string; value: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface PersonRef {
  id: string;
  name: string | null;
}

export interface EntityRecord {
  id: string;
  /** The entity the record was made on (an entity merged into this one keeps its records). */
  entityId: string;
  caseId: string;
  /** Only for cases the viewer may open. */
  caseNumber: string | null;
  summary: string;
  evidence: string[];
  sourceOrg: { id: string; name: string | null };
  legalBasis: string;
  occurredAt: string;
  recordedBy: PersonRef | null;
  recordedAt: string;
}

export interface StatusChange {
  id: string;
  from: EntityStatus;
  to: EntityStatus;
  reason: string;
  legalBasis: string;
  by: PersonRef | null;
  at: string;
}

export interface MergeEntry {
  id: string;
  survivor: PersonRef;
  absorbed: PersonRef;
  reason: string;
  by: PersonRef | null;
  at: string;
  split: { reason: string | null; by: PersonRef | null; at: string } | null;
}

/** The entity page. */
export interface EntityDetail extends Omit<EntitySummary, 'identifiers'> {
  mergedInto: string | null;
  resolvedFrom: string | null;
  attributes: {
    platform: string | null;
    handle: string | null;
    role: string | null;
    nationalIdMasked: string | null;
    uscc: string | null;
    channel: PaymentChannel | null;
  };
  identifiers: { type: string; value: string; addedAt: string }[];
  /** All records; `records` holds the latest 500. */
  recordCount: number;
  records: EntityRecord[];
  statusHistory: StatusChange[];
  merges: MergeEntry[];
  mergedEntities: { id: string; displayName: string; mergedInto: string | null }[];
  linkedCases: { id: string; number: string; title: string; status: string }[];
  hiddenCaseCount: number;
  /** `add_record`, `status:<to>`, `merge`. */
  actions: string[];
}

export interface EntityFilter {
  kind?: EntityKind;
  status?: EntityStatus;
  q?: string;
}

export interface NewEntity {
  kind: EntityKind;
  displayName: string;
  platform?: string;
  handle?: string;
  role?: string;
  nationalId?: string;
  uscc?: string;
  channel?: PaymentChannel;
  identifiers?: { type: IndicatorType; value: string }[];
}

export interface NewRecord {
  caseId: string;
  summary: string;
  legalBasis: string;
  evidence?: string[];
  occurredAt?: string;
}

export const registryKeys = {
  all: ['registry'] as const,
  list: (filter: EntityFilter) => ['registry', 'list', filter] as const,
  detail: (id: string) => ['registry', 'detail', id] as const,
};

const entityPath = (id: string) => `/api/v1/registry/entities/${encodeURIComponent(id)}`;

export function fetchEntities(
  filter: EntityFilter,
  before: string | null,
  signal?: AbortSignal,
): Promise<{ items: EntitySummary[]; nextBefore: string | null }> {
  return staffGet(
    `/api/v1/registry/entities${queryString({ kind: filter.kind, status: filter.status, q: filter.q, before, limit: 50 })}`,
    signal,
  );
}

export function fetchEntity(id: string, signal?: AbortSignal): Promise<EntityDetail> {
  return staffGet<EntityDetail>(entityPath(id), signal);
}

export function createEntity(body: NewEntity): Promise<EntityDetail> {
  return staffSend<EntityDetail>('POST', '/api/v1/registry/entities', body);
}

export function addRecord(id: string, body: NewRecord): Promise<{ id: string }> {
  return staffSend<{ id: string }>('POST', `${entityPath(id)}/records`, body);
}

export function changeStatus(id: string, body: { to: EntityStatus; reason: string; legalBasis: string }): Promise<unknown> {
  return staffSend<unknown>('POST', `${entityPath(id)}/status`, body);
}

export function mergeEntity(survivorId: string, body: { absorbedId: string; reason: string }): Promise<EntityDetail> {
  return staffSend<EntityDetail>('POST', `${entityPath(survivorId)}/merge`, body);
}

export function splitEntity(absorbedId: string, reason: string): Promise<EntityDetail> {
  return staffSend<EntityDetail>('POST', `${entityPath(absorbedId)}/split`, { reason });
}

/** The registry (current entities, optionally of one kind and status) as a STIX 2.1 bundle, as text. */
export async function fetchStixExport(filter: Pick<EntityFilter, 'kind' | 'status'>): Promise<string> {
  const bundle = await staffGet<unknown>(`/api/v1/registry/export.stix${queryString({ kind: filter.kind, status: filter.status })}`);
  return JSON.stringify(bundle, null, 2);
}

/** Offers a STIX bundle as a file: JSON without a byte order mark, which STIX tools do not expect. */
export function downloadStix(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/stix+json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
