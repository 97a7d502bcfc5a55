import type { Kysely } from 'kysely';
import type { Database, NewReportRow } from '../../db/schema';

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

/** Stores a new report with its first public event, evidence and indicator occurrences. */
export async function insertReport(
  trx: Kysely<Database>,
  report: NewReportRow,
  evidence: EvidenceRecord[],
  indicators: IndicatorRecord[],
  event: { id: string },
): Promise<void> {
  await trx.insertInto('reports').values(report).execute();
  await trx
    .insertInto('report_events')
    .values({ id: event.id, report_id: report.id, status: report.status, public: 1, public_note: null, occurred_at: report.received_at })
    .execute();
  if (evidence.length > 0) {
    await trx
      .insertInto('evidence_blobs')
      .values(evidence.map((e) => ({ sha256: e.sha256, size: e.size, media_type: e.mediaType, created_at: report.received_at })))
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await trx
      .insertInto('report_evidence')
      .values(evidence.map((e) => ({ report_id: report.id, position: e.position, sha256: e.sha256, file_name: e.fileName, media_type: e.mediaType, size: e.size })))
      .execute();
  }
  for (let i = 0; i < indicators.length; i += 500) {
    await trx
      .insertInto('indicator_occurrences')
      .values(
        indicators.slice(i, i + 500).map((ind) => ({
          type: ind.type,
          value: ind.value,
          field: ind.field,
          subject_type: 'report',
          subject_id: report.id,
          created_at: report.received_at,
        })),
      )
      .execute();
  }
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
  return Number(row.n);
}

/** Records that a proof-of-work solution was used; false when it already was (a replay). */
export async function spendChallenge(trx: Kysely<Database>, signature: string, expiresAt: string): Promise<boolean> {
  const result = await trx
    .insertInto('challenge_spends')
    .values({ signature, expires_at: expiresAt })
    .onConflict((oc) => oc.column('signature').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Forgets spent challenges that have expired anyway. */
export async function pruneSpentChallenges(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom('challenge_spends').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
