import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { GENESIS_HASH, auditEventHash } from './audit-chain';

/** What a check of the audit chain found. */
export type AuditChainReport =
  | { intact: true; events: number; head: { seq: number; hash: string } | null }
  | { intact: false; events: number; seq: number; reason: 'sequence_gap' | 'previous_hash_mismatch' | 'hash_mismatch'; detail: string };

/**
 * Recomputes the audit hash chain from the first event and names the first event that does not fit:
 * one whose sequence number is not the next (a deletion or an insertion), whose `prev_hash` is not
 * the previous event's hash (a deletion, insertion or reordering), or whose own hash does not match
 * its content (an edit). Reads in pages, so the whole log never sits in memory.
 *
 * Removing events from the very end leaves a shorter chain that is still whole; the head this answers
 * is what an operator compares with a head recorded elsewhere (e.g. in the previous report).
 */
export async function verifyAuditChain(db: Kysely<Database>, options: { pageSize?: number } = {}): Promise<AuditChainReport> {
  const pageSize = options.pageSize ?? 1000;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let events = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return { intact: false, events, seq, reason: 'sequence_gap', detail: `expected event #${expectedSeq} next, found #${seq}` };
      }
      if (row.prev_hash !== prevHash) {
        return {
          intact: false,
          events,
          seq,
          reason: 'previous_hash_mismatch',
          detail: `links to ${row.prev_hash.slice(0, 12)}…, the event before it has ${prevHash.slice(0, 12)}…`,
        };
      }
      const hash = auditEventHash({
        seq,
        occurredAt: toIsoString(row.occurred_at),
        actorType: row.actor_type,
        actorId: row.actor_id,
        orgId: row.org_id,
        action: row.action,
        objectType: row.object_type,
        objectId: row.object_id,
        summary: row.summary,
        prevHash: row.prev_hash,
      });
      if (hash !== row.hash) {
        return {
          intact: false,
          events,
          seq,
          reason: 'hash_mismatch',
          detail: 'its content does not match its hash: the event was changed after it was written',
        };
      }
      prevHash = row.hash;
      lastSeq = seq;
      expectedSeq = seq + 1;
      events++;
    }
  }
  // Rows numbered below 1 are outside the chain's numbering: an insertion in front of it.
  const stray = await db.selectFrom('audit_events').select('seq').where('seq', '<', 1).orderBy('seq').limit(1).executeTakeFirst();
  if (stray)
    return {
      intact: false,
      events,
      seq: Number(stray.seq),
      reason: 'sequence_gap',
      detail: 'an event numbered before the first event of the chain',
    };
  return { intact: true, events, head: events > 0 ? { seq: lastSeq, hash: prevHash } : null };
}
