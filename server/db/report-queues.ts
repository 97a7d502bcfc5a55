import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect';
import type { Database } from './schema';

/** Queues of reports stored at intake whose derived rows a background indexer writes after commit. */
export type ReportQueue = 'search_index_queue' | 'near_duplicate_band_queue';

/** Tables drained oldest first by `seq`: the report queues, and the recent occurrences the merger moves. */
export type SeqQueue = ReportQueue | 'recent_indicator_occurrences';

/**
 * Takes up to `limit` rows, oldest first, out of a queue in the caller's transaction, so they go back
 * to it should the transaction roll back, and answers the `returning` columns of each. On PostgreSQL
 * the rows are locked: with `skipLocked` (a background worker) rows another transaction holds are
 * passed over, so workers of several instances take disjoint batches; without it (a reader catching
 * up) the statement waits for those transactions and skips the rows they removed, so what it leaves
 * is indexed when it returns. SQLite has one writer and the statement is atomic.
 */
export async function takeQueued<R>(
  trx: Kysely<Database>,
  queue: SeqQueue,
  returning: readonly string[],
  options: { limit: number; skipLocked: boolean },
): Promise<R[]> {
  const lock = isPostgres(trx) ? (options.skipLocked ? sql`for update skip locked` : sql`for update`) : sql``;
  const { rows } = await sql<R>`delete from ${sql.table(queue)}
    where seq in (select seq from ${sql.table(queue)} order by seq limit ${options.limit} ${lock})
    returning ${sql.join(returning.map((column) => sql.ref(column)))}`.execute(trx);
  return rows;
}

/** `takeQueued` for a report queue: the reports taken, oldest first. */
export async function takeQueuedReports(
  trx: Kysely<Database>,
  queue: ReportQueue,
  options: { limit: number; skipLocked: boolean },
): Promise<{ seq: number; report_id: string }[]> {
  const rows = await takeQueued<{ seq: number | string; report_id: string }>(trx, queue, ['seq', 'report_id'], options);
  return rows.map((r) => ({ seq: Number(r.seq), report_id: r.report_id })).sort((a, b) => a.seq - b.seq);
}

/** Whether any row waits in a queue (one index probe). */
export async function hasQueuedRows(db: Kysely<Database>, queue: SeqQueue): Promise<boolean> {
  const row = await db.selectFrom(queue).select('seq').limit(1).executeTakeFirst();
  return row !== undefined;
}
