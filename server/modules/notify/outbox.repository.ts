import { type Insertable, type Kysely, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type { Database, NotificationsOutboxTable, OutboxRow } from '../../db/schema';

type Db = Kysely<Database>;

/** Where an outbox row is in its life. */
export type OutboxStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'dead' | 'skipped';

/** Statuses a worker may claim once the row is due (`delivering` only when its lease has run out). */
const CLAIMABLE: OutboxStatus[] = ['pending', 'failed', 'delivering'];

/** Inserts outbox rows, several hundred per statement. */
export async function insertOutboxRows(db: Db, rows: Insertable<NotificationsOutboxTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 300)
    await db
      .insertInto('notifications_outbox')
      .values(rows.slice(i, i + 300))
      .execute();
}

/**
 * Claims up to `limit` due rows for one worker: marks them `delivering`, counts the attempt, and
 * leases them until `leaseUntil` (also their next due time, so a crashed worker's rows come due
 * again by themselves). On PostgreSQL the rows are picked with `FOR UPDATE SKIP LOCKED`, so
 * workers of several instances claim disjoint rows without waiting on each other; SQLite has one
 * writer and the single statement is atomic already.
 */
export async function claimDueOutboxRows(
  db: Db,
  dialect: DatabaseDialect,
  options: { now: string; leaseUntil: string; limit: number },
): Promise<OutboxRow[]> {
  return db
    .updateTable('notifications_outbox')
    .set({
      status: 'delivering',
      attempts: sql<number>`attempts + 1`,
      locked_until: options.leaseUntil,
      next_attempt_at: options.leaseUntil,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('notifications_outbox')
        .select('id')
        .where('status', 'in', CLAIMABLE)
        .where('next_attempt_at', '<=', options.now)
        .orderBy('next_attempt_at')
        .limit(options.limit)
        .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .returningAll()
    .execute();
}

/** What became of one claimed row. */
export type OutboxOutcome =
  | { status: 'delivered'; at: string }
  | { status: 'failed'; error: string; nextAttemptAt: string }
  | { status: 'dead' | 'skipped'; error: string };

/**
 * Records the outcome of an attempt, only while the row is still this worker's: `delivering` at
 * the attempt it claimed. Answers false when another worker took the row over after the lease ran out.
 */
export async function settleOutboxRow(db: Db, row: { id: string; attempts: number }, outcome: OutboxOutcome): Promise<boolean> {
  const result = await db
    .updateTable('notifications_outbox')
    .set({
      status: outcome.status,
      locked_until: null,
      last_error: outcome.status === 'delivered' ? null : outcome.error,
      ...(outcome.status === 'delivered' ? { delivered_at: outcome.at } : {}),
      ...(outcome.status === 'failed' ? { next_attempt_at: outcome.nextAttemptAt } : {}),
    })
    .where('id', '=', row.id)
    .where('status', '=', 'delivering')
    .where('attempts', '=', row.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives up the pending deliveries of a removed subscription. */
export async function abandonSubscriptionRows(db: Db, subscriptionId: string, reason: string): Promise<number> {
  const result = await db
    .updateTable('notifications_outbox')
    .set({ status: 'dead', last_error: reason, locked_until: null })
    .where('subscription_id', '=', subscriptionId)
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
