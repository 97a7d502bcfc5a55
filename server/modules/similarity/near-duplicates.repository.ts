import { type Kysely, sql } from 'kysely';
import { hasQueuedRows, takeQueuedReports } from '../../db/report-queues';
import { insertRows } from '../../db/insert-rows';
import type { Database } from '../../db/schema';
import { type BandKey, type Signature, bandKeys, decodeSignature, encodeSignature } from './minhash';

type Db = Kysely<Database>;

/** A report's signature to index. */
export interface SignatureEntry {
  reportId: string;
  signature: Signature;
  createdAt: string;
}

/**
 * Stores signatures in the caller's transaction (intake's) and queues their reports for the
 * near-duplicate indexer, which writes the band rows after commit (see migration
 * `20261129200000_near_duplicate_band_queue`); a lookup indexes what is still queued first. One
 * multi-row statement per table and chunk for the whole batch.
 */
export async function insertSignatures(trx: Db, entries: readonly SignatureEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const signatures = entries.map((e) => ({ report_id: e.reportId, signature: encodeSignature(e.signature), created_at: e.createdAt }));
  await insertRows(trx, 'near_duplicate_signatures', signatures);
  await insertRows(
    trx,
    'near_duplicate_band_queue',
    entries.map((e) => ({ report_id: e.reportId })),
  );
}

/** Writes the band rows of reports whose signatures are stored (the indexer, in its transaction). */
export async function insertBands(trx: Db, entries: readonly { reportId: string; signature: Signature }[]): Promise<void> {
  await insertRows(
    trx,
    'near_duplicate_bands',
    entries.flatMap((e) => bandKeys(e.signature).map(({ band, bucket }) => ({ band, bucket, report_id: e.reportId }))),
  );
}

/** Takes up to `limit` queued reports, oldest first, out of the band queue (see `takeQueuedReports` in db/report-queues). */
export async function takeQueuedBandReports(trx: Db, options: { limit: number; skipLocked: boolean }): Promise<string[]> {
  return (await takeQueuedReports(trx, 'near_duplicate_band_queue', options)).map((r) => r.report_id);
}

/** Whether any report waits for its band rows (one index probe). */
export function hasQueuedBandReports(db: Db): Promise<boolean> {
  return hasQueuedRows(db, 'near_duplicate_band_queue');
}

/** A report's stored signature, or null when it has none (no text to compare, or stored before the index). */
export async function findSignature(db: Db, reportId: string): Promise<Signature | null> {
  const row = await db.selectFrom('near_duplicate_signatures').select('signature').where('report_id', '=', reportId).executeTakeFirst();
  return row ? decodeSignature(row.signature) : null;
}

/**
 * The reports in the given buckets, at most `perBucket` of each (the newest, as ids are UUIDv7), with
 * a report appearing once per bucket it shares. One statement of index ranges, each bounded, so a very
 * common bucket costs no more than any other.
 */
export async function reportsInBuckets(db: Db, keys: readonly BandKey[], excludeReportId: string, perBucket: number): Promise<string[]> {
  if (keys.length === 0) return [];
  const branches = keys.map(
    (key, i) =>
      sql`select report_id from (select report_id from near_duplicate_bands where band = ${key.band} and bucket = ${key.bucket} and report_id <> ${excludeReportId} order by report_id desc limit ${perBucket}) as ${sql.ref(`b${i}`)}`,
  );
  const { rows } = await sql<{ report_id: string }>`${sql.join(branches, sql` union all `)}`.execute(db);
  return rows.map((r) => r.report_id);
}

/** Stored signatures (a report's goes with it: the foreign key cascades). */
export async function findSignatures(db: Db, reportIds: readonly string[]): Promise<{ reportId: string; signature: Signature }[]> {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom('near_duplicate_signatures')
    .select(['report_id', 'signature'])
    .where('report_id', 'in', [...reportIds])
    .execute();
  return rows.flatMap((r) => {
    const signature = decodeSignature(r.signature);
    return signature ? [{ reportId: r.report_id, signature }] : [];
  });
}

/** Tracking codes of reports, by id. */
export async function findTrackingCodes(db: Db, reportIds: readonly string[]): Promise<Map<string, string>> {
  if (reportIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('reports')
    .select(['id', 'tracking_code'])
    .where('id', 'in', [...reportIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.tracking_code]));
}

/**
 * Removes reports from the index (before the reports themselves are purged), queued ones included: the
 * band rows are found by key from the stored signature, so no second index on report_id is needed.
 */
export async function deleteSignatures(trx: Db, reportIds: readonly string[]): Promise<void> {
  if (reportIds.length === 0) return;
  // First, so that on PostgreSQL a batch of the indexer holding these reports commits its band rows
  // before they are looked for below (the queue is short: a scan of it is cheap).
  await trx
    .deleteFrom('near_duplicate_band_queue')
    .where('report_id', 'in', [...reportIds])
    .execute();
  const rows = await trx
    .selectFrom('near_duplicate_signatures')
    .select(['report_id', 'signature'])
    .where('report_id', 'in', [...reportIds])
    .execute();
  for (const row of rows) {
    const signature = decodeSignature(row.signature);
    if (!signature) continue;
    const keys = bandKeys(signature);
    await trx
      .deleteFrom('near_duplicate_bands')
      .where('report_id', '=', row.report_id)
      .where((eb) => eb.or(keys.map((k) => eb.and([eb('band', '=', k.band), eb('bucket', '=', k.bucket)]))))
      .execute();
  }
  await trx
    .deleteFrom('near_duplicate_signatures')
    .where('report_id', 'in', [...reportIds])
    .execute();
}
