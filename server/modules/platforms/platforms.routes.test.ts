import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { SYSTEM, createOrganization, createUser, openSession } from '../../../test/factories';
import { toCount } from '../../db/values';
import { beijingDate } from '../cases/deadlines';

/** A resident ID number with its ISO 7064 MOD 11-2 check character. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

const USCC = '91330200MA2H4K7P3T';
const REP_ID = residentId('33010619850312004');
const OTHER_ID = residentId('33010619900101001');

const ANSWERS = {
  identity: [{ criterionId: 'identity-verified', met: true }],
  authority: [{ criterionId: 'authorized-representative', met: true }],
  legal_basis: [
    { criterionId: 'legal-basis-cited', met: true },
    { criterionId: 'no-payment', met: true },
  ],
};

for (const dialect of testDialects()) {
  describe(`deletion requests at websites (${dialect})`, () => {
    let t: TestApp;
    let siteA = '';
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const national = await createOrganization(t.app, { kind: 'regulator', regionCode: '100000' });
      const province = await createOrganization(t.app, { kind: 'regulator', regionCode: '330000', parentId: national.id });
      const otherProvince = await createOrganization(t.app, { kind: 'regulator', regionCode: '320000', parentId: national.id });
      const enterprise = await t.app.qinglang.orgs.createOrganization(SYSTEM, {
        name: '宁波海曙示例科技有限公司',
        kind: 'enterprise',
        parentId: province.id,
        regionCode: '330203',
        domains: [],
        uscc: USCC,
      });
      const a = await createOrganization(t.app, { kind: 'website', name: '钱塘论坛', regionCode: '330100', parentId: province.id });
      const b = await createOrganization(t.app, { kind: 'website', name: '西湖社区', regionCode: '330100', parentId: province.id });
      const c = await createOrganization(t.app, { kind: 'website', name: '运河新闻', regionCode: '330100', parentId: province.id });
      siteA = a.id;
      const user = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.first = await user(a.id, 'website_compliance');
      as.second = await user(a.id, 'website_compliance');
      as.atB = await user(b.id, 'website_compliance');
      as.atC = await user(c.id, 'website_compliance');
      // A website outside every other caller's region, so the received-date tests move no one else's counts.
      const d = await createOrganization(t.app, { kind: 'website', name: '珠江论坛', regionCode: '440100', parentId: national.id });
      as.atD = await user(d.id, 'website_compliance');
      as.provinceLead = await user(province.id, 'agency_lead');
      as.otherLead = await user(otherProvince.id, 'agency_lead');
      const supervisory = await createOrganization(t.app, { kind: 'supervisory_body', regionCode: '330100', parentId: national.id });
      as.supervisor = await user(supervisory.id, 'supervisor');
      as.enterpriseAdmin = await user(enterprise.id, 'admin');
      as.token = {
        authorization: `Bearer ${(await t.app.qinglang.orgs.createApiToken(SYSTEM, a.id, { name: 'log', scopes: ['deletion_requests:write'] })).token}`,
      };
      as.scopeless = {
        authorization: `Bearer ${(await t.app.qinglang.orgs.createApiToken(SYSTEM, a.id, { name: 'orders', scopes: ['orders:write'] })).token}`,
      };
      const added = await t.app.inject({
        method: 'POST',
        url: `/api/v1/protection/enterprises/${enterprise.id}/representatives`,
        headers: as.enterpriseAdmin,
        payload: { name: '李华', idNumber: REP_ID },
      });
      expect(added.statusCode).toBe(201);
    }, 90_000);
    afterAll(() => t.close());

    const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown, extra: Record<string, string> = {}) =>
      t.app.inject({
        method,
        url,
        headers: { ...(who ? as[who] : {}), ...extra },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
    const body = (over: Record<string, unknown> = {}) => ({
      requesterKind: 'individual',
      requesterName: '张三',
      targetUrls: ['https://bbs.example.cn/thread/1'],
      reason: '帖子公开了我的家庭住址和手机号 13812345678',
      ...over,
    });
    const create = async (who: string, over: Record<string, unknown> = {}) => {
      const res = await call(who, 'POST', '/api/v1/deletion-requests', body(over));
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const count = async (table: 'deletion_requests' | 'reports', where?: [string, string]) => {
      let q = t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
      if (where) q = q.where(where[0] as never, '=', where[1] as never);
      return toCount((await q.executeTakeFirstOrThrow()).n);
    };

    it('records a request with its timeline, indicators, audit event and the actions open to the caller', async () => {
      const created = await create('first');
      expect(created.request).toMatchObject({
        status: 'received',
        channel: 'workbench',
        riskScore: 0,
        signals: [],
        websiteName: '钱塘论坛',
      });
      expect(created.nextStep).toBe('identity');
      expect(created.actions).toEqual(['review', 'reject', 'refer']);
      expect(created.timeline).toMatchObject([{ action: 'received', toStatus: 'received', actorType: 'user' }]);
      const id = created.request.id as string;
      const indicators = await t.database.db.selectFrom('indicator_occurrences').selectAll().where('subject_id', '=', id).execute();
      expect(indicators.map((i) => i.type)).toContain('phone');
      const audit = await t.database.db.selectFrom('audit_events').select('action').where('object_id', '=', id).execute();
      expect(audit.map((e) => e.action)).toEqual(['deletion_request.received']);
    });

    it('refuses invalid input and changes nothing', async () => {
      const before = await count('deletion_requests');
      const res = await call('first', 'POST', '/api/v1/deletion-requests', body({ targetUrls: ['ftp://x'], principalUscc: '123' }));
      expect(res.statusCode).toBe(400);
      expect(
        res
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['principalName', 'principalUscc', 'targetUrls.0']);
      expect(await count('deletion_requests')).toBe(before);
      expect((await call('provinceLead', 'POST', '/api/v1/deletion-requests', body())).statusCode).toBe(403);
      expect((await call('scopeless', 'POST', '/api/v1/deletion-requests', body())).statusCode).toBe(403);
    });

    it('replays an API-token create sent again with the same Idempotency-Key', async () => {
      const before = await count('deletion_requests');
      const key = { 'idempotency-key': 'dr-0001' };
      const first = await call('token', 'POST', '/api/v1/deletion-requests', body({ requesterName: '赵六' }), key);
      expect(first.statusCode).toBe(201);
      expect(first.json().request.channel).toBe('api');
      const again = await call('token', 'POST', '/api/v1/deletion-requests', body({ requesterName: '赵六' }), key);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json().request.id).toBe(first.json().request.id);
      expect(await count('deletion_requests')).toBe(before + 1);
      const other = await call('token', 'POST', '/api/v1/deletion-requests', body({ requesterName: '钱七' }), key);
      expect(other.statusCode).toBe(422);
      expect(await count('deletion_requests')).toBe(before + 1);
      const read = await call('token', 'GET', `/api/v1/deletion-requests/${first.json().request.id as string}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().actions).toEqual([]);
    });

    it('records how the requester reached the website, and refuses a channel it does not know', async () => {
      const byMail = await create('first', { requesterName: '何十三', contactChannel: 'email' });
      expect(byMail.request).toMatchObject({ channel: 'workbench', contactChannel: 'email' });
      const stored = await t.database.db
        .selectFrom('deletion_requests')
        .select(['contact_channel'])
        .where('id', '=', byMail.request.id)
        .executeTakeFirstOrThrow();
      expect(stored.contact_channel).toBe('email');
      const byApi = await call('token', 'POST', '/api/v1/deletion-requests', body({ requesterName: '何十四', contactChannel: 'letter' }));
      expect(byApi.json().request).toMatchObject({ channel: 'api', contactChannel: 'letter' });
      expect((await create('first', { requesterName: '何十五' })).request.contactChannel).toBeNull();
      const listed = await call('first', 'GET', '/api/v1/deletion-requests?requesterName=何十三');
      expect(listed.json().items.map((i: { contactChannel: string | null }) => i.contactChannel)).toEqual(['email']);

      const before = await count('deletion_requests');
      const unknown = await call('first', 'POST', '/api/v1/deletion-requests', body({ contactChannel: 'carrier_pigeon' }));
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors).toMatchObject([
        { field: 'contactChannel', message: expect.stringContaining('取值不在允许范围内') as string },
      ]);
      const english = await call('first', 'POST', '/api/v1/deletion-requests', body({ contactChannel: 'carrier_pigeon' }), {
        'accept-language': 'en',
      });
      expect(english.json().errors).toMatchObject([
        { field: 'contactChannel', message: expect.stringContaining('Must be one of') as string },
      ]);
      const badRow = await call('first', 'POST', '/api/v1/deletion-requests/import', { rows: [body({ contactChannel: 'fax' })] });
      expect(badRow.statusCode).toBe(400);
      expect(badRow.json().errors).toMatchObject([
        { field: 'rows.0.contactChannel', message: expect.stringContaining('web_form') as string },
      ]);
      expect(await count('deletion_requests')).toBe(before);
    });

    it('filters the log by the day received in China Standard Time, both ends included', async () => {
      const at = async (receivedAt: string) => {
        const id = (await create('atD', { requesterName: '边界' })).request.id as string;
        await t.database.db.updateTable('deletion_requests').set({ received_at: receivedAt }).where('id', '=', id).execute();
        return id;
      };
      // 16:30 UTC on the 27th is 00:30 on the 28th in Beijing; 15:59 UTC is still the 27th there.
      const late27 = await at('2026-11-27T15:59:59.000Z');
      const early28 = await at('2026-11-27T16:30:00.000Z');
      const first29 = await at('2026-11-28T16:00:00.000Z');
      const ids = async (query: string) => {
        const res = await call('atD', 'GET', `/api/v1/deletion-requests?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return { ids: res.json().items.map((i: { id: string }) => i.id) as string[], counts: res.json().counts as Record<string, number> };
      };
      expect((await ids('receivedFrom=2026-11-28&receivedTo=2026-11-28')).ids).toEqual([early28]);
      expect((await ids('receivedTo=2026-11-27')).ids).toEqual([late27]);
      const from28 = await ids('receivedFrom=2026-11-28');
      expect(from28.ids.sort()).toEqual([early28, first29].sort());
      expect(from28.counts).toEqual({ received: 2 });
      expect((await ids('receivedFrom=2026-11-27&receivedTo=2026-11-29')).ids).toHaveLength(3);

      const reversed = await call('atD', 'GET', '/api/v1/deletion-requests?receivedFrom=2026-11-29&receivedTo=2026-11-28');
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().errors).toMatchObject([{ field: 'receivedTo', message: expect.stringContaining('结束日期') as string }]);
      const english = await call('atD', 'GET', '/api/v1/deletion-requests?receivedFrom=2026-11-29&receivedTo=2026-11-28', undefined, {
        'accept-language': 'en',
      });
      expect(english.json().errors[0].message).toContain('end date');
      const noSuchDay = await call('atD', 'GET', '/api/v1/deletion-requests?receivedFrom=2026-02-30');
      expect(noSuchDay.statusCode).toBe(400);
      expect(noSuchDay.json().errors).toMatchObject([{ field: 'receivedFrom' }]);
      expect((await call('atD', 'GET', '/api/v1/deletion-requests?receivedTo=28.11.2026')).statusCode).toBe(400);
    });

    it('signals an intermediary, money, and critical reporting, each in words', async () => {
      const agent = await create('first', { requesterKind: 'agent', requesterName: '某公关公司' });
      expect(agent.request.signals).toEqual([
        {
          code: 'intermediary',
          severity: 'medium',
          words: { 'zh-CN': expect.stringContaining('中介') as string, en: expect.stringContaining('intermediary') as string },
        },
      ]);
      const money = await create('first', { requesterName: '孙八', reason: '愿意支付 3000 元请删除' });
      expect(money.request.signals.map((s: { code: string }) => s.code)).toEqual(['money_mentioned']);
      const critical = await create('first', { requesterName: '周九', reason: '这是对我公司的负面报道' });
      expect(critical.request.signals.map((s: { code: string }) => s.code)).toEqual(['critical_reporting']);
    });

    it('checks the authority against the protection registry', async () => {
      const authorized = await create('first', {
        requesterName: '李 华',
        principalName: '宁波海曙示例科技有限公司',
        principalUscc: USCC,
        requesterIdNumber: REP_ID,
      });
      expect(authorized.request).toMatchObject({ authorityAnswer: 'yes', signals: [] });
      const impostor = await create('first', {
        requesterName: '王五',
        principalName: '宁波海曙示例科技有限公司',
        principalUscc: USCC,
        requesterIdNumber: OTHER_ID,
      });
      expect(impostor.request.authorityAnswer).toBe('no');
      expect(impostor.request.signals).toMatchObject([{ code: 'not_authorized', severity: 'high' }]);
      const stored = await t.database.db
        .selectFrom('deletion_requests')
        .selectAll()
        .where('id', '=', impostor.request.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(OTHER_ID);
    });

    it('signals one requester sending requests across websites', async () => {
      await create('atB', { requesterName: '吴十' });
      await create('atC', { requesterName: '吴十' });
      const third = await create('first', { requesterName: '吴 十' });
      expect(third.request.signals.map((s: { code: string }) => s.code)).toEqual(['requester_across_websites']);
    });

    it('reviews step by step and keeps four eyes on approval', async () => {
      const id = (await create('first', { requesterName: '郑十一' })).request.id as string;
      const review = (who: string, step: keyof typeof ANSWERS, answers: unknown = ANSWERS[step]) =>
        call(who, 'POST', `/api/v1/deletion-requests/${id}/reviews`, { step, passed: true, answers });
      expect((await review('first', 'authority')).statusCode).toBe(409);
      const unanswered = await review('first', 'identity', []);
      expect(unanswered.statusCode).toBe(400);
      expect(unanswered.json().errors[0]).toMatchObject({ field: 'answers', code: 'deletionCriterionUnanswered' });
      const unmet = await call('first', 'POST', `/api/v1/deletion-requests/${id}/reviews`, {
        step: 'identity',
        passed: true,
        answers: [{ criterionId: 'identity-verified', met: false }],
      });
      expect(unmet.json().errors[0]).toMatchObject({ field: 'passed', code: 'deletionRequiredCriterionUnmet' });
      expect((await review('first', 'identity')).statusCode).toBe(200);
      expect((await review('second', 'authority')).statusCode).toBe(200);
      const checked = await review('first', 'legal_basis');
      expect(checked.json()).toMatchObject({ request: { status: 'legal_basis_checked' }, criteriaVersion: 1 });
      expect(checked.json().actions).not.toContain('approve');

      const refused = await call('first', 'POST', `/api/v1/deletion-requests/${id}/decision`, {
        decision: 'approve',
        provisionCodes: ['CSL-47'],
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().errors[0]).toMatchObject({ field: 'decision', code: 'deletionFourEyes' });
      const unknownCode = await call('second', 'POST', `/api/v1/deletion-requests/${id}/decision`, {
        decision: 'approve',
        provisionCodes: ['NO-SUCH'],
      });
      expect(unknownCode.json().errors[0]).toMatchObject({ field: 'provisionCodes.0', code: 'unknownProvision' });
      const stillChecked = await call('second', 'GET', `/api/v1/deletion-requests/${id}`);
      expect(stillChecked.json().request.status).toBe('legal_basis_checked');
      expect(stillChecked.json().actions).toContain('approve');

      const approved = await call('second', 'POST', `/api/v1/deletion-requests/${id}/decision`, {
        decision: 'approve',
        provisionCodes: ['CSL-47'],
      });
      expect(approved.statusCode).toBe(200);
      expect(approved.json().request).toMatchObject({ status: 'approved', decisionProvisions: ['CSL-47'] });
      const executed = await call('first', 'POST', `/api/v1/deletion-requests/${id}/execute`, { note: '已删除' });
      expect(executed.json().request.status).toBe('executed');
      expect(executed.json().timeline.map((e: { action: string }) => e.action)).toEqual([
        'received',
        'review.identity',
        'review.authority',
        'review.legal_basis',
        'approve',
        'execute',
      ]);
      const audit = await t.database.db.selectFrom('audit_events').select('action').where('object_id', '=', id).orderBy('seq').execute();
      expect(audit.map((e) => e.action)).toEqual([
        'deletion_request.received',
        'deletion_request.reviewed',
        'deletion_request.reviewed',
        'deletion_request.reviewed',
        'deletion_request.approved',
        'deletion_request.executed',
      ]);
    });

    it('refers a request as a clue: exactly one paid-deletion report in the triage queue, linked back', async () => {
      const id = (await create('first', { requesterKind: 'agent', requesterName: '某网络公关', contactChannel: 'email' })).request
        .id as string;
      const before = await count('reports');
      const referred = await call('first', 'POST', `/api/v1/deletion-requests/${id}/refer`, { note: '疑似有偿删帖' });
      expect(referred.statusCode).toBe(200);
      const reportId = referred.json().request.referredReportId as string;
      expect(await count('reports')).toBe(before + 1);
      const report = await t.database.db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
      expect(report).toMatchObject({ category: 'paid_deletion', status: 'received' });
      expect(report.description).toContain(`/workbench/deletion-requests/${id}`);
      expect(report.description).toContain('请求人（中介或公关公司）：某网络公关');
      expect(report.description).toContain('请求途径：电子邮件');
      // A clue the website referred, audited as the website's compliance officer's act, not the public's.
      expect(report.source).toBe('website');
      const submitted = await t.database.db
        .selectFrom('audit_events')
        .select(['actor_type', 'actor_id', 'summary'])
        .where('object_id', '=', reportId)
        .where('action', '=', 'report.submitted')
        .executeTakeFirstOrThrow();
      const referredEvent = await t.database.db
        .selectFrom('audit_events')
        .select(['actor_type', 'actor_id'])
        .where('object_id', '=', id)
        .where('action', '=', 'deletion_request.referred')
        .executeTakeFirstOrThrow();
      expect(submitted.actor_type).toBe('user');
      expect(submitted.actor_id).not.toBeNull();
      expect(submitted.actor_id).toBe(referredEvent.actor_id);
      expect(JSON.parse(submitted.summary)).toMatchObject({ source: 'website' });
      const again = await call('first', 'POST', `/api/v1/deletion-requests/${id}/refer`, {});
      expect(again.statusCode).toBe(409);
      expect(await count('reports')).toBe(before + 1);
      expect(referred.json().actions).not.toContain('refer');
    });

    it('refers a high-risk request automatically by rule', async () => {
      const before = await count('reports');
      const created = await create('first', {
        requesterName: '冯十二',
        principalName: '宁波海曙示例科技有限公司',
        principalUscc: USCC,
        requesterPhone: '13900001111',
        money: '两万元',
      });
      expect(created.request.riskScore).toBeGreaterThanOrEqual(80);
      expect(created.request.referredReportId).not.toBeNull();
      expect(created.timeline.map((e: { action: string }) => e.action)).toEqual(['received', 'referred_by_rule']);
      expect(await count('reports')).toBe(before + 1);
    });

    it('shows the website its own log, regulators above it the regional view, and hides it from others', async () => {
      const own = await call('first', 'GET', '/api/v1/deletion-requests?limit=2');
      expect(own.statusCode).toBe(200);
      expect(own.json().items).toHaveLength(2);
      expect(own.json().nextCursor).not.toBeNull();
      expect(own.json().counts.received).toBeGreaterThan(0);
      const page2 = await call('first', 'GET', `/api/v1/deletion-requests?limit=2&before=${own.json().nextCursor as string}`);
      expect(page2.json().items[0].id < own.json().items[1].id).toBe(true);
      const atB = await call('atB', 'GET', '/api/v1/deletion-requests');
      expect(atB.json().items.every((i: { websiteOrgId: string }) => i.websiteOrgId !== siteA)).toBe(true);
      const region = await call('provinceLead', 'GET', '/api/v1/deletion-requests?scope=region&requesterName=吴十');
      expect(region.statusCode).toBe(200);
      expect(new Set(region.json().items.map((i: { websiteName: string }) => i.websiteName))).toEqual(
        new Set(['钱塘论坛', '西湖社区', '运河新闻']),
      );
      // A supervisor of the websites' region, outside the regulators' tree (mechanism 8), reads the regional view too.
      const supervised = await call('supervisor', 'GET', '/api/v1/deletion-requests?scope=region&requesterName=吴十');
      expect(supervised.json().items).toHaveLength(3);
      const far = await call('otherLead', 'GET', '/api/v1/deletion-requests?scope=region');
      expect(far.json().items).toEqual([]);
      expect((await call('provinceLead', 'GET', '/api/v1/deletion-requests')).statusCode).toBe(403);
      expect((await call('atB', 'GET', '/api/v1/deletion-requests?scope=region')).statusCode).toBe(403);
      const id = own.json().items[0].id as string;
      expect((await call('provinceLead', 'GET', `/api/v1/deletion-requests/${id}`)).json().actions).toEqual([]);
      expect((await call('otherLead', 'GET', `/api/v1/deletion-requests/${id}`)).statusCode).toBe(404);
      expect((await call('supervisor', 'GET', `/api/v1/deletion-requests/${id}`)).statusCode).toBe(200);
      expect((await call('atB', 'GET', `/api/v1/deletion-requests/${id}`)).statusCode).toBe(404);
      expect((await call('atB', 'POST', `/api/v1/deletion-requests/${id}/refer`, {})).statusCode).toBe(404);
    });

    it('imports all rows or none, with a per-row error report', async () => {
      const before = await count('deletion_requests');
      const bad = await call('first', 'POST', '/api/v1/deletion-requests/import', {
        rows: [body(), body({ targetUrls: ['nope'] }), { requesterKind: 'robot' }],
      });
      expect(bad.statusCode).toBe(400);
      const fields = bad.json().errors.map((e: { field: string }) => e.field);
      expect(fields).toContain('rows.1.targetUrls.0');
      expect(fields).toContain('rows.2.requesterKind');
      expect(fields).not.toContain(expect.stringMatching(/^rows\.0\./));
      expect(await count('deletion_requests')).toBe(before);
      const csv = [
        'requesterKind,requesterName,contactChannel,targetUrls,reason',
        'individual,陈一,phone,https://bbs.example.cn/a https://bbs.example.cn/b,"住址泄露, 请删除"',
        'agent,某代理,,https://bbs.example.cn/c,代为申请',
      ].join('\r\n');
      const imported = await call('token', 'POST', '/api/v1/deletion-requests/import', { csv });
      expect(imported.statusCode, imported.body).toBe(201);
      expect(imported.json()).toMatchObject({ total: 2, stored: 2 });
      const first = await call('first', 'GET', `/api/v1/deletion-requests/${imported.json().ids[0] as string}`);
      expect(first.json().request).toMatchObject({
        channel: 'import',
        contactChannel: 'phone',
        targetUrls: ['https://bbs.example.cn/a', 'https://bbs.example.cn/b'],
        reason: '住址泄露, 请删除',
      });
      const second = await call('first', 'GET', `/api/v1/deletion-requests/${imported.json().ids[1] as string}`);
      expect(second.json().request.contactChannel).toBeNull();
      expect(await count('deletion_requests')).toBe(before + 2);
      const json = await call('first', 'POST', '/api/v1/deletion-requests/import', {
        rows: [body({ requesterName: '陈二', contactChannel: 'platform_message' })],
      });
      expect(json.statusCode, json.body).toBe(201);
      const fromJson = await call('first', 'GET', `/api/v1/deletion-requests/${json.json().ids[0] as string}`);
      expect(fromJson.json().request).toMatchObject({ channel: 'import', contactChannel: 'platform_message' });
    });

    it('evaluates compliance per website, for the website and for the region', async () => {
      // An intermediary who is not the enterprise's representative: high risk, left unreferred.
      const risky = await create('first', {
        requesterKind: 'agent',
        requesterName: '王五',
        principalName: '宁波海曙示例科技有限公司',
        principalUscc: USCC,
        requesterIdNumber: OTHER_ID,
      });
      expect(risky.request).toMatchObject({ highRisk: true, referredReportId: null });
      const own = await call('first', 'GET', '/api/v1/deletion-requests/compliance');
      expect(own.statusCode).toBe(200);
      expect(own.json().items).toHaveLength(1);
      const mine = own.json().items[0];
      expect(mine).toMatchObject({ websiteId: siteA, decided: 1, decidedOnTime: 1, highRiskReferred: 1 });
      expect(mine.highRisk).toBe(2);
      expect(mine.findings).toMatchObject([
        { code: 'high_risk_not_referred', words: { en: expect.stringContaining('not referred') as string } },
      ]);
      expect(mine.score).toBeLessThan(100);
      const region = await call('provinceLead', 'GET', '/api/v1/deletion-requests/compliance?scope=region');
      expect(
        region
          .json()
          .items.map((i: { websiteName: string }) => i.websiteName)
          .sort(),
      ).toEqual(['运河新闻', '钱塘论坛', '西湖社区'].sort());
      expect((await call('provinceLead', 'GET', '/api/v1/deletion-requests/compliance')).statusCode).toBe(403);
    });

    it('evaluates one month in China Standard Time, refuses one not begun, and exports it as CSV and XLSX', async () => {
      const thisMonth = beijingDate(new Date()).slice(0, 7);
      const month = await call('first', 'GET', `/api/v1/deletion-requests/compliance?month=${thisMonth}`);
      expect(month.statusCode).toBe(200);
      expect(month.json().until).not.toBeNull();
      expect(month.json().items[0].total).toBe(await count('deletion_requests', ['website_org_id', siteA]));
      const longAgo = await call('first', 'GET', '/api/v1/deletion-requests/compliance?month=2020-01');
      expect(longAgo.json()).toMatchObject({ since: '2019-12-31T16:00:00.000Z', until: '2020-01-31T16:00:00.000Z', items: [] });
      const future = await call('first', 'GET', '/api/v1/deletion-requests/compliance?month=2099-01');
      expect(future.statusCode).toBe(400);
      expect(future.json().errors).toMatchObject([{ field: 'month', message: expect.stringContaining('尚未开始') as string }]);
      expect((await call('first', 'GET', '/api/v1/deletion-requests/compliance?month=2026-13')).statusCode).toBe(400);

      const csv = await call('first', 'GET', `/api/v1/deletion-requests/compliance/export?format=csv&month=${thisMonth}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toContain(`compliance-${thisMonth}.csv`);
      const [heading, row] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(heading).toMatch(/^网站,评分,/);
      expect(row).toMatch(new RegExp(`^钱塘论坛,${month.json().items[0].score},`));
      const english = await call('first', 'GET', '/api/v1/deletion-requests/compliance/export?format=csv', undefined, {
        'accept-language': 'en',
      });
      expect(english.body).toContain('Website,Score,');

      const xlsx = await call('first', 'GET', `/api/v1/deletion-requests/compliance/export?format=xlsx&month=${thisMonth}`);
      expect(xlsx.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('合规评估')!;
      expect(sheet.getRow(2).getCell(1).value).toBe('钱塘论坛');
      expect((await call('provinceLead', 'GET', '/api/v1/deletion-requests/compliance/export?format=csv')).statusCode).toBe(403);
    });

    it('publishes aggregate counts per website per month', async () => {
      const res = await call(null, 'GET', '/api/v1/deletion-requests/statistics/public');
      expect(res.statusCode).toBe(200);
      const mine = res.json().items.find((i: { websiteId: string }) => i.websiteId === siteA);
      expect(mine).toMatchObject({ websiteName: '钱塘论坛', month: beijingDate(new Date()).slice(0, 7) });
      expect(mine.received).toBe(await count('deletion_requests', ['website_org_id', siteA]));
      expect(mine.approved).toBe(1);
    });
  });
}
