import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';

const REPORT = {
  category: 'online_extortion',
  description: '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”，联系电话 13812345678，已经转账两万元。',
  reporter: { anonymous: true },
};

for (const dialect of testDialects()) {
  describe(`case statistics by status and category (${dialect})`, () => {
    let t: TestApp;
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const zj = await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
      const hz = await createOrganization(t.app, { kind: 'regulator', name: '杭州市网信办', regionCode: '330100', parentId: zj.id });
      const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.triage = await session(centre.id, 'triage_officer');
      as.hzOfficer = await session(hz.id, 'case_officer');
      as.zjLead = await session(zj.id, 'agency_lead');
      as.analyst = await session(zj.id, 'analyst');
    }, 60_000);
    afterAll(() => t.close());

    const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: as[who], ...(payload ? { payload } : {}) });
    const openCase = async (category: string) => {
      const receipt = (await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { ...REPORT, category } })).json();
      const report = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('tracking_code', '=', receipt.trackingCode)
        .executeTakeFirstOrThrow();
      const created = await call('triage', 'POST', '/api/v1/cases', {
        reportIds: [report.id],
        title: '统计测试',
        category,
        regionCode: '330106',
        priority: 'normal',
        moneyPaid: false,
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string }>().id;
    };

    it('counts the cases in scope by status and by category beside the on-time figures', async () => {
      const empty = (await call('triage', 'GET', '/api/v1/cases/statistics?scope=all')).json();
      expect(empty).toMatchObject({ byStatus: {}, byCategory: {}, onTimeRate: null });

      const first = await openCase('online_extortion');
      await openCase('online_extortion');
      await openCase('paid_deletion');
      expect((await call('hzOfficer', 'POST', `/api/v1/cases/${first}/transitions`, { action: 'accept' })).statusCode).toBe(200);

      const all = await call('triage', 'GET', '/api/v1/cases/statistics?scope=all');
      expect(all.statusCode).toBe(200);
      expect(all.json()).toMatchObject({
        byStatus: { assigned: 2, accepted: 1 },
        byCategory: { online_extortion: 2, paid_deletion: 1 },
        openNotDue: 3,
        openOverdue: 0,
      });

      // The provincial lead sees the cases led in its region; its own organization takes part in none.
      expect((await call('zjLead', 'GET', '/api/v1/cases/statistics?scope=region')).json().byCategory).toEqual({
        online_extortion: 2,
        paid_deletion: 1,
      });
      expect((await call('analyst', 'GET', '/api/v1/cases/statistics')).json()).toMatchObject({ byStatus: {}, byCategory: {} });
      expect((await call('hzOfficer', 'GET', '/api/v1/cases/statistics')).json().byStatus).toEqual({ assigned: 2, accepted: 1 });
      // Wider scopes stay with the roles that have them.
      expect((await call('analyst', 'GET', '/api/v1/cases/statistics?scope=all')).statusCode).toBe(403);
    });
  });
}
