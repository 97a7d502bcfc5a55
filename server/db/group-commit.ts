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
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: BatchWriter<I, R>,
    private readonly options: { maxBatch?: number; onBatch?: (size: number, seconds: number, ok: boolean) => void } = {},
  ) {}

  /** Queues an item; resolves with its result after the transaction that wrote it has committed. */
  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) this.start();
    });
  }

  /** Resolves once every item queued so far has been committed or has failed. */
  drain(): Promise<void> {
    return this.running ? this.idle : Promise.resolve();
  }

  private start(): void {
    this.running = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    // Let items that arrive in the same turn of the event loop join the first batch.
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    const max = this.options.maxBatch ?? 200;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, max);
        if (batch.length === 1 || !(await this.writeTogether(batch))) {
          for (const pending of batch) await this.writeAlone(pending);
        }
      }
    } finally {
      this.running = false;
      this.markIdle();
    }
  }

  /** Writes the batch in one transaction; false (nothing stored) if any part of it failed. */
  private async writeTogether(batch: Pending<I, R>[]): Promise<boolean> {
    let results: R[];
    const started = performance.now();
    try {
      results = await this.db.transaction().execute((trx) =>
        this.write(
          trx,
          batch.map((p) => p.item),
        ),
      );
    } catch {
      this.options.onBatch?.(batch.length, (performance.now() - started) / 1000, false);
      return false;
    }
    this.options.onBatch?.(batch.length, (performance.now() - started) / 1000, true);
    batch.forEach((pending, i) => pending.resolve(results[i]!));
    return true;
  }

  private async writeAlone(pending: Pending<I, R>): Promise<void> {
    const started = performance.now();
    try {
      const [result] = await this.db.transaction().execute((trx) => this.write(trx, [pending.item]));
      this.options.onBatch?.(1, (performance.now() - started) / 1000, true);
      pending.resolve(result!);
    } catch (error) {
      this.options.onBatch?.(1, (performance.now() - started) / 1000, false);
      pending.reject(error);
    }
  }
}
