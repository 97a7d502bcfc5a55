import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../db/connect';
import { insertRows } from '../../db/insert-rows';
import { hasQueuedRows, takeQueued } from '../../db/report-queues';
import type { Database } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { threadTransaction } from '../../db/sqlite-thread';
import { type CatchUp, QueueIndexer, type QueueIndexerOptions, catchUpQueue } from '../../lib/queue-indexer';

/** Occurrence rows a background merge moves in one transaction (about 500 reports' worth). */
export const MERGE_BATCH = 2500;

/**
 * Moves up to `limit` recent occurrences, oldest first, into `indicator_occurrences` in one
 * transaction: deletes them from `recent_indicator_occurrences` and inserts them in key order (the
 * triggers there count them). A row already merged (it cannot be, but a retried batch must not fail
 * on it) is left as it is. On PostgreSQL a background merge (`skipLocked`) passes over rows another
 * instance's merge holds. Answers how many rows were moved. Runs in the caller's transaction when
 * `db` already is one.
 */
export async function mergeRecentOccurrences(db: Kysely<Database>, options: { limit: number; skipLocked: boolean }): Promise<number> {
  const work = async (trx: Kysely<Database>) => {
    const rows = await takeQueued<{
      type: string;
      value: string;
      subject_type: string;
      subject_id: string;
      field: string;
      created_at: string | Date;
      report_category: string | null;
    }>(
      trx,
      'recent_indicator_occurrences',
      ['type', 'value', 'subject_type', 'subject_id', 'field', 'created_at', 'report_category'],
      options,
    );
    if (rows.length === 0) return 0;
    rows.sort(
      (a, b) => compare(a.type, b.type) || compare(a.value, b.value) || compare(a.subject_id, b.subject_id) || compare(a.field, b.field),
    );
    await insertRows(
      trx,
      'indicator_occurrences',
      rows.map((r) => ({ ...r, created_at: toIsoString(r.created_at) })),
      { onConflictDoNothing: true },
    );
    return rows.length;
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `mergeRecentOccurrences` as the SQLite thread runs it, in a transaction of its own. */
export const MERGE_RECENT_OCCURRENCES = threadTransaction(import.meta.url, mergeRecentOccurrences);

/** Whether any occurrence waits to be merged (one index probe). */
export function hasRecentOccurrences(db: Kysely<Database>): Promise<boolean> {
  return hasQueuedRows(db, 'recent_indicator_occurrences');
}

/**
 * Merges every recent occurrence, up to `max` (the CLI and the benchmarks; readers need not: they
 * read both tables).
 */
export function mergeAllRecentOccurrences(db: Kysely<Database>, options: { max?: number; batchSize?: number } = {}): Promise<CatchUp> {
  return catchUpQueue(
    () => hasRecentOccurrences(db),
    (batch) => mergeRecentOccurrences(db, batch),
    { max: options.max ?? Number.MAX_SAFE_INTEGER, batchSize: options.batchSize ?? MERGE_BATCH },
  );
}

export type OccurrenceMergerOptions = Omit<QueueIndexerOptions, 'name' | 'indexBatch'> & {
  db: Kysely<Database>;
  /** Where SQLite runs on a thread of its own: each batch is merged there, in one message. */
  runInThread?: DatabaseHandle['runInThread'];
};

/**
 * The background occurrence merger: moves the occurrences intake appended to
 * `recent_indicator_occurrences` into `indicator_occurrences` after their intake transaction
 * committed (migration `20261129400000_recent_indicator_occurrences`), a batch per transaction, at
 * background priority (`QueueIndexer`). Readers read both tables, so nothing waits for it; it keeps
 * the recent table small, which is what keeps intake's writes on a few hot pages.
 */
export class OccurrenceMerger extends QueueIndexer {
  constructor({ db, runInThread, ...options }: OccurrenceMergerOptions) {
    super({
      batchSize: MERGE_BATCH,
      ...options,
      name: 'occurrence merger',
      indexBatch: (batch) => (runInThread ? runInThread(MERGE_RECENT_OCCURRENCES, batch) : mergeRecentOccurrences(db, batch)),
    });
  }
}
