import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import helmet from 'helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { BlobStore } from './blobs/blob-store';
import type { Config } from './config';
import { type DatabaseHandle, openDatabase, pingDatabase } from './db/connect';
import { GroupCommitter } from './db/group-commit';
import { migrateToLatest } from './db/migrate';
import { type Metrics, createMetrics, installMetrics } from './http/metrics';
import { ProblemError, installProblemHandlers } from './http/problem';
import { ProblemSchema } from './http/schema-helpers';
import { compileSchema, createAjv } from './http/validation';
import { uuidv7 } from './lib/ids';
import { ProofOfWork } from './modules/intake/challenge';
import { pruneSpentChallenges } from './modules/intake/reports.repository';
import { intakeRoutes } from './modules/intake/reports.routes';
import { createReportAnalysisPool } from './modules/intake/report-analysis-pool';
import { IntakeService, STORE_REPORT_BATCH, reportBatchWriter } from './modules/intake/reports.service';
import { KeyRing } from './security/keys';
import { type RouteEntry, installAuthentication } from './http/authenticate';
import { AuthService } from './modules/auth/auth.service';
import { authRoutes } from './modules/auth/auth.routes';
import { OrgService } from './modules/orgs/orgs.service';
import { orgsRoutes } from './modules/orgs/orgs.routes';
import { AuditService } from './modules/audit/audit.service';
import { auditRoutes } from './modules/audit/audit.routes';
import { deleteExpiredSessions } from './modules/auth/auth.repository';
import { revealReporter } from './modules/intake/reveal-reporter';
import { staffReportRoutes } from './modules/intake/staff-reports.routes';
import { CaseService } from './modules/cases/cases.service';
import { casesRoutes } from './modules/cases/cases.routes';
import { routingRulesRoutes } from './modules/cases/routing-rules.routes';
import { caseDeadlineRules } from './modules/cases/case-deadlines';
import { NotifyService } from './modules/notify/notify.service';
import { notifyRoutes } from './modules/notify/notify.routes';
import { enqueueCaseNotification } from './modules/notify/case-notifications';
import { OutboxWorker } from './jobs/outbox-worker';
import { escalateOverdueCases } from './jobs/deadline-escalation';
import { createOutboxMetrics } from './jobs/outbox-metrics';
import { type Mailer, createSmtpMailer } from './jobs/deliver-email';
import { DisposalOrderService } from './modules/cases/disposal-orders.service';
import { disposalOrderRoutes } from './modules/cases/disposal-orders.routes';
import { PlatformsService } from './modules/platforms/platforms.service';
import { platformsRoutes } from './modules/platforms/platforms.routes';
import { IdempotencyStore } from './http/idempotency';
import { CaseAttachmentService } from './modules/cases/case-attachments.service';
import { caseAttachmentRoutes } from './modules/cases/case-attachments.routes';
import { evidenceRoutes } from './modules/evidence/evidence.routes';
import { rulesRoutes } from './modules/rules/rules.routes';
import { enterpriseReportRoutes } from './modules/protection/enterprise-reports.routes';
import { EnterpriseReportsService } from './modules/protection/enterprise-reports.service';
import { VERIFY_PATH, protectionRoutes } from './modules/protection/protection.routes';
import { ProtectionService } from './modules/protection/protection.service';
import { RulesService } from './modules/rules/rules.service';
import { deploymentEvidenceService } from './modules/evidence/evidence.service';
import { SearchService } from './modules/search/search.service';
import { searchRoutes } from './modules/search/search.routes';
import { SearchIndexer } from './modules/search/search-indexer';
import { NearDuplicateIndexer } from './modules/similarity/near-duplicate-indexer';
import { OccurrenceMerger } from './modules/correlation/recent-occurrences';
import { RegistryService } from './modules/registry/registry.service';
import { registryRoutes } from './modules/registry/registry.routes';
import { CorrelationService } from './modules/correlation/correlation.service';
import { correlationRoutes } from './modules/correlation/correlation.routes';

export interface BuildAppOptions {
  /** An open database to use instead of opening one from the configuration (tests, benchmarks). */
  database?: DatabaseHandle;
  /** Skip running migrations at start (when the caller has already). */
  skipMigrations?: boolean;
  /** Pino logger options, or false for none. */
  logger?: FastifyServerOptions['logger'];
}

/** Everything the app is made of, for tests that need to reach past HTTP. */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  metrics: Metrics;
  blobs: BlobStore;
  keys: KeyRing;
  auth: AuthService;
  orgs: OrgService;
  /** Inbox, webhook subscriptions, and `enqueue` for writing notifications inside a transaction. */
  notify: NotifyService;
  /** The outbox worker of this instance; null with `QINGLANG_WORKERS=off`. */
  outboxWorker: OutboxWorker | null;
  /** Every API route with who may call it, for the authorization matrix test. */
  routes: RouteEntry[];
}

declare module 'fastify' {
  interface FastifyInstance {
    qinglang: AppContext;
  }
}

/** Request and response headers that carry secrets; never logged. */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-access-key"]', 'req.headers["x-altcha"]'];

/**
 * Builds the whole application: plugins, then modules. Never listens; `main.ts` does, and tests use
 * `app.inject`.
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    openDatabase(config.database, {
      // Where this instance runs its background workers, SQLite runs on a thread of its own, and its
      // WAL checkpoints on another.
      thread: config.notify.workers,
      checkpointThread: config.notify.workers,
      onCheckpointError: (error) => app.log.warn({ err: error }, 'SQLite checkpoint thread failed; the writer checkpoints by itself'),
    });
  if (!options.skipMigrations) await migrateToLatest(database.db, database.dialect);

  const ajv = createAjv();
  const coercingAjv = createAjv({ coerce: true });
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: {
        // Fastify's own request serializer, but personal data asked about in a query string stays out of the log.
        req: (request: { method: string; url: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) => ({
          method: request.method,
          url: request.url.startsWith(VERIFY_PATH) ? request.url.split('?')[0] : request.url,
          host: request.hostname,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }),
      },
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => uuidv7(),
    return503OnClosing: true,
  });
  // The API takes JSON and multipart only; anything else is a 415, not a body to misread.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(({ schema, httpPart }) => compileSchema(httpPart === 'body' ? ajv : coercingAjv, schema));
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const metrics = createMetrics();
  const keys = new KeyRing(config.secret, config.encryption);
  const blobs = new BlobStore(config.dataDir);
  // Desk reports tell the enterprise's liaison in the report's transaction (`notify` is built below, before any report comes).
  const reportWriter = new GroupCommitter(
    database.db,
    reportBatchWriter(database.dialect, { enqueue: (trx, event) => notify.enqueue(trx, event) }),
    {
      onBatch: (size, seconds, ok) => {
        metrics.groupCommitSize.observe({ writer: 'reports', outcome: ok ? 'committed' : 'failed' }, size);
        metrics.groupCommitDuration.observe({ writer: 'reports' }, seconds);
      },
      // With SQLite on its own thread a batch is stored there in one message, unless it tells someone.
      commitElsewhere: (items) =>
        database.runInThread && !items.some((item) => item.notification) ? database.runInThread(STORE_REPORT_BATCH, items) : null,
      // There, the next batch waits in the thread while one commits, so the thread goes from one to the next.
      maxInFlight: database.runInThread ? 2 : 1,
    },
  );
  const auth = new AuthService({
    db: database.db,
    dialect: database.dialect,
    // TOTP seeds are sealed under the same data-encryption keys as reporters' identities.
    sealer: keys.sealing,
    recoveryCodeKey: keys.key('recovery-code-hash'),
    session: config.session,
  });
  const orgs = new OrgService({
    db: database.db,
    dialect: database.dialect,
    publicUrl: config.publicUrl,
    invitationHours: config.session.invitationHours,
  });
  const notify = new NotifyService({
    db: database.db,
    dialect: database.dialect,
    sealer: keys.sealing,
    allowPrivateWebhooks: config.notify.webhookAllowPrivate,
    publicUrl: config.publicUrl,
  });
  const mailer: Mailer | null = config.notify.smtpUrl ? createSmtpMailer(config.notify.smtpUrl, config.notify.mailFrom) : null;
  const outboxWorker = config.notify.workers
    ? new OutboxWorker({
        db: database.db,
        dialect: database.dialect,
        sealing: keys.sealing,
        mailer,
        webhooks: { allowPrivate: config.notify.webhookAllowPrivate },
        log: app.log.child({ worker: 'outbox' }),
        metrics: createOutboxMetrics(metrics.registry),
        intervalMs: config.notify.intervalMs,
      })
    : null;
  const routes: RouteEntry[] = [];
  app.decorate('qinglang', { config, database, metrics, blobs, keys, auth, orgs, notify, outboxWorker, routes });

  installProblemHandlers(app, { notFound: serveWebApp(config) });
  app.addSchema(ProblemSchema);

  installSecurityHeaders(app, config);

  await app.register(fastifyRateLimit, {
    global: config.rateLimit.enabled,
    max: config.rateLimit.requestsPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.ip,
    allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url),
    errorResponseBuilder: (_request, context) =>
      new ProblemError('rate_limited', { headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } }),
  });

  await app.register(fastifyMultipart, {
    limits: { fileSize: config.evidence.maxFileBytes, files: config.evidence.maxFiles, fieldSize: 256 * 1024 },
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Qinglang API',
        version: '1',
        description:
          '清朗 — reporting and collaborative disposal of online extortion and paid post deletion. Errors are RFC 9457 problem+json.',
      },
      tags: [
        { name: 'reports', description: 'Public reports (举报) and their tracking' },
        { name: 'auth', description: 'Signing in, one’s own account, invitations' },
        { name: 'organizations', description: 'Organizations, their users and API tokens' },
        { name: 'audit', description: 'The tamper-evident audit log' },
        { name: 'inbox', description: 'One’s own notifications' },
        { name: 'webhooks', description: 'Signed event deliveries to organizations’ systems' },
        { name: 'triage', description: 'Reports becoming clues (线索): the triage queue' },
        { name: 'cases', description: 'Cases (案件), routing, the lifecycle, deadlines' },
        { name: 'orders', description: 'Disposal orders (处置指令) and their execution' },
        { name: 'search', description: 'Full-text search (全文检索) over reports and cases' },
        { name: 'correlation', description: 'Reports, cases and entities sharing indicator values, computed on read' },
        { name: 'registry', description: 'The offender registry (违法行为数据库) and its STIX 2.1 export' },
        { name: 'operations' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ql_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An organization’s API token (qlt_…)' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installMetrics(app, metrics);
  await installAuthentication(app, { config, auth, routes });

  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['operations'], summary: 'Readiness: the database answers' } }, async (_request, reply) => {
    const ok = await pingDatabase(database.db);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable', database: database.dialect });
  });

  // Intake's indicator extraction and MinHash run on worker threads where there is a core to spare
  // (instances with QINGLANG_WORKERS=off, as in tests, keep all work in this thread).
  const analysisPool = config.notify.workers
    ? createReportAnalysisPool({
        onWorkerError: (error) => app.log.warn({ err: error }, 'report analysis thread failed; analyzing in the main thread'),
      })
    : null;
  const intake = new IntakeService({
    db: database.db,
    dialect: database.dialect,
    writer: reportWriter,
    ...(analysisPool && { analyze: (text) => analysisPool.run(text) }),
    keys,
    onReportStored: ({ category, evidenceCount, indicatorCount }) => {
      metrics.reportsReceived.inc({ category });
      metrics.reportEvidenceFiles.inc(evidenceCount);
      metrics.reportIndicators.inc(indicatorCount);
    },
  });
  const proofOfWork = config.challenge.enabled
    ? new ProofOfWork(keys.key('challenge-hmac').toString('hex'), {
        maxNumber: config.challenge.maxNumber,
        expiresInSeconds: config.challenge.expiresInSeconds,
      })
    : null;
  await app.register(intakeRoutes, { config, intake, blobs, proofOfWork, ajv });
  await app.register(staffReportRoutes, {
    reveal: (actor, reportId, reason) =>
      revealReporter(
        { db: database.db, dialect: database.dialect, unseal: (sealed, context) => keys.sealing.unseal(sealed, context) },
        actor,
        reportId,
        reason,
      ),
  });
  await app.register(authRoutes, { config, auth, db: database.db });
  await app.register(orgsRoutes, { orgs });
  await app.register(auditRoutes, { audit: new AuditService({ db: database.db }) });
  const deadlines = caseDeadlineRules(config.deadlinePolicies, config.holidays, { warn: (message) => app.log.warn(message) });
  // Case and disposal-order events become inbox items, e-mail and webhooks in their own transaction.
  const caseNotifier = { enqueue: notify.enqueue.bind(notify), unseal: keys.sealing.unseal.bind(keys.sealing) };
  const notifyCase = (trx: Parameters<typeof enqueueCaseNotification>[0], notification: Parameters<typeof enqueueCaseNotification>[2]) =>
    enqueueCaseNotification(trx, caseNotifier, notification);
  const cases = new CaseService({
    db: database.db,
    dialect: database.dialect,
    deadlines: deadlines.dueDates,
    canExtend: deadlines.canExtend,
    notify: notifyCase,
  });
  await app.register(casesRoutes, { cases });
  await app.register(registryRoutes, {
    registry: new RegistryService({
      db: database.db,
      dialect: database.dialect,
      // Resident ID numbers are kept only as this keyed hash: matchable, never readable.
      hashNationalId: (normalized) => keys.keyedHash('indicator-hash', `national_id:${normalized}`),
    }),
  });
  await app.register(correlationRoutes, {
    correlation: new CorrelationService({
      db: database.db,
      dialect: database.dialect,
      hotThreshold: config.correlation?.hotThreshold ?? 1000,
    }),
  });
  await app.register(caseAttachmentRoutes, {
    attachments: new CaseAttachmentService({ db: database.db, dialect: database.dialect }),
    blobs,
    config,
  });
  await app.register(routingRulesRoutes, { db: database.db, dialect: database.dialect });
  await app.register(notifyRoutes, { notify });
  await app.register(searchRoutes, { search: new SearchService({ db: database.db, dialect: database.dialect }) });
  const evidence = deploymentEvidenceService({ ...database, blobs, keys, pdfFont: config.evidence.pdfFont });
  await app.register(evidenceRoutes, { evidence: evidence.service, signer: evidence.signer });
  await app.register(rulesRoutes, { rules: new RulesService({ db: database.db, dialect: database.dialect }) });
  await app.register(protectionRoutes, {
    protection: new ProtectionService({
      db: database.db,
      dialect: database.dialect,
      // The same keyed hash the registry uses for identifiers, so a representative and a practitioner can be matched.
      hashIdentifier: (type, normalized) => keys.keyedHash('indicator-hash', `${type}:${normalized}`),
    }),
    verifyPerMinute: config.rateLimit.enabled ? 120 : false,
  });
  await app.register(enterpriseReportRoutes, {
    reports: new EnterpriseReportsService({ db: database.db, intake }),
    config,
    blobs,
    ajv,
  });
  // Answers of writes sent with an Idempotency-Key (disposal orders now, deletion requests next).
  const idempotency = new IdempotencyStore({ db: database.db, dialect: database.dialect });
  await app.register(disposalOrderRoutes, {
    idempotency,
    orders: new DisposalOrderService({ db: database.db, dialect: database.dialect, notify: notifyCase }),
  });
  await app.register(platformsRoutes, {
    idempotency,
    platforms: new PlatformsService({
      db: database.db,
      dialect: database.dialect,
      keys,
      hashIdentifier: (type, normalized) => keys.keyedHash('indicator-hash', `${type}:${normalized}`),
    }),
  });

  if (existsSync(path.join(config.webDistDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: config.webDistDir,
      wildcard: false,
      index: false,
      setHeaders: (res, filePath) => {
        // Vite puts a content hash in every asset name, so assets never change under their name.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  const pruneTimer = setInterval(
    () => {
      const now = new Date().toISOString();
      pruneSpentChallenges(database.db, now).catch((error: unknown) => app.log.warn({ err: error }, 'pruning spent challenges failed'));
      deleteExpiredSessions(database.db, now).catch((error: unknown) => app.log.warn({ err: error }, 'pruning expired sessions failed'));
      idempotency.prune().catch((error: unknown) => app.log.warn({ err: error }, 'pruning idempotency keys failed'));
    },
    10 * 60 * 1000,
  );
  pruneTimer.unref();

  outboxWorker?.start();
  // Where SQLite runs on its own thread, the indexers' batches go there whole, and yield to intake's.
  const inThread = database.runInThread && { runInThread: database.runInThread, foregroundWrites: () => reportWriter.committed };
  // Reports queued at intake are indexed for search after commit; every instance may run one.
  const searchIndexer = config.notify.workers
    ? new SearchIndexer({ db: database.db, log: app.log.child({ worker: 'search-indexer' }), ...inThread })
    : null;
  searchIndexer?.start();
  // Likewise the near-duplicate band rows of reports queued at intake.
  const nearDuplicateIndexer = config.notify.workers
    ? new NearDuplicateIndexer({ db: database.db, log: app.log.child({ worker: 'near-duplicate-indexer' }), ...inThread })
    : null;
  nearDuplicateIndexer?.start();
  // And intake's indicator occurrences, moved from the small recent table into the value index.
  const occurrenceMerger = config.notify.workers
    ? new OccurrenceMerger({ db: database.db, log: app.log.child({ worker: 'occurrence-merger' }), ...inThread })
    : null;
  occurrenceMerger?.start();

  // Overdue cases escalate to the parent organization's leads; every instance may run this, each
  // case is taken once. A run in flight is awaited at close.
  let escalation: Promise<unknown> = Promise.resolve();
  const escalationTimer = config.notify.workers
    ? setInterval(() => {
        escalation = escalateOverdueCases({ db: database.db, dialect: database.dialect, notify: notifyCase }).catch((error: unknown) =>
          app.log.warn({ err: error }, 'escalating overdue cases failed'),
        );
      }, 60_000)
    : null;
  escalationTimer?.unref();

  app.addHook('onClose', async () => {
    clearInterval(pruneTimer);
    if (escalationTimer) clearInterval(escalationTimer);
    await escalation;
    // The batch in flight is finished and recorded before the database closes.
    await outboxWorker?.stop();
    await searchIndexer?.stop();
    await nearDuplicateIndexer?.stop();
    await occurrenceMerger?.stop();
    mailer?.close();
    await reportWriter.drain();
    await analysisPool?.close();
    if (ownsDatabase) await database.close();
  });

  return app;
}

/** Client-side routes of the web front end answer its index page; without a build, a 404 problem. */
function serveWebApp(config: Config) {
  const indexFile = path.join(config.webDistDir, 'index.html');
  return (request: FastifyRequest, reply: FastifyReply) => {
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (wantsHtml && existsSync(indexFile)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    throw new ProblemError('not_found');
  };
}

/**
 * Security headers from helmet, built once: @fastify/helmet rebuilds the middleware on every
 * request, which cost a quarter of a request's time here.
 */
function installSecurityHeaders(app: FastifyInstance, config: Config): void {
  const secure = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // The proof-of-work widget solves in a web worker created from a blob.
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only makes sense behind the TLS-terminating proxy that production runs behind.
    strictTransportSecurity: config.trustProxy ? undefined : false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    secure(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
