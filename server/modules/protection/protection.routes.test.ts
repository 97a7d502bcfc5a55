import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { SYSTEM, createOrganization, createUser, openSession } from '../../../test/factories';

/** A resident ID number with its ISO 7064 MOD 11-2 check character. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

const USCC = '91330200MA2H4K7P3T';
const REP_ID = residentId('33010619850312004');
const OTHER_ID = residentId('33010619900101001');

for (const dialect of testDialects()) {
  describe(`enterprise protection (${dialect})`, () => {
    let t: TestApp;
    let enterpriseId = '';
    let provinceOfficerId = '';
    let token = '';
    let scopelessToken = '';
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
      const otherProvince = await createOrganization(t.app, {
        kind: 'regulator',
        name: '江苏省网信办',
        regionCode: '320000',
        parentId: national.id,
      });
      const enterprise = await t.app.qinglang.orgs.createOrganization(SYSTEM, {
        name: '宁波海曙示例科技有限公司',
        kind: 'enterprise',
        parentId: province.id,
        regionCode: '330203',
        domains: [],
        uscc: USCC,
      });
      enterpriseId = enterprise.id;
      const site = await createOrganization(t.app, {
        kind: 'website',
        name: '钱塘论坛',
        regionCode: '330100',
        parentId: province.id,
        domains: ['bbs.example.cn'],
      });
      const user = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) => {
        const created = await createUser(t.app, { orgId, roles: [role] });
        return { id: created.id, headers: (await openSession(t.app, created.id)).headers };
      };
      as.enterpriseAdmin = (await user(enterprise.id, 'admin')).headers;
      as.liaison = (await user(enterprise.id, 'enterprise_liaison')).headers;
      as.provinceLead = (await user(province.id, 'agency_lead')).headers;
      const officer = await user(province.id, 'case_officer');
      provinceOfficerId = officer.id;
      as.provinceOfficer = officer.headers;
      as.otherLead = (await user(otherProvince.id, 'agency_lead')).headers;
      as.compliance = (await user(site.id, 'website_compliance')).headers;
      token = (await t.app.qinglang.orgs.createApiToken(SYSTEM, site.id, { name: 'verify', scopes: ['protection:verify'] })).token;
      scopelessToken = (await t.app.qinglang.orgs.createApiToken(SYSTEM, site.id, { name: 'orders', scopes: ['orders:write'] })).token;
    }, 60_000);
    afterAll(() => t.close());

    const call = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: who ? as[who] : {}, ...(payload ? { payload } : {}) });
    const verify = (query: Record<string, string>, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
      t.app.inject({ method: 'GET', url: `/api/v1/protection/verify?${new URLSearchParams(query).toString()}`, headers });

    it('answers "unknown" for an enterprise that has named nobody, so silence is not taken for a refusal', async () => {
      const answer = await verify({ uscc: USCC, name: '李华', idNumber: REP_ID });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ answer: 'unknown' });
    });

    it('lets the enterprise name its representatives, kept as keyed hashes and shown masked, and nobody else', async () => {
      const denied = await call('provinceLead', 'POST', `/api/v1/protection/enterprises/${enterpriseId}/representatives`, {
        name: '李华',
        idNumber: REP_ID,
      });
      expect(denied.statusCode).toBe(403);
      const nameOnly = await call('enterpriseAdmin', 'POST', `/api/v1/protection/enterprises/${enterpriseId}/representatives`, {
        name: '李华',
      });
      expect(nameOnly.statusCode).toBe(400);
      expect(nameOnly.json().errors[0]).toMatchObject({ field: 'idNumber', code: 'identifierRequired' });
      const badId = await call('enterpriseAdmin', 'POST', `/api/v1/protection/enterprises/${enterpriseId}/representatives`, {
        name: '李华',
        idNumber: '330106198503120040',
      });
      expect(badId.json().errors?.[0]).toMatchObject({ field: 'idNumber', code: 'nationalId' });

      const added = await call('liaison', 'POST', `/api/v1/protection/enterprises/${enterpriseId}/representatives`, {
        name: '李 华',
        title: '法务经理',
        idNumber: REP_ID,
        phone: '138 1234 5678',
      });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({
        name: '李 华',
        idNumberMasked: `3301**********${REP_ID.slice(-4)}`,
        phoneMasked: '*******5678',
        status: 'active',
      });
      const stored = await t.database.db.selectFrom('enterprise_representatives').selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(REP_ID);
      expect(JSON.stringify(stored)).not.toContain('13812345678');
      const audit = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'representative.added').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.summary).not.toContain(REP_ID);

      // The regulator above reads the record; another province's lead and the website do not learn it exists.
      expect((await call('provinceLead', 'GET', `/api/v1/protection/enterprises/${enterpriseId}`)).json().representatives).toHaveLength(1);
      expect((await call('otherLead', 'GET', `/api/v1/protection/enterprises/${enterpriseId}`)).statusCode).toBe(404);
      expect((await call('compliance', 'GET', `/api/v1/protection/enterprises/${enterpriseId}`)).statusCode).toBe(404);
    });

    it('answers websites yes, no or unknown and nothing more, auditing each question without the values asked about', async () => {
      expect((await verify({ uscc: USCC, name: '李华', idNumber: REP_ID })).json()).toEqual({ answer: 'yes' });
      expect((await verify({ uscc: USCC, name: '李华', phone: '+86 13812345678' })).json()).toEqual({ answer: 'yes' });
      expect((await verify({ uscc: USCC, name: '李华', idNumber: OTHER_ID })).json()).toEqual({ answer: 'no' });
      expect((await verify({ uscc: USCC, name: '王强', idNumber: REP_ID })).json()).toEqual({ answer: 'no' });
      expect((await verify({ uscc: '91110000100000000X'.slice(0, 17) + 'X', name: '李华', idNumber: REP_ID })).statusCode).toBe(400);
      const compliance = await t.app.inject({
        method: 'GET',
        url: `/api/v1/protection/verify?uscc=${USCC}&name=${encodeURIComponent('李华')}&idNumber=${REP_ID}`,
        headers: as.compliance,
      });
      expect(compliance.json()).toEqual({ answer: 'yes' });

      expect((await verify({ uscc: USCC, name: '李华', idNumber: REP_ID }, { authorization: `Bearer ${scopelessToken}` })).statusCode).toBe(
        403,
      );
      expect((await verify({ uscc: USCC, name: '李华', idNumber: REP_ID }, as.liaison!)).statusCode).toBe(403);
      expect((await verify({ uscc: USCC, name: '李华', idNumber: REP_ID }, {})).statusCode).toBe(401);

      const events = await t.database.db
        .selectFrom('audit_events')
        .select(['summary', 'actor_type'])
        .where('action', '=', 'protection.verified')
        .execute();
      expect(events.length).toBe(6);
      for (const e of events) {
        expect(e.summary).not.toContain(REP_ID);
        expect(e.summary).not.toContain('李华');
      }
      expect(events.map((e) => e.actor_type)).toContain('token');
    });

    it('stops saying yes once the authorization is revoked, keeping the record', async () => {
      const rep = (await call('enterpriseAdmin', 'GET', `/api/v1/protection/enterprises/${enterpriseId}`)).json().representatives[0];
      expect(
        (await call('provinceLead', 'POST', `/api/v1/protection/representatives/${rep.id}/revoke`, { reason: '离职' })).statusCode,
      ).toBe(403);
      const revoked = await call('enterpriseAdmin', 'POST', `/api/v1/protection/representatives/${rep.id}/revoke`, { reason: '离职' });
      expect(revoked.json()).toMatchObject({ status: 'revoked', revokedReason: '离职' });
      expect(
        (await call('enterpriseAdmin', 'POST', `/api/v1/protection/representatives/${rep.id}/revoke`, { reason: '再次' })).statusCode,
      ).toBe(409);
      expect((await verify({ uscc: USCC, name: '李华', idNumber: REP_ID })).json()).toEqual({ answer: 'unknown' });
    });

    it('lets the regulator above assign a liaison from its own staff, who may then read the record', async () => {
      const url = `/api/v1/protection/enterprises/${enterpriseId}/liaison`;
      expect((await call('enterpriseAdmin', 'PUT', url, { userId: provinceOfficerId })).statusCode).toBe(403);
      expect((await call('otherLead', 'PUT', url, { userId: provinceOfficerId })).statusCode).toBe(404);
      const notEligible = await call('provinceLead', 'PUT', url, { userId: 'no-such-user' });
      expect(notEligible.json().errors[0]).toMatchObject({ field: 'userId', code: 'liaisonNotEligible' });
      const assigned = await call('provinceLead', 'PUT', url, { userId: provinceOfficerId });
      expect(assigned.statusCode).toBe(200);
      expect(assigned.json().liaison).toMatchObject({ userId: provinceOfficerId, orgName: '浙江省网信办' });
      expect((await call('enterpriseAdmin', 'GET', `/api/v1/protection/enterprises/${enterpriseId}`)).json().liaison.userId).toBe(
        provinceOfficerId,
      );
    });
  });
}
