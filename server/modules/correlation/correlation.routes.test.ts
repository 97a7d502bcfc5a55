import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../contracts/orgs';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';
import { uuidv7 } from '../../lib/ids';
import { CorrelationService } from './correlation.service';

const HOT = 5;

for (const dialect of testDialects()) {
  describe(`correlation on read (${dialect})`, () => {
    let t: TestApp;
    const as: Record<string, Record<string, string>> = {};
    const orgs: Record<string, string> = {};
    let seq = 0;

    beforeAll(async () => {
      t = await createTestApp(dialect, { QINGLANG_HOT_INDICATOR_THRESHOLD: String(HOT) });
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const zj = await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
      const js = await createOrganization(t.app, { kind: 'regulator', name: '江苏省网信办', regionCode: '320000', parentId: centre.id });
      const site = await createOrganization(t.app, { kind: 'website', name: '某论坛', parentId: centre.id, domains: ['forum.example.cn'] });
      Object.assign(orgs, { centre: centre.id, zj: zj.id, js: js.id });
      const session = async (orgId: string, role: Role) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.triage = await session(centre.id, 'triage_officer');
      as.zjAnalyst = await session(zj.id, 'analyst');
      as.jsAnalyst = await session(js.id, 'analyst');
      as.admin = await session(zj.id, 'admin');
      as.website = await session(site.id, 'website_compliance');
    }, 60_000);
    afterAll(() => t.close());

    const get = async (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: as[who] });
    const post = async (who: string, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: as[who], payload });

    /** A report with no indicators of its own (plain words), its id. */
    const fileReport = async () => {
      const receipt = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          payload: {
            category: 'paid_deletion',
            description: `某公关公司声称收费两万元即可删除论坛上的帖子，请依法处理。第${++seq}号`,
            reporter: { anonymous: true },
          },
        })
      ).json();
      return (
        await t.database.db.selectFrom('reports').select('id').where('tracking_code', '=', receipt.trackingCode).executeTakeFirstOrThrow()
      ).id;
    };
    const openCase = async (reportId: string, leadOrgId: string) => {
      const opened = await post('triage', '/api/v1/cases', {
        reportIds: [reportId],
        title: '有偿删帖',
        category: 'paid_deletion',
        regionCode: '330000',
        priority: 'normal',
        moneyPaid: true,
        override: { leadOrgId, assistingOrgIds: [], reason: '测试指定' },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      return opened.json().id as string;
    };
    /**
     * Occurrences of a value in subjects (written directly: intake's extraction is tested elsewhere).
     * `labelled`: reports' rows carry their category, as intake writes them; without, their labels are
     * read from `reports`.
     */
    const occur = async (value: string, subjects: { type: string; id: string }[], type = 'phone', labelled = false) =>
      t.database.db
        .insertInto('indicator_occurrences')
        .values(
          subjects.map((s) => ({
            type,
            value,
            subject_type: s.type,
            subject_id: s.id,
            field: 'description',
            created_at: new Date().toISOString(),
            report_category: labelled && s.type === 'report' ? 'paid_deletion' : null,
          })),
        )
        .execute();
    const fillers = (n: number) => Array.from({ length: n }, () => ({ type: 'report', id: uuidv7() }));

    it('links reports sharing values, rare shared values first, and counts every value', async () => {
      const [a, rare, common] = [await fileReport(), await fileReport(), await fileReport()];
      await occur('13800000001', [
        { type: 'report', id: a },
        { type: 'report', id: rare },
      ]);
      await occur('13800000002', [{ type: 'report', id: a }, { type: 'report', id: common }, ...fillers(2)]);
      await occur('13800000003', [{ type: 'report', id: a }, ...fillers(3)]);

      const res = await get('triage', `/api/v1/correlation/reports/${a}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.values.map((v: { value: string; occurrences: number }) => [v.value, v.occurrences])).toEqual([
        ['13800000001', 2],
        ['13800000002', 4],
        ['13800000003', 4],
      ]);
      expect(body.links.map((l: { subjectId: string }) => l.subjectId)).toEqual([rare, common]);
      const [first, second] = body.links;
      expect(first).toMatchObject({ subjectType: 'report', sharedCount: 1, shared: [{ type: 'phone', value: '13800000001' }] });
      expect(second).toMatchObject({ sharedCount: 1, shared: [{ type: 'phone', value: '13800000002' }] });
      expect(first.strength).toBeGreaterThan(second.strength);
      // The fillers are occurrences without a report row: counted, never shown.
      expect(body.links).toHaveLength(2);
    });

    it('counts hot values but does not link through them', async () => {
      const [a, b] = [await fileReport(), await fileReport()];
      await occur('13800000011', [{ type: 'report', id: a }, { type: 'report', id: b }, ...fillers(HOT)]);
      const body = (await get('triage', `/api/v1/correlation/reports/${a}`)).json();
      expect(body.values).toEqual([
        expect.objectContaining({ value: '13800000011', occurrences: HOT + 1, hot: true, warningListed: false }),
      ]);
      expect(body.links).toEqual([]);
    });

    it('stops linking through values on the warning list, audited, and links again once removed', async () => {
      const [a, b] = [await fileReport(), await fileReport()];
      await occur('95588', [
        { type: 'report', id: a },
        { type: 'report', id: b },
      ]);
      expect((await get('triage', `/api/v1/correlation/reports/${a}`)).json().links).toHaveLength(1);

      expect(
        (await post('zjAnalyst', '/api/v1/correlation/warning-list', { type: 'phone', value: '95588', reason: '银行客服' })).statusCode,
      ).toBe(403);
      const added = await post('admin', '/api/v1/correlation/warning-list', { type: 'phone', value: '95588', reason: '银行客服电话' });
      expect(added.statusCode, added.body).toBe(201);
      expect((await post('admin', '/api/v1/correlation/warning-list', { type: 'phone', value: '95588', reason: '重复' })).statusCode).toBe(
        409,
      );
      const listed = (await get('triage', `/api/v1/correlation/reports/${a}`)).json();
      expect(listed.values).toEqual([expect.objectContaining({ value: '95588', occurrences: 2, hot: true, warningListed: true })]);
      expect(listed.links).toEqual([]);
      expect((await get('zjAnalyst', '/api/v1/correlation/warning-list')).json().items).toEqual([
        expect.objectContaining({ type: 'phone', value: '95588', reason: '银行客服电话' }),
      ]);

      const removed = await post('admin', '/api/v1/correlation/warning-list/remove', { type: 'phone', value: '95588', reason: '误列' });
      expect(removed.statusCode, removed.body).toBe(204);
      expect((await get('triage', `/api/v1/correlation/reports/${a}`)).json().links).toHaveLength(1);
      const audit = await t.database.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', 'like', 'correlation.%')
        .orderBy('seq')
        .execute();
      expect(audit.map((e) => e.action)).toEqual(['correlation.warning_added', 'correlation.warning_removed']);
    });

    it('caps the subjects taken per value and says so', async () => {
      const [a, ...others] = [await fileReport(), await fileReport(), await fileReport(), await fileReport()];
      await occur(
        '13800000021',
        [a, ...others].map((id) => ({ type: 'report', id })),
      );
      const capped = new CorrelationService({ db: t.database.db, dialect, hotThreshold: HOT, caps: { perValue: 2 } });
      const result = await capped.correlate({ kind: 'system' } as never, 'report', a);
      expect(result.links).toHaveLength(2);
      expect(result.truncated).toBe(true);
      expect(result.values[0]).toMatchObject({ occurrences: 4, truncated: true });
    });

    it.each([
      ['labelled by their occurrence rows', true, '3'],
      ['labelled from reports', false, '5'],
    ])('shows a case only to those who may read it, and a case’s values include its reports’ (reports %s)', async (_, labelled, n) => {
      const [zjReport, jsReport] = [await fileReport(), await fileReport()];
      const zjCase = await openCase(zjReport, orgs.zj!);
      const jsCase = await openCase(jsReport, orgs.js!);
      const [reportsValue, casesValue] = [`1380000${n}031`, `1380000${n}032`];
      await occur(
        reportsValue,
        [
          { type: 'report', id: zjReport },
          { type: 'report', id: jsReport },
        ],
        'phone',
        labelled,
      );
      await occur(casesValue, [
        { type: 'case', id: zjCase },
        { type: 'case', id: jsCase },
      ]);

      // Jiangsu's analyst sees its own case's links, but not Zhejiang's case or its report.
      const js = (await get('jsAnalyst', `/api/v1/correlation/cases/${jsCase}`)).json();
      expect(js.values.map((v: { value: string }) => v.value).sort()).toEqual([reportsValue, casesValue]);
      expect(js.links).toEqual([]);
      expect((await get('jsAnalyst', `/api/v1/correlation/cases/${zjCase}`)).statusCode).toBe(404);
      expect((await get('jsAnalyst', `/api/v1/correlation/reports/${zjReport}`)).statusCode).toBe(404);
      // Triage sees every case and report.
      const triage = (await get('triage', `/api/v1/correlation/cases/${jsCase}`)).json();
      expect(triage.links.map((l: { subjectType: string; subjectId: string }) => `${l.subjectType}:${l.subjectId}`).sort()).toEqual(
        [`case:${zjCase}`, `report:${zjReport}`].sort(),
      );
      // Zhejiang's analyst sees the report of its own case and what it shares with it.
      const zj = (await get('zjAnalyst', `/api/v1/correlation/reports/${zjReport}`)).json();
      expect(zj.links).toEqual([]);
      expect((await get('website', `/api/v1/correlation/reports/${zjReport}`)).statusCode).toBe(404);
    });

    it('links the case holding a linked report, with the values its report shares', async () => {
      const [held, loose, own] = [await fileReport(), await fileReport(), await fileReport()];
      const holder = await openCase(held, orgs.zj!);
      const ownCase = await openCase(own, orgs.zj!);
      await occur('13800000041', [
        { type: 'report', id: held },
        { type: 'report', id: loose },
        { type: 'report', id: own },
      ]);
      const body = (await get('zjAnalyst', `/api/v1/correlation/cases/${ownCase}`)).json();
      const caseLink = body.links.find((l: { subjectType: string }) => l.subjectType === 'case');
      expect(caseLink).toMatchObject({ subjectId: holder, sharedCount: 1, shared: [{ value: '13800000041' }] });
      // The subject case is never its own link.
      expect(body.links.filter((l: { subjectId: string }) => l.subjectId === ownCase)).toEqual([]);
      const fromLoose = (await get('triage', `/api/v1/correlation/reports/${loose}`)).json();
      expect(fromLoose.links.map((l: { subjectType: string; subjectId: string }) => `${l.subjectType}:${l.subjectId}`).sort()).toEqual(
        [`case:${holder}`, `case:${ownCase}`, `report:${held}`, `report:${own}`].sort(),
      );
    });

    it('links entities for registry readers only, and flags reports touching a confirmed entity', async () => {
      const report = await fileReport();
      const now = new Date().toISOString();
      const entity = uuidv7();
      await t.database.db
        .insertInto('registry_entities')
        .values({
          id: entity,
          kind: 'payment_account',
          display_name: '某删帖中介收款账户',
          status: 'confirmed',
          attributes: '{}',
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await occur('6222020200112233', [{ type: 'report', id: report }], 'bank_card');
      await t.database.db
        .insertInto('indicator_occurrences')
        .values({
          type: 'bank_card',
          value: '6222020200112233',
          subject_type: 'entity',
          subject_id: entity,
          field: 'identifier',
          created_at: now,
        })
        .execute();
      const body = (await get('triage', `/api/v1/correlation/reports/${report}`)).json();
      expect(body.links).toEqual([
        expect.objectContaining({ subjectType: 'entity', subjectId: entity, label: expect.objectContaining({ status: 'confirmed' }) }),
      ]);
      const fromEntity = (await get('zjAnalyst', `/api/v1/correlation/entities/${entity}`)).json();
      expect(fromEntity.values).toHaveLength(1);
      expect((await get('website', `/api/v1/correlation/entities/${entity}`)).statusCode).toBe(404);

      // Triage sees the flag in the report view and the queue.
      const view = (await get('triage', `/api/v1/triage/reports/${report}`)).json();
      expect(view.report).toMatchObject({
        touchesConfirmedEntity: true,
        confirmedEntities: [{ id: entity, displayName: '某删帖中介收款账户' }],
      });
      const queue = (await get('triage', '/api/v1/triage/reports?limit=200')).json();
      const items = queue.items as { id: string; touchesConfirmedEntity: boolean }[];
      expect(items.find((i) => i.id === report)?.touchesConfirmedEntity).toBe(true);
      expect(items.filter((i) => i.touchesConfirmedEntity).map((i) => i.id)).toEqual([report]);

      const service = new CorrelationService({ db: t.database.db, dialect, hotThreshold: HOT });
      const flags = await service.confirmedEntityFlags([report]);
      expect(flags.get(report)).toEqual([{ id: entity, displayName: '某删帖中介收款账户', kind: 'payment_account' }]);
    });
  });
}
