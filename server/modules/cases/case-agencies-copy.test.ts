import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, fileReport, openSession } from '../../../test/factories';
import { toIsoString } from '../../db/values';
import { escalateOverdueCases } from '../../jobs/deadline-escalation';
import { type CaseListFilter, countCases, listCases, updateCase } from './cases.repository';

const EXTORTION = {
  category: 'online_extortion',
  description: '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”，联系电话 13812345678，已经转账两万元。',
  money: { amount: 20000, currency: 'CNY', channel: 'alipay' },
  reporter: { anonymous: true },
};

/**
 * `case_agencies` carries copies of its case's status and opening time (migration
 * 20261128700000_case_list_speed) so an agency's list is one index range. These tests walk cases
 * through every writer of those columns and check the copies after each step, and check that the
 * lists built on them answer what a plain filter over all cases answers.
 */
for (const dialect of testDialects()) {
  describe(`case_agencies copies of the case's status (${dialect})`, () => {
    let t: TestApp;
    const orgs: Record<string, string> = {};
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const zj = await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
      const hz = await createOrganization(t.app, { kind: 'regulator', name: '杭州市网信办', regionCode: '330100', parentId: zj.id });
      const police = await createOrganization(t.app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: zj.id });
      const website = await createOrganization(t.app, {
        kind: 'website',
        name: '钱塘论坛',
        parentId: hz.id,
        domains: ['qiantang-bbs.example.cn'],
      });
      Object.assign(orgs, { centre: centre.id, zj: zj.id, hz: hz.id, police: police.id, website: website.id });
      const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.triage = await session(centre.id, 'triage_officer');
      as.hzOfficer = await session(hz.id, 'case_officer');
      as.hzLead = await session(hz.id, 'agency_lead');
      as.zjOfficer = await session(zj.id, 'case_officer');
    }, 60_000);
    afterAll(() => t.close());

    const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: as[who], ...(payload ? { payload } : {}) });
    const open = async (): Promise<string> => {
      const report = await fileReport(t.app, EXTORTION);
      const opened = await call('triage', 'POST', '/api/v1/cases', {
        reportIds: [report.id],
        title: '自媒体敲诈企业',
        category: 'online_extortion',
        regionCode: '330106',
        priority: 'high',
        targetKind: 'person',
        moneyPaid: true,
      });
      expect(opened.statusCode).toBe(201);
      return opened.json().id as string;
    };
    const move = async (who: string, caseId: string, body: object, status: string) => {
      const moved = await call(who, 'POST', `/api/v1/cases/${caseId}/transitions`, body);
      expect(moved.json().status).toBe(status);
    };

    /** Every agency row of the case agrees with the case; answers how many rows there are. */
    const expectInStep = async (caseId: string): Promise<number> => {
      const rows = await t.database.db
        .selectFrom('case_agencies')
        .innerJoin('cases', 'cases.id', 'case_agencies.case_id')
        .select(['case_agencies.org_id', 'case_agencies.case_status', 'case_agencies.case_opened_at', 'cases.status', 'cases.opened_at'])
        .where('case_agencies.case_id', '=', caseId)
        .execute();
      for (const row of rows) {
        expect({ org: row.org_id, status: row.case_status, openedAt: toIsoString(row.case_opened_at) }).toEqual({
          org: row.org_id,
          status: row.status,
          openedAt: toIsoString(row.opened_at),
        });
      }
      return rows.length;
    };

    it('keeps the copies in step through the whole lifecycle, a return and reroute, a transfer and assistance', async () => {
      const id = await open();
      expect(await expectInStep(id)).toBe(2); // lead and assisting police
      await move('hzOfficer', id, { action: 'accept' }, 'accepted');
      await expectInStep(id);
      await move('hzOfficer', id, { action: 'investigate' }, 'investigating');
      await expectInStep(id);
      await move('hzOfficer', id, { action: 'dispose', legalBasis: '《网络信息内容生态治理规定》第三十四条' }, 'disposing');
      await expectInStep(id);
      await move(
        'hzOfficer',
        id,
        { action: 'conclude', reason: '已处置', legalBasis: '《中华人民共和国网络安全法》第四十七条', resultCode: 'disposed' },
        'concluded',
      );
      await expectInStep(id);
      await move('hzLead', id, { action: 'close' }, 'closed');
      await expectInStep(id);
      await move('hzLead', id, { action: 'reopen', reason: '又收到新的举报' }, 'investigating');
      await expectInStep(id);

      const returned = await open();
      await move('hzOfficer', returned, { action: 'return', reason: '不属于本辖区' }, 'returned');
      await expectInStep(returned);
      await move(
        'triage',
        returned,
        {
          action: 'reroute',
          reason: '改由省网信办主办',
          override: { leadOrgId: orgs.zj, assistingOrgIds: [orgs.police], reason: '省级统筹' },
        },
        'assigned',
      );
      expect(await expectInStep(returned)).toBe(2);

      const transferred = await open();
      await move('hzOfficer', transferred, { action: 'accept' }, 'accepted');
      const assist = await call('hzOfficer', 'POST', `/api/v1/cases/${transferred}/assistance`, {
        orgId: orgs.zj,
        reason: '请省网信办协调',
      });
      expect(assist.statusCode).toBe(204);
      expect(await expectInStep(transferred)).toBe(3);
      await move('hzLead', transferred, { action: 'transfer', reason: '移交公安', transferToOrgId: orgs.police }, 'assigned');
      expect(await expectInStep(transferred)).toBe(3);
    });

    it('keeps the copies in step when a disposal order moves the case and when the deadline job escalates it', async () => {
      const id = await open();
      await move('hzOfficer', id, { action: 'accept' }, 'accepted');
      await move('hzOfficer', id, { action: 'investigate' }, 'investigating');
      const issued = await call('hzOfficer', 'POST', `/api/v1/cases/${id}/orders`, {
        executingOrgId: orgs.website,
        kind: 'remove_post',
        targetUrls: ['https://qiantang-bbs.example.cn/thread/8812'],
        legalBasis: '《网络信息内容生态治理规定》第三十四条',
        instructions: '删除涉案帖子',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(issued.statusCode).toBe(201);
      const seen = await t.database.db.selectFrom('cases').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      expect(seen.status).toBe('disposing');
      await expectInStep(id);

      const late = await open();
      await t.database.db.updateTable('cases').set({ conclude_due: '2021-01-01T00:00:00.000Z' }).where('id', '=', late).execute();
      expect(await escalateOverdueCases({ db: t.database.db, dialect, notify: async () => {} })).toBeGreaterThanOrEqual(1);
      expect(await expectInStep(late)).toBe(3); // lead, police, and the supervising province
    });

    it('answers the same pages and counts as a plain filter over all cases, for every status set and cursor', async () => {
      // Cases in several statuses, two of them opened at the same instant (the id breaks the tie).
      const ids: string[] = [];
      for (let i = 0; i < 9; i++) ids.push(await open());
      const steps: [string, object, string][][] = [
        [],
        [['hzOfficer', { action: 'accept' }, 'accepted']],
        [
          ['hzOfficer', { action: 'accept' }, 'accepted'],
          ['hzOfficer', { action: 'investigate' }, 'investigating'],
        ],
        [['hzOfficer', { action: 'return', reason: '不属于本辖区' }, 'returned']],
      ];
      for (const [i, id] of ids.entries()) for (const [who, body, status] of steps[i % steps.length]!) await move(who, id, body, status);
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      for (const [i, id] of ids.entries()) {
        const at = new Date(base + Math.floor(i / 2) * 3_600_000).toISOString();
        await t.database.db.transaction().execute((trx) => updateCase(trx, id, { opened_at: at }));
        await expectInStep(id);
      }

      const all = await t.database.db.selectFrom('cases').selectAll().execute();
      const agencies = await t.database.db.selectFrom('case_agencies').select(['case_id', 'org_id']).execute();
      const paths = new Map(
        (await t.database.db.selectFrom('organizations').select(['id', 'path']).execute()).map((o) => [o.id, o.path]),
      );
      const key = (row: { opened_at: Date | string; id: string }) => `${toIsoString(row.opened_at)} ${row.id}`;
      const expected = (filter: CaseListFilter) =>
        all
          .filter((c) => !filter.status?.length || filter.status.includes(c.status))
          .filter((c) => !filter.orgId || agencies.some((a) => a.case_id === c.id && a.org_id === filter.orgId))
          .filter((c) => !filter.leadPathPrefix || (paths.get(c.lead_org_id ?? '') ?? '').startsWith(filter.leadPathPrefix))
          .filter((c) => !filter.before || key(c) < `${filter.before.openedAt} ${filter.before.id}`)
          .sort((a, b) => (key(a) < key(b) ? 1 : -1))
          .slice(0, filter.limit)
          .map((c) => c.id);

      const statusSets = [undefined, ['assigned'], ['accepted', 'investigating'], ['assigned', 'accepted', 'returned', 'investigating']];
      // An agency's cases, all cases, and a region lead's (cases led in a subtree: one range per lead).
      const scopes: Partial<CaseListFilter>[] = [
        {},
        ...[orgs.hz, orgs.police, orgs.zj].map((orgId) => ({ orgId })),
        ...[orgs.zj, orgs.hz, orgs.police].map((id) => ({ leadPathPrefix: paths.get(id!)! })),
      ];
      for (const scope of scopes) {
        for (const status of statusSets) {
          const filter = { ...scope, ...(status ? { status } : {}) };
          // Page through three at a time with the cursor, as the workbench does.
          let before: CaseListFilter['before'];
          const seen: string[] = [];
          for (;;) {
            const query: CaseListFilter = { ...filter, ...(before ? { before } : {}), limit: 3, sort: 'opened_desc' };
            const page = await listCases(t.database.db, query);
            expect(page.map((c) => c.id)).toEqual(expected(query));
            seen.push(...page.map((c) => c.id));
            const last = page.at(-1);
            if (page.length < 3 || !last) break;
            before = { openedAt: toIsoString(last.opened_at), id: last.id };
          }
          expect(seen).toEqual(expected({ ...filter, limit: 1000, sort: 'opened_desc' }));
          expect(await countCases(t.database.db, filter)).toBe(seen.length);
        }
      }
    });
  });
}
