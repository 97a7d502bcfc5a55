import { createHash } from 'node:crypto';

/** The hash the first event links back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers. */
export interface AuditEventContent {
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  orgId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  /** A JSON object: what changed, never the personal data itself. */
  summary: string;
  prevHash: string;
}

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, so the same event always hashes
 * the same on every dialect and every version of the code.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the canonical encoding of the event, including the previous event's hash. */
export function auditEventHash(event: AuditEventContent): string {
  return createHash('sha256').update(canonicalJson(event), 'utf8').digest('hex');
}
