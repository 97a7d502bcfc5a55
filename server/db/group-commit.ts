import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive while a transaction is in flight are gathered and committed
 * together in the next one, each inside its own savepoint so one failing write rolls back alone.
 * Every caller still gets its answer only after its data is committed, so durability is unchanged;
 * under load one commit (one fsync on PostgreSQL, one WAL append on SQLite) carries many writes.
 * With no load a write commits at once, so latency does not grow.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { maxBatch?: number } = {},
  ) {}

  /** Runs `work` in a transaction shared with other concurrent writes; resolves after commit. */
  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<unknown>, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) this.start();
    });
  }

  /** Resolves once every write queued so far has been committed or failed. */
  drain(): Promise<void> {
    return this.running ? this.idle : Promise.resolve();
  }

  private start(): void {
    this.running = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    // Let writes that arrive in the same tick join the first batch.
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    const max = this.options.maxBatch ?? 256;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, max);
        if (batch.length === 1) await this.runAlone(batch[0]!);
        else await this.runBatch(batch);
      }
    } finally {
      this.running = false;
      this.markIdle();
    }
  }

  private async runAlone(item: Pending): Promise<void> {
    try {
      item.resolve(await this.db.transaction().execute(item.work));
    } catch (error) {
      item.reject(error);
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    try {
      for (const item of batch) {
        await sql`savepoint group_item`.execute(trx);
        try {
          const value = await item.work(trx);
          await sql`release savepoint group_item`.execute(trx);
          outcomes.push({ ok: true, value });
        } catch (error) {
          await sql`rollback to savepoint group_item`.execute(trx);
          await sql`release savepoint group_item`.execute(trx);
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch {
      // The shared transaction itself failed (connection lost, commit refused): nothing of it was
      // stored, so each write gets its own try.
      await trx.rollback().execute().catch(() => undefined);
      for (const item of batch) await this.runAlone(item);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
