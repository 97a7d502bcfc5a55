import { performance } from 'node:perf_hooks';
import { BackgroundLoop } from './background-loop';

/** What an indexer logs through (pino's, or Fastify's). */
export interface IndexerLog {
  error(object: object, message: string): void;
}

/**
 * Takes up to `limit` queued items out of a queue and indexes them, in one transaction; answers how
 * many it took. `skipLocked`: pass over rows other transactions hold (a background worker) rather than
 * wait for them (a reader catching up, which must see what they took indexed).
 */
export type IndexBatch = (options: { limit: number; skipLocked: boolean }) => Promise<number>;

/** What a reader's catching up came to. */
export interface CatchUp {
  indexed: number;
  /** Items are still queued after `max` were indexed: the index is behind intake. */
  behind: boolean;
}

/**
 * Before a read that must see everything stored (a search, a near-duplicate lookup): indexes what is
 * queued, up to `max`, so that what was stored a moment ago is found. Costs one probe when nothing is
 * queued. On PostgreSQL a batch waits for those background workers have in flight.
 */
export async function catchUpQueue(
  hasQueued: () => Promise<boolean>,
  indexBatch: IndexBatch,
  options: { max?: number; batchSize?: number } = {},
): Promise<CatchUp> {
  const max = options.max ?? 2000;
  const batchSize = Math.min(options.batchSize ?? 500, max);
  if (!(await hasQueued())) return { indexed: 0, behind: false };
  let indexed = 0;
  // A round may take nothing on PostgreSQL when the rows it waited for were indexed by a worker
  // meanwhile; the queue is looked at again then, a few times at most.
  for (let empty = 0; indexed < max && empty < 5;) {
    const taken = await indexBatch({ limit: Math.min(batchSize, max - indexed), skipLocked: false });
    indexed += taken;
    if (taken > 0) continue;
    if (!(await hasQueued())) return { indexed, behind: false };
    empty += 1;
  }
  return { indexed, behind: await hasQueued() };
}

/**
 * The share of a batch taken when the process has been busy too long to wait any more (a few ms of
 * work), and the size of the first batch, before the indexer has measured what an item costs.
 */
const BUSY_BATCH_SHARE = 0.1;

/** How much faster than the last measurement a batch may grow in one step. */
const MAX_GROWTH = 2;

export interface QueueIndexerOptions {
  /** Named in the log when a batch fails. */
  name: string;
  indexBatch: IndexBatch;
  log: IndexerLog;
  /** How long an idle indexer waits before looking again; 500 ms by default. */
  intervalMs?: number;
  /** Items per transaction at most; 500 by default. */
  batchSize?: number;
  /**
   * How long one batch may hold the database, in ms; 100 by default. The writes of requests that come
   * meanwhile wait for it (on SQLite there is one writer), so a batch is cut to what this time allows
   * at the cost per item the last batches took.
   */
  batchBudgetMs?: number;
  /**
   * Event-loop utilization (0–1) over the last interval above which the process counts as busy
   * serving requests and indexing waits; 0.8 by default, 1 to never wait.
   */
  busyThreshold?: number;
  /** The longest indexing waits for a busy process before it takes a batch anyway; 5 s by default. */
  maxDeferMs?: number;
  /**
   * A count of the requests' own writes that only grows (intake's group commit): the process counts
   * as busy while it grows. Where the writes run on the SQLite thread, the event loop's utilization
   * does not say that a batch there would hold them up. (That thread's utilization would not do:
   * it counts the indexers' own batches, so two indexers would keep deferring to each other.)
   */
  foregroundWrites?: () => number;
}

/**
 * A background worker that drains a queue written at intake, a batch per transaction, after the
 * intake transaction committed. Every instance may run one: on PostgreSQL each takes rows the others
 * have not locked. A failed batch is logged and retried at the next interval.
 *
 * It runs at background priority: it shares the event loop with the requests, so while the process is
 * busy (event-loop utilization above `busyThreshold`) it waits, at most `maxDeferMs` between batches,
 * then takes a small batch, and catches up once the burst is over. Readers meanwhile catch up
 * themselves (`catchUpQueue`), so nothing stored goes unfound. Each indexer measures the event loop on
 * its own; where the writes run on the SQLite thread, intake's writes since the last look count as
 * busy too (`foregroundWrites`).
 *
 * A batch is sized to hold the database no longer than `batchBudgetMs` (100 ms by default): a burst
 * that comes while the indexer works through a backlog waits for the batch in flight. Full batches
 * of 500 reports took over a second on a slow machine; the first requests of a burst waited that long.
 */
export class QueueIndexer {
  private readonly batchSize: number;
  private readonly batchBudgetMs: number;
  /** Items a batch takes now: what the budget allows at the cost the last batch measured. */
  private limit: number;
  private readonly intervalMs: number;
  private readonly busyThreshold: number;
  private readonly maxDeferMs: number;
  private readonly loop: BackgroundLoop;
  private lastUtilization = performance.eventLoopUtilization();
  private lastForegroundWrites: number | undefined;
  private deferredSince: number | null = null;

  constructor(private readonly options: QueueIndexerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.batchBudgetMs = options.batchBudgetMs ?? 100;
    this.limit = Math.max(1, Math.round(this.batchSize * BUSY_BATCH_SHARE));
    this.intervalMs = options.intervalMs ?? 500;
    this.busyThreshold = options.busyThreshold ?? 0.8;
    this.maxDeferMs = options.maxDeferMs ?? 5000;
    this.lastForegroundWrites = options.foregroundWrites?.();
    this.loop = new BackgroundLoop(
      () => this.round(),
      (error) => options.log.error({ err: error }, `${options.name}: batch failed`),
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
   * How many items to index now: a batch of the budget's size when the process was idle enough since
   * the last look; none while it is busy; a tenth of that when it has been busy for `maxDeferMs`
   * (progress, with a short stall of the requests only).
   */
  private nextBatch(): number {
    const now = performance.eventLoopUtilization();
    const writes = this.options.foregroundWrites?.();
    const busy =
      performance.eventLoopUtilization(now, this.lastUtilization).utilization > this.busyThreshold || writes !== this.lastForegroundWrites;
    this.lastUtilization = now;
    this.lastForegroundWrites = writes;
    if (!busy) {
      this.deferredSince = null;
      return this.limit;
    }
    const since = (this.deferredSince ??= Date.now());
    if (Date.now() - since < this.maxDeferMs) return 0;
    this.deferredSince = null;
    return Math.max(1, Math.round(this.limit * BUSY_BATCH_SHARE));
  }

  /** One round: a batch unless the process is busy; answers how long to wait before the next. */
  private async round(): Promise<number> {
    const limit = this.nextBatch();
    if (limit === 0) return this.intervalMs;
    try {
      const started = performance.now();
      const taken = await this.options.indexBatch({ limit, skipLocked: true });
      this.measured(taken, performance.now() - started);
      // A full batch means more is queued: go on after letting requests in between.
      return taken === limit ? 10 : this.intervalMs;
    } finally {
      // The batch's own work does not count as the process being busy: the next look measures from here.
      this.lastUtilization = performance.eventLoopUtilization();
    }
  }

  /**
   * Sizes the next batches from one that took `taken` items in `elapsedMs`: as many items as the
   * budget allows at that cost, at most twice the last size (one fast measurement does not jump to a
   * batch of unknown cost) and never more than `batchSize`. The time includes waiting for the
   * requests' writes ahead of the batch, which only makes the next batch smaller.
   */
  private measured(taken: number, elapsedMs: number): void {
    if (taken === 0) return;
    const affordable = elapsedMs > 0 ? Math.floor((this.batchBudgetMs * taken) / elapsedMs) : Number.POSITIVE_INFINITY;
    this.limit = Math.max(1, Math.min(this.batchSize, affordable, Math.max(this.limit, taken) * MAX_GROWTH));
  }

  /** Indexes one batch; answers how many queued items it took. */
  runOnce(): Promise<number> {
    return this.options.indexBatch({ limit: this.batchSize, skipLocked: true });
  }

  /** Runs batches until the queue is empty (tests, benchmarks and the command line). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const taken = await this.runOnce();
      total += taken;
      if (taken < this.batchSize) return total;
    }
  }
}
