import { queryString, staffGet, staffSend } from '../auth/client';

export { ADMISSIBILITY_STEPS, type AdmissibilityStep } from './rules-view';

/** A legal provision at one version. */
export interface Provision {
  code: string;
  version: number;
  title: string;
  source: string;
  article: string | null;
  text: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  inForce: boolean;
  changeReason: string | null;
  createdAt: string;
}

export interface ProvisionWithHistory extends Provision {
  versions: Provision[];
}

export interface ProvisionFields {
  title: string;
  source: string;
  article?: string | null;
  text: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
}

export type { Criterion } from './rules-view';
import type { Criterion } from './rules-view';

export interface Criteria {
  version: number;
  sha256: string;
  criteria: Criterion[];
  changeReason: string | null;
  createdAt: string;
}

export interface CriteriaVersion {
  version: number;
  sha256: string;
  changeReason: string | null;
  createdAt: string;
}

export const rulesKeys = {
  provisions: (q: string, inForceOn: string | null) => ['rules', 'provisions', q, inForceOn] as const,
  provision: (code: string) => ['rules', 'provision', code] as const,
  criteria: ['rules', 'criteria'] as const,
  criteriaVersions: ['rules', 'criteria', 'versions'] as const,
};

export async function fetchProvisions(filter: { q?: string; inForceOn?: string | null }, signal?: AbortSignal): Promise<Provision[]> {
  return (await staffGet<{ items: Provision[] }>(`/api/v1/rules/provisions${queryString(filter)}`, signal)).items;
}

export const fetchProvision = (code: string, signal?: AbortSignal) =>
  staffGet<ProvisionWithHistory>(`/api/v1/rules/provisions/${encodeURIComponent(code)}`, signal);

export const createProvision = (body: ProvisionFields & { code: string }) =>
  staffSend<ProvisionWithHistory>('POST', '/api/v1/rules/provisions', body);

export const amendProvision = (code: string, body: ProvisionFields & { reason: string }) =>
  staffSend<ProvisionWithHistory>('POST', `/api/v1/rules/provisions/${encodeURIComponent(code)}/versions`, body);

export const fetchCriteria = (signal?: AbortSignal) => staffGet<Criteria>('/api/v1/rules/admissibility-criteria', signal);

export async function fetchCriteriaVersions(signal?: AbortSignal): Promise<CriteriaVersion[]> {
  return (await staffGet<{ items: CriteriaVersion[] }>('/api/v1/rules/admissibility-criteria/versions', signal)).items;
}

export const replaceCriteria = (criteria: Criterion[], reason: string) =>
  staffSend<Criteria>('PUT', '/api/v1/rules/admissibility-criteria', { criteria, reason });
