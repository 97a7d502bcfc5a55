import type { TokenScope } from '../../../contracts/orgs';

/**
 * The translation key of each scope: `reports:read` cannot be a key itself, since i18next reads
 * the colon as a namespace separator.
 */
export const SCOPE_KEYS = {
  'reports:read': 'reports_read',
  'cases:read': 'cases_read',
  'orders:write': 'orders_write',
  'deletion_requests:write': 'deletion_requests_write',
  'protection:verify': 'protection_verify',
} as const satisfies Record<TokenScope, string>;

/** Whether a token works now, ran out, or was revoked. */
export type TokenState = 'active' | 'expired' | 'revoked';

export function tokenState(token: { expiresAt: string | null; revokedAt: string | null }, now: number = Date.now()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}
