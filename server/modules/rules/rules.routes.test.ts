import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';
import { verifyAuditChain } from '../audit/verify-audit-chain';

const NEW_PROVISION = {
  code: 'PRC-ECL-1195',
  title: '网络服务提供者接到通知后的措施',
  source: '《中华人民共和国民法典》',
  article: '第一千一百九十五条',
  text: '网络用户利用网络服务实施侵权行为的，权利人有权通知网络服务提供者采取删除、屏蔽、断开链接等必要措施。',
  effectiveFrom: '2021-01-01',
};

for (const dialect of testDialects()) {
  describe(`rules registry (${dialect})`, () => {
    let t: TestApp;
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const national = await createOrganization(t.app, { kind: 'regulator', name: '国家网信办', regionCode: '100000' });
      const province = await createOrganization(t.app, {
        kind: 'regulator',
        name: '浙江省网信办',
        regionCode: '330000',
        parentId: national.id,
      });
      const site = await createOrganization(t.app, { kind: 'website', name: '钱塘论坛', regionCode: '330100', parentId: province.id });
      const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.nationalAdmin = await session(national.id, 'admin');
      as.provinceAdmin = await session(province.id, 'admin');
      as.compliance = await session(site.id, 'website_compliance');
    }, 60_000);
    afterAll(() => t.close());

    const call = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: who ? as[who] : {}, ...(payload ? { payload } : {}) });
    const count = async (table: 'legal_provisions' | 'admissibility_criteria_versions' | 'audit_events') =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('publishes the seeded provisions to anyone, searchable, with whether each is in force', async () => {
      const all = await call(null, 'GET', '/api/v1/rules/provisions');
      expect(all.statusCode).toBe(200);
      const codes = all.json().items.map((p: { code: string }) => p.code);
      expect(codes).toEqual(expect.arrayContaining(['CL-274', 'SPC-2013-NET-6', 'SPC-2013-NET-7', 'NICEG-24', 'CSL-47']));
      const found = (await call(null, 'GET', `/api/v1/rules/provisions?q=${encodeURIComponent('删除信息服务')}`)).json().items;
      expect(found.map((p: { code: string }) => p.code)).toEqual(['SPC-2013-NET-7']);
      // In force on a day before the regulation took effect: not listed.
      const before = (await call(null, 'GET', '/api/v1/rules/provisions?inForceOn=2019-12-31')).json().items;
      expect(before.map((p: { code: string }) => p.code)).not.toContain('NICEG-24');
      expect((await call(null, 'GET', '/api/v1/rules/provisions/CL-274')).json()).toMatchObject({
        version: 1,
        inForce: true,
        article: '第二百七十四条',
      });
      expect((await call(null, 'GET', '/api/v1/rules/provisions/NO-SUCH')).statusCode).toBe(404);
    });

    it('lets a national administrator add a provision and amend it as new versions, keeping the earlier ones, all audited', async () => {
      expect((await call('provinceAdmin', 'POST', '/api/v1/rules/provisions', NEW_PROVISION)).statusCode).toBe(403);
      const created = await call('nationalAdmin', 'POST', '/api/v1/rules/provisions', NEW_PROVISION);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ code: NEW_PROVISION.code, version: 1, versions: [expect.objectContaining({ version: 1 })] });
      const again = await call('nationalAdmin', 'POST', '/api/v1/rules/provisions', NEW_PROVISION);
      expect(again.statusCode).toBe(409);
      expect(again.json().errors[0]).toMatchObject({ field: 'code', code: 'provisionExists' });

      const rows = await count('legal_provisions');
      const badDates = await call('nationalAdmin', 'POST', `/api/v1/rules/provisions/${NEW_PROVISION.code}/versions`, {
        ...NEW_PROVISION,
        code: undefined,
        effectiveTo: '2020-01-01',
        reason: '测试',
      });
      expect(badDates.statusCode).toBe(400);
      expect(badDates.json().errors[0]).toMatchObject({ field: 'effectiveTo', code: 'dateOrder' });
      expect(await count('legal_provisions')).toBe(rows);

      const { code: _, ...fields } = NEW_PROVISION;
      const repealed = await call('nationalAdmin', 'POST', `/api/v1/rules/provisions/${NEW_PROVISION.code}/versions`, {
        ...fields,
        effectiveTo: '2026-01-01',
        reason: '示例：条款废止',
      });
      expect(repealed.statusCode).toBe(201);
      expect(repealed.json()).toMatchObject({ version: 2, inForce: false, changeReason: '示例：条款废止' });
      expect(repealed.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      const audit = await t.database.db.selectFrom('audit_events').select('action').where('object_type', '=', 'legal_provision').execute();
      expect(audit.map((a) => a.action)).toEqual(['provision.created', 'provision.amended']);
      expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
    });

    it('gives websites the admissibility criteria and lets only a national administrator replace them, refused whole when wrong', async () => {
      const current = await call('compliance', 'GET', '/api/v1/rules/admissibility-criteria');
      expect(current.statusCode).toBe(200);
      expect(current.json()).toMatchObject({ version: 1 });
      const criteria = current.json().criteria as { id: string; step: string; provisionCodes: string[] }[];
      expect(new Set(criteria.map((c) => c.step))).toEqual(new Set(['identity', 'authority', 'legal_basis']));

      const versions = await count('admissibility_criteria_versions');
      const wrong = await call('nationalAdmin', 'PUT', '/api/v1/rules/admissibility-criteria', {
        criteria: [{ ...criteria[0], provisionCodes: ['NO-SUCH'] }],
        reason: '测试',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors.map((e: { code: string }) => e.code)).toEqual([
        'unknownProvision',
        'criteriaStepMissing',
        'criteriaStepMissing',
      ]);
      expect((await call('compliance', 'PUT', '/api/v1/rules/admissibility-criteria', { criteria, reason: '测试' })).statusCode).toBe(403);
      expect(await count('admissibility_criteria_versions')).toBe(versions);

      // The same criteria again make no new version; a change does, with its reason and hash.
      const same = await call('nationalAdmin', 'PUT', '/api/v1/rules/admissibility-criteria', { criteria, reason: '无变化' });
      expect(same.json().version).toBe(1);
      const changed = [...criteria, { ...criteria[0], id: 'request-form-complete', provisionCodes: [NEW_PROVISION.code] }];
      const saved = await call('nationalAdmin', 'PUT', '/api/v1/rules/admissibility-criteria', {
        criteria: changed,
        reason: '增加材料齐全要求',
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ version: 2, changeReason: '增加材料齐全要求' });
      const history = (await call('compliance', 'GET', '/api/v1/rules/admissibility-criteria/versions')).json().items;
      expect(history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
      expect(history[0].sha256).not.toBe(history[1].sha256);
    });
  });
}
