import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../db/connect';
import type { Database } from '../../db/schema';
import { threadTransaction } from '../../db/sqlite-thread';
import { type CatchUp, QueueIndexer, type QueueIndexerOptions, catchUpQueue } from '../../lib/queue-indexer';
import * as repo from './near-duplicates.repository';

/**
 * Writes the band rows of one batch of queued reports in one transaction: takes up to `limit` of them
 * out of the queue, reads their signatures and inserts their bands with multi-row statements. Should
 * anything fail, the transaction rolls back and the reports are back in the queue. A report no longer
 * stored (purged meanwhile) has no signature and is dropped from the queue. Answers how many queued
 * reports were taken. Runs in the caller's transaction when `db` already is one (a lookup made inside
 * a use case's transaction).
 */
export async function indexQueuedBands(db: Kysely<Database>, options: { limit: number; skipLocked: boolean }): Promise<number> {
  const work = async (trx: Kysely<Database>) => {
    const queued = await repo.takeQueuedBandReports(trx, options);
    if (queued.length === 0) return 0;
    await repo.insertBands(trx, await repo.findSignatures(trx, [...new Set(queued)]));
    return queued.length;
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** `indexQueuedBands` as the SQLite thread runs it, in a transaction of its own. */
export const INDEX_QUEUED_BANDS = threadTransaction(import.meta.url, indexQueuedBands);

/**
 * Before a near-duplicate lookup: writes the band rows of reports stored and not yet indexed, up to
 * `max`, so that a report filed a moment ago is suggested. Costs one index probe when nothing is
 * queued. On PostgreSQL it waits for batches background workers have in flight.
 */
export function catchUpBands(db: Kysely<Database>, options: { max?: number; batchSize?: number } = {}): Promise<CatchUp> {
  return catchUpQueue(
    () => repo.hasQueuedBandReports(db),
    (batch) => indexQueuedBands(db, batch),
    options,
  );
}

export type NearDuplicateIndexerOptions = Omit<QueueIndexerOptions, 'name' | 'indexBatch'> & {
  db: Kysely<Database>;
  /** Where SQLite runs on a thread of its own: each batch is written there, in one message. */
  runInThread?: DatabaseHandle['runInThread'];
};

/**
 * The background near-duplicate indexer: writes the band rows of reports queued at intake, a batch per
 * transaction, after their intake transaction committed (see migration
 * `20261129200000_near_duplicate_band_queue`), at background priority (`QueueIndexer`). A lookup
 * meanwhile indexes what is queued before it answers (`catchUpBands`), so no stored report goes
 * unsuggested.
 */
export class NearDuplicateIndexer extends QueueIndexer {
  constructor({ db, runInThread, ...options }: NearDuplicateIndexerOptions) {
    super({
      ...options,
      name: 'near-duplicate indexer',
      indexBatch: (batch) => (runInThread ? runInThread(INDEX_QUEUED_BANDS, batch) : indexQueuedBands(db, batch)),
    });
  }
}
