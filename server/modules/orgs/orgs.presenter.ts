import type { OrgKind, Role, TokenScope } from '../../../contracts/orgs';
import type { ApiTokenRow, OrganizationRow } from '../../db/schema';
import { toIsoString } from '../../db/values';
import type { UserWithRoles } from './orgs.repository';

/** What staff see of an organization. */
export function presentOrganization(org: OrganizationRow) {
  return {
    id: org.id,
    name: org.name,
    kind: org.kind as OrgKind,
    parentId: org.parent_id,
    regionCode: org.region_code,
    domains: JSON.parse(org.domains) as string[],
    icpNumbers: JSON.parse(org.icp_numbers) as string[],
    uscc: org.uscc,
    status: org.status as 'active' | 'disabled',
    createdAt: toIsoString(org.created_at),
  };
}

/** What an administrator sees of a user: never the password hash or the TOTP seed. */
export function presentUser(user: UserWithRoles, now: Date = new Date()) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    orgId: user.org_id,
    roles: user.roles as Role[],
    status: user.status as 'invited' | 'active' | 'disabled',
    twoFactor: user.totp_sealed !== null,
    locked: user.locked_until !== null && new Date(toIsoString(user.locked_until)) > now,
    lastLoginAt: user.last_login_at ? toIsoString(user.last_login_at) : null,
    createdAt: toIsoString(user.created_at),
  };
}

/** An API token as listed: its prefix, never the token or its hash. */
export function presentApiToken(token: ApiTokenRow) {
  return {
    id: token.id,
    orgId: token.org_id,
    name: token.name,
    displayPrefix: token.display_prefix,
    scopes: JSON.parse(token.scopes) as TokenScope[],
    createdAt: toIsoString(token.created_at),
    expiresAt: token.expires_at ? toIsoString(token.expires_at) : null,
    lastUsedAt: token.last_used_at ? toIsoString(token.last_used_at) : null,
    revokedAt: token.revoked_at ? toIsoString(token.revoked_at) : null,
  };
}
