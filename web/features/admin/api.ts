import type { OrgKind, Role, TokenScope } from '../../../contracts/orgs';
import { queryString, staffGet, staffSend } from '../auth/client';

export type OrganizationStatus = 'active' | 'disabled';

/** An organization as administrators see it. */
export interface Organization {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  regionCode: string;
  domains: string[];
  icpNumbers: string[];
  uscc: string | null;
  status: OrganizationStatus;
  createdAt: string;
}

export interface NewOrganization {
  name: string;
  kind: OrgKind;
  parentId: string;
  regionCode: string;
  domains?: string[];
  icpNumbers?: string[];
  uscc?: string | null;
}

export interface OrganizationChanges {
  name?: string;
  regionCode?: string;
  domains?: string[];
  icpNumbers?: string[];
  uscc?: string | null;
  status?: OrganizationStatus;
}

export type UserStatus = 'invited' | 'active' | 'disabled';

/** A person's account as administrators see it. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  status: UserStatus;
  twoFactor: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface NewUser {
  orgId: string;
  email: string;
  displayName: string;
  roles: Role[];
}

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  status?: 'active' | 'disabled';
}

/** A one-time invitation link, shown once to whoever invited. */
export interface Invitation {
  url: string;
  expiresAt: string;
}

/** An organization's API token as listed: never the token itself. */
export interface ApiToken {
  id: string;
  orgId: string;
  name: string;
  displayPrefix: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  name: string;
  scopes: TokenScope[];
  expiresInDays?: number | null;
}

export const adminKeys = {
  organizations: (filter: { kind?: OrgKind; q?: string } = {}) => ['organizations', filter] as const,
  allOrganizations: ['organizations'] as const,
  users: (orgId: string | null) => ['users', orgId] as const,
  allUsers: ['users'] as const,
  tokens: (orgId: string) => ['tokens', orgId] as const,
};

export async function fetchOrganizations(filter: { kind?: OrgKind; q?: string }, signal?: AbortSignal): Promise<Organization[]> {
  return (await staffGet<{ items: Organization[] }>(`/api/v1/organizations${queryString(filter)}`, signal)).items;
}

export function createOrganization(body: NewOrganization): Promise<Organization> {
  return staffSend<Organization>('POST', '/api/v1/organizations', body);
}

export function updateOrganization(id: string, changes: OrganizationChanges): Promise<Organization> {
  return staffSend<Organization>('PATCH', `/api/v1/organizations/${encodeURIComponent(id)}`, changes);
}

export async function fetchUsers(orgId: string | null, signal?: AbortSignal): Promise<User[]> {
  return (await staffGet<{ items: User[] }>(`/api/v1/users${queryString({ orgId })}`, signal)).items;
}

export function inviteUser(body: NewUser): Promise<{ user: User; invitation: Invitation }> {
  return staffSend<{ user: User; invitation: Invitation }>('POST', '/api/v1/users', body);
}

export function updateUser(id: string, changes: UserChanges): Promise<User> {
  return staffSend<User>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, changes);
}

export function reissueInvitation(id: string): Promise<Invitation> {
  return staffSend<Invitation>('POST', `/api/v1/users/${encodeURIComponent(id)}/invitation`);
}

export function resetTwoFactor(id: string): Promise<void> {
  return staffSend<void>('POST', `/api/v1/users/${encodeURIComponent(id)}/reset-two-factor`);
}

export async function fetchApiTokens(orgId: string, signal?: AbortSignal): Promise<ApiToken[]> {
  return (await staffGet<{ items: ApiToken[] }>(`/api/v1/organizations/${encodeURIComponent(orgId)}/tokens`, signal)).items;
}

export function createApiToken(orgId: string, body: NewApiToken): Promise<{ token: string; apiToken: ApiToken }> {
  return staffSend<{ token: string; apiToken: ApiToken }>('POST', `/api/v1/organizations/${encodeURIComponent(orgId)}/tokens`, body);
}

export function revokeApiToken(id: string): Promise<void> {
  return staffSend<void>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
}
