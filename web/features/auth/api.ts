import type { Me, OrgKind, Role } from '../../../contracts/orgs';
import { getJson, sendJson } from '../../shared/http';
import { ApiError } from '../../shared/problem';
import { staffGet, staffSend } from './client';

/** The body of `POST /api/v1/auth/login`: the second factor only once the server asked for it. */
export interface LoginRequest {
  email: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

/** One of the person's open sessions, as `GET /api/v1/me/sessions` lists them. */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** A fresh authenticator seed: nothing is stored until a code from the app proves it. */
export interface TotpOffer {
  secret: string;
  otpauthUri: string;
}

/** What an invitation link offers: `GET /api/v1/invitations/:token`. */
export interface InvitationOffer {
  email: string;
  displayName: string;
  organization: { id: string; name: string; kind: OrgKind };
  roles: Role[];
  twoFactorRequired: boolean;
  expiresAt: string;
  totp: TotpOffer;
}

export interface AcceptedInvitation {
  me: Me;
  recoveryCodes?: string[] | null;
}

/**
 * Who is signed in, or `null` when nobody is. A session that must enrol an authenticator first
 * answers `Me` with `user.enrolmentRequired`.
 */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await getJson<Me>('/api/v1/me', signal ? { signal } : {});
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Signs in; answers 401 `second_factor_required` when the password is right and a code is needed. */
export function login(request: LoginRequest): Promise<Me> {
  return sendJson<Me>('POST', '/api/v1/auth/login', request);
}

export function logout(): Promise<void> {
  return staffSend<void>('POST', '/api/v1/auth/logout');
}

export function logoutEverywhere(): Promise<void> {
  return staffSend<void>('POST', '/api/v1/auth/logout-everywhere');
}

export async function fetchSessions(signal?: AbortSignal): Promise<SessionInfo[]> {
  return (await staffGet<{ items: SessionInfo[] }>('/api/v1/me/sessions', signal)).items;
}

export function revokeSession(id: string): Promise<void> {
  return staffSend<void>('DELETE', `/api/v1/me/sessions/${encodeURIComponent(id)}`);
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return staffSend<void>('POST', '/api/v1/me/password', { currentPassword, newPassword });
}

export function fetchTotpOffer(signal?: AbortSignal): Promise<TotpOffer> {
  return staffGet<TotpOffer>('/api/v1/me/totp/new', signal);
}

/** Enrols the authenticator; re-enrolling needs the password. Answers the new recovery codes, once. */
export async function enrolTotp(request: { secret: string; code: string; password?: string }): Promise<string[]> {
  return (await staffSend<{ recoveryCodes: string[] }>('POST', '/api/v1/me/totp', request)).recoveryCodes;
}

export async function regenerateRecoveryCodes(password: string): Promise<string[]> {
  return (await staffSend<{ recoveryCodes: string[] }>('POST', '/api/v1/me/recovery-codes', { password })).recoveryCodes;
}

export function fetchInvitation(token: string, signal?: AbortSignal): Promise<InvitationOffer> {
  return getJson<InvitationOffer>(`/api/v1/invitations/${encodeURIComponent(token)}`, signal ? { signal } : {});
}

/** Accepts an invitation and signs in: no session yet, so no CSRF token either. */
export function acceptInvitation(
  token: string,
  request: { password: string; totp?: { secret: string; code: string } },
): Promise<AcceptedInvitation> {
  return sendJson<AcceptedInvitation>('POST', `/api/v1/invitations/${encodeURIComponent(token)}/accept`, request);
}
