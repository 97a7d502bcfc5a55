import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';
import { multipartBody, tinyPng } from '../../../test/multipart';
import { verifyAuditChain } from '../audit/verify-audit-chain';
import { runEvidenceVerify } from '../../cli/evidence-command';
import { MANIFEST_PATH, type EvidenceManifest, verifyPackage } from './evidence-manifest';
import { readZip, writeZip } from './zip';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const REPORT = {
  category: 'online_extortion',
  description: '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”，联系电话 13812345678，已经转账两万元。',
  money: { amount: 20000, currency: 'CNY', channel: 'alipay' },
  reporter: { anonymous: false, name: '王小明', email: 'wang.xiaoming@example.cn', phone: '13900001111', contactConsent: true },
};

for (const dialect of testDialects()) {
  describe(`evidence packages (${dialect})`, () => {
    let t: TestApp;
    const as: Record<string, Record<string, string>> = {};
    let caseId = '';
    let caseNumber = '';
    const png = tinyPng(42);

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      const zj = await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
      const hz = await createOrganization(t.app, { kind: 'regulator', name: '杭州市网信办', regionCode: '330100', parentId: zj.id });
      const nb = await createOrganization(t.app, { kind: 'regulator', name: '宁波市网信办', regionCode: '330200', parentId: zj.id });
      await createOrganization(t.app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: zj.id });
      const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.triage = await session(centre.id, 'triage_officer');
      as.hzOfficer = await session(hz.id, 'case_officer');
      as.zjLead = await session(zj.id, 'agency_lead');
      as.nbOfficer = await session(nb.id, 'case_officer');

      const { payload, headers } = await multipartBody({ report: JSON.stringify(REPORT) }, [
        { name: '转账截图.png', content: png, type: 'image/png' },
      ]);
      const receipt = (await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload, headers })).json();
      const report = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('tracking_code', '=', receipt.trackingCode)
        .executeTakeFirstOrThrow();
      const opened = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: as.triage,
        payload: {
          reportIds: [report.id],
          title: '自媒体敲诈企业',
          category: 'online_extortion',
          regionCode: '330106',
          priority: 'high',
          targetKind: 'person',
          moneyPaid: true,
        },
      });
      expect(opened.statusCode).toBe(201);
      ({ id: caseId, number: caseNumber } = opened.json());
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/transitions`,
        headers: as.hzOfficer,
        payload: { action: 'accept' },
      });
      const attachment = await multipartBody({ visibility: 'shared' }, [
        { field: 'file', name: '约谈笔录.pdf', content: PDF, type: 'application/pdf' },
      ]);
      const attached = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/attachments`,
        headers: { ...as.hzOfficer, ...attachment.headers },
        payload: attachment.payload,
      });
      expect(attached.statusCode).toBe(201);
      const entities = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/registry-entities`,
        headers: as.hzOfficer,
        payload: {
          indicators: [{ type: 'phone', value: '13812345678' }],
          summary: '以删帖相要挟索取钱财',
          legalBasis: '刑法第二百七十四条',
        },
      });
      expect(entities.statusCode, entities.body).toBe(200);
    }, 60_000);
    afterAll(() => t.close());

    const download = (who: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/evidence-package`, headers: as[who] });

    it('gives the lead agency a signed package with the case, its evidence, its audit events and a Chinese summary', async () => {
      const response = await download('hzOfficer');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toContain(`${caseNumber}-evidence.zip`);
      const files = await readZip(response.rawPayload);
      const key = (await t.app.inject({ method: 'GET', url: '/api/v1/evidence/public-key' })).json();
      const result = verifyPackage(files, { expectedFingerprint: key.fingerprint });
      expect(result.problems).toEqual([]);

      const manifest = JSON.parse(files.get(MANIFEST_PATH)!.toString('utf8')) as EvidenceManifest;
      expect(manifest).toMatchObject({ caseId, caseNumber, exportedBy: { actorType: 'user' } });
      const paths = manifest.files.map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['case.json', 'timeline.json', 'reports.json', 'audit-events.json', 'summary.pdf']));
      const evidencePath = paths.find((p) => p.startsWith('evidence/'))!;
      expect(evidencePath).toMatch(/\/00-转账截图\.png$/);
      expect(files.get(evidencePath)).toEqual(png);
      const attachmentPath = paths.find((p) => p.startsWith('attachments/'))!;
      expect(attachmentPath).toMatch(/约谈笔录\.pdf$/);
      expect(files.get(attachmentPath)).toEqual(PDF);
      expect(JSON.parse(files.get('attachments.json')!.toString('utf8'))).toEqual([
        expect.objectContaining({ path: attachmentPath, visibility: 'shared', mediaType: 'application/pdf' }),
      ]);
      expect(files.get('summary.pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
      expect(files.get('summary.pdf')!.toString('latin1')).toMatch(/WenQuanYi|FontFile2/);

      const registry = JSON.parse(files.get('registry.json')!.toString('utf8')) as { kind: string; records: { summary: string }[] }[];
      expect(registry).toEqual([
        expect.objectContaining({
          identifiers: [{ type: 'phone', value: '+8613812345678' }],
          records: [expect.objectContaining({ summary: '以删帖相要挟索取钱财' })],
        }),
      ]);

      // The reporter's identity never leaves the platform in a package.
      for (const content of files.values()) {
        const text = content.toString('utf8');
        expect(text).not.toContain('王小明');
        expect(text).not.toContain('wang.xiaoming@example.cn');
        expect(text).not.toContain('13900001111');
      }
      const timeline = JSON.parse(files.get('timeline.json')!.toString('utf8')) as { type: string }[];
      expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'accept']));

      // The export is in the audit log, its event is the head the manifest anchors, and the chain holds.
      const audit = JSON.parse(files.get('audit-events.json')!.toString('utf8')) as { seq: number; action: string; hash: string }[];
      const last = audit[audit.length - 1]!;
      expect(last.action).toBe('case.evidence_exported');
      expect(manifest.auditHead).toEqual({ seq: last.seq, hash: last.hash });
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['report.submitted', 'case.opened']));
      expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
    });

    it('lets a lead above the agency export, and answers a stranger "not found" and triage "forbidden", recording nothing', async () => {
      expect((await download('zjLead')).statusCode).toBe(200);
      const before = await t.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect((await download('nbOfficer')).statusCode).toBe(404);
      expect((await download('triage')).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/evidence-package` })).statusCode).toBe(401);
      const after = await t.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('verifies a written package with the command, and names the file changed in it', async () => {
      const response = await download('hzOfficer');
      const file = path.join(t.database.dataDir, 'package.zip');
      writeFileSync(file, response.rawPayload);
      const lines: string[] = [];
      expect(await runEvidenceVerify(file, {}, (l) => lines.push(l))).toBe(0);
      expect(lines[0]).toContain(`case ${caseNumber}`);

      // Rewrite the package with one evidence file changed.
      const files = await readZip(response.rawPayload);
      const evidencePath = [...files.keys()].find((p) => p.startsWith('evidence/'))!;
      files.set(evidencePath, Buffer.concat([png, Buffer.from('edited')]));
      const chunks: Buffer[] = [];
      for await (const chunk of writeZip([...files].map(([p, content]) => ({ path: p, content })))) chunks.push(chunk as Buffer);
      const tampered = path.join(t.database.dataDir, 'tampered.zip');
      writeFileSync(tampered, Buffer.concat(chunks));
      const problems: string[] = [];
      expect(await runEvidenceVerify(tampered, {}, (l) => problems.push(l))).toBe(1);
      expect(problems.join('\n')).toContain(`${evidencePath}: changed`);
      const wrongKey: string[] = [];
      expect(await runEvidenceVerify(file, { fingerprint: '0'.repeat(64) }, (l) => wrongKey.push(l))).toBe(1);
      expect(wrongKey.join('\n')).toContain('not the expected');
    });
  });
}
