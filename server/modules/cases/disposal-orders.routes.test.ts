import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { SYSTEM, createOrganization, createUser, openSession } from '../../../test/factories';

for (const dialect of testDialects()) {
  describe(`disposal orders between organizations that cannot see each other (${dialect})`, () => {
    let t: TestApp;
    const orgs = { centre: '', hz: '', police: '', website: '', closed: '', enterprise: '' };
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const zj = await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
      const hz = await createOrganization(t.app, { kind: 'regulator', name: '杭州市网信办', regionCode: '330100', parentId: zj.id });
      const police = await createOrganization(t.app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: zj.id });
      // Filed in Beijing: outside the Hangzhou regulator's tree, so not in what it may read of organizations.
      const website = await createOrganization(t.app, {
        kind: 'website',
        name: '京华资讯网',
        regionCode: '110105',
        domains: ['news.jinghua.example.cn'],
      });
      const closed = await createOrganization(t.app, { kind: 'website', name: '已关停网站', regionCode: '110105' });
      await t.app.qinglang.orgs.updateOrganization(SYSTEM, closed.id, { status: 'disabled' });
      const enterprise = await createOrganization(t.app, { kind: 'enterprise', name: '某科技有限公司', regionCode: '330100' });
      Object.assign(orgs, {
        centre: centre.id,
        hz: hz.id,
        police: police.id,
        website: website.id,
        closed: closed.id,
        enterprise: enterprise.id,
      });
      const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.triage = await session(centre.id, 'triage_officer');
      as.hzOfficer = await session(hz.id, 'case_officer');
      as.hzAnalyst = await session(hz.id, 'analyst');
      as.policeLead = await session(police.id, 'agency_lead');
      as.compliance = await session(website.id, 'website_compliance');
      as.websiteAdmin = await session(website.id, 'admin');
    }, 60_000);
    afterAll(() => t.close());

    const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: as[who], ...(payload ? { payload } : {}) });

    it('lists the organizations an agency can order — any region, active only, with the kinds of order each takes — to those who issue orders', async () => {
      const listed = await call('hzOfficer', 'GET', '/api/v1/orders/executing-organizations');
      expect(listed.statusCode).toBe(200);
      const items = listed.json().items as { id: string; name: string; kind: string; orderKinds: string[] }[];
      const byId = new Map(items.map((o) => [o.id, o]));
      expect(byId.get(orgs.website)).toMatchObject({ name: '京华资讯网', kind: 'website', regionCode: '110105' });
      expect(byId.get(orgs.website)!.orderKinds).toEqual(['remove_post', 'ban_account', 'preserve_data']);
      expect(byId.get(orgs.police)!.orderKinds).toEqual(['investigate']);
      expect(byId.get(orgs.hz)!.orderKinds).toContain('interview');
      // Nobody can be ordered at a disabled website, an enterprise or the reporting centre.
      expect(byId.has(orgs.closed)).toBe(false);
      expect(byId.has(orgs.enterprise)).toBe(false);
      expect(byId.has(orgs.centre)).toBe(false);
      expect((await call('policeLead', 'GET', '/api/v1/orders/executing-organizations')).statusCode).toBe(200);
      for (const who of ['triage', 'hzAnalyst', 'compliance', 'websiteAdmin'])
        expect((await call(who, 'GET', '/api/v1/orders/executing-organizations')).statusCode, who).toBe(403);
      // The general directory still keeps websites out of agencies' sight.
      const directory = (await call('hzOfficer', 'GET', '/api/v1/organizations')).json().items as { id: string }[];
      expect(directory.map((o) => o.id)).not.toContain(orgs.website);
    });

    it('names the issuing agency, the executing website and the case on the order, for both sides', async () => {
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: {
          category: 'online_extortion',
          description: '京华资讯网上的账号威胁发布不实文章，要求支付两万元删帖费，已经转账。',
          targetUrls: ['https://news.jinghua.example.cn/post/8812'],
          reporter: { anonymous: true },
        },
      });
      const report = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('tracking_code', '=', filed.json().trackingCode)
        .executeTakeFirstOrThrow();
      const opened = await call('triage', 'POST', '/api/v1/cases', {
        reportIds: [report.id],
        title: '有偿删帖',
        category: 'online_extortion',
        regionCode: '330106',
        priority: 'normal',
        moneyPaid: true,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const created = opened.json() as { id: string; number: string; leadOrgId: string };
      expect(created.leadOrgId).toBe(orgs.hz);
      await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, { action: 'accept' });
      await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, { action: 'investigate' });
      const issued = await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/orders`, {
        executingOrgId: orgs.website,
        kind: 'remove_post',
        targetUrls: ['https://news.jinghua.example.cn/post/8812'],
        legalBasis: '《互联网信息服务管理办法》第十六条',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(issued.statusCode, issued.body).toBe(201);
      const names = { caseNumber: created.number, issuingOrgName: '杭州市网信办', executingOrgName: '京华资讯网' };
      expect(issued.json()).toMatchObject(names);

      const inbox = (await call('compliance', 'GET', '/api/v1/orders')).json().items as { id: string }[];
      expect(inbox).toEqual([expect.objectContaining({ id: issued.json().id, ...names })]);
      const acknowledged = await call('compliance', 'POST', `/api/v1/orders/${issued.json().id}/acknowledge`);
      expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', ...names });
      expect((await call('compliance', 'GET', `/api/v1/orders/${issued.json().id}`)).json()).toMatchObject(names);
      const issuedList = (await call('hzOfficer', 'GET', '/api/v1/orders?role=issuing')).json().items;
      expect(issuedList).toEqual([expect.objectContaining(names)]);
      // The website learns the case's number, not the case: it still cannot read it.
      expect((await call('compliance', 'GET', `/api/v1/cases/${created.id}`)).statusCode).toBe(404);

      // Executed, verified, concluded: the reporter's page leads with the result, in the reporter's language.
      await call('compliance', 'POST', `/api/v1/orders/${issued.json().id}/execution`, { note: '已删除' });
      await call('hzOfficer', 'POST', `/api/v1/orders/${issued.json().id}/verify`);
      const track = async (language: string) => {
        const { trackingCode, accessKey } = filed.json() as { trackingCode: string; accessKey: string };
        const answer = await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/${trackingCode}`,
          headers: { 'x-access-key': accessKey, 'accept-language': language },
        });
        return answer.json() as { status: string; statusText: string; steps: { status: string; title: string; note: string | null }[] };
      };
      expect((await track('zh-CN')).statusText).toContain('已作为线索受理');
      const concluded = await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, {
        action: 'conclude',
        reason: '网站已删除',
        legalBasis: '《互联网信息服务管理办法》第十六条',
        resultCode: 'disposed',
      });
      expect(concluded.statusCode, concluded.body).toBe(200);
      const zh = await track('zh-CN');
      expect(zh.status).toBe('accepted');
      expect(zh.statusText).toBe('您举报的问题已办理完毕，处理结果见下方。');
      expect(zh.steps.find((step) => step.status === 'note')).toMatchObject({
        title: '办理完毕',
        note: '经查属实，相关违法信息已依法处置。',
      });
      const en = await track('en');
      expect(en.statusText).toMatch(/has been dealt with/);
      expect(en.steps.find((step) => step.status === 'note')).toMatchObject({
        title: 'Dealt with',
        note: 'Confirmed; the illegal content was dealt with according to law.',
      });
    });
  });
}
