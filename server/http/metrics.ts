import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics; one registry per app so several apps can live in one process. */
export interface Metrics {
  registry: Registry;
  reportsReceived: Counter<'category'>;
  reportEvidenceFiles: Counter;
  reportIndicators: Counter;
  /** Items per group-commit transaction, and how long the transaction took. */
  groupCommitSize: Histogram<'writer' | 'outcome'>;
  groupCommitDuration: Histogram<'writer'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qinglang_' });
  return {
    registry,
    reportsReceived: new Counter({
      name: 'qinglang_reports_received_total',
      help: 'Reports stored, by category',
      labelNames: ['category'],
      registers: [registry],
    }),
    reportEvidenceFiles: new Counter({
      name: 'qinglang_report_evidence_files_total',
      help: 'Evidence files attached to stored reports',
      registers: [registry],
    }),
    reportIndicators: new Counter({
      name: 'qinglang_report_indicators_total',
      help: 'Indicators indexed from stored reports',
      registers: [registry],
    }),
    groupCommitSize: new Histogram({
      name: 'qinglang_group_commit_items',
      help: 'Items written per group-commit transaction',
      labelNames: ['writer', 'outcome'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    groupCommitDuration: new Histogram({
      name: 'qinglang_group_commit_duration_seconds',
      help: 'Duration of group-commit transactions',
      labelNames: ['writer'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}

/**
 * Counts requests and their durations by route pattern (never the raw URL, so tracking codes do not
 * become label values) and serves `GET /metrics`.
 */
export function installMetrics(app: FastifyInstance, metrics: Metrics): void {
  const requests = new Counter({
    name: 'qinglang_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [metrics.registry],
  });
  const duration = new Histogram({
    name: 'qinglang_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
