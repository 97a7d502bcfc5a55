import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { BackgroundLoop } from '../../lib/background-loop';
import * as repo from './near-duplicates.repository';

/** What the indexer logs through (pino's, or Fastify's). */
export interface NearDuplicateIndexerLog {
  error(object: object, message: string): void;
}

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

/** What a lookup's catching up came to. */
export interface BandCatchUp {
  indexed: number;
  /** Reports are still queued after `max` were indexed: the band index is behind intake. */
  behind: boolean;
}

/**
 * Before a near-duplicate lookup: writes the band rows of reports stored and not yet indexed, up to
 * `max`, so that a report filed a moment ago is suggested. Costs one index probe when nothing is
 * queued. On PostgreSQL it waits for batches background workers have in flight.
 */
export async function catchUpBands(db: Kysely<Database>, options: { max?: number; batchSize?: number } = {}): Promise<BandCatchUp> {
  const max = options.max ?? 2000;
  const batchSize = Math.min(options.batchSize ?? 500, max);
  if (!(await repo.hasQueuedBandReports(db))) return { indexed: 0, behind: false };
  let indexed = 0;
  // A round may take nothing on PostgreSQL when the rows it waited for were indexed by a worker
  // meanwhile; the queue is looked at again then, a few times at most.
  for (let empty = 0; indexed < max && empty < 5;) {
    const taken = await indexQueuedBands(db, { limit: Math.min(batchSize, max - indexed), skipLocked: false });
    indexed += taken;
    if (taken > 0) continue;
    if (!(await repo.hasQueuedBandReports(db))) return { indexed, behind: false };
    empty += 1;
  }
  return { indexed, behind: await repo.hasQueuedBandReports(db) };
}

/** Reports a batch takes when the process has been busy too long to wait any more. */
const BUSY_BATCH = 50;

export interface NearDuplicateIndexerOptions {
  db: Kysely<Database>;
  log: NearDuplicateIndexerLog;
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
 * The background near-duplicate indexer: writes the band rows of reports queued at intake, a batch per
 * transaction, after their intake transaction committed (see migration
 * `20261129200000_near_duplicate_band_queue`). Every instance may run one: on PostgreSQL each takes
 * rows the others have not locked (`FOR UPDATE SKIP LOCKED`). A failed batch is logged and retried at
 * the next interval.
 *
 * It runs at background priority, as the search indexer does (the same policy, kept apart so each
 * worker measures the event loop on its own): while the process is busy it waits, at most
 * `maxDeferMs` between batches. A lookup meanwhile indexes what is queued before it answers
 * (`catchUpBands`), so no stored report goes unsuggested.
 */
export class NearDuplicateIndexer {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly busyThreshold: number;
  private readonly maxDeferMs: number;
  private readonly loop: BackgroundLoop;
  private lastUtilization = performance.eventLoopUtilization();
  private deferredSince: number | null = null;

  constructor(private readonly options: NearDuplicateIndexerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.intervalMs = options.intervalMs ?? 500;
    this.busyThreshold = options.busyThreshold ?? 0.8;
    this.maxDeferMs = options.maxDeferMs ?? 5000;
    this.loop = new BackgroundLoop(
      () => this.round(),
      (error) => options.log.error({ err: error }, 'near-duplicate indexer: batch failed'),
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

  /** A full batch when the process was idle enough since the last look; none while busy; a small one after `maxDeferMs` busy. */
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
      const full = (await indexQueuedBands(this.options.db, { limit, skipLocked: true })) === limit;
      return full ? 10 : this.intervalMs;
    } finally {
      // The batch's own work does not count as the process being busy.
      this.lastUtilization = performance.eventLoopUtilization();
    }
  }

  /** Indexes one batch; answers how many queued reports it took. */
  runOnce(): Promise<number> {
    return indexQueuedBands(this.options.db, { limit: this.batchSize, skipLocked: true });
  }

  /** Runs batches until the queue is empty (tests, and benchmarks). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const taken = await this.runOnce();
      total += taken;
      if (taken < this.batchSize) return total;
    }
  }
}
