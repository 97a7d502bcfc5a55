import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession, fileReport } from '../../../test/factories';
import { toCount } from '../../db/values';

/** Partner systems retry disposal-order writes: `Idempotency-Key` makes a retry answer the first response. */
for (const dialect of testDialects()) {
  describe(`Idempotency-Key on disposal orders (${dialect})`, () => {
    let t: TestApp;
    let officer: Record<string, string> = {};
    let bearer: Record<string, string> = {};
    let otherBearer: Record<string, string> = {};
    let websiteId = '';
    let caseId = '';

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', regionCode: '100000' });
      const hz = await createOrganization(t.app, { kind: 'regulator', regionCode: '330100', parentId: centre.id });
      const website = await createOrganization(t.app, { kind: 'website', parentId: hz.id, domains: ['bbs.example.cn'] });
      websiteId = website.id;
      const system = { kind: 'system' as const, name: 'test' };
      bearer = {
        authorization: `Bearer ${(await t.app.qinglang.orgs.createApiToken(system, website.id, { name: 'a', scopes: ['orders:write'] })).token}`,
      };
      otherBearer = {
        authorization: `Bearer ${(await t.app.qinglang.orgs.createApiToken(system, website.id, { name: 'b', scopes: ['orders:write'] })).token}`,
      };
      const triage = (await openSession(t.app, (await createUser(t.app, { orgId: centre.id, roles: ['triage_officer'] })).id)).headers;
      officer = (await openSession(t.app, (await createUser(t.app, { orgId: hz.id, roles: ['case_officer'] })).id)).headers;
      const report = await fileReport(t.app, {
        category: 'paid_deletion',
        description: '某公关公司声称收费两万元即可删除论坛上的帖子。',
        reporter: { anonymous: true },
      });
      const opened = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: triage,
        payload: {
          reportIds: [report.id],
          title: '有偿删帖',
          category: 'paid_deletion',
          regionCode: '330100',
          priority: 'normal',
          moneyPaid: false,
          override: { leadOrgId: hz.id, assistingOrgIds: [], reason: '测试指定' },
        },
      });
      caseId = opened.json().id;
      for (const action of ['accept', 'investigate'])
        await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/transitions`, headers: officer, payload: { action } });
    }, 60_000);
    afterAll(() => t.close());

    const orderBody = () => ({
      executingOrgId: websiteId,
      kind: 'remove_post',
      targetUrls: ['https://bbs.example.cn/thread/1'],
      legalBasis: '《网络信息内容生态治理规定》第三十四条',
      dueAt: '2030-01-01T00:00:00.000Z',
    });
    const issue = (key: string | null, body: object = orderBody()) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/orders`,
        headers: { ...officer, ...(key ? { 'idempotency-key': key } : {}) },
        payload: body,
      });
    const post = (url: string, headers: Record<string, string>, key: string | null, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
        ...(payload ? { payload } : {}),
      });
    const count = async (table: 'disposal_orders' | 'case_events' | 'audit_events' | 'notifications_outbox' | 'idempotency_keys') =>
      toCount(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const footprint = () =>
      Promise.all([count('disposal_orders'), count('case_events'), count('audit_events'), count('notifications_outbox')]);

    it('issues an order once for a retried request, answers the first response again, and refuses the key for another body', async () => {
      const first = await issue('issue-1');
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const after = await footprint();
      const retry = await issue('"issue-1"');
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      // The same body in another key order is the same request.
      const reordered = Object.fromEntries(Object.entries(orderBody()).reverse());
      expect((await issue('issue-1', reordered)).json().id).toBe(first.json().id);
      expect(await footprint()).toEqual(after);

      const reused = await issue('issue-1', { ...orderBody(), targetUrls: ['https://bbs.example.cn/thread/2'] });
      expect(reused.statusCode).toBe(422);
      expect(reused.headers['content-type']).toMatch(/problem\+json/);
      expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused', type: 'urn:qinglang:problem:idempotency_key_reused' });
      expect(await footprint()).toEqual(after);

      // Without a key every request is new.
      expect((await issue(null)).json().id).not.toBe(first.json().id);
      expect((await issue('x'.repeat(256))).statusCode).toBe(400);
    });

    it('replays a website system’s acknowledgement and execution report, per token', async () => {
      const orderId = (await issue(null)).json().id as string;
      const ack = await post(`/api/v1/orders/${orderId}/acknowledge`, bearer, 'ack-1');
      expect(ack.json().status).toBe('acknowledged');
      const before = await footprint();
      const ackAgain = await post(`/api/v1/orders/${orderId}/acknowledge`, bearer, 'ack-1');
      // Without the key the retry would be a 409: the order is acknowledged already.
      expect(ackAgain.statusCode).toBe(200);
      expect(ackAgain.json()).toEqual(ack.json());
      expect((await post(`/api/v1/orders/${orderId}/acknowledge`, bearer, null)).statusCode).toBe(409);
      // Another token's key of the same value is its own request (and here a conflict with the order's state).
      expect((await post(`/api/v1/orders/${orderId}/acknowledge`, otherBearer, 'ack-1')).statusCode).toBe(409);
      // The same key on another route is another request: refused.
      expect((await post(`/api/v1/orders/${orderId}/execution`, bearer, 'ack-1', { note: '已删除' })).statusCode).toBe(422);

      const executed = await post(`/api/v1/orders/${orderId}/execution`, bearer, 'exec-1', { note: '帖子已删除' });
      expect(executed.json().status).toBe('executed');
      expect((await post(`/api/v1/orders/${orderId}/execution`, bearer, 'exec-1', { note: '帖子已删除' })).json()).toEqual(executed.json());
      expect((await post(`/api/v1/orders/${orderId}/execution`, bearer, 'exec-1', { note: '帖子已删' })).statusCode).toBe(422);
      const disputed = await post(`/api/v1/orders/${orderId}/dispute`, officer, 'dispute-1', { reason: '转载仍在' });
      expect(disputed.json().status).toBe('disputed');
      expect((await post(`/api/v1/orders/${orderId}/dispute`, officer, 'dispute-1', { reason: '转载仍在' })).statusCode).toBe(200);
      await post(`/api/v1/orders/${orderId}/execution`, bearer, 'exec-2', { note: '转载也已删除' });
      const verified = await post(`/api/v1/orders/${orderId}/verify`, officer, 'verify-1');
      expect(verified.json().status).toBe('verified');
      expect((await post(`/api/v1/orders/${orderId}/verify`, officer, 'verify-1')).json()).toEqual(verified.json());
      const events = await t.database.db.selectFrom('case_events').select('type').where('data', 'like', `%${orderId}%`).execute();
      expect(events.map((e) => e.type).sort()).toEqual(
        ['order_acknowledged', 'order_disputed', 'order_executed', 'order_executed', 'order_issued', 'order_verified'].sort(),
      );
      expect(await count('case_events')).toBe(before[1] + 4);
    });

    it('stores nothing for a refused request: its retry runs again', async () => {
      const orderId = (await issue(null)).json().id as string;
      const keys = await count('idempotency_keys');
      const early = await post(`/api/v1/orders/${orderId}/verify`, officer, 'verify-early');
      expect(early.statusCode).toBe(409);
      expect(await count('idempotency_keys')).toBe(keys);
      await post(`/api/v1/orders/${orderId}/execution`, bearer, null, { note: '已删除' });
      const retried = await post(`/api/v1/orders/${orderId}/verify`, officer, 'verify-early');
      expect(retried.statusCode).toBe(200);
      expect(retried.json().status).toBe('verified');
    });

    it('does the work once for two concurrent requests with the same key', async () => {
      const orderId = (await issue(null)).json().id as string;
      const before = await footprint();
      const [a, b] = await Promise.all([
        post(`/api/v1/orders/${orderId}/acknowledge`, bearer, 'race-1'),
        post(`/api/v1/orders/${orderId}/acknowledge`, bearer, 'race-1'),
      ]);
      const statuses = [a.statusCode, b.statusCode].sort();
      // The second either finds the first in flight (409, Retry-After) or, having waited its turn, replays it.
      expect([
        [200, 200],
        [200, 409],
      ]).toContainEqual(statuses);
      const loser = [a, b].find((r) => r.statusCode === 409);
      if (loser) expect(loser.json().code).toBe('idempotency_key_in_flight');
      const after = await footprint();
      expect(after[1] - before[1]).toBe(1);
      expect(after[2] - before[2]).toBe(1);
      // Both concurrent issues of one order too: one order.
      const orders = await count('disposal_orders');
      await Promise.all([issue('race-issue'), issue('race-issue'), issue('race-issue')]);
      expect(await count('disposal_orders')).toBe(orders + 1);
    });
  });
}
