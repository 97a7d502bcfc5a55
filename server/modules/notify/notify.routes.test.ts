import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { SYSTEM, type TestUser, createOrganization, createUser } from '../../../test/factories';
import { OutboxWorker } from '../../jobs/outbox-worker';
import type { NotificationEvent } from './enqueue-notification';
import { webhookSecretContext } from './notify.service';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function event(orgIds: string[], n: number): NotificationEvent {
  return {
    type: 'case.assigned',
    objectType: 'case',
    objectId: `case-${n}`,
    orgIds,
    title: { 'zh-CN': `通知 ${n}`, en: `Notice ${n}` },
    body: { 'zh-CN': '正文', en: 'Body' },
    link: `/workbench/cases/case-${n}`,
  };
}

for (const dialect of testDialects()) {
  describe(`inbox and webhook routes (${dialect})`, () => {
    let t: TestApp;
    let parentOrg: string;
    let childOrg: string;
    let officer: TestUser;
    let colleague: TestUser;
    let parentAdmin: TestUser;
    let childAdmin: TestUser;

    const call = (user: TestUser, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: user.session.headers, ...(payload ? { payload } : {}) });
    const auditActions = async (objectId: string) =>
      (
        await t.database.db
          .selectFrom('audit_events')
          .select(['action', 'actor_id', 'summary'])
          .where('object_id', '=', objectId)
          .orderBy('seq')
          .execute()
      ).map((e) => ({ action: e.action, actorId: e.actor_id, summary: JSON.parse(e.summary) as Record<string, unknown> }));

    beforeAll(async () => {
      t = await createTestApp(dialect, { QINGLANG_WORKERS: 'off' });
      parentOrg = (await createOrganization(t.app, { kind: 'regulator', name: '省网信办' })).id;
      childOrg = (await createOrganization(t.app, { kind: 'regulator', name: '市网信办', parentId: parentOrg })).id;
      officer = await createUser(t.app, { orgId: childOrg, roles: ['case_officer'] });
      colleague = await createUser(t.app, { orgId: childOrg, roles: ['case_officer'] });
      parentAdmin = await createUser(t.app, { orgId: parentOrg, roles: ['admin'] });
      childAdmin = await createUser(t.app, { orgId: childOrg, roles: ['admin'] });
      for (let n = 1; n <= 5; n += 1)
        await t.database.db
          .transaction()
          .execute((trx) => t.app.qinglang.notify.enqueue(trx, { ...event([childOrg], n), roles: ['case_officer'] }));
    }, 60_000);
    afterAll(() => t.close());

    it('lists one’s own inbox newest first, a page at a time, with the unread count', async () => {
      const first = await call(officer, 'GET', '/api/v1/inbox?limit=2');
      expect(first.statusCode).toBe(200);
      const page = first.json();
      expect(page.unreadCount).toBe(5);
      expect(page.items.map((i: { title: { en: string } }) => i.title.en)).toEqual(['Notice 5', 'Notice 4']);
      expect(page.items[0]).toMatchObject({
        event: 'case.assigned',
        title: { 'zh-CN': '通知 5', en: 'Notice 5' },
        body: { 'zh-CN': '正文', en: 'Body' },
        link: '/workbench/cases/case-5',
        object: { type: 'case', id: 'case-5' },
        readAt: null,
      });
      const second = (await call(officer, 'GET', `/api/v1/inbox?limit=2&before=${page.nextBefore}`)).json();
      expect(second.items.map((i: { title: { en: string } }) => i.title.en)).toEqual(['Notice 3', 'Notice 2']);
      const last = (await call(officer, 'GET', `/api/v1/inbox?limit=2&before=${second.nextBefore}`)).json();
      expect(last.items).toHaveLength(1);
      expect(last.nextBefore).toBeNull();
      // An admin's inbox does not show other people's notices.
      expect((await call(childAdmin, 'GET', '/api/v1/inbox')).json()).toMatchObject({ items: [], unreadCount: 0 });
    });

    it('marks one item read, audited; someone else’s item is not found', async () => {
      const items = (await call(officer, 'GET', '/api/v1/inbox')).json().items as { id: string; title: { en: string } }[];
      const target = items.find((i) => i.title.en === 'Notice 3')!;
      expect((await call(colleague, 'POST', `/api/v1/inbox/${target.id}/read`)).statusCode).toBe(404);
      expect((await call(childAdmin, 'POST', `/api/v1/inbox/${target.id}/read`)).statusCode).toBe(404);
      expect((await call(officer, 'POST', '/api/v1/inbox/no-such-item/read')).statusCode).toBe(404);

      expect((await call(officer, 'POST', `/api/v1/inbox/${target.id}/read`)).statusCode).toBe(204);
      // Again: nothing changes, nothing more is recorded.
      expect((await call(officer, 'POST', `/api/v1/inbox/${target.id}/read`)).statusCode).toBe(204);
      expect(await auditActions(target.id)).toEqual([
        { action: 'inbox.item_read', actorId: officer.id, summary: { eventType: 'case.assigned' } },
      ]);

      const after = (await call(officer, 'GET', '/api/v1/inbox')).json();
      expect(after.unreadCount).toBe(4);
      expect(after.items.find((i: { id: string }) => i.id === target.id).readAt).toEqual(expect.any(String));
      const unread = (await call(officer, 'GET', '/api/v1/inbox?unread=true')).json();
      expect(unread.items.map((i: { title: { en: string } }) => i.title.en)).toEqual(['Notice 5', 'Notice 4', 'Notice 2', 'Notice 1']);
      // The colleague's copy of the same notice is still unread.
      expect((await call(colleague, 'GET', '/api/v1/inbox')).json().unreadCount).toBe(5);
    });

    it('marks everything read, audited once', async () => {
      const response = await call(officer, 'POST', '/api/v1/inbox/read-all');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ count: 4 });
      expect((await call(officer, 'POST', '/api/v1/inbox/read-all')).json()).toEqual({ count: 0 });
      expect(await auditActions(officer.id)).toContainEqual({ action: 'inbox.all_read', actorId: officer.id, summary: { count: 4 } });
      expect((await auditActions(officer.id)).filter((e) => e.action === 'inbox.all_read')).toHaveLength(1);
      expect((await call(officer, 'GET', '/api/v1/inbox')).json().unreadCount).toBe(0);
    });

    it('lets an admin subscribe their organization, answering the secret once and keeping it sealed; audited', async () => {
      const response = await call(childAdmin, 'POST', `/api/v1/organizations/${childOrg}/webhooks`, {
        url: 'https://hooks.partner.example/qinglang?token=receiver-secret',
        events: ['case.concluded', 'case.assigned', 'case.returned'],
        description: '市局案件系统',
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers['cache-control']).toBe('no-store');
      const { secret, webhook } = response.json();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(webhook).toMatchObject({
        orgId: childOrg,
        url: 'https://hooks.partner.example/qinglang?token=receiver-secret',
        description: '市局案件系统',
        events: ['case.assigned', 'case.concluded', 'case.returned'],
        active: true,
      });
      const row = await t.database.db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('id', '=', webhook.id)
        .executeTakeFirstOrThrow();
      expect(row.secret_sealed).not.toContain(secret.slice(6));
      expect(t.app.qinglang.keys.sealing.unseal(row.secret_sealed, webhookSecretContext(webhook.id))).toBe(secret);

      const list = await call(childAdmin, 'GET', `/api/v1/organizations/${childOrg}/webhooks`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([webhook]);
      expect(list.body).not.toContain(secret);
      expect(await auditActions(webhook.id)).toEqual([
        {
          action: 'webhook.created',
          actorId: childAdmin.id,
          summary: { url: 'https://hooks.partner.example/qinglang', events: ['case.assigned', 'case.concluded', 'case.returned'] },
        },
      ]);
      // The admin of the organization above manages it too; the child's admin does not manage the parent's.
      expect((await call(parentAdmin, 'GET', `/api/v1/organizations/${childOrg}/webhooks`)).json().items).toHaveLength(1);
      expect((await call(childAdmin, 'GET', `/api/v1/organizations/${parentOrg}/webhooks`)).statusCode).toBe(403);
      expect((await call(officer, 'GET', `/api/v1/organizations/${childOrg}/webhooks`)).statusCode).toBe(403);
    });

    it('refuses URLs a webhook may not have, with field errors', async () => {
      const refused = async (url: string, code: string) => {
        const response = await call(childAdmin, 'POST', `/api/v1/organizations/${childOrg}/webhooks`, { url, events: ['*'] });
        expect(response.statusCode, url).toBe(400);
        expect(response.headers['content-type']).toMatch(/problem\+json/);
        expect(response.json().errors).toEqual([expect.objectContaining({ field: 'url', code })]);
      };
      await refused('http://hooks.partner.example/qinglang', 'webhookHttpsRequired');
      await refused('https://127.0.0.1/hook', 'webhookPrivateAddress');
      await refused('https://10.0.0.1/hook', 'webhookPrivateAddress');
      await refused('https://169.254.169.254/latest/meta-data', 'webhookPrivateAddress');
      await refused('https://[::1]/hook', 'webhookPrivateAddress');
      await refused('https://localhost:8443/hook', 'webhookPrivateAddress');
      await refused('https://user:pw@hooks.partner.example/', 'webhookUrlParts');
      const badEvent = await call(childAdmin, 'POST', `/api/v1/organizations/${childOrg}/webhooks`, {
        url: 'https://hooks.partner.example/x',
        events: ['Case Assigned'],
      });
      expect(badEvent.statusCode).toBe(400);
      expect(badEvent.json().errors[0].field).toBe('events.0');
    });

    it('removes a subscription: gone from the list, due deliveries given up, log still readable; audited', async () => {
      const { webhook } = (
        await call(parentAdmin, 'POST', `/api/v1/organizations/${childOrg}/webhooks`, {
          url: 'https://hooks.partner.example/two',
          events: ['*'],
        })
      ).json();
      await t.database.db.transaction().execute((trx) => t.app.qinglang.notify.enqueue(trx, { ...event([childOrg], 9), roles: [] }));
      // One attempt, answered 503, so the subscription has a log and a row still due.
      const worker = new OutboxWorker({
        db: t.database.db,
        dialect,
        sealing: t.app.qinglang.keys.sealing,
        mailer: null,
        webhooks: {
          allowPrivate: false,
          post: async () => ({ ok: false, statusCode: 503, error: 'answered 503', durationMs: 12, permanent: false }),
        },
        log: quiet,
      });
      await worker.runOnce();
      const log = await call(parentAdmin, 'GET', `/api/v1/webhooks/${webhook.id}/deliveries`);
      expect(log.statusCode).toBe(200);
      const [delivery] = log.json().items;
      expect(delivery).toMatchObject({ event: 'case.assigned', attempt: 1, statusCode: 503, durationMs: 12, error: 'answered 503' });
      const row = await t.database.db
        .selectFrom('notifications_outbox')
        .selectAll()
        .where('subscription_id', '=', webhook.id)
        .executeTakeFirstOrThrow();
      expect(delivery.deliveryId).toBe(row.id);
      expect(row.status).toBe('failed');

      // Someone who does not administer it cannot read its log nor remove it, and learns nothing.
      expect((await call(officer, 'GET', `/api/v1/webhooks/${webhook.id}/deliveries`)).statusCode).toBe(404);
      expect((await call(officer, 'DELETE', `/api/v1/webhooks/${webhook.id}`)).statusCode).toBe(404);

      expect((await call(childAdmin, 'DELETE', `/api/v1/webhooks/${webhook.id}`)).statusCode).toBe(204);
      expect((await call(childAdmin, 'DELETE', `/api/v1/webhooks/${webhook.id}`)).statusCode).toBe(204);
      const ids = (await call(childAdmin, 'GET', `/api/v1/organizations/${childOrg}/webhooks`))
        .json()
        .items.map((w: { id: string }) => w.id);
      expect(ids).not.toContain(webhook.id);
      const after = await t.database.db
        .selectFrom('notifications_outbox')
        .select(['status', 'last_error'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ status: 'dead', last_error: 'subscription removed' });
      expect((await call(childAdmin, 'GET', `/api/v1/webhooks/${webhook.id}/deliveries`)).json().items).toHaveLength(1);
      expect((await auditActions(webhook.id)).map((e) => [e.action, e.actorId, e.summary.abandonedDeliveries])).toEqual([
        ['webhook.created', parentAdmin.id, undefined],
        ['webhook.removed', childAdmin.id, 1],
      ]);
    });

    it('holds at most 20 subscriptions per organization', async () => {
      const org = (await createOrganization(t.app, { kind: 'website', parentId: childOrg })).id;
      for (let i = 0; i < 20; i += 1)
        await t.app.qinglang.notify.createWebhook(SYSTEM, org, { url: `https://hooks.partner.example/${i}`, events: ['*'] });
      const response = await call(childAdmin, 'POST', `/api/v1/organizations/${org}/webhooks`, {
        url: 'https://hooks.partner.example/21',
        events: ['*'],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0]).toMatchObject({ field: 'url', code: 'tooManyWebhooks' });
    });
  });
}
