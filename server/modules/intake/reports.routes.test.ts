import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { solveChallenge } from 'altcha-lib/v1';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrencesOfSubjects } from '../../db/indicator-occurrences';
import { createTestApp, type TestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { multipartBody, tinyPng } from '../../../test/multipart';
import { verifyAuditChain } from '../audit/verify-audit-chain';

const VALID = {
  category: 'online_extortion',
  description: '某自媒体账号发布关于我公司的负面文章，并通过微信 wxid_abc123 联系我们，要求支付 5 万元才删除，联系电话 138 1234 5678。',
  targetUrls: ['https://www.Example.com/post/123?utm_source=x#top'],
  platform: '某某论坛',
  occurredAt: '2026-11-01T10:00:00+08:00',
  money: { amount: 50000, currency: 'CNY', channel: 'alipay' },
  reporter: { anonymous: true },
};

async function countRows(
  t: TestApp,
  table:
    | 'reports'
    | 'report_evidence'
    | 'indicator_occurrences'
    | 'recent_indicator_occurrences'
    | 'audit_events'
    | 'evidence_blobs'
    | 'report_events',
) {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of testDialects()) {
  describe(`public reports on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('files an anonymous report and answers a receipt with a tracking code and access key', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID });
      expect(res.statusCode).toBe(201);
      const receipt = res.json();
      expect(receipt.trackingCode).toMatch(/^QL[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(receipt.accessKey).toMatch(/^[0-9A-HJKMNP-TV-Z]{32}$/);
      expect(receipt.status).toBe('received');
      expect(res.headers['cache-control']).toBe('no-store');

      const row = await t.database.db
        .selectFrom('reports')
        .selectAll()
        .where('tracking_code', '=', receipt.trackingCode)
        .executeTakeFirstOrThrow();
      expect(row.reporter_kind).toBe('anonymous');
      expect(row.reporter_sealed).toBeNull();
      expect(row.access_key_hash).not.toContain(receipt.accessKey);
      expect(row.money_channel).toBe('alipay');

      const indicators = (await occurrencesOfSubjects(t.database.db, 'report', [row.id])).map(({ type, value, field }) => ({
        type,
        value,
        field,
      }));
      expect(indicators).toEqual(
        expect.arrayContaining([
          { type: 'phone', value: '+8613812345678', field: 'description' },
          { type: 'url', value: 'https://www.example.com/post/123', field: 'target_url' },
          { type: 'domain', value: 'example.com', field: 'target_url' },
        ]),
      );
    });

    it('lets the reporter follow the report with the key, and answers the same 404 to a wrong key or an unknown code', async () => {
      const filed = (await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID })).json();
      const code = filed.trackingCode as string;
      const grouped = `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 10)}-${code.slice(10)}`.toLowerCase();

      const ok = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${grouped}`,
        headers: { 'x-access-key': filed.accessKey, 'accept-language': 'en' },
      });
      expect(ok.statusCode).toBe(200);
      const view = ok.json();
      expect(view).toMatchObject({ trackingCode: code, status: 'received', category: 'online_extortion', result: null, evidenceCount: 0 });
      expect(view.statusText).toMatch(/received/i);
      expect(view.steps).toHaveLength(1);
      expect(view.steps[0]).toMatchObject({ status: 'received', title: 'Report received' });
      expect(JSON.stringify(view)).not.toContain('138');

      const zh = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${code}`, headers: { 'x-access-key': filed.accessKey } });
      expect(zh.json().steps[0].title).toBe('已收到举报');

      const wrongKey = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${code}`, headers: { 'x-access-key': 'A'.repeat(32) } });
      const noKey = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${code}` });
      const other = code.slice(0, 2) + (code[2] === '2' ? '3' : '2') + code.slice(3);
      const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${other}`, headers: { 'x-access-key': filed.accessKey } });
      for (const res of [wrongKey, noKey, unknown]) {
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ type: 'urn:qinglang:problem:report_not_found', status: 404 });
      }
      const strip = (body: string) => body.replace(/"requestId":"[^"]+"/, '');
      expect(strip(wrongKey.body)).toBe(strip(unknown.body));
    });

    it('seals a named reporter’s identity at rest', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: {
          ...VALID,
          category: 'paid_deletion',
          reporter: {
            anonymous: false,
            name: '王小明',
            phone: '13900001111',
            email: 'Wang@Example.com',
            enterprise: { name: '某某科技有限公司', uscc: '91350100M000100Y43' },
            contactConsent: true,
          },
        },
      });
      expect(res.statusCode).toBe(201);
      const row = await t.database.db
        .selectFrom('reports')
        .selectAll()
        .where('tracking_code', '=', res.json().trackingCode)
        .executeTakeFirstOrThrow();
      expect(row.reporter_kind).toBe('enterprise');
      expect(row.contact_consent).toBe(1);
      expect(row.reporter_sealed).not.toContain('王小明');
      expect(row.reporter_sealed).not.toContain('13900001111');
      const identity = t.app.qinglang.keys.sealing.unseal<Record<string, unknown>>(row.reporter_sealed!, `report:${row.id}`);
      expect(identity).toEqual({
        name: '王小明',
        phone: '13900001111',
        email: 'wang@example.com',
        enterprise: { name: '某某科技有限公司', uscc: '91350100M000100Y43' },
      });
      // The reporter's own phone is not an indicator; the victim enterprise's code is, marked as such.
      const indicators = (await occurrencesOfSubjects(t.database.db, 'report', [row.id])).map(({ type, value, field }) => ({
        type,
        value,
        field,
      }));
      expect(indicators.map((i) => i.value)).not.toContain('+8613900001111');
      expect(indicators).toContainEqual({ type: 'uscc', value: '91350100M000100Y43', field: 'victim' });
    });

    it('refuses invalid input with localized field errors and stores nothing', async () => {
      const before = await countRows(t, 'reports');
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { ...VALID, category: 'spam', description: '太短了', targetUrls: ['ftp://x'], extra: 1 },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      const body = bad.json();
      expect(body).toMatchObject({ type: 'urn:qinglang:problem:validation', status: 400, title: '提交的内容有误，请按提示修改' });
      const fields = body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['category', 'description', 'extra']));
      expect(body.errors.find((e: { field: string }) => e.field === 'description').message).toBe('至少需要 20 个字符');
      expect(JSON.stringify(body)).not.toMatch(/stack|select|insert/i);

      const en = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'accept-language': 'en-GB,en;q=0.9' },
        payload: { ...VALID, targetUrls: ['ftp://x'] },
      });
      expect(en.statusCode).toBe(400);
      expect(en.json().title).toBe('The request has invalid fields');
      expect(en.json().errors).toEqual([{ field: 'targetUrls.0', code: 'url', message: 'Must be a valid http:// or https:// address' }]);

      const mixed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { ...VALID, reporter: { anonymous: true, name: '张三' } },
      });
      expect(mixed.statusCode).toBe(400);
      expect(mixed.json().errors[0]).toMatchObject({ field: 'reporter', code: 'anonymousWithIdentity' });

      const badUscc = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { ...VALID, reporter: { anonymous: false, enterprise: { name: '某公司', uscc: '91350100M000100Y44' } } },
      });
      expect(badUscc.json().errors[0]).toMatchObject({ field: 'reporter.enterprise.uscc', code: 'uscc' });

      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'content-type': 'application/json' },
        payload: '{"category":',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().code).toBe('malformed_body');

      const wrongType = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(wrongType.statusCode).toBe(415);

      expect(await countRows(t, 'reports')).toBe(before);
    });

    it('validates without storing on /reports/validate', async () => {
      const before = await countRows(t, 'reports');
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/reports/validate', payload: VALID });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ valid: true });
      const bad = await t.app.inject({ method: 'POST', url: '/api/v1/reports/validate', payload: { ...VALID, description: 'x' } });
      expect(bad.statusCode).toBe(400);
      expect(await countRows(t, 'reports')).toBe(before);
    });

    it('takes evidence files by multipart, detects their type from content and stores each content once', async () => {
      const png = tinyPng(1);
      const text = Buffer.from('聊天记录：对方要求支付五万元删帖。\n', 'utf8');
      const { payload, headers } = await multipartBody({ report: JSON.stringify(VALID) }, [
        { name: 'screenshot.png', content: png, type: 'image/png' },
        { name: 'chat.txt', content: text, type: 'text/plain' },
        // The same image again under a misleading name: one stored copy, the type from its content.
        { name: 'copy.pdf', content: png, type: 'application/pdf' },
      ]);
      const blobsBefore = await countRows(t, 'evidence_blobs');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload, headers });
      expect(res.statusCode).toBe(201);
      const receipt = res.json();
      const { createHash } = await import('node:crypto');
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      expect(receipt.evidence).toEqual([
        { fileName: 'screenshot.png', sha256: sha(png), size: png.length, mediaType: 'image/png' },
        { fileName: 'chat.txt', sha256: sha(text), size: text.length, mediaType: 'text/plain' },
        { fileName: 'copy.pdf', sha256: sha(png), size: png.length, mediaType: 'image/png' },
      ]);
      expect(await countRows(t, 'evidence_blobs')).toBe(blobsBefore + 2);
      expect(existsSync(t.app.qinglang.blobs.pathOf(sha(png)))).toBe(true);

      const tracking = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${receipt.trackingCode}`,
        headers: { 'x-access-key': receipt.accessKey },
      });
      expect(tracking.json().evidenceCount).toBe(3);
    });

    it('refuses a file whose content is not an allowed type, and keeps nothing of the submission', async () => {
      const before = await countRows(t, 'reports');
      const exe = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(512, 1)]);
      const { payload, headers } = await multipartBody({ report: JSON.stringify(VALID) }, [
        { name: 'ok.png', content: tinyPng(2), type: 'image/png' },
        { name: 'photo.jpg', content: exe, type: 'image/jpeg' },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload, headers });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ code: 'evidence_type_not_allowed' });
      expect(res.json().errors[0].message).toContain('photo.jpg');
      expect(await countRows(t, 'reports')).toBe(before);
      const staging = path.join(t.config.dataDir, 'blobs', 'staging');
      expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
      const { createHash } = await import('node:crypto');
      expect(existsSync(t.app.qinglang.blobs.pathOf(createHash('sha256').update(tinyPng(2)).digest('hex')))).toBe(false);
    });

    it('refuses a multipart submission whose report part is invalid, keeping none of its files', async () => {
      const { payload, headers } = await multipartBody({ report: JSON.stringify({ ...VALID, description: 'short' }) }, [
        { name: 'a.png', content: tinyPng(3), type: 'image/png' },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload, headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('description');
      const { createHash } = await import('node:crypto');
      expect(existsSync(t.app.qinglang.blobs.pathOf(createHash('sha256').update(tinyPng(3)).digest('hex')))).toBe(false);
    });

    it('commits a report, its evidence, indicators and audit event together or not at all', async () => {
      const before = {
        reports: await countRows(t, 'reports'),
        indicators: (await countRows(t, 'indicator_occurrences')) + (await countRows(t, 'recent_indicator_occurrences')),
        events: await countRows(t, 'report_events'),
      };
      await sql`alter table audit_events rename to audit_events_away`.execute(t.database.db);
      try {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID });
        expect(res.statusCode).toBe(500);
        expect(res.json()).toMatchObject({ code: 'internal', status: 500 });
        expect(res.body).not.toMatch(/audit_events|sql|at \//i);
      } finally {
        await sql`alter table audit_events_away rename to audit_events`.execute(t.database.db);
      }
      expect(await countRows(t, 'reports')).toBe(before.reports);
      expect((await countRows(t, 'indicator_occurrences')) + (await countRows(t, 'recent_indicator_occurrences'))).toBe(before.indicators);
      expect(await countRows(t, 'report_events')).toBe(before.events);
    });

    it('keeps every report of a burst and one unbroken audit chain', async () => {
      const before = await countRows(t, 'reports');
      const results = await Promise.all(
        Array.from({ length: 40 }, () => t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID })),
      );
      expect(results.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
      expect(new Set(results.map((r) => r.json().trackingCode)).size).toBe(40);
      expect(await countRows(t, 'reports')).toBe(before + 40);

      const chain = await verifyAuditChain(t.database.db);
      expect(chain).toMatchObject({ intact: true, events: await countRows(t, 'audit_events') });
      expect(chain.intact && chain.events).toBe(await countRows(t, 'reports'));
    });

    it('serves health, readiness, metrics and the OpenAPI document', async () => {
      expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready', database: dialect });
      const metrics = await t.app.inject('/metrics');
      expect(metrics.body).toMatch(/qinglang_reports_received_total\{category="online_extortion"\} [1-9]/);
      expect(metrics.body).toContain('qinglang_http_request_duration_seconds_bucket');
      const doc = (await t.app.inject('/api/docs/json')).json();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/reports', '/api/v1/reports/{trackingCode}']));
      expect((await t.app.inject('/api/docs')).statusCode).toBeLessThan(400);
      const missing = await t.app.inject('/api/v1/nothing-here');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe(`abuse controls on ${dialect}`, () => {
    it('requires a solved proof-of-work challenge and refuses a replayed one', async () => {
      const t = await createTestApp(dialect, { QINGLANG_CHALLENGE: 'on', QINGLANG_CHALLENGE_MAX_NUMBER: '2000' });
      try {
        const missing = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID });
        expect(missing.statusCode).toBe(403);
        expect(missing.json().code).toBe('challenge_required');

        const challenge = (await t.app.inject('/api/v1/challenge')).json();
        const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
        expect(solution).not.toBeNull();
        const payload = Buffer.from(
          JSON.stringify({
            algorithm: challenge.algorithm,
            challenge: challenge.challenge,
            number: solution!.number,
            salt: challenge.salt,
            signature: challenge.signature,
          }),
        ).toString('base64');
        const forged = Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64').toString()), number: solution!.number + 1 }),
        ).toString('base64');
        expect(
          (await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID, headers: { 'x-altcha': forged } })).json().code,
        ).toBe('challenge_failed');

        const first = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID, headers: { 'x-altcha': payload } });
        expect(first.statusCode).toBe(201);
        const replay = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID, headers: { 'x-altcha': payload } });
        expect(replay.statusCode).toBe(403);
        expect(replay.json().code).toBe('challenge_failed');
        expect(await countRows(t, 'reports')).toBe(1);

        // The same solution sent twice at once (both land in one group commit): one report only.
        const c2 = (await t.app.inject('/api/v1/challenge')).json();
        const s2 = await solveChallenge(c2.challenge, c2.salt, c2.algorithm, c2.maxnumber).promise;
        const p2 = Buffer.from(
          JSON.stringify({ algorithm: c2.algorithm, challenge: c2.challenge, number: s2!.number, salt: c2.salt, signature: c2.signature }),
        ).toString('base64');
        const twice = await Promise.all(
          [1, 2].map(() => t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID, headers: { 'x-altcha': p2 } })),
        );
        expect(twice.map((r) => r.statusCode).sort()).toEqual([201, 403]);
        expect(await countRows(t, 'reports')).toBe(2);
      } finally {
        await t.close();
      }
    });

    it('limits reports per address per minute with a clear 429', async () => {
      const t = await createTestApp(dialect, { QINGLANG_RATE_LIMIT: '2' });
      try {
        const codes = [];
        for (let i = 0; i < 3; i++)
          codes.push(await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: VALID, headers: { 'accept-language': 'en' } }));
        expect(codes.map((r) => r.statusCode)).toEqual([201, 201, 429]);
        const limited = codes[2]!;
        expect(limited.headers['content-type']).toContain('application/problem+json');
        expect(limited.headers['retry-after']).toMatch(/^\d+$/);
        expect(limited.json()).toMatchObject({ code: 'rate_limited', title: 'Too many requests; please try again later' });
      } finally {
        await t.close();
      }
    });

    it('tells the report form its limits and whether the challenge is on', async () => {
      const t = await createTestApp(dialect, { QINGLANG_EVIDENCE_MAX_MB: '5', QINGLANG_EVIDENCE_MAX_FILES: '3', QINGLANG_CHALLENGE: 'on' });
      try {
        const res = await t.app.inject('/api/v1/config/public');
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body).toMatchObject({ challenge: true, evidence: { maxFiles: 3, maxFileBytes: 5 * 1024 * 1024 } });
        expect(body.evidence.allowedTypes).toEqual(expect.arrayContaining(['image/png', 'application/pdf', 'text/plain']));
        expect(body.evidence.allowedTypes).not.toContain('image/svg+xml');
      } finally {
        await t.close();
      }
    });

    it('refuses files over the size limit and more files than allowed', async () => {
      const t = await createTestApp(dialect, { QINGLANG_EVIDENCE_MAX_MB: '1', QINGLANG_EVIDENCE_MAX_FILES: '2' });
      try {
        const big = Buffer.concat([tinyPng(), Buffer.alloc(1024 * 1024 + 10, 7)]);
        const tooBig = await multipartBody({ report: JSON.stringify(VALID) }, [{ name: 'big.png', content: big }]);
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...tooBig });
        expect(res.statusCode).toBe(413);
        expect(res.json().code).toBe('payload_too_large');

        const many = await multipartBody(
          { report: JSON.stringify(VALID) },
          [1, 2, 3].map((i) => ({ name: `${i}.png`, content: tinyPng(10 + i) })),
        );
        const res2 = await t.app.inject({ method: 'POST', url: '/api/v1/reports', ...many });
        expect(res2.statusCode).toBe(413);
        expect(res2.json().code).toBe('too_many_files');
        expect(await countRows(t, 'reports')).toBe(0);
        expect(await countRows(t, 'evidence_blobs')).toBe(0);
      } finally {
        await t.close();
      }
    });
  });
}
