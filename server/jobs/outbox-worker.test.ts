import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/app';
import { testDialects } from '../../test/dialects';
import { SYSTEM, createOrganization, createUser } from '../../test/factories';
import { type DatabaseHandle, openDatabase } from '../db/connect';
import type { NotificationEvent } from '../modules/notify/enqueue-notification';
import { claimDueOutboxRows } from '../modules/notify/outbox.repository';
import { type Mailer, createSmtpMailer } from './deliver-email';
import { type OutboxWorkerOptions, OutboxWorker, type WorkerLog } from './outbox-worker';
import { type TestReceiver, type TestSmtpServer, startReceiver, startSmtpServer } from './test-receivers';

const FROM = 'Qinglang <noreply@qinglang.example.cn>';

/** Collects what the worker logs, so tests can read it and the output stays quiet. */
function memoryLog(): WorkerLog & { lines: { level: string; object: object; message: string }[] } {
  const lines: { level: string; object: object; message: string }[] = [];
  return {
    lines,
    info: (object, message) => lines.push({ level: 'info', object, message }),
    warn: (object, message) => lines.push({ level: 'warn', object, message }),
    error: (object, message) => lines.push({ level: 'error', object, message }),
  };
}

function event(overrides: Partial<NotificationEvent> & { orgIds: string[] }): NotificationEvent {
  return {
    type: 'case.assigned',
    objectType: 'case',
    objectId: 'case-1',
    title: { 'zh-CN': '新案件待受理：QL-2026-000001', en: 'New case to accept: QL-2026-000001' },
    body: { 'zh-CN': '案件已交由贵单位主办，请及时受理。', en: 'The case was assigned to your agency.' },
    link: '/workbench/cases/case-1',
    payload: { caseId: 'case-1', caseNumber: 'QL-2026-000001' },
    ...overrides,
  };
}

for (const dialect of testDialects()) {
  describe(`outbox worker (${dialect})`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let receiver: TestReceiver;
    let mailer: Mailer;
    let agencyId: string;
    let otherAgencyId: string;
    let officerEmail: string;
    let leadEmail: string;
    // The workers' clock. Rows are stamped with the real time, so each test starts it a second ahead:
    // what a test writes is due at once.
    const clock = { now: new Date() };
    const workers: OutboxWorker[] = [];

    const worker = (options: Partial<OutboxWorkerOptions> = {}) => {
      const w = new OutboxWorker({
        db: t.database.db,
        dialect,
        sealing: t.app.qinglang.keys.sealing,
        mailer,
        webhooks: { allowPrivate: true },
        log: memoryLog(),
        now: () => clock.now,
        backoff: () => 60_000,
        ...options,
      });
      workers.push(w);
      return w;
    };
    const enqueue = (e: NotificationEvent) => t.database.db.transaction().execute((trx) => t.app.qinglang.notify.enqueue(trx, e));
    const subscribe = async (orgId: string, events: string[], path = '/hook') =>
      (await t.app.qinglang.notify.createWebhook(SYSTEM, orgId, { url: `${receiver.origin}${path}`, events })).secret;
    const outbox = () => t.database.db.selectFrom('notifications_outbox').selectAll().orderBy('id').execute();

    beforeAll(async () => {
      t = await createTestApp(dialect, {
        QINGLANG_WORKERS: 'off',
        QINGLANG_WEBHOOK_ALLOW_PRIVATE: 'on',
        QINGLANG_PUBLIC_URL: 'https://qinglang.example.cn',
      });
      smtp = await startSmtpServer();
      receiver = await startReceiver();
      mailer = createSmtpMailer(smtp.url, FROM);
      const agency = await createOrganization(t.app, { kind: 'regulator', name: '杭州市网信办' });
      agencyId = agency.id;
      otherAgencyId = (await createOrganization(t.app, { kind: 'police', name: '杭州市公安局' })).id;
      officerEmail = (await createUser(t.app, { orgId: agencyId, roles: ['case_officer'] })).email;
      leadEmail = (await createUser(t.app, { orgId: agencyId, roles: ['agency_lead'] })).email;
      await createUser(t.app, { orgId: agencyId, roles: ['analyst'] });
      await createUser(t.app, { orgId: otherAgencyId, roles: ['case_officer'] });
    }, 60_000);

    afterAll(async () => {
      mailer.close();
      await smtp.close();
      await receiver.close();
      await t.close();
    });

    beforeEach(async () => {
      clock.now = new Date(Date.now() + 1000);
      smtp.messages.length = 0;
      receiver.requests.length = 0;
      receiver.statuses.length = 0;
      await t.database.db.deleteFrom('webhook_deliveries').execute();
      await t.database.db.deleteFrom('notifications_outbox').execute();
      await t.database.db.updateTable('webhook_subscriptions').set({ active: 0, removed_at: clock.now.toISOString() }).execute();
    });

    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
    });

    it('sends one e-mail per row over SMTP, with the subject and link, and seals a reporter’s at rest', async () => {
      const counts = await enqueue(
        event({
          orgIds: [agencyId],
          roles: ['case_officer', 'agency_lead'],
          emails: [{ to: 'Reporter@Example.test', sensitive: true }],
        }),
      );
      expect(counts).toEqual({ inbox: 2, email: 3, webhook: 0 });
      const sealed = (await outbox()).find((r) => r.sealed !== null)!;
      expect(sealed.recipient).toBeNull();
      expect(sealed.payload).toBe('{}');
      expect(sealed.sealed).not.toContain('reporter');

      const result = await worker().drain();
      expect(result).toMatchObject({ claimed: 3, delivered: 3, failed: 0, dead: 0 });
      expect(
        smtp.messages
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual([leadEmail, officerEmail, 'reporter@example.test'].sort());
      for (const message of smtp.messages) {
        expect(message.to).toHaveLength(1);
        expect(message.user).toBe('notifier');
        expect(message.from).toBe('noreply@qinglang.example.cn');
        expect(message.subject).toBe('【清朗】新案件待受理：QL-2026-000001 | New case to accept: QL-2026-000001');
        expect(message.text).toContain('案件已交由贵单位主办，请及时受理。');
        expect(message.text).toContain('The case was assigned to your agency.');
        expect(message.text).toContain('https://qinglang.example.cn/workbench/cases/case-1');
        expect(message.headers.get('message-id')).toMatch(/@qinglang\.outbox>$/);
      }
      const rows = await outbox();
      expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
      expect(rows.every((r) => r.delivered_at !== null && Number(r.attempts) === 1)).toBe(true);

      // Nothing is sent twice.
      expect(await worker().drain()).toMatchObject({ claimed: 0 });
      expect(smtp.messages).toHaveLength(3);
    });

    it('gives up at once on a refused recipient, keeping a sealed address out of the error', async () => {
      await enqueue(event({ orgIds: [], emails: [{ to: 'reject-me@example.test', sensitive: true }] }));
      const result = await worker().drain();
      expect(result).toMatchObject({ claimed: 1, dead: 1 });
      const [row] = await outbox();
      expect(row!.status).toBe('dead');
      expect(row!.last_error).toMatch(/550/);
      expect(row!.last_error).not.toContain('reject-me@example.test');
      expect(smtp.messages).toHaveLength(0);
    });

    it('marks e-mail skipped, with a log line, when SMTP is not configured', async () => {
      await enqueue(event({ orgIds: [agencyId], roles: ['case_officer'] }));
      const log = memoryLog();
      expect(await worker({ mailer: null, log }).drain()).toMatchObject({ claimed: 1, skipped: 1 });
      const [row] = await outbox();
      expect(row!.status).toBe('skipped');
      expect(row!.last_error).toContain('QINGLANG_SMTP_URL');
      expect(log.lines.some((l) => l.level === 'info' && l.message.includes('SMTP is not configured'))).toBe(true);
    });

    it('delivers each webhook once to each subscription listening, signed over timestamp and body', async () => {
      const exact = await subscribe(agencyId, ['case.assigned'], '/exact');
      const everything = await subscribe(agencyId, ['*'], '/all');
      await subscribe(agencyId, ['case.concluded'], '/other-event');
      await subscribe(otherAgencyId, ['*'], '/other-org');
      const counts = await enqueue(event({ orgIds: [agencyId], roles: [] }));
      expect(counts).toEqual({ inbox: 0, email: 0, webhook: 2 });

      const result = await worker().drain();
      expect(result).toMatchObject({ claimed: 2, delivered: 2 });
      expect(await worker().drain()).toMatchObject({ claimed: 0 });
      expect(receiver.requests.map((r) => r.url).sort()).toEqual(['/all', '/exact']);
      for (const request of receiver.requests) {
        const secret = request.url === '/exact' ? exact : everything;
        const timestamp = String(request.headers['x-qinglang-timestamp']);
        const expected = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex');
        expect(request.headers['x-qinglang-signature']).toBe(`v1=${expected}`);
        expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
        expect(request.method).toBe('POST');
        expect(request.headers['content-type']).toMatch(/^application\/json/);
        expect(request.headers['x-qinglang-event']).toBe('case.assigned');
        const body = JSON.parse(request.body);
        expect(request.headers['x-qinglang-delivery']).toBe(body.id);
        expect(body).toMatchObject({
          type: 'case.assigned',
          organizationId: agencyId,
          object: { type: 'case', id: 'case-1' },
          data: { caseId: 'case-1', caseNumber: 'QL-2026-000001' },
        });
      }
      // A signature under the other subscription's secret does not match: the check can fail.
      const first = receiver.requests[0]!;
      const wrongSecret = first.url === '/exact' ? everything : exact;
      const forged = createHmac('sha256', wrongSecret)
        .update(`${String(first.headers['x-qinglang-timestamp'])}.${first.body}`)
        .digest('hex');
      expect(first.headers['x-qinglang-signature']).not.toBe(`v1=${forged}`);

      const log = await t.database.db.selectFrom('webhook_deliveries').selectAll().execute();
      expect(log).toHaveLength(2);
      expect(log.every((d) => Number(d.status_code) === 200 && Number(d.attempt) === 1 && d.error === null)).toBe(true);
    });

    it('retries a receiver that answered 500 after the back-off, and logs both attempts', async () => {
      await subscribe(agencyId, ['case.assigned']);
      receiver.statuses.push(500);
      await enqueue(event({ orgIds: [agencyId], roles: [] }));
      const w = worker();

      expect(await w.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
      let [row] = await outbox();
      expect(row!.status).toBe('failed');
      expect(row!.last_error).toBe('answered 500');
      expect(new Date(row!.next_attempt_at).getTime()).toBe(clock.now.getTime() + 60_000);

      // Not due yet: nothing is sent.
      expect(await w.runOnce()).toMatchObject({ claimed: 0 });
      expect(receiver.requests).toHaveLength(1);

      clock.now = new Date(clock.now.getTime() + 61_000);
      expect(await w.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      [row] = await outbox();
      expect(row!.status).toBe('delivered');
      expect(Number(row!.attempts)).toBe(2);
      expect(receiver.requests).toHaveLength(2);
      expect(receiver.requests[0]!.headers['x-qinglang-delivery']).toBe(receiver.requests[1]!.headers['x-qinglang-delivery']);
      const log = await t.database.db.selectFrom('webhook_deliveries').selectAll().orderBy('attempt').execute();
      expect(log.map((d) => [Number(d.attempt), Number(d.status_code), d.error])).toEqual([
        [1, 500, 'answered 500'],
        [2, 200, null],
      ]);
    });

    it('gives up 24 hours after the row was written: dead', async () => {
      await subscribe(agencyId, ['case.assigned']);
      receiver.statuses.push(503, 503, 503);
      await enqueue(event({ orgIds: [agencyId], roles: [] }));
      const w = worker({ backoff: () => 3600_000 });
      expect(await w.runOnce()).toMatchObject({ failed: 1 });
      clock.now = new Date(clock.now.getTime() + 23 * 3600_000);
      // 23 h in, the next try would fall after the 24th hour.
      expect(await w.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
      const [row] = await outbox();
      expect(row!.status).toBe('dead');
      expect(row!.last_error).toMatch(/answered 503 \(gave up after 2 attempts\)/);
      clock.now = new Date(clock.now.getTime() + 3600_000);
      expect(await w.runOnce()).toMatchObject({ claimed: 0 });
    });

    it('takes over the rows of a worker that crashed once their lease has run out, and only then', async () => {
      await subscribe(agencyId, ['case.assigned']);
      await enqueue(event({ orgIds: [agencyId], roles: [] }));
      // A worker claims the row and dies without a word.
      const claimed = await claimDueOutboxRows(t.database.db, dialect, {
        now: clock.now.toISOString(),
        leaseUntil: new Date(clock.now.getTime() + 120_000).toISOString(),
        limit: 10,
      });
      expect(claimed).toHaveLength(1);
      const w = worker();
      expect(await w.runOnce()).toMatchObject({ claimed: 0 });
      clock.now = new Date(clock.now.getTime() + 121_000);
      expect(await w.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      const [row] = await outbox();
      expect(Number(row!.attempts)).toBe(2);
      expect(row!.locked_until).toBeNull();
      expect(receiver.requests).toHaveLength(1);
    });

    it('refuses loopback receivers when private addresses are not allowed, without connecting', async () => {
      await subscribe(agencyId, ['case.assigned']);
      await enqueue(event({ orgIds: [agencyId], roles: [] }));
      expect(await worker({ webhooks: { allowPrivate: false } }).drain()).toMatchObject({ claimed: 1, dead: 1 });
      const [row] = await outbox();
      expect(row!.last_error).toMatch(/not a public address/);
      expect(receiver.requests).toHaveLength(0);
      const [delivery] = await t.database.db.selectFrom('webhook_deliveries').selectAll().execute();
      expect(delivery!.status_code).toBeNull();
      expect(delivery!.error).toMatch(/127\.0\.0\.1/);
    });

    it('gives up the deliveries of a removed subscription', async () => {
      await subscribe(agencyId, ['case.assigned']);
      await enqueue(event({ orgIds: [agencyId], roles: [] }));
      const [subscription] = await t.app.qinglang.notify.listWebhooks(SYSTEM, agencyId);
      await t.app.qinglang.notify.removeWebhook(SYSTEM, subscription!.id);
      expect(await worker().drain()).toMatchObject({ claimed: 0 });
      const [row] = await outbox();
      expect(row!.status).toBe('dead');
      expect(row!.last_error).toBe('subscription removed');
      expect(receiver.requests).toHaveLength(0);
    });

    it('finishes and records the batch in flight when stopped', async () => {
      await subscribe(agencyId, ['case.assigned']);
      await enqueue(event({ orgIds: [agencyId], roles: [] }));
      receiver.delayMs = 300;
      try {
        const w = worker({ intervalMs: 10 });
        w.start();
        while (receiver.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
        expect((await outbox())[0]!.status).toBe('delivering');
        await w.stop();
        expect((await outbox())[0]!.status).toBe('delivered');
      } finally {
        receiver.delayMs = 0;
      }
    });

    it('two workers draining at once, each on its own connection pool, deliver every row exactly once', async () => {
      await subscribe(agencyId, ['case.assigned'], '/a');
      await subscribe(agencyId, ['*'], '/b');
      for (let i = 0; i < 60; i += 1) await enqueue(event({ orgIds: [agencyId], roles: [], objectId: `case-${i}` }));
      receiver.delayMs = 2;
      let second: DatabaseHandle | undefined;
      try {
        second = openDatabase(t.database.target);
        const one = worker({ batchSize: 8 });
        const two = worker({ batchSize: 8, db: second.db });
        const [a, b] = await Promise.all([one.drain(), two.drain()]);
        expect(a.claimed + b.claimed).toBe(120);
        expect(a.delivered + b.delivered).toBe(120);
        expect(a.lost + b.lost).toBe(0);
        // Both took part: the rows were shared, not drained by one while the other waited.
        expect(a.claimed).toBeGreaterThan(0);
        expect(b.claimed).toBeGreaterThan(0);
      } finally {
        receiver.delayMs = 0;
        await second?.close();
      }
      const ids = receiver.requests.map((r) => String(r.headers['x-qinglang-delivery']));
      expect(ids).toHaveLength(120);
      expect(new Set(ids).size).toBe(120);
      const statuses = await t.database.db.selectFrom('notifications_outbox').select('status').distinct().execute();
      expect(statuses.map((s) => s.status)).toEqual(['delivered']);
    });
  });

  describe(`outbox worker in the app (${dialect})`, () => {
    it('starts with the app, delivers without being asked, and stops when the app closes', async () => {
      const smtp = await startSmtpServer();
      const t = await createTestApp(dialect, { QINGLANG_WORKERS: 'on', QINGLANG_WORKER_INTERVAL_MS: '50', QINGLANG_SMTP_URL: smtp.url });
      try {
        expect(t.app.qinglang.outboxWorker).not.toBeNull();
        const org = await createOrganization(t.app, { kind: 'regulator' });
        const user = await createUser(t.app, { orgId: org.id, roles: ['case_officer'] });
        await t.database.db.transaction().execute((trx) => t.app.qinglang.notify.enqueue(trx, event({ orgIds: [org.id] })));
        const delivered = async () =>
          (await t.database.db.selectFrom('notifications_outbox').select('status').executeTakeFirst())?.status === 'delivered';
        const deadline = Date.now() + 10_000;
        while (!(await delivered()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        expect(smtp.messages.map((m) => m.to)).toEqual([[user.email]]);
        const metrics = await t.app.qinglang.metrics.registry.getSingleMetricAsString('qinglang_outbox_attempts_total');
        expect(metrics).toContain('channel="email",outcome="delivered"} 1');
      } finally {
        await t.close();
        await smtp.close();
      }
    });

    it('does not start with QINGLANG_WORKERS=off', async () => {
      const t = await createTestApp(dialect, { QINGLANG_WORKERS: 'off' });
      try {
        expect(t.app.qinglang.outboxWorker).toBeNull();
      } finally {
        await t.close();
      }
    });
  });
}
