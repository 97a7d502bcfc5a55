import type { Kysely } from 'kysely';
import { insertRows } from '../../db/insert-rows';
import type { Database, NewReportRow } from '../../db/schema';
import { toCount } from '../../db/values';
import type { Signature } from '../similarity/minhash';

/** An evidence file attached to a new report. */
export interface EvidenceRecord {
  position: number;
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
}

/** One indicator occurrence to index. */
export interface IndicatorRecord {
  type: string;
  value: string;
  field: string;
}

/** Everything stored for one new report. */
export interface NewReport {
  report: NewReportRow;
  eventId: string;
  evidence: EvidenceRecord[];
  indicators: IndicatorRecord[];
  /** MinHash signature of the description for near-duplicate lookup; null when it has no letters or digits. */
  nearDuplicateSignature?: Signature | null;
}

/**
 * Stores new reports with their first public event, evidence and indicator occurrences: one
 * multi-row statement per table for the whole batch.
 */
export async function insertReports(trx: Kysely<Database>, reports: NewReport[]): Promise<void> {
  if (reports.length === 0) return;
  await insertRows(
    trx,
    'reports',
    reports.map((r) => r.report),
  );
  await insertRows(
    trx,
    'report_events',
    reports.map(({ report, eventId }) => ({
      id: eventId,
      report_id: report.id,
      status: report.status,
      public: 1,
      public_note: null,
      occurred_at: report.received_at,
    })),
  );
  const blobs = new Map<string, { sha256: string; size: number; media_type: string; created_at: string }>();
  const attachments = [];
  const occurrences = [];
  for (const { report, evidence, indicators } of reports) {
    for (const e of evidence) {
      blobs.set(e.sha256, { sha256: e.sha256, size: e.size, media_type: e.mediaType, created_at: report.received_at as string });
      attachments.push({
        report_id: report.id,
        position: e.position,
        sha256: e.sha256,
        file_name: e.fileName,
        media_type: e.mediaType,
        size: e.size,
      });
    }
    for (const ind of indicators) {
      occurrences.push({
        type: ind.type,
        value: ind.value,
        field: ind.field,
        subject_type: 'report',
        subject_id: report.id,
        // The report's labels in correlation (migration 20261129500000).
        created_at: report.received_at,
        report_category: report.category,
      });
    }
  }
  if (blobs.size > 0) {
    await trx
      .insertInto('evidence_blobs')
      .values([...blobs.values()])
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }
  await insertRows(trx, 'report_evidence', attachments);
  // Appended to the small table of recent occurrences; the occurrence merger moves them into
  // `indicator_occurrences` after commit (migration 20261129400000).
  await insertRows(trx, 'recent_indicator_occurrences', occurrences);
}

/** True when a tracking code is already taken. */
export async function trackingCodeExists(db: Kysely<Database>, trackingCode: string): Promise<boolean> {
  const row = await db.selectFrom('reports').select('id').where('tracking_code', '=', trackingCode).executeTakeFirst();
  return row !== undefined;
}

/** The columns the reporter's view needs. */
export async function findReportForTracking(db: Kysely<Database>, trackingCode: string) {
  return db
    .selectFrom('reports')
    .select(['id', 'tracking_code', 'access_key_hash', 'category', 'status', 'received_at', 'updated_at', 'result_code', 'result_note'])
    .where('tracking_code', '=', trackingCode)
    .executeTakeFirst();
}

export async function listPublicReportEvents(db: Kysely<Database>, reportId: string) {
  return db
    .selectFrom('report_events')
    .select(['status', 'public_note', 'occurred_at'])
    .where('report_id', '=', reportId)
    .where('public', '=', 1)
    .orderBy('occurred_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export async function countReportEvidence(db: Kysely<Database>, reportId: string): Promise<number> {
  const row = await db
    .selectFrom('report_evidence')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('report_id', '=', reportId)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

/**
 * Records proof-of-work solutions as used and answers the signatures that were new; a signature
 * missing from the answer was spent before (a replay).
 */
export async function spendChallenges(trx: Kysely<Database>, spends: { signature: string; expiresAt: string }[]): Promise<Set<string>> {
  if (spends.length === 0) return new Set();
  const rows = await trx
    .insertInto('challenge_spends')
    .values(spends.map((s) => ({ signature: s.signature, expires_at: s.expiresAt })))
    .onConflict((oc) => oc.column('signature').doNothing())
    .returning('signature')
    .execute();
  return new Set(rows.map((r) => r.signature));
}

/** Forgets spent challenges that have expired anyway. */
export async function pruneSpentChallenges(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom('challenge_spends').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
