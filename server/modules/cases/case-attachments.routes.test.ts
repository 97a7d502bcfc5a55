import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession, fileReport } from '../../../test/factories';
import { multipartBody, tinyPng } from '../../../test/multipart';
import { toCount } from '../../db/values';
import { verifyAuditChain } from '../audit/verify-audit-chain';
import { attachmentDisposition } from './case-attachments.routes';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('attachment downloads', () => {
  it('name the file for old and new clients alike, Chinese names included', () => {
    expect(attachmentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(attachmentDisposition('网站回函 (1).pdf')).toBe(
      `attachment; filename="____ (1).pdf"; filename*=UTF-8''%E7%BD%91%E7%AB%99%E5%9B%9E%E5%87%BD%20%281%29.pdf`,
    );
    expect(attachmentDisposition('a"b\\c%.txt')).toBe(`attachment; filename="a_b_c_.txt"; filename*=UTF-8''a%22b%5Cc%25.txt`);
  });
});

for (const dialect of testDialects()) {
  describe(`case attachments (${dialect})`, () => {
    let t: TestApp;
    let caseId = '';
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      t = await createTestApp(dialect, { QINGLANG_EVIDENCE_MAX_MB: '1', QINGLANG_EVIDENCE_MAX_FILES: '3' });
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', regionCode: '100000' });
      const zj = await createOrganization(t.app, { kind: 'regulator', regionCode: '330000', parentId: centre.id });
      const hz = await createOrganization(t.app, { kind: 'regulator', regionCode: '330100', parentId: zj.id });
      const police = await createOrganization(t.app, { kind: 'police', regionCode: '330000', parentId: zj.id });
      const nb = await createOrganization(t.app, { kind: 'regulator', regionCode: '330200', parentId: zj.id });
      const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
        (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
      as.triage = await session(centre.id, 'triage_officer');
      as.hzOfficer = await session(hz.id, 'case_officer');
      as.policeOfficer = await session(police.id, 'case_officer');
      as.zjLead = await session(zj.id, 'agency_lead');
      as.nbOfficer = await session(nb.id, 'case_officer');
      const report = await fileReport(t.app, {
        category: 'online_extortion',
        description: '有人以曝光负面信息相要挟，索要钱财，请依法处理。',
        reporter: { anonymous: true },
      });
      const opened = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: as.triage,
        payload: {
          reportIds: [report.id],
          title: '附件测试案件',
          category: 'online_extortion',
          regionCode: '330100',
          priority: 'normal',
          moneyPaid: false,
          override: { leadOrgId: hz.id, assistingOrgIds: [police.id], reason: '测试指定' },
        },
      });
      expect(opened.statusCode).toBe(201);
      caseId = opened.json().id;
    }, 60_000);
    afterAll(() => t.close());

    const upload = async (
      who: string,
      fields: Record<string, string>,
      files: { name: string; content: Buffer | string; field?: string }[],
    ) => {
      const body = await multipartBody(
        fields,
        files.map((f) => ({ field: 'file', ...f })),
      );
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/attachments`,
        headers: { ...as[who], ...body.headers },
        payload: body.payload,
      });
    };
    const list = (who: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments`, headers: as[who] });
    const count = async (table: 'case_attachments' | 'case_events' | 'audit_events') =>
      toCount(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const stagingLeft = () => {
      const staging = path.join(t.config.dataDir, 'blobs', 'staging');
      return existsSync(staging) ? readdirSync(staging) : [];
    };

    it('lets the lead agency attach files every agency on the case sees and downloads, on the timeline and in the audit log', async () => {
      const png = tinyPng(7);
      const letter = '网站回函：涉案帖子已于今日删除。\n';
      const res = await upload('hzOfficer', { visibility: 'shared' }, [
        { name: '截图.png', content: png },
        { name: '网站回函.txt', content: letter },
      ]);
      expect(res.statusCode).toBe(201);
      const items = res.json().items as { id: string; fileName: string; sha256: string; size: number; mediaType: string }[];
      expect(items).toEqual([
        expect.objectContaining({
          fileName: '截图.png',
          mediaType: 'image/png',
          size: png.length,
          sha256: sha256(png),
          visibility: 'shared',
        }),
        expect.objectContaining({ fileName: '网站回函.txt', mediaType: 'text/plain', sha256: sha256(letter), visibility: 'shared' }),
      ]);
      expect(await t.app.qinglang.blobs.has(sha256(png))).toBe(true);

      const seen = await list('policeOfficer');
      expect(seen.statusCode).toBe(200);
      expect(seen.json().items.map((a: { id: string }) => a.id)).toEqual(items.map((a) => a.id));
      expect(seen.json().items[0].uploadedBy.displayName).toBeTruthy();

      const download = await t.app.inject({ method: 'GET', url: seen.json().items[1].contentUrl, headers: as.policeOfficer });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toBe(attachmentDisposition('网站回函.txt'));
      expect(download.body).toBe(letter);
      const image = await t.app.inject({ method: 'GET', url: seen.json().items[0].contentUrl, headers: as.hzOfficer });
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.rawPayload.equals(png)).toBe(true);

      const timeline = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: as.policeOfficer })).json().timeline;
      expect(timeline.filter((e: { type: string }) => e.type === 'attachment_added').map((e: { body: string }) => e.body)).toEqual([
        '截图.png',
        '网站回函.txt',
      ]);
      const audit = await t.database.db.selectFrom('audit_events').select(['action', 'summary']).where('object_id', '=', caseId).execute();
      expect(audit.filter((e) => e.action === 'case.attachment_added')).toHaveLength(2);
      expect(audit.filter((e) => e.action === 'case.attachment_downloaded')).toHaveLength(2);
      // The audit log proves the content by hash and keeps the name out.
      expect(audit.find((e) => e.action === 'case.attachment_added')!.summary).not.toContain('截图');
      expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
    });

    it('keeps an internal attachment with the agency that attached it', async () => {
      const res = await upload('policeOfficer', { visibility: 'internal' }, [{ name: '侦查笔记.txt', content: '内部线索，勿外传。' }]);
      expect(res.statusCode).toBe(201);
      const attachment = res.json().items[0];
      expect((await list('policeOfficer')).json().items.map((a: { id: string }) => a.id)).toContain(attachment.id);
      expect((await list('hzOfficer')).json().items.map((a: { id: string }) => a.id)).not.toContain(attachment.id);
      expect((await t.app.inject({ method: 'GET', url: attachment.contentUrl, headers: as.hzOfficer })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: attachment.contentUrl, headers: as.policeOfficer })).statusCode).toBe(200);
      const hzTimeline = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: as.hzOfficer })).json().timeline;
      expect(hzTimeline.map((e: { body: string | null }) => e.body)).not.toContain('侦查笔记.txt');
    });

    it('answers 404 to those who may not see the case, and 403 to those who see it but may not attach', async () => {
      const shared = (await list('hzOfficer')).json().items[0];
      expect((await upload('nbOfficer', { visibility: 'shared' }, [{ name: 'a.png', content: tinyPng(1) }])).statusCode).toBe(404);
      expect((await list('nbOfficer')).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: shared.contentUrl, headers: as.nbOfficer })).statusCode).toBe(404);
      // The province's lead supervises the case: reads and downloads, does not attach.
      expect((await list('zjLead')).statusCode).toBe(200);
      expect((await upload('zjLead', { visibility: 'shared' }, [{ name: 'a.png', content: tinyPng(1) }])).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/cases/no-such-case/attachments`, headers: as.hzOfficer })).statusCode).toBe(
        404,
      );
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments/no-such/content`, headers: as.hzOfficer }))
          .statusCode,
      ).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments` })).statusCode).toBe(401);
    });

    it('refuses uploads that are not allowed and keeps nothing of them', async () => {
      const before = await Promise.all([count('case_attachments'), count('case_events'), count('audit_events')]);
      const html = await upload('hzOfficer', { visibility: 'shared' }, [
        { name: 'ok.png', content: tinyPng(2) },
        { name: 'page.html', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]) },
      ]);
      expect(html.statusCode).toBe(415);
      expect(html.json().code).toBe('evidence_type_not_allowed');
      const noVisibility = await upload('hzOfficer', {}, [{ name: 'a.png', content: tinyPng(3) }]);
      expect(noVisibility.statusCode).toBe(400);
      expect(noVisibility.json().errors).toEqual([expect.objectContaining({ field: 'visibility', code: 'required' })]);
      const badVisibility = await upload('hzOfficer', { visibility: 'public' }, [{ name: 'a.png', content: tinyPng(3) }]);
      expect(badVisibility.json().errors).toEqual([expect.objectContaining({ field: 'visibility', code: 'enum' })]);
      const noFile = await upload('hzOfficer', { visibility: 'shared' }, []);
      expect(noFile.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'required' })]);
      const empty = await upload('hzOfficer', { visibility: 'shared' }, [{ name: 'empty.txt', content: '' }]);
      expect(empty.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'fileEmpty' })]);
      const wrongPart = await upload('hzOfficer', { visibility: 'shared' }, [{ name: 'a.png', content: tinyPng(4), field: 'evidence' }]);
      expect(wrongPart.statusCode).toBe(400);
      const tooBig = await upload('hzOfficer', { visibility: 'shared' }, [
        { name: 'big.png', content: Buffer.concat([tinyPng(), Buffer.alloc(1024 * 1024 + 10, 7)]) },
      ]);
      expect(tooBig.statusCode).toBe(413);
      const tooMany = await upload(
        'hzOfficer',
        { visibility: 'shared' },
        [1, 2, 3, 4].map((i) => ({ name: `${i}.png`, content: tinyPng(20 + i) })),
      );
      expect(tooMany.statusCode).toBe(413);
      expect(tooMany.json().code).toBe('too_many_files');
      const json = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/attachments`,
        headers: as.hzOfficer,
        payload: { visibility: 'shared' },
      });
      expect(json.statusCode).toBe(415);

      expect(await Promise.all([count('case_attachments'), count('case_events'), count('audit_events')])).toEqual(before);
      expect(await t.app.qinglang.blobs.has(sha256(tinyPng(2)))).toBe(false);
      expect(stagingLeft()).toEqual([]);
    });
  });
}
