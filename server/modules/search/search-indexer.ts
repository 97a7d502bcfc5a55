import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../db/connect';
import type { Database } from '../../db/schema';
import { threadTransaction } from '../../db/sqlite-thread';
import { indexDocuments, reportSearchDocument } from './search-index';
import * as repo from './search.repository';
import { type CatchUp, type IndexerLog, QueueIndexer, type QueueIndexerOptions, catchUpQueue } from '../../lib/queue-indexer';

export type { CatchUp, IndexerLog };

/**
 * Indexes one batch of queued reports in one transaction: takes up to `limit` of them out of the
 * queue, reads them, and indexes them in queue order with multi-row statements. Should anything fail,
 * the transaction rolls back and the reports are back in the queue. A report indexed meanwhile (by
 * `qinglang search reindex`) is replaced, not duplicated; a report no longer stored is dropped from
 * the queue. Answers how many queued reports were taken.
 */
export async function indexQueuedReports(db: Kysely<Database>, options: { limit: number; skipLocked: boolean }): Promise<number> {
  const work = async (trx: Kysely<Database>) => {
    const queued = await repo.takeQueuedReports(trx, options);
    if (queued.length === 0) return 0;
    const rows = new Map((await repo.reportsForIndexing(trx, [...new Set(queued.map((q) => q.report_id))])).map((r) => [r.id, r]));
    // Queue order is intake order: document numbers, and so ties in ranking, follow it as before.
    const documents = queued.flatMap((q) => {
      const row = rows.get(q.report_id);
      return row ? [reportSearchDocument(row)] : [];
    });
    await indexDocuments(trx, documents);
    return queued.length;
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** `indexQueuedReports` as the SQLite thread runs it, in a transaction of its own. */
export const INDEX_QUEUED_REPORTS = threadTransaction(import.meta.url, indexQueuedReports);

/**
 * Before a search: indexes reports stored and not yet indexed, up to `max`, so that a report filed a
 * moment ago is found. Costs one index probe when nothing is queued. On PostgreSQL it waits for batches
 * background workers have in flight (see `takeQueuedReports`).
 */
export function catchUpIndex(db: Kysely<Database>, options: { max?: number; batchSize?: number } = {}): Promise<CatchUp> {
  return catchUpQueue(
    () => repo.hasQueuedReports(db),
    (batch) => indexQueuedReports(db, batch),
    options,
  );
}

export type SearchIndexerOptions = Omit<QueueIndexerOptions, 'name' | 'indexBatch'> & {
  db: Kysely<Database>;
  /** Where SQLite runs on a thread of its own: each batch is indexed there, in one message. */
  runInThread?: DatabaseHandle['runInThread'];
};

/**
 * The background search indexer: indexes reports queued at intake, a batch per transaction, after
 * their intake transaction committed (see migration `20261128680000_search_indexer`), at background
 * priority (`QueueIndexer`): indexing costs about as much CPU as the rest of intake. A search
 * meanwhile indexes what is queued before it answers (`catchUpIndex`).
 */
export class SearchIndexer extends QueueIndexer {
  constructor({ db, runInThread, ...options }: SearchIndexerOptions) {
    super({
      ...options,
      name: 'search indexer',
      indexBatch: (batch) => (runInThread ? runInThread(INDEX_QUEUED_REPORTS, batch) : indexQueuedReports(db, batch)),
    });
  }
}
