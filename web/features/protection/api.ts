import { queryString, staffGet, staffSend } from '../auth/client';

export type RepresentativeStatus = 'active' | 'revoked' | 'expired';

/** An authorized representative as the enterprise desk shows it: ID and phone masked. */
export interface Representative {
  id: string;
  name: string;
  title: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  validUntil: string | null;
  status: string;
  createdAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

/** An enterprise's protection record. */
export interface EnterpriseProtection {
  enterprise: { id: string; name: string; uscc: string | null; regionCode: string };
  liaison: { userId: string; name: string; email: string; orgName: string; assignedAt: string } | null;
  representatives: Representative[];
  canManage: boolean;
}

export interface NewRepresentative {
  name: string;
  title?: string;
  idNumber?: string;
  phone?: string;
  validUntil?: string;
}

export type VerifyAnswer = 'yes' | 'no' | 'unknown';

export const fetchEnterprise = (orgId: string, signal?: AbortSignal) =>
  staffGet<EnterpriseProtection>(`/api/v1/protection/enterprises/${encodeURIComponent(orgId)}`, signal);

export const addRepresentative = (orgId: string, body: NewRepresentative) =>
  staffSend<Representative>('POST', `/api/v1/protection/enterprises/${encodeURIComponent(orgId)}/representatives`, body);

export const revokeRepresentative = (id: string, reason: string) =>
  staffSend<Representative>('POST', `/api/v1/protection/representatives/${encodeURIComponent(id)}/revoke`, { reason });

export const assignLiaison = (orgId: string, userId: string) =>
  staffSend<EnterpriseProtection>('PUT', `/api/v1/protection/enterprises/${encodeURIComponent(orgId)}/liaison`, { userId });

export const verifyRequester = (query: { uscc: string; name: string; idNumber?: string; phone?: string }) =>
  staffGet<{ answer: VerifyAnswer }>(`/api/v1/protection/verify${queryString(query)}`);
