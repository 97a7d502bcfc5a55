import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { indexDocuments, reportSearchDocument } from './search-index';
import * as repo from './search.repository';
import { BackgroundLoop } from '../../lib/background-loop';

/** What the indexer logs through (pino's, or Fastify's). */
export interface IndexerLog {
  error(object: object, message: string): void;
}

/**
 * Indexes one batch of queued reports in one transaction: takes up to `limit` of them out of the
 * queue, reads them, and indexes them in queue order with multi-row statements. Should anything fail,
 * the transaction rolls back and the reports are back in the queue. A report indexed meanwhile (by
 * `qinglang search reindex`) is replaced, not duplicated; a report no longer stored is dropped from
 * the queue. Answers how many queued reports were taken.
 */
export async function indexQueuedReports(db: Kysely<Database>, options: { limit: number; skipLocked: boolean }): Promise<number> {
  return db.transaction().execute(async (trx) => {
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
  });
}

/** What a search's catching up came to. */
export interface CatchUp {
  indexed: number;
  /** Reports are still queued after `max` were indexed: the index is behind intake. */
  behind: boolean;
}

/**
 * Before a search: indexes reports stored and not yet indexed, up to `max`, so that a report filed a
 * moment ago is found. Costs one index probe when nothing is queued. On PostgreSQL it waits for batches
 * background workers have in flight (see `takeQueuedReports`).
 */
export async function catchUpIndex(db: Kysely<Database>, options: { max?: number; batchSize?: number } = {}): Promise<CatchUp> {
  const max = options.max ?? 2000;
  const batchSize = Math.min(options.batchSize ?? 500, max);
  if (!(await repo.hasQueuedReports(db))) return { indexed: 0, behind: false };
  let indexed = 0;
  // A round may take nothing on PostgreSQL when the rows it waited for were indexed by a worker
  // meanwhile; the queue is looked at again then, a few times at most.
  for (let empty = 0; indexed < max && empty < 5;) {
    const taken = await indexQueuedReports(db, { limit: Math.min(batchSize, max - indexed), skipLocked: false });
    indexed += taken;
    if (taken > 0) continue;
    if (!(await repo.hasQueuedReports(db))) return { indexed, behind: false };
    empty += 1;
  }
  return { indexed, behind: await repo.hasQueuedReports(db) };
}

/** Reports a batch takes when the process has been busy too long to wait any more (a few tens of ms). */
const BUSY_BATCH = 50;

export interface SearchIndexerOptions {
  db: Kysely<Database>;
  log: IndexerLog;
  /** How long an idle indexer waits before looking again; 500 ms by default. */
  intervalMs?: number;
  /** Reports per transaction; 500 by default. */
  batchSize?: number;
  /**
   * Event-loop utilization (0–1) over the last interval above which the process counts as busy
   * serving requests and indexing waits; 0.8 by default, 1 to never wait.
   */
  busyThreshold?: number;
  /** The longest indexing waits for a busy process before it takes a batch anyway; 5 s by default. */
  maxDeferMs?: number;
}

/**
 * The background search indexer: indexes reports queued at intake, a batch per transaction, after
 * their intake transaction committed (see migration `20261128680000_search_indexer`). Every instance
 * may run one: on PostgreSQL each takes rows the others have not locked (`FOR UPDATE SKIP LOCKED`), so
 * no report is indexed twice at once. A failed batch is logged and retried at the next interval.
 *
 * It runs at background priority: indexing costs about as much CPU as the rest of intake, and it
 * shares the event loop with the requests, so while the process is busy (event-loop utilization above
 * `busyThreshold`) it waits, at most `maxDeferMs` between batches, and catches up once the burst is
 * over. A search meanwhile indexes what is queued before it answers (`catchUpIndex`), so nothing stored
 * goes unfound.
 */
export class SearchIndexer {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly busyThreshold: number;
  private readonly maxDeferMs: number;
  private readonly loop: BackgroundLoop;
  private lastUtilization = performance.eventLoopUtilization();
  private deferredSince: number | null = null;

  constructor(private readonly options: SearchIndexerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.intervalMs = options.intervalMs ?? 500;
    this.busyThreshold = options.busyThreshold ?? 0.8;
    this.maxDeferMs = options.maxDeferMs ?? 5000;
    this.loop = new BackgroundLoop(
      () => this.round(),
      (error) => options.log.error({ err: error }, 'search indexer: batch failed'),
      this.intervalMs,
    );
  }

  /** Starts the loop: a batch now, then whenever the interval has passed (soon again while batches come back full). */
  start(): void {
    this.loop.start();
  }

  /** Stops the loop; the batch in flight commits (or rolls back) first. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * How many reports to index now: a full batch when the process was idle enough since the last look;
   * none while it is busy; a small batch when it has been busy for `maxDeferMs` (progress, with a short
   * stall of the requests only).
   */
  private nextBatch(): number {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, this.lastUtilization).utilization > this.busyThreshold;
    this.lastUtilization = now;
    if (!busy) {
      this.deferredSince = null;
      return this.batchSize;
    }
    const since = (this.deferredSince ??= Date.now());
    if (Date.now() - since < this.maxDeferMs) return 0;
    this.deferredSince = null;
    return Math.min(this.batchSize, BUSY_BATCH);
  }

  /** One round: a batch unless the process is busy; answers how long to wait before the next. */
  private async round(): Promise<number> {
    const limit = this.nextBatch();
    if (limit === 0) return this.intervalMs;
    try {
      const full = (await indexQueuedReports(this.options.db, { limit, skipLocked: true })) === limit;
      // A full batch means more is queued: go on after letting requests in between.
      return full ? 10 : this.intervalMs;
    } finally {
      // The batch's own work does not count as the process being busy: the next look measures from here.
      this.lastUtilization = performance.eventLoopUtilization();
    }
  }

  /** Indexes one batch; answers how many queued reports it took. */
  runOnce(): Promise<number> {
    return indexQueuedReports(this.options.db, { limit: this.batchSize, skipLocked: true });
  }

  /** Runs batches until the queue is empty (tests, and the command line). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const taken = await this.runOnce();
      total += taken;
      if (taken < this.batchSize) return total;
    }
  }
}
