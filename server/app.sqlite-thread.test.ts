import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM, createOrganization, createUser, fileReport, openSession } from '../test/factories';
import { buildApp } from './app';
import { loadConfig } from './config';
import { type DatabaseHandle, openDatabase } from './db/connect';

const REPORT = {
  category: 'paid_deletion',
  description: '某公关公司称收费三万元即可删除论坛上关于我公司的帖子，联系微信 wxid_thread01，电话 13912345678。',
  targetUrls: ['https://bbs.example.cn/t/4242'],
  reporter: { anonymous: true },
};

// The server's wiring with SQLite on its own thread, as `qinglang serve` runs it: the app's own tests
// pass it a database of their own with the workers off, so they never take these paths.
describe('the server with SQLite on its own thread', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-app-thread-'));
  let database: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = openDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'qinglang.sqlite') }, { thread: true, checkpointThread: true });
    expect(database.runInThread).toBeDefined();
    const config = loadConfig({
      QINGLANG_DATA_DIR: dataDir,
      QINGLANG_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      QINGLANG_CHALLENGE: 'off',
      QINGLANG_RATE_LIMIT: 'off',
      QINGLANG_WORKERS: 'on',
      QINGLANG_WEB_DIST: path.join(dataDir, 'no-web'),
    });
    // Migrated through the thread, as at start-up.
    app = await buildApp(config, { database, logger: false });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores reports filed at once in the thread, and the reporter and the indexers find them', async () => {
    const filed = await Promise.all(
      Array.from({ length: 12 }, (_, i) => fileReport(app, { ...REPORT, targetUrls: [`https://bbs.example.cn/t/${i}`] })),
    );
    const tracked = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/${filed[0]!.trackingCode}`,
      headers: { 'x-access-key': filed[0]!.accessKey },
    });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json()).toMatchObject({ status: 'received' });
    // The background indexers' and the occurrence merger's batches, run in the thread, empty their queues.
    await vi.waitFor(
      async () => {
        const [search, bands, occurrences] = await Promise.all([
          database.db.selectFrom('search_index_queue').select('report_id').execute(),
          database.db.selectFrom('near_duplicate_band_queue').select('report_id').execute(),
          database.db.selectFrom('recent_indicator_occurrences').select('seq').execute(),
        ]);
        expect([search.length, bands.length, occurrences.length]).toEqual([0, 0, 0]);
      },
      { timeout: 10_000, interval: 50 },
    );
    const occurrences = await database.db
      .selectFrom('indicator_occurrences')
      .select('subject_id')
      .where('value', '=', 'wxid_thread01')
      .execute();
    expect(new Set(occurrences.map((o) => o.subject_id))).toEqual(new Set(filed.map((f) => f.id)));
    const indexed = await database.db.selectFrom('search_documents').select('doc_id').where('doc_type', '=', 'report').execute();
    expect(indexed).toHaveLength(12);
  });

  it("stores a desk report that tells the enterprise's liaison, with the notification in the same transaction", async () => {
    const centre = await createOrganization(app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
    const province = await createOrganization(app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
    const enterprise = await app.qinglang.orgs.createOrganization(SYSTEM, {
      name: '宁波海曙示例科技有限公司',
      kind: 'enterprise',
      parentId: province.id,
      regionCode: '330203',
      domains: [],
      uscc: '91330200MA2H4K7P3T',
    });
    const filer = await createUser(app, { orgId: enterprise.id, roles: ['enterprise_liaison'] });
    const lead = await createUser(app, { orgId: province.id, roles: ['agency_lead'] });
    const liaison = await createUser(app, { orgId: province.id, roles: ['enterprise_liaison'] });
    const assigned = await app.inject({
      method: 'PUT',
      url: `/api/v1/protection/enterprises/${enterprise.id}/liaison`,
      headers: (await openSession(app, lead.id)).headers,
      payload: { userId: liaison.id },
    });
    expect(assigned.statusCode).toBe(200);

    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/protection/desk/reports',
      headers: (await openSession(app, filer.id)).headers,
      payload: { category: REPORT.category, description: REPORT.description, targetUrls: REPORT.targetUrls },
    });
    expect(filed.statusCode).toBe(201);
    const inbox = await database.db.selectFrom('inbox_items').select('object_id').where('user_id', '=', liaison.id).execute();
    expect(inbox).toEqual([{ object_id: filed.json().id }]);
  });
});
