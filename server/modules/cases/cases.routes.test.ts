import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';
import { escalateOverdueCases } from '../../jobs/deadline-escalation';
import { verifyAuditChain } from '../audit/verify-audit-chain';

const EXTORTION = {
  category: 'online_extortion',
  description: '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”，联系电话 13812345678，已经转账两万元。',
  money: { amount: 20000, currency: 'CNY', channel: 'alipay' },
  reporter: { anonymous: false, name: '王小明', email: 'wang@example.cn', contactConsent: true },
};

for (const dialect of testDialects()) {
  describe(`triage and cases (${dialect})`, () => {
    let t: TestApp;
    const orgs: Record<string, string> = {};
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const zj = await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
      const hz = await createOrganization(t.app, { kind: 'regulator', name: '杭州市网信办', regionCode: '330100', parentId: zj.id });
      const police = await createOrganization(t.app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: zj.id });
      Object.assign(orgs, { centre: centre.id, zj: zj.id, hz: hz.id, police: police.id });
      const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.triage = await session(centre.id, 'triage_officer');
      as.hzOfficer = await session(hz.id, 'case_officer');
      as.hzLead = await session(hz.id, 'agency_lead');
      as.zjOfficer = await session(zj.id, 'case_officer');
      as.zjLead = await session(zj.id, 'agency_lead');
      as.policeOfficer = await session(police.id, 'case_officer');
    }, 60_000);
    afterAll(() => t.close());

    const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: as[who], ...(payload ? { payload } : {}) });
    const file = async (body: object = EXTORTION) => {
      const receipt = (await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: body })).json();
      const row = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('tracking_code', '=', receipt.trackingCode)
        .executeTakeFirstOrThrow();
      return { id: row.id, trackingCode: receipt.trackingCode as string, accessKey: receipt.accessKey as string };
    };
    const track = async (report: { trackingCode: string; accessKey: string }, language = 'zh-CN') =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/${report.trackingCode}`,
          headers: { 'x-access-key': report.accessKey, 'accept-language': language },
        })
      ).json();
    const open = (reportIds: string[], extra: object = {}) =>
      call('triage', 'POST', '/api/v1/cases', {
        reportIds,
        title: '自媒体敲诈企业',
        category: 'online_extortion',
        regionCode: '330106',
        priority: 'high',
        targetKind: 'person',
        moneyPaid: true,
        ...extra,
      });

    it('shows triage the queue and a report with the earlier reports sharing its phone number', async () => {
      const first = await file();
      const second = await file({ ...EXTORTION, description: `${EXTORTION.description}又打来电话催款。` });
      const queue = await call('triage', 'GET', '/api/v1/triage/reports');
      expect(queue.statusCode).toBe(200);
      expect(queue.json().items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([first.id, second.id]));
      const detail = (await call('triage', 'GET', `/api/v1/triage/reports/${second.id}`)).json();
      expect(detail.suggestions.shared).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'phone', reportIds: [first.id] })]),
      );
      expect((await call('hzOfficer', 'GET', '/api/v1/triage/reports')).statusCode).toBe(403);
    });

    it('opens a numbered case routed by the rules — the regulator of the region leads, the police assist as money was paid — and walks it to its conclusion', async () => {
      const report = await file();
      const opened = await open([report.id]);
      expect(opened.statusCode).toBe(201);
      const created = opened.json();
      expect(created.number).toMatch(/^QL-\d{4}-\d{6}$/);
      expect(created.status).toBe('assigned');
      expect(created.leadOrgId).toBe(orgs.hz);
      expect(created.agencies).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ orgId: orgs.hz, role: 'lead' }),
          expect.objectContaining({ orgId: orgs.police, role: 'assisting' }),
        ]),
      );
      expect(created.routing.ruleId).toBeTruthy();
      expect((await track(report)).status).toBe('accepted');

      // Who sees it: the lead and the assisting agency; not another regulator's officer.
      expect((await call('zjOfficer', 'GET', `/api/v1/cases/${created.id}`)).statusCode).toBe(404);
      const police = await call('policeOfficer', 'GET', `/api/v1/cases/${created.id}`);
      expect(police.statusCode).toBe(200);
      expect(police.json().actions).toEqual([]);
      expect((await call('policeOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, { action: 'accept' })).statusCode).toBe(403);
      // The province's lead supervises the cases of the city below it.
      expect((await call('zjLead', 'GET', `/api/v1/cases/${created.id}`)).statusCode).toBe(200);

      const move = (who: string, body: object) => call(who, 'POST', `/api/v1/cases/${created.id}/transitions`, body);
      const accepted = await move('hzOfficer', { action: 'accept' });
      expect(accepted.json()).toMatchObject({ status: 'accepted', actions: expect.arrayContaining(['investigate']) });
      expect(accepted.json().firstRespondedAt).not.toBeNull();
      expect((await move('hzOfficer', { action: 'investigate' })).json().status).toBe('investigating');
      const noBasis = await move('hzOfficer', { action: 'dispose' });
      expect(noBasis.statusCode).toBe(400);
      expect(noBasis.json().errors[0].field).toBe('legalBasis');
      expect((await move('hzOfficer', { action: 'dispose', legalBasis: '《网络信息内容生态治理规定》第三十四条' })).json().status).toBe(
        'disposing',
      );
      const wrongStatus = await move('hzOfficer', { action: 'accept' });
      expect(wrongStatus.statusCode).toBe(409);
      const concluded = await move('hzOfficer', {
        action: 'conclude',
        reason: '涉事账号已关闭，违法信息已删除，线索移送公安。',
        legalBasis: '《中华人民共和国网络安全法》第四十七条',
        resultCode: 'disposed',
      });
      expect(concluded.json()).toMatchObject({ status: 'concluded', resultCode: 'disposed' });
      const seen = await track(report);
      expect(seen.result).toMatchObject({ code: 'disposed' });
      expect(seen.result.text).toContain('依法处置');

      expect((await move('hzOfficer', { action: 'close' })).statusCode).toBe(403);
      expect((await move('hzLead', { action: 'close' })).json().status).toBe('closed');
      expect((await move('hzLead', { action: 'reopen' })).statusCode).toBe(400);
      expect((await move('hzLead', { action: 'reopen', reason: '又收到新的举报' })).json().status).toBe('investigating');
      // The reporter no longer reads the old result: the case is being handled again.
      const reopened = await track(report);
      expect(reopened.result).toBeNull();
      expect(reopened.status).toBe('accepted');
      expect(reopened.statusText).not.toContain('办理完毕');
      expect(reopened.steps.at(-1)).toMatchObject({ status: 'accepted', note: '该案件已重新办理，新的处理结果将在此显示。' });
      expect((await track(report, 'en')).steps.at(-1).note).toBe('The case was reopened; the new result will show here.');

      const timeline = (await call('hzOfficer', 'GET', `/api/v1/cases/${created.id}`)).json().timeline.map((e: { type: string }) => e.type);
      expect(timeline).toEqual(['created', 'routed', 'accept', 'investigate', 'dispose', 'conclude', 'close', 'reopen']);
    });

    it('sends a returned case back to triage, which routes it again with a reason', async () => {
      const report = await file();
      const created = (await open([report.id])).json();
      const returned = await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, {
        action: 'return',
        reason: '不属于本辖区',
      });
      expect(returned.json().status).toBe('returned');
      const rerouted = await call('triage', 'POST', `/api/v1/cases/${created.id}/transitions`, {
        action: 'reroute',
        reason: '改由省网信办主办',
        override: { leadOrgId: orgs.zj, assistingOrgIds: [orgs.police], reason: '涉及多地，由省级统筹' },
      });
      expect(rerouted.statusCode).toBe(200);
      expect(rerouted.json()).toMatchObject({ status: 'assigned', leadOrgId: orgs.zj });
      expect(rerouted.json().routing.override.reason).toBe('涉及多地，由省级统筹');
      expect((await call('hzOfficer', 'GET', `/api/v1/cases/${created.id}`)).statusCode).toBe(404);
      expect((await call('zjOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, { action: 'accept' })).json().status).toBe(
        'accepted',
      );
    });

    it('keeps internal comments inside the agency and shares the others', async () => {
      const created = (await open([(await file()).id])).json();
      await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/comments`, { body: '内部：先核实转账记录', internal: true });
      await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/comments`, { body: '请公安协查收款账户', internal: false });
      const seenByPolice = (await call('policeOfficer', 'GET', `/api/v1/cases/${created.id}`))
        .json()
        .timeline.filter((e: { type: string }) => e.type === 'comment');
      expect(seenByPolice.map((e: { body: string }) => e.body)).toEqual(['请公安协查收款账户']);
      const seenByLead = (await call('hzLead', 'GET', `/api/v1/cases/${created.id}`))
        .json()
        .timeline.filter((e: { type: string }) => e.type === 'comment');
      expect(seenByLead).toHaveLength(2);
    });

    it('transfers, asks for assistance, and extends the deadline once', async () => {
      const created = (await open([(await file()).id])).json();
      const assist = await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/assistance`, {
        orgId: orgs.zj,
        reason: '请省网信办协调',
      });
      expect(assist.statusCode).toBe(204);
      expect((await call('zjOfficer', 'GET', `/api/v1/cases/${created.id}`)).statusCode).toBe(200);
      const extended = await call('hzLead', 'POST', `/api/v1/cases/${created.id}/extension`, { reason: '涉案人员多，需延期' });
      expect(extended.statusCode).toBe(200);
      expect(new Date(extended.json().concludeDue).getTime()).toBeGreaterThan(new Date(created.concludeDue).getTime());
      expect((await call('hzLead', 'POST', `/api/v1/cases/${created.id}/extension`, { reason: '再延期' })).statusCode).toBe(409);
      expect(
        (
          await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, {
            action: 'transfer',
            reason: 'x',
            transferToOrgId: orgs.zj,
          })
        ).statusCode,
      ).toBe(403);
      const transferred = await call('hzLead', 'POST', `/api/v1/cases/${created.id}/transitions`, {
        action: 'transfer',
        reason: '移交省网信办',
        transferToOrgId: orgs.police,
      });
      expect(transferred.json()).toMatchObject({ status: 'assigned', leadOrgId: orgs.police });
    });

    it('does not accept a spam wave in one step, tells the reporters why, and merges a duplicate into its case', async () => {
      const spam = [
        await file({ ...EXTORTION, description: '这是一条广告推广内容，与敲诈无关，请忽略这一条。' }),
        await file({ ...EXTORTION, description: '这是另一条广告推广内容，与删帖无关，请忽略。' }),
      ];
      const result = await call('triage', 'POST', '/api/v1/triage/reports/not-accepted', {
        reportIds: spam.map((s) => s.id),
        reason: 'out_of_scope',
        note: '与网络敲诈和有偿删帖无关',
      });
      expect(result.json()).toEqual({ count: 2 });
      const seen = await track(spam[0]!);
      expect(seen.status).toBe('not_accepted');
      expect(seen.result.text).toContain('不属于');
      const again = await call('triage', 'POST', '/api/v1/triage/reports/not-accepted', {
        reportIds: [spam[0]!.id],
        reason: 'out_of_scope',
      });
      expect(again.statusCode).toBe(400);

      const original = await file();
      const created = (await open([original.id])).json();
      const duplicate = await file();
      expect(
        (await call('triage', 'POST', `/api/v1/triage/reports/${duplicate.id}/duplicate`, { duplicateOf: original.id })).statusCode,
      ).toBe(204);
      expect((await track(duplicate)).status).toBe('merged');
      const page = (await call('hzOfficer', 'GET', `/api/v1/cases/${created.id}`)).json();
      expect(page.reports.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([original.id, duplicate.id]));
      expect(JSON.stringify(page)).not.toContain('王小明');
    });

    it('orders a website to remove a post; the website’s system acknowledges and reports execution with its token; the agency verifies or disputes', async () => {
      const website = await createOrganization(t.app, {
        kind: 'website',
        name: '钱塘论坛',
        parentId: orgs.hz,
        domains: ['qiantang-bbs.example.cn'],
      });
      const { token } = await t.app.qinglang.orgs.createApiToken({ kind: 'system', name: 'test' }, website.id, {
        name: 'bbs',
        scopes: ['orders:write'],
      });
      const readOnly = (
        await t.app.qinglang.orgs.createApiToken({ kind: 'system', name: 'test' }, website.id, { name: 'ro', scopes: ['reports:read'] })
      ).token;
      const created = (await open([(await file()).id])).json();
      const move = (body: object) => call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, body);
      await move({ action: 'accept' });
      await move({ action: 'investigate' });
      const order = {
        executingOrgId: website.id,
        kind: 'remove_post',
        targetUrls: ['https://qiantang-bbs.example.cn/thread/8812'],
        legalBasis: '《网络信息内容生态治理规定》第三十四条',
        instructions: '删除涉案帖子并保存相关数据六十日',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      };
      const wrongKind = await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/orders`, { ...order, kind: 'investigate' });
      expect(wrongKind.json().errors[0]).toMatchObject({ field: 'kind', code: 'orderKindNotForOrg' });
      expect((await call('policeOfficer', 'POST', `/api/v1/cases/${created.id}/orders`, order)).statusCode).toBe(403);
      const issued = await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/orders`, order);
      expect(issued.statusCode).toBe(201);
      const orderId = issued.json().id as string;
      expect((await call('hzOfficer', 'GET', `/api/v1/cases/${created.id}`)).json().status).toBe('disposing');

      const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
      const inbox = await t.app.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer(token) });
      expect(inbox.json().items.map((o: { id: string }) => o.id)).toContain(orderId);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer(readOnly) })).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/acknowledge`, headers: bearer(readOnly) })).statusCode,
      ).toBe(403);
      const ack = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/acknowledge`, headers: bearer(token) });
      expect(ack.json().status).toBe('acknowledged');
      const noNote = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${orderId}/execution`,
        headers: bearer(token),
        payload: { note: ' ' },
      });
      expect(noNote.statusCode).toBe(400);
      const executed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${orderId}/execution`,
        headers: bearer(token),
        payload: { note: '帖子已删除，数据已保全', proofUrls: ['https://qiantang-bbs.example.cn/admin/log/551'] },
      });
      expect(executed.json()).toMatchObject({ status: 'executed', executionNote: '帖子已删除，数据已保全' });
      // The executing side cannot verify its own work; the issuing agency disputes, the website reports again, the agency verifies.
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/verify`, headers: bearer(token) })).statusCode).toBe(
        401,
      );
      expect((await call('hzOfficer', 'POST', `/api/v1/orders/${orderId}/dispute`, { reason: '转载帖仍可访问' })).json().status).toBe(
        'disputed',
      );
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${orderId}/execution`,
        headers: bearer(token),
        payload: { note: '转载帖也已删除' },
      });
      expect((await call('hzOfficer', 'POST', `/api/v1/orders/${orderId}/verify`)).json().status).toBe('verified');
      expect((await call('hzOfficer', 'POST', `/api/v1/orders/${orderId}/verify`)).statusCode).toBe(409);
      const types = (await call('hzOfficer', 'GET', `/api/v1/cases/${created.id}`)).json().timeline.map((e: { type: string }) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['order_issued', 'order_acknowledged', 'order_executed', 'order_disputed', 'order_verified']),
      );
    });

    it('escalates an overdue case once to the leads of the parent organization, and counts it late in the on-time rate', async () => {
      const created = (await open([(await file()).id])).json();
      await call('hzOfficer', 'POST', `/api/v1/cases/${created.id}/transitions`, { action: 'accept' });
      const before = (await call('hzLead', 'GET', '/api/v1/cases/statistics')).json();
      await t.database.db.updateTable('cases').set({ conclude_due: '2021-01-01T00:00:00.000Z' }).where('id', '=', created.id).execute();
      const after = (await call('hzLead', 'GET', '/api/v1/cases/statistics')).json();
      expect(after.openOverdue).toBe(before.openOverdue + 1);
      expect(after.late).toBe(before.late + 1);
      if (after.onTimeRate !== null) expect(after.onTimeRate).toBeLessThan(1);

      const deps = { db: t.database.db, dialect, notify: async () => {} };
      const notified: string[][] = [];
      const escalated = await escalateOverdueCases({ ...deps, notify: async (_trx, n) => void notified.push(n.orgIds) });
      expect(escalated).toBeGreaterThanOrEqual(1);
      expect(notified).toContainEqual([orgs.zj]);
      // Once only, however often it runs.
      expect(await escalateOverdueCases(deps)).toBe(0);
      const page = (await call('zjLead', 'GET', `/api/v1/cases/${created.id}`)).json();
      expect(page.timeline.map((e: { type: string }) => e.type)).toContain('escalated');
      const inbox = await t.database.db.selectFrom('audit_events').select('action').where('object_id', '=', created.id).execute();
      expect(inbox.map((e) => e.action)).toContain('case.escalated');
    });

    it('exports the case list as CSV and XLSX with Chinese headings, and defuses formulas typed into titles', async () => {
      const created = (await open([(await file()).id], { title: '=HYPERLINK("http://evil.example","点我")' })).json();
      const csv = await call('hzOfficer', 'GET', '/api/v1/cases/export?format=csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"/);
      expect(csv.body.startsWith('\uFEFF案件编号,标题')).toBe(true);
      expect(csv.body).toContain(created.number);
      expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
      expect(csv.body).toContain('杭州市网信办');

      const xlsx = await call('hzOfficer', 'GET', '/api/v1/cases/export?format=xlsx');
      expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('案件')!;
      expect(sheet.getRow(1).getCell(1).value).toBe('案件编号');
      const numbers = sheet.getColumn(1).values.slice(2);
      expect(numbers).toContain(created.number);
      expect(numbers).toHaveLength(csv.body.trim().split('\r\n').length - 1);
    });

    it('lists an agency’s cases with a count, the overdue list, and everything for triage; the audit chain holds', async () => {
      const mine = await call('hzOfficer', 'GET', '/api/v1/cases');
      expect(mine.statusCode).toBe(200);
      expect(mine.json().total).toBe(mine.json().items.length);
      expect(mine.json().items.every((c: { id: string }) => typeof c.id === 'string')).toBe(true);
      const all = await call('triage', 'GET', '/api/v1/cases?scope=all');
      expect(all.json().total).toBeGreaterThanOrEqual(mine.json().total);
      expect((await call('hzOfficer', 'GET', '/api/v1/cases?scope=all')).statusCode).toBe(403);
      // Move one case's deadline into the past: it is overdue now.
      const anyCase = mine.json().items[0];
      await t.database.db
        .updateTable('cases')
        .set({ conclude_due: '2020-01-01T00:00:00.000Z', status: 'investigating' })
        .where('id', '=', anyCase.id)
        .execute();
      const overdue = await call('zjLead', 'GET', '/api/v1/cases?scope=region&overdue=true');
      expect(overdue.json().items.map((c: { id: string; overdue: boolean }) => [c.id, c.overdue])).toContainEqual([anyCase.id, true]);
      expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
    });
  });
}
