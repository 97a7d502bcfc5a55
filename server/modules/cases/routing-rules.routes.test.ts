import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';
import { DEFAULT_ROUTING_RULES } from './default-routing-rules';

for (const dialect of testDialects()) {
  describe(`routing rules as data (${dialect})`, () => {
    let t: TestApp;
    let topAdmin: Record<string, string>;
    let provincialAdmin: Record<string, string>;
    let triage: Record<string, string>;
    let provinceId: string;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const province = await createOrganization(t.app, {
        kind: 'regulator',
        name: '浙江省网信办',
        regionCode: '330000',
        parentId: centre.id,
      });
      await createOrganization(t.app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: province.id });
      provinceId = province.id;
      const session = async (orgId: string, role: 'admin' | 'triage_officer') =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      topAdmin = await session(centre.id, 'admin');
      provincialAdmin = await session(province.id, 'admin');
      triage = await session(centre.id, 'triage_officer');
    });
    afterAll(() => t.close());

    it('answers the defaults until rules are saved, and lets only a top-level administrator replace them', async () => {
      const read = await t.app.inject({ method: 'GET', url: '/api/v1/routing-rules', headers: triage });
      expect(read.json()).toMatchObject({ source: 'default', problems: [] });
      expect(read.json().rules).toHaveLength(DEFAULT_ROUTING_RULES.length);

      // Everything to the provincial regulator, the police assisting, for a pilot.
      const rules = [
        {
          id: 'pilot',
          name: '试点：全部由省网信办主办',
          priority: 1,
          enabled: true,
          when: {},
          then: { lead: { orgKind: 'regulator', orgId: provinceId }, assisting: [{ orgKind: 'police' }] },
        },
      ];
      expect(
        (await t.app.inject({ method: 'PUT', url: '/api/v1/routing-rules', headers: provincialAdmin, payload: { rules } })).statusCode,
      ).toBe(403);
      const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/routing-rules', headers: topAdmin, payload: { rules } });
      expect(saved.statusCode).toBe(200);
      expect(saved.json().sha256).toMatch(/^[0-9a-f]{64}$/);
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/routing-rules', headers: triage })).json();
      expect(after).toMatchObject({ source: 'stored', rules: [expect.objectContaining({ id: 'pilot' })] });

      // Cases are routed by the saved rules from now on.
      const receipt = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          payload: { category: 'paid_deletion', description: '某公关公司收费为企业删除论坛上的负面帖子。', reporter: { anonymous: true } },
        })
      ).json();
      const report = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('tracking_code', '=', receipt.trackingCode)
        .executeTakeFirstOrThrow();
      const opened = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: triage,
        payload: {
          reportIds: [report.id],
          title: '有偿删帖',
          category: 'paid_deletion',
          regionCode: '110101',
          priority: 'normal',
          moneyPaid: false,
        },
      });
      expect(opened.json()).toMatchObject({ leadOrgId: provinceId, routing: { ruleId: 'pilot' } });
    });

    it('refuses a rule set without a catch-all, or naming an organization that does not exist, and keeps the old one', async () => {
      const bad = [
        {
          id: 'a',
          name: '只管浙江',
          priority: 1,
          enabled: true,
          when: { regionPrefixes: ['33'] },
          then: { lead: { orgKind: 'regulator', orgId: 'no-such-org' }, assisting: [] },
        },
      ];
      const refused = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/routing-rules',
        headers: { ...topAdmin, 'accept-language': 'zh-CN' },
        payload: { rules: bad },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toEqual(
        expect.arrayContaining([
          { field: 'rules', code: 'routingRule.no_catch_all', message: expect.stringMatching(/^没有已启用的无条件规则/) as string },
          { field: 'rules.0.then.lead', code: 'routingRule.unknown_org', message: '第 1 条规则：机构“no-such-org”不存在' },
        ]),
      );
      // Every message is in the asked language, with no English sentence left in it.
      for (const error of refused.json().errors as { message: string }[]) expect(error.message).not.toMatch(/[a-z]{4,} [a-z]{3,}/);
      const english = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/routing-rules',
        headers: { ...topAdmin, 'accept-language': 'en' },
        payload: { rules: bad },
      });
      expect(english.json().errors).toEqual(
        expect.arrayContaining([
          { field: 'rules.0.then.lead', code: 'routingRule.unknown_org', message: "Rule 1: no organization 'no-such-org'" },
        ]),
      );
      const still = (await t.app.inject({ method: 'GET', url: '/api/v1/routing-rules', headers: triage })).json();
      expect(still.rules.map((r: { id: string }) => r.id)).toEqual(['pilot']);
    });
  });
}
