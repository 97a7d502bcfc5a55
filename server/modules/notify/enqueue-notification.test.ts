import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { SYSTEM, createOrganization, createUser } from '../../../test/factories';
import { enqueueCaseNotification } from './case-notifications';
import { type NotificationEvent, type WebhookBody, outboxSealContext } from './enqueue-notification';

const EVENT: Omit<NotificationEvent, 'orgIds'> = {
  type: 'case.assigned',
  objectType: 'case',
  objectId: 'case-7',
  title: { 'zh-CN': '新案件待受理', en: 'New case to accept' },
  body: { 'zh-CN': '请及时受理。', en: 'Please accept it.' },
  link: '/workbench/cases/case-7',
  payload: { caseId: 'case-7' },
};

for (const dialect of testDialects()) {
  describe(`enqueueNotification (${dialect})`, () => {
    let t: TestApp;
    let agency: string;
    let otherAgency: string;
    let disabledAgency: string;
    const people: Record<string, { id: string; email: string }> = {};

    const enqueue = (event: NotificationEvent) => t.database.db.transaction().execute((trx) => t.app.qinglang.notify.enqueue(trx, event));
    const inbox = async () => (await t.database.db.selectFrom('inbox_items').select('user_id').execute()).map((r) => r.user_id).sort();
    const outbox = () => t.database.db.selectFrom('notifications_outbox').selectAll().orderBy('id').execute();

    beforeAll(async () => {
      t = await createTestApp(dialect, {
        QINGLANG_WORKERS: 'off',
        QINGLANG_WEBHOOK_ALLOW_PRIVATE: 'on',
        QINGLANG_PUBLIC_URL: 'https://qinglang.example.cn',
      });
      agency = (await createOrganization(t.app, { kind: 'regulator' })).id;
      otherAgency = (await createOrganization(t.app, { kind: 'police' })).id;
      disabledAgency = (await createOrganization(t.app, { kind: 'police' })).id;
      people.officer = await createUser(t.app, { orgId: agency, roles: ['case_officer'] });
      people.lead = await createUser(t.app, { orgId: agency, roles: ['agency_lead', 'case_officer'] });
      people.analyst = await createUser(t.app, { orgId: agency, roles: ['analyst'] });
      people.disabled = await createUser(t.app, { orgId: agency, roles: ['case_officer'] });
      await t.app.qinglang.orgs.updateUser(SYSTEM, people.disabled.id, { status: 'disabled' });
      // Invited, never signed in.
      const invited = await t.app.qinglang.orgs.inviteUser(SYSTEM, {
        orgId: agency,
        email: 'invited@example.test',
        displayName: '待激活',
        roles: ['case_officer'],
      });
      people.invited = { id: invited.user.id, email: 'invited@example.test' };
      people.police = await createUser(t.app, { orgId: otherAgency, roles: ['case_officer'] });
      people.gone = await createUser(t.app, { orgId: disabledAgency, roles: ['case_officer'] });
      await t.app.qinglang.orgs.updateOrganization(SYSTEM, disabledAgency, { status: 'disabled' });
    }, 60_000);
    afterAll(() => t.close());

    beforeEach(async () => {
      await t.database.db.deleteFrom('inbox_items').execute();
      await t.database.db.deleteFrom('notifications_outbox').execute();
      await t.database.db.updateTable('webhook_subscriptions').set({ active: 0, removed_at: new Date().toISOString() }).execute();
    });

    it('tells the active people of the organizations who hold the roles, in the inbox and by e-mail', async () => {
      const counts = await enqueue({ ...EVENT, orgIds: [agency, disabledAgency], roles: ['case_officer'] });
      expect(counts).toEqual({ inbox: 2, email: 2, webhook: 0 });
      expect(await inbox()).toEqual([people.officer!.id, people.lead!.id].sort());
      const rows = await outbox();
      expect(rows.map((r) => r.recipient).sort()).toEqual([people.officer!.email, people.lead!.email].sort());
      expect(rows.every((r) => r.channel === 'email' && r.status === 'pending' && r.sealed === null)).toBe(true);
      const email = JSON.parse(rows[0]!.payload);
      expect(email.subject).toBe('【清朗】新案件待受理 | New case to accept');
      expect(email.text).toBe(
        [
          '新案件待受理',
          '',
          '请及时受理。',
          '',
          '查看：https://qinglang.example.cn/workbench/cases/case-7',
          '',
          '——',
          '',
          'New case to accept',
          '',
          'Please accept it.',
          '',
          'Open: https://qinglang.example.cn/workbench/cases/case-7',
          '',
          '——',
          '清朗平台自动发送，请勿直接回复。 Sent by Qinglang; please do not reply.',
        ].join('\n'),
      );
      const item = await t.database.db
        .selectFrom('inbox_items')
        .selectAll()
        .where('user_id', '=', people.officer!.id)
        .executeTakeFirstOrThrow();
      expect(item).toMatchObject({
        event_type: 'case.assigned',
        title_zh: '新案件待受理',
        title_en: 'New case to accept',
        body_zh: '请及时受理。',
        link: '/workbench/cases/case-7',
        object_type: 'case',
        object_id: 'case-7',
        read_at: null,
      });
    });

    it('tells every active person of the organizations without roles, people named besides, nobody with an empty role list', async () => {
      expect(await enqueue({ ...EVENT, orgIds: [agency] })).toMatchObject({ inbox: 3 });
      expect(await inbox()).toEqual([people.officer!.id, people.lead!.id, people.analyst!.id].sort());
      await t.database.db.deleteFrom('inbox_items').execute();
      expect(
        await enqueue({ ...EVENT, orgIds: [agency], roles: [], userIds: [people.police!.id, people.disabled!.id, people.gone!.id] }),
      ).toMatchObject({ inbox: 1, email: 1 });
      expect(await inbox()).toEqual([people.police!.id]);
    });

    it('seals an e-mail marked sensitive with its recipient, and sends one message per address', async () => {
      const counts = await enqueue({
        ...EVENT,
        orgIds: [agency],
        roles: ['agency_lead'],
        emails: [
          { to: ' Reporter@Example.TEST ', sensitive: true },
          { to: 'reporter@example.test', sensitive: false },
          { to: people.lead!.email, sensitive: false },
        ],
      });
      expect(counts).toEqual({ inbox: 1, email: 2, webhook: 0 });
      const sealed = (await outbox()).find((r) => r.sealed !== null)!;
      expect(sealed).toMatchObject({ recipient: null, payload: '{}' });
      expect(sealed.sealed).not.toMatch(/reporter|example/i);
      const opened = t.app.qinglang.keys.sealing.unseal<{ to: string; subject: string; text: string }>(
        sealed.sealed!,
        outboxSealContext(sealed.id),
      );
      expect(opened.to).toBe('reporter@example.test');
      expect(opened.subject).toContain('新案件待受理');
      // Sealed for this row only.
      expect(() => t.app.qinglang.keys.sealing.unseal(sealed.sealed!, outboxSealContext('another-row'))).toThrow();
    });

    it('writes a webhook row for each active subscription of the organizations concerned that listens to the event', async () => {
      const { notify } = t.app.qinglang;
      const url = 'http://127.0.0.1:9/hook';
      const exact = (await notify.createWebhook(SYSTEM, agency, { url, events: ['case.assigned'] })).subscription.id;
      const all = (await notify.createWebhook(SYSTEM, agency, { url, events: ['*'] })).subscription.id;
      await notify.createWebhook(SYSTEM, agency, { url, events: ['case.concluded'] });
      const removed = (await notify.createWebhook(SYSTEM, agency, { url, events: ['*'] })).subscription.id;
      await notify.removeWebhook(SYSTEM, removed);
      await notify.createWebhook(SYSTEM, otherAgency, { url, events: ['*'] });

      expect(await enqueue({ ...EVENT, orgIds: [agency], roles: [] })).toEqual({ inbox: 0, email: 0, webhook: 2 });
      const rows = await outbox();
      expect(rows.map((r) => r.subscription_id).sort()).toEqual([exact, all].sort());
      for (const row of rows) {
        const body = JSON.parse(row.payload) as WebhookBody;
        expect(body).toEqual({
          id: row.id,
          type: 'case.assigned',
          createdAt: new Date(row.created_at).toISOString(),
          organizationId: agency,
          object: { type: 'case', id: 'case-7' },
          data: { caseId: 'case-7' },
        });
        expect(row).toMatchObject({ channel: 'webhook', recipient: null, sealed: null, status: 'pending' });
      }
    });

    it('writes nothing when the transaction it is part of rolls back', async () => {
      await expect(
        t.database.db.transaction().execute(async (trx) => {
          await t.app.qinglang.notify.enqueue(trx, { ...EVENT, orgIds: [agency] });
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');
      expect(await inbox()).toEqual([]);
      expect(await outbox()).toEqual([]);
    });

    it('tells a consenting reporter of a case’s result by a sealed e-mail with their tracking code, and no one else', async () => {
      const submit = (reporter: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          payload: { category: 'online_extortion', description: '对方威胁发布负面帖子，索要五万元删除费用。', reporter },
        });
      const consenting = (await submit({ anonymous: false, email: 'victim@example.test', contactConsent: true })).json();
      const silent = (await submit({ anonymous: false, email: 'quiet@example.test', contactConsent: false })).json();
      const anonymous = (await submit({ anonymous: true })).json();
      const ids = await t.database.db
        .selectFrom('reports')
        .select(['id', 'tracking_code'])
        .where('tracking_code', 'in', [consenting.trackingCode, silent.trackingCode, anonymous.trackingCode])
        .execute();
      const { keys, notify } = t.app.qinglang;
      await t.database.db.transaction().execute((trx) =>
        enqueueCaseNotification(
          trx,
          { enqueue: (tx, event) => notify.enqueue(tx, event), unseal: (sealed, context) => keys.sealing.unseal(sealed, context) },
          {
            type: 'case.concluded',
            caseId: 'case-9',
            caseNumber: 'QL-2026-000009',
            orgIds: [agency],
            roles: ['agency_lead'],
            title: { 'zh-CN': '案件已办结', en: 'Case concluded' },
            body: { 'zh-CN': '已依法处置。', en: 'It was dealt with.' },
            reporterReportIds: ids.map((r) => r.id),
          },
        ),
      );
      const rows = await outbox();
      expect(rows.map((r) => r.recipient)).toContain(people.lead!.email);
      const sealed = rows.filter((r) => r.sealed !== null);
      expect(sealed).toHaveLength(1);
      expect(sealed[0]).toMatchObject({ object_type: 'report', recipient: null });
      const message = keys.sealing.unseal<{ to: string; subject: string; text: string }>(
        sealed[0]!.sealed!,
        outboxSealContext(sealed[0]!.id),
      );
      expect(message.to).toBe('victim@example.test');
      expect(message.subject).toBe('【清朗】您的举报有了处理结果 | Your report has a result');
      expect(message.text).toContain(`跟踪码 ${consenting.trackingCode}：已依法处置。`);
      expect(message.text).toContain(`https://qinglang.example.cn/track/${consenting.trackingCode}`);
      // Reporters have no inbox; the staff notice links to the case.
      const items = await t.database.db.selectFrom('inbox_items').select(['user_id', 'link']).execute();
      expect(items).toEqual([{ user_id: people.lead!.id, link: '/workbench/cases/case-9' }]);
    });
  });
}
