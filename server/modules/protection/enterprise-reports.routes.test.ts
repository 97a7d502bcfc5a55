import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrencesOfSubjects } from '../../db/indicator-occurrences';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { SYSTEM, createOrganization, createUser, openSession } from '../../../test/factories';
import { multipartBody, tinyPng } from '../../../test/multipart';

const USCC = '91330200MA2H4K7P3T';
const ATTEMPT = {
  category: 'online_extortion',
  description: '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”，联系电话 13812345678。',
  targetUrls: ['https://bbs.example.cn/t/88'],
  money: { amount: 50000, currency: 'CNY', channel: 'alipay' },
};

for (const dialect of testDialects()) {
  describe(`enterprise desk reports (${dialect})`, () => {
    let t: TestApp;
    let enterpriseId = '';
    let liaisonId = '';
    let filerEmail = '';
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const province = await createOrganization(t.app, {
        kind: 'regulator',
        name: '浙江省网信办',
        regionCode: '330000',
        parentId: centre.id,
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
      const otherEnterprise = await t.app.qinglang.orgs.createOrganization(SYSTEM, {
        name: '杭州另一家示例有限公司',
        kind: 'enterprise',
        parentId: province.id,
        regionCode: '330100',
        domains: [],
        uscc: '91330106MA27XK0G5B',
      });
      const user = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) => {
        const created = await createUser(t.app, { orgId, roles: [role] });
        return { id: created.id, email: created.email, headers: (await openSession(t.app, created.id)).headers };
      };
      const filer = await user(enterprise.id, 'enterprise_liaison');
      filerEmail = filer.email;
      as.filer = filer.headers;
      as.enterpriseAdmin = (await user(enterprise.id, 'admin')).headers;
      as.otherEnterprise = (await user(otherEnterprise.id, 'admin')).headers;
      as.triage = (await user(centre.id, 'triage_officer')).headers;
      as.provinceLead = (await user(province.id, 'agency_lead')).headers;
      const liaison = await user(province.id, 'enterprise_liaison');
      liaisonId = liaison.id;
      as.liaison = liaison.headers;
      const assigned = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/protection/enterprises/${enterprise.id}/liaison`,
        headers: as.provinceLead,
        payload: { userId: liaisonId },
      });
      expect(assigned.statusCode).toBe(200);
    }, 60_000);
    afterAll(() => t.close());

    const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: who ? as[who] : {}, ...(payload ? { payload } : {}) });

    it('shows the desk who it files as: the enterprise on record and the signed-in person', async () => {
      const answer = await call('filer', 'GET', '/api/v1/protection/desk/reporter');
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({
        enterprise: { id: enterpriseId, name: '宁波海曙示例科技有限公司', uscc: USCC },
        contact: { email: filerEmail },
      });
      expect((await call('triage', 'GET', '/api/v1/protection/desk/reporter')).statusCode).toBe(404);
    });

    it('files through the public intake as an enterprise report, audited as the user and told to the liaison in the same transaction', async () => {
      const filed = await call('filer', 'POST', '/api/v1/protection/desk/reports', { ...ATTEMPT, contactPhone: '0574-87654321' });
      expect(filed.statusCode).toBe(201);
      const receipt = filed.json();
      expect(receipt.trackingCode).toBeTruthy();

      const row = await t.database.db.selectFrom('reports').selectAll().where('id', '=', receipt.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ source: 'enterprise', enterprise_org_id: enterpriseId, reporter_kind: 'enterprise', status: 'received' });
      const identity = t.app.qinglang.keys.sealing.unseal<Record<string, unknown>>(row.reporter_sealed!, `report:${row.id}`);
      expect(identity).toMatchObject({
        email: filerEmail,
        phone: '0574-87654321',
        enterprise: { name: '宁波海曙示例科技有限公司', uscc: USCC },
      });
      // Indicators are extracted as for any report.
      const phones = (await occurrencesOfSubjects(t.database.db, 'report', [row.id])).filter((o) => o.type === 'phone');
      expect(phones.map((p) => p.value)).toContain('+8613812345678');

      const audit = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('object_id', '=', row.id)
        .where('action', '=', 'report.submitted')
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor_type: 'user', org_id: enterpriseId });

      const inbox = await t.database.db
        .selectFrom('inbox_items')
        .selectAll()
        .where('user_id', '=', liaisonId)
        .where('object_id', '=', row.id)
        .execute();
      expect(inbox).toHaveLength(1);
      expect(inbox[0]!.title_zh).toContain('宁波海曙示例科技有限公司');

      // Triage sees it like any report, marked as from the enterprise desk; public reports as the public's.
      const seen = await call('triage', 'GET', `/api/v1/triage/reports/${row.id}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json().report.source).toBe('enterprise');
      await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { ...ATTEMPT, reporter: { anonymous: true } } });
      const queue = (await call('triage', 'GET', '/api/v1/triage/reports?limit=200')).json<{ items: { id: string; source: string }[] }>();
      expect(queue.items.find((item) => item.id === row.id)?.source).toBe('enterprise');
      expect(queue.items.some((item) => item.source === 'public')).toBe(true);
    });

    it('takes evidence files with the report, as the public form does', async () => {
      const { payload, headers } = await multipartBody({ report: JSON.stringify(ATTEMPT) }, [
        { name: 'chat.png', content: tinyPng(7), type: 'image/png' },
      ]);
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/protection/desk/reports',
        payload,
        headers: { ...as.filer, ...headers },
      });
      expect(filed.statusCode).toBe(201);
      expect(filed.json().evidence).toEqual([expect.objectContaining({ fileName: 'chat.png', mediaType: 'image/png' })]);
      const detail = (await call('filer', 'GET', `/api/v1/protection/desk/reports/${filed.json().id}`)).json();
      expect(detail.evidenceCount).toBe(1);
      // The file is kept under its digest, linked to the report, and listed on the desk report.
      const sha256 = createHash('sha256').update(tinyPng(7)).digest('hex');
      expect(detail.evidence).toEqual([{ fileName: 'chat.png', mediaType: 'image/png', size: tinyPng(7).length, sha256 }]);
      const linked = await t.database.db
        .selectFrom('report_evidence')
        .select(['sha256', 'file_name'])
        .where('report_id', '=', filed.json().id)
        .execute();
      expect(linked).toEqual([{ sha256, file_name: 'chat.png' }]);
      expect(await t.app.qinglang.blobs.has(sha256)).toBe(true);
      // Someone else's upload is refused before a file is kept.
      const other = await multipartBody({ report: JSON.stringify(ATTEMPT) }, [{ name: 'x.png', content: tinyPng(8), type: 'image/png' }]);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/protection/desk/reports',
        payload: other.payload,
        headers: { ...as.triage, ...other.headers },
      });
      expect(refused.statusCode).toBe(404);
    });

    it('refuses what the public form refuses, and anyone who is not the enterprise’s own', async () => {
      const short = await call('filer', 'POST', '/api/v1/protection/desk/reports', { ...ATTEMPT, description: '太短' });
      expect(short.statusCode).toBe(400);
      const badPhone = await call('filer', 'POST', '/api/v1/protection/desk/reports', { ...ATTEMPT, contactPhone: 'call me' });
      expect(badPhone.statusCode).toBe(400);
      // Who reports is not the caller's to say.
      const reporter = await call('filer', 'POST', '/api/v1/protection/desk/reports', { ...ATTEMPT, reporter: { anonymous: true } });
      expect(reporter.statusCode).toBe(400);
      expect((await call('triage', 'POST', '/api/v1/protection/desk/reports', ATTEMPT)).statusCode).toBe(404);
      expect((await call(null, 'POST', '/api/v1/protection/desk/reports', ATTEMPT)).statusCode).toBe(401);
    });

    it('needs no proof-of-work from a signed-in person, and is rate-limited all the same', async () => {
      const limited = await createTestApp(dialect, { QINGLANG_RATE_LIMIT: '2', QINGLANG_CHALLENGE: 'on' });
      try {
        const regulator = await createOrganization(limited.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000' });
        const enterprise = await limited.app.qinglang.orgs.createOrganization(SYSTEM, {
          name: '宁波海曙示例科技有限公司',
          kind: 'enterprise',
          parentId: regulator.id,
          regionCode: '330203',
          domains: [],
          uscc: USCC,
        });
        const person = await createUser(limited.app, { orgId: enterprise.id, roles: ['admin'] });
        const headers = (await openSession(limited.app, person.id)).headers;
        const codes = [];
        for (let i = 0; i < 3; i++)
          codes.push(
            (await limited.app.inject({ method: 'POST', url: '/api/v1/protection/desk/reports', headers, payload: ATTEMPT })).statusCode,
          );
        expect(codes).toEqual([201, 201, 429]);
      } finally {
        await limited.close();
      }
    });

    it('lets the enterprise follow its reports — status, case number, plain-word steps — and nobody else', async () => {
      const filed = (await call('enterpriseAdmin', 'POST', '/api/v1/protection/desk/reports', ATTEMPT)).json();
      // A public report is never on the desk, even one naming the enterprise.
      await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { ...ATTEMPT, reporter: { anonymous: true } } });

      const before = (await call('filer', 'GET', '/api/v1/protection/desk/reports')).json();
      expect(before.items.length).toBe(3);
      expect(before.items[0]).toMatchObject({ id: filed.id, status: 'received', caseNumber: null, result: null });
      expect(before.items[0].statusText).toBeTruthy();

      const opened = await call('triage', 'POST', '/api/v1/cases', {
        reportIds: [filed.id],
        title: '自媒体敲诈企业',
        category: 'online_extortion',
        regionCode: '330203',
        priority: 'high',
        targetKind: 'person',
        moneyPaid: false,
      });
      expect(opened.statusCode).toBe(201);
      const caseNumber = opened.json().number as string;

      const after = (await call('filer', 'GET', '/api/v1/protection/desk/reports')).json();
      const listed = after.items.find((r: { id: string }) => r.id === filed.id);
      expect(listed).toMatchObject({ status: 'accepted', caseNumber });
      expect(listed.steps.map((step: { status: string }) => step.status)).toEqual(['received', 'accepted']);
      expect(after.items.every((r: { steps: unknown[] }) => r.steps.length > 0)).toBe(true);

      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/v1/protection/desk/reports/${filed.id}`,
        headers: { ...as.filer, 'accept-language': 'en' },
      });
      expect(detail.statusCode).toBe(200);
      const body = detail.json();
      expect(body).toMatchObject({ id: filed.id, caseNumber, status: 'accepted', description: ATTEMPT.description });
      expect(body.steps.map((s: { status: string }) => s.status)).toEqual(['received', 'accepted']);
      expect(body.steps[0].title).toMatch(/[A-Za-z]/);
      // No staff-only detail: who triaged, the reporter's sealed identity.
      expect(JSON.stringify(body)).not.toContain('triaged');

      for (const who of ['otherEnterprise', 'triage', 'liaison', 'provinceLead'])
        expect((await call(who, 'GET', `/api/v1/protection/desk/reports/${filed.id}`)).statusCode).toBe(404);
      expect((await call('otherEnterprise', 'GET', '/api/v1/protection/desk/reports')).json().items).toEqual([]);
      expect((await call('triage', 'GET', '/api/v1/protection/desk/reports')).statusCode).toBe(404);
    });
  });
}
