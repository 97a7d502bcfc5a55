import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';

const NAMED = {
  category: 'online_extortion',
  description: '有人自称记者，威胁发布负面报道，要求我们支付三万元“删帖费”。',
  reporter: { anonymous: false, name: '王小明', phone: '13900001111', email: 'wang@example.cn', contactConsent: true },
};

for (const dialect of testDialects()) {
  describe(`revealing a reporter (${dialect})`, () => {
    let t: TestApp;
    let triage: Record<string, string>;
    let analyst: Record<string, string>;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      triage = (await openSession(t.app, (await createUser(t.app, { orgId: centre.id, roles: ['triage_officer'] })).id)).headers;
      analyst = (await openSession(t.app, (await createUser(t.app, { orgId: centre.id, roles: ['analyst'] })).id)).headers;
    });
    afterAll(() => t.close());

    const file = async (payload: object) => {
      const receipt = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload });
      const row = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('tracking_code', '=', receipt.json().trackingCode)
        .executeTakeFirstOrThrow();
      return row.id;
    };

    it('shows a triage officer who reported, and writes the look to the audit log with the reason given', async () => {
      const id = await file(NAMED);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${id}/reporter/reveal`,
        payload: { reason: '核实情况' },
        headers: triage,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        reportId: id,
        kind: 'individual',
        contactConsent: true,
        identity: { name: '王小明', phone: '13900001111', email: 'wang@example.cn' },
      });
      const events = await t.database.db.selectFrom('audit_events').selectAll().where('object_id', '=', id).execute();
      const reveal = events.find((e) => e.action === 'report.reporter_revealed');
      expect(reveal?.actor_type).toBe('user');
      expect(JSON.parse(reveal!.summary)).toMatchObject({ reason: '核实情况' });
    });

    it('refuses other roles, and records nothing when it does', async () => {
      const id = await file(NAMED);
      const before = await t.database.db
        .selectFrom('audit_events')
        .select('seq')
        .where('action', '=', 'report.reporter_revealed')
        .execute();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${id}/reporter/reveal`,
        headers: analyst,
        payload: { reason: '好奇' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('王小明');
      const after = await t.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'report.reporter_revealed').execute();
      expect(after).toHaveLength(before.length);
    });

    it('answers no identity for an anonymous report, and 404 for an unknown one', async () => {
      const id = await file({ ...NAMED, reporter: { anonymous: true } });
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${id}/reporter/reveal`,
        headers: triage,
        payload: { reason: '核实' },
      });
      expect(res.json()).toMatchObject({ kind: 'anonymous', identity: null });
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/reports/nope/reporter/reveal', headers: triage, payload: { reason: '核实' } }))
          .statusCode,
      ).toBe(404);
    });
  });
}
