import { type Kysely, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { insertRows } from '../../db/insert-rows';
import type { Database } from '../../db/schema';
import { GENESIS_HASH, auditEventHash, canonicalJson } from './audit-chain';

/** What a service records about a write. */
export interface AuditEventInput {
  actorType: 'public' | 'user' | 'token' | 'system';
  actorId?: string | null;
  orgId?: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  summary?: Record<string, unknown>;
  occurredAt?: string;
}

/** An arbitrary constant naming the chain's advisory lock on PostgreSQL. */
const CHAIN_LOCK_KEY = 7_243_001;

/**
 * Appends events to the audit hash chain inside the caller's transaction, in the order given. On
 * PostgreSQL a transaction-scoped advisory lock serializes appenders across server instances; SQLite
 * has a single writer already. One read of the chain head and one multi-row insert, however many.
 */
export async function appendAuditEvents(
  trx: Kysely<Database>,
  dialect: DatabaseDialect,
  inputs: AuditEventInput[],
): Promise<{ seq: number; hash: string }[]> {
  if (inputs.length === 0) return [];
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(trx);
  const head = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const now = new Date().toISOString();
  const rows = inputs.map((input) => {
    seq += 1;
    const content = {
      seq,
      occurredAt: input.occurredAt ?? now,
      actorType: input.actorType,
      actorId: input.actorId ?? null,
      orgId: input.orgId ?? null,
      action: input.action,
      objectType: input.objectType,
      objectId: input.objectId ?? null,
      summary: canonicalJson(input.summary ?? {}),
      prevHash,
    };
    const hash = auditEventHash(content);
    prevHash = hash;
    return {
      seq: content.seq,
      occurred_at: content.occurredAt,
      actor_type: content.actorType,
      actor_id: content.actorId,
      org_id: content.orgId,
      action: content.action,
      object_type: content.objectType,
      object_id: content.objectId,
      summary: content.summary,
      prev_hash: content.prevHash,
      hash,
    };
  });
  await insertRows(trx, 'audit_events', rows);
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}
