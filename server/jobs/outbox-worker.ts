import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../config';
import type { Database, OutboxRow } from '../db/schema';
import { toIsoString } from '../db/values';
import { uuidv7 } from '../lib/ids';
import type { SealingKeys } from '../security/seal';
import { type QueuedEmail, outboxSealContext } from '../modules/notify/enqueue-notification';
import { insertWebhookDelivery } from '../modules/notify/notify.repository';
import { webhookSecretContext } from '../modules/notify/notify.service';
import { type OutboxOutcome, claimDueOutboxRows, settleOutboxRow } from '../modules/notify/outbox.repository';
import { retryDelayMs } from './backoff';
import { BackgroundLoop } from '../lib/background-loop';
import { type Mailer, isPermanentMailError } from './deliver-email';
import { type WebhookOptions, postWebhook } from './deliver-webhook';
import type { OutboxMetrics } from './outbox-metrics';

/** What a worker logs through (pino's, or Fastify's). */
export interface WorkerLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  sealing: Pick<SealingKeys, 'unseal'>;
  /** null when SMTP is not configured: e-mail rows are marked `skipped`. */
  mailer: Mailer | null;
  webhooks: WebhookOptions & { post?: typeof postWebhook };
  log: WorkerLog;
  metrics?: OutboxMetrics;
  /** How long an idle worker waits before looking again; 2 s by default. */
  intervalMs?: number;
  /** Rows claimed, and delivered concurrently, at a time; 20 by default. */
  batchSize?: number;
  /** How long claimed rows stay this worker's; longer than any attempt can take. 2 min by default. */
  leaseMs?: number;
  /** Attempts stop this long after a row was written, and it is `dead`; 24 h by default. */
  retryWindowMs?: number;
  /** The wait after the n-th failed attempt; `retryDelayMs` by default. */
  backoff?: (attempt: number) => number;
  /** The worker's clock (tests move it on instead of waiting). */
  now?: () => Date;
}

/** What one batch came to. */
export interface BatchResult {
  claimed: number;
  delivered: number;
  /** Failed and to be retried. */
  failed: number;
  dead: number;
  skipped: number;
  /** Rows another worker had taken over by the time this one finished (its lease ran out). */
  lost: number;
}

const EMPTY: BatchResult = { claimed: 0, delivered: 0, failed: 0, dead: 0, skipped: 0, lost: 0 };

const SMTP_NOT_CONFIGURED = 'SMTP is not configured (QINGLANG_SMTP_URL)';

/**
 * Drains the notification outbox: claims due rows (see `claimDueOutboxRows`; several workers, in
 * one instance or many, never hold the same row), delivers them concurrently, and records each
 * outcome. A failed attempt is retried with exponential back-off until `retryWindowMs` after the row
 * was written, then the row is `dead`. Every webhook attempt is written to the delivery log.
 */
export class OutboxWorker {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly leaseMs: number;
  private readonly retryWindowMs: number;
  private readonly backoff: (attempt: number) => number;
  private readonly now: () => Date;
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.batchSize = options.batchSize ?? 20;
    this.intervalMs = options.intervalMs ?? 2000;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.retryWindowMs = options.retryWindowMs ?? 24 * 3600_000;
    this.backoff = options.backoff ?? ((attempt) => retryDelayMs(attempt));
    this.now = options.now ?? (() => new Date());
    // A full batch means more is due: go on at once.
    this.loop = new BackgroundLoop(
      async () => ((await this.runOnce()).claimed === this.batchSize ? 0 : this.intervalMs),
      (error) => options.log.error({ err: error }, 'outbox worker: batch failed'),
      this.intervalMs,
    );
  }

  /** Starts the loop: a batch now, then whenever the interval has passed (at once while batches come back full). */
  start(): void {
    this.loop.start();
  }

  /** Stops the loop; the batch in flight is finished and recorded first. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims one batch of due rows and delivers it. */
  async runOnce(): Promise<BatchResult> {
    const now = this.now();
    const rows = await claimDueOutboxRows(this.options.db, this.options.dialect, {
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
      limit: this.batchSize,
    });
    if (rows.length === 0) return { ...EMPTY };
    const settled = await Promise.all(rows.map((row) => this.deliver(row)));
    const result: BatchResult = { ...EMPTY, claimed: rows.length };
    for (const { outcome, kept } of settled) {
      result[outcome.status] += 1;
      if (!kept) result.lost += 1;
    }
    if (result.skipped > 0) this.options.log.info({ count: result.skipped }, `outbox: e-mail not sent: ${SMTP_NOT_CONFIGURED}`);
    return result;
  }

  /** Runs batches until none is due (tests, and draining at the command line). */
  async drain(maxBatches = 10_000): Promise<BatchResult> {
    const total: BatchResult = { ...EMPTY };
    for (let i = 0; i < maxBatches; i += 1) {
      const result = await this.runOnce();
      for (const key of Object.keys(total) as (keyof BatchResult)[]) total[key] += result[key];
      if (result.claimed === 0) break;
    }
    return total;
  }

  private async deliver(row: OutboxRow): Promise<{ outcome: OutboxOutcome; kept: boolean }> {
    const started = performance.now();
    let outcome: OutboxOutcome;
    let kept: boolean;
    try {
      switch (row.channel) {
        case 'email':
          outcome = await this.sendEmail(row);
          kept = await settleOutboxRow(this.options.db, row, outcome);
          break;
        case 'webhook':
          ({ outcome, kept } = await this.sendWebhook(row));
          break;
        default:
          outcome = { status: 'dead', error: `unknown channel ${row.channel}` };
          kept = await settleOutboxRow(this.options.db, row, outcome);
      }
    } catch (error) {
      // A database error while recording: the row stays leased and comes due again when the lease ends.
      this.options.log.error({ err: error, outboxId: row.id }, 'outbox worker: could not record a delivery');
      return { outcome: { status: 'failed', error: String(error), nextAttemptAt: '' }, kept: false };
    }
    this.options.metrics?.attempts.inc({ channel: row.channel, outcome: outcome.status });
    this.options.metrics?.duration.observe({ channel: row.channel }, (performance.now() - started) / 1000);
    if (outcome.status === 'failed' || outcome.status === 'dead')
      this.options.log.warn(
        {
          outboxId: row.id,
          channel: row.channel,
          event: row.event_type,
          attempt: row.attempts,
          status: outcome.status,
          error: outcome.error,
        },
        'outbox: delivery failed',
      );
    if (!kept) this.options.log.warn({ outboxId: row.id }, 'outbox: the row was taken over by another worker after its lease ran out');
    return { outcome, kept };
  }

  private async sendEmail(row: OutboxRow): Promise<OutboxOutcome> {
    const mailer = this.options.mailer;
    if (!mailer) return { status: 'skipped', error: SMTP_NOT_CONFIGURED };
    let message: QueuedEmail & { to: string };
    try {
      message = row.sealed
        ? this.options.sealing.unseal<QueuedEmail & { to: string }>(row.sealed, outboxSealContext(row.id))
        : { to: row.recipient ?? '', ...(JSON.parse(row.payload) as QueuedEmail) };
    } catch (error) {
      return { status: 'dead', error: `the message cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    try {
      await mailer.send({ ...message, messageId: `<${row.id}@qinglang.outbox>` });
      return { status: 'delivered', at: this.now().toISOString() };
    } catch (error) {
      let text = error instanceof Error ? error.message : String(error);
      // A sealed recipient stays out of the clear-text error column.
      if (row.sealed) text = text.split(message.to).join('[recipient]');
      return this.failure(row, text, isPermanentMailError(error));
    }
  }

  private async sendWebhook(row: OutboxRow): Promise<{ outcome: OutboxOutcome; kept: boolean }> {
    const { db } = this.options;
    const subscription = row.subscription_id
      ? await db
          .selectFrom('webhook_subscriptions')
          .select(['id', 'url', 'secret_sealed', 'active'])
          .where('id', '=', row.subscription_id)
          .executeTakeFirst()
      : undefined;
    if (!subscription || Number(subscription.active) !== 1) {
      const outcome: OutboxOutcome = { status: 'dead', error: 'subscription removed' };
      return { outcome, kept: await settleOutboxRow(db, row, outcome) };
    }
    let secret: string;
    try {
      secret = this.options.sealing.unseal<string>(subscription.secret_sealed, webhookSecretContext(subscription.id));
    } catch (error) {
      const outcome: OutboxOutcome = { status: 'dead', error: `the signing secret cannot be read: ${(error as Error).message}` };
      return { outcome, kept: await settleOutboxRow(db, row, outcome) };
    }
    const post = this.options.webhooks.post ?? postWebhook;
    const attempt = await post(
      {
        url: subscription.url,
        secret,
        eventType: row.event_type,
        deliveryId: row.id,
        body: row.payload,
        timestamp: Math.floor(Date.now() / 1000),
      },
      this.options.webhooks,
    );
    const outcome: OutboxOutcome = attempt.ok
      ? { status: 'delivered', at: this.now().toISOString() }
      : this.failure(row, attempt.error ?? 'failed', attempt.permanent);
    // The attempt's log line and the row's new state are written together.
    const kept = await db.transaction().execute(async (trx) => {
      await insertWebhookDelivery(trx, {
        id: uuidv7(),
        subscription_id: subscription.id,
        outbox_id: row.id,
        event_type: row.event_type,
        attempt: row.attempts,
        status_code: attempt.statusCode,
        duration_ms: attempt.durationMs,
        error: attempt.error,
        at: this.now().toISOString(),
      });
      return settleOutboxRow(trx, row, outcome);
    });
    return { outcome, kept };
  }

  /** A failed attempt: retried after the back-off, unless that would fall past the retry window or retrying cannot help. */
  private failure(row: OutboxRow, error: string, permanent: boolean): OutboxOutcome {
    if (permanent) return { status: 'dead', error };
    const now = this.now().getTime();
    const next = now + this.backoff(row.attempts);
    const deadline = new Date(toIsoString(row.created_at)).getTime() + this.retryWindowMs;
    if (next > deadline) return { status: 'dead', error: `${error} (gave up after ${row.attempts} attempts)` };
    return { status: 'failed', error, nextAttemptAt: new Date(next).toISOString() };
  }
}
