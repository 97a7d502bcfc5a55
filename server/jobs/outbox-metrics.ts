import { Counter, Histogram, type Registry } from 'prom-client';

/** Counters of the outbox workers, on the app's Prometheus registry. */
export interface OutboxMetrics {
  /** Attempts by channel and outcome (delivered, failed, dead, skipped). */
  attempts: Counter<'channel' | 'outcome'>;
  duration: Histogram<'channel'>;
}

export function createOutboxMetrics(registry: Registry): OutboxMetrics {
  return {
    attempts: new Counter({
      name: 'qinglang_outbox_attempts_total',
      help: 'Notification delivery attempts by channel (email, webhook) and outcome (delivered, failed, dead, skipped)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'qinglang_outbox_attempt_duration_seconds',
      help: 'Duration of notification delivery attempts by channel',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
