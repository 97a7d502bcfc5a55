/**
 * Organizations, roles and API-token scopes: the words of mechanism 1 that the server, the
 * workbench and the command line all use.
 */

export const ORG_KINDS = [
  'reporting_centre',
  'regulator',
  'police',
  'telecom_regulator',
  'press_regulator',
  'website',
  'enterprise',
  'supervisory_body',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = [
  'admin',
  'triage_officer',
  'case_officer',
  'agency_lead',
  'analyst',
  'website_compliance',
  'enterprise_liaison',
  'supervisor',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles that act on other people's data inside government agencies; their accounts must use
 * two-factor sign-in. Website and enterprise roles may enrol, and are asked to, but are not forced.
 */
export const STAFF_ROLES: readonly Role[] = ['admin', 'triage_officer', 'case_officer', 'agency_lead', 'analyst', 'supervisor', 'auditor'];

/** Government agencies and public bodies, as opposed to the websites and enterprises they work with. */
export const AGENCY_KINDS: readonly OrgKind[] = [
  'reporting_centre',
  'regulator',
  'police',
  'telecom_regulator',
  'press_regulator',
  'supervisory_body',
];

/** Which roles a user may hold in an organization of each kind; `admin` and `auditor` fit everywhere. */
export const ROLES_BY_ORG_KIND: Record<OrgKind, readonly Role[]> = {
  reporting_centre: ['admin', 'auditor', 'triage_officer', 'case_officer', 'agency_lead', 'analyst'],
  regulator: ['admin', 'auditor', 'triage_officer', 'case_officer', 'agency_lead', 'analyst', 'enterprise_liaison', 'supervisor'],
  police: ['admin', 'auditor', 'case_officer', 'agency_lead', 'analyst'],
  telecom_regulator: ['admin', 'auditor', 'case_officer', 'agency_lead', 'analyst'],
  press_regulator: ['admin', 'auditor', 'case_officer', 'agency_lead', 'analyst'],
  website: ['admin', 'auditor', 'website_compliance'],
  enterprise: ['admin', 'enterprise_liaison'],
  supervisory_body: ['admin', 'auditor', 'supervisor'],
};

/** Whether a role may be held in an organization of this kind. */
export function roleFitsOrgKind(role: Role, kind: OrgKind): boolean {
  return ROLES_BY_ORG_KIND[kind].includes(role);
}

/** Whether holding these roles requires two-factor sign-in. */
export function requiresTwoFactor(roles: readonly Role[]): boolean {
  return roles.some((role) => STAFF_ROLES.includes(role));
}

/** What an organization's API token may do. */
export const TOKEN_SCOPES = ['reports:read', 'cases:read', 'orders:write', 'deletion_requests:write', 'protection:verify'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The visible prefix of every API token, so leaked tokens are recognisable by secret scanners. */
export const TOKEN_PREFIX = 'qlt_';

/** A six-digit administrative division code (GB/T 2260): two digits province, two city, two county. */
export const REGION_CODE_PATTERN = '^[1-9][0-9]{5}$';

/** The cookie that carries the session, and the header that carries the CSRF token on writes. */
export const SESSION_COOKIE = 'ql_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Passwords: at least this long, and not among the commonly used ones. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** The answer of `GET /api/v1/me`. */
export interface Me {
  user: {
    id: string;
    email: string;
    displayName: string;
    roles: Role[];
    /** An authenticator is enrolled. */
    twoFactor: boolean;
    /** The roles require two-factor sign-in. */
    twoFactorRequired: boolean;
    /**
     * This session must enrol an authenticator before anything else: every other call answers
     * 403 `two_factor_enrolment_required` until `POST /api/v1/me/totp` succeeds.
     */
    enrolmentRequired: boolean;
  };
  organization: { id: string; name: string; kind: OrgKind; regionCode: string; parentId: string | null };
  session: { id: string; createdAt: string; expiresAt: string };
  csrfToken: string;
}
