import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/** Writes a batch of items in the caller's transaction and answers one result per item, in order. */
export type BatchWriter<I, R> = (trx: Transaction<Database>, items: I[]) => Promise<R[]>;

interface Pending<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while a transaction is in flight are gathered and written together
 * in the next one, by a writer that can use multi-row statements. Every caller still gets its answer
 * only after its data is committed, so durability is unchanged; under load one commit carries many
 * writes, and with no load an item is written at once, so latency does not grow.
 *
 * Items are checked before they get here, so a failing batch is rare; when one fails, it is rolled
 * back whole and each item retried in a transaction of its own, so every caller gets exactly its own
 * outcome and one bad item cannot take the others down.
 */
export class GroupCommitter<I, R> {
  private queue: Pending<I, R>[] = [];
  /** Batches on their way to commit. */
  private inFlight = 0;
  private scheduled = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  private committedItems = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: BatchWriter<I, R>,
    private readonly options: {
      maxBatch?: number;
      onBatch?: (size: number, seconds: number, ok: boolean) => void;
      /**
       * Commits a batch some other way (in the SQLite thread, `ThreadTransaction`), or answers null to
       * have it written here; either way all of the batch or none of it is stored.
       */
      commitElsewhere?: (items: I[]) => Promise<R[]> | null;
      /**
       * Batches that may be on their way at once; 1 by default. More keeps a writer on another
       * thread busy: the next batch waits there, not in this thread, while one commits.
       */
      maxInFlight?: number;
    } = {},
  ) {}

  /** Queues an item; resolves with its result after the transaction that wrote it has committed. */
  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (!this.busy) this.idle = new Promise((done) => (this.markIdle = done));
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items committed so far: a count that only grows, for background work that yields to this writer. */
  get committed(): number {
    return this.committedItems;
  }

  /** Resolves once every item queued so far has been committed or has failed. */
  drain(): Promise<void> {
    return this.busy ? this.idle : Promise.resolve();
  }

  private get busy(): boolean {
    return this.queue.length > 0 || this.inFlight > 0;
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= (this.options.maxInFlight ?? 1)) return;
    this.scheduled = true;
    // Let items that arrive in the same turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.launch();
    });
  }

  private launch(): void {
    const max = this.options.maxBatch ?? 200;
    while (this.queue.length > 0 && this.inFlight < (this.options.maxInFlight ?? 1)) {
      this.inFlight += 1;
      void this.commitBatch(this.queue.splice(0, max)).finally(() => {
        this.inFlight -= 1;
        if (this.busy) this.schedule();
        else this.markIdle();
      });
    }
  }

  private async commitBatch(batch: Pending<I, R>[]): Promise<void> {
    if (batch.length === 1 || !(await this.writeTogether(batch))) {
      for (const pending of batch) await this.writeAlone(pending);
    }
  }

  /** Writes the batch in one transaction; false (nothing stored) if any part of it failed. */
  private async writeTogether(batch: Pending<I, R>[]): Promise<boolean> {
    let results: R[];
    const started = performance.now();
    try {
      results = await this.commit(batch.map((p) => p.item));
    } catch {
      this.options.onBatch?.(batch.length, (performance.now() - started) / 1000, false);
      return false;
    }
    this.options.onBatch?.(batch.length, (performance.now() - started) / 1000, true);
    this.committedItems += batch.length;
    batch.forEach((pending, i) => pending.resolve(results[i]!));
    return true;
  }

  private commit(items: I[]): Promise<R[]> {
    return this.options.commitElsewhere?.(items) ?? this.db.transaction().execute((trx) => this.write(trx, items));
  }

  private async writeAlone(pending: Pending<I, R>): Promise<void> {
    const started = performance.now();
    try {
      const [result] = await this.commit([pending.item]);
      this.options.onBatch?.(1, (performance.now() - started) / 1000, true);
      this.committedItems += 1;
      pending.resolve(result!);
    } catch (error) {
      this.options.onBatch?.(1, (performance.now() - started) / 1000, false);
      pending.reject(error);
    }
  }
}
