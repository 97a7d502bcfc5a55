/**
 * The audit actions the workbench has words for; any other action is shown by its code. The
 * translation keys use `_` for the dot, which i18next would read as nesting.
 */
export const KNOWN_AUDIT_ACTIONS = {
  'auth.signed_in': 'auth_signed_in',
  'auth.sign_in_failed': 'auth_sign_in_failed',
  'auth.signed_out': 'auth_signed_out',
  'auth.signed_out_everywhere': 'auth_signed_out_everywhere',
  'auth.session_revoked': 'auth_session_revoked',
  'user.invited': 'user_invited',
  'user.invitation_reissued': 'user_invitation_reissued',
  'user.invitation_accepted': 'user_invitation_accepted',
  'user.updated': 'user_updated',
  'user.password_changed': 'user_password_changed',
  'user.two_factor_enrolled': 'user_two_factor_enrolled',
  'user.two_factor_reset': 'user_two_factor_reset',
  'user.recovery_codes_regenerated': 'user_recovery_codes_regenerated',
  'organization.created': 'organization_created',
  'organization.updated': 'organization_updated',
  'api_token.created': 'api_token_created',
  'api_token.revoked': 'api_token_revoked',
  'report.submitted': 'report_submitted',
  'report.reporter_revealed': 'report_reporter_revealed',
  'report.deleted': 'report_deleted',
} as const;

export type KnownAuditAction = keyof typeof KNOWN_AUDIT_ACTIONS;

export function isKnownAuditAction(action: string): action is KnownAuditAction {
  return Object.hasOwn(KNOWN_AUDIT_ACTIONS, action);
}

/** Who can act: the public, a signed-in person, an organization's system, the operator. */
export const ACTOR_TYPES = ['public', 'user', 'token', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export function isActorType(value: string): value is ActorType {
  return (ACTOR_TYPES as readonly string[]).includes(value);
}

/** The kinds of record events are about, for the filter's suggestions. */
export const AUDIT_OBJECT_TYPES = ['organization', 'user', 'api_token', 'session', 'report'] as const;

/** A hash as shown in a table cell: its first characters; the whole one is a hover away. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}
