import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/connect';
import { indexDocuments, reindexSearch, reportSearchDocument } from './search-index';
import { takeQueuedReports } from './search.repository';
import { SearchIndexer, catchUpIndex } from './search-indexer';
import { SearchService } from './search.service';

const system = { kind: 'system' as const, name: 'test' };
const quiet = { error: () => {} };

for (const dialect of testDialects()) {
  describe(`search indexer (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    }, 60_000);
    afterAll(() => t?.close());

    const db = () => t.database.db;
    const count = async (table: 'search_index_queue' | 'search_documents' | 'search_postings') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const reportDocs = async () =>
      (await db().selectFrom('search_documents').select('doc_id').where('doc_type', '=', 'report').execute()).map((d) => d.doc_id);
    const file = async (descriptions: string[]) => {
      const receipts = await Promise.all(
        descriptions.map((description) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/reports',
            payload: { category: 'other', description: `${description}请有关部门核实处理，谢谢。`, reporter: { anonymous: true } },
          }),
        ),
      );
      for (const r of receipts) expect(r.statusCode, r.body).toBe(201);
    };
    const search = (q: string) => new SearchService({ db: db(), dialect }).search(system, { q });

    it('queues a report at intake instead of indexing it, and a search indexes it before answering', async () => {
      const before = await count('search_documents');
      await file(['有人自称能花钱撤稿，要价三千元，微信号 chegao_8866。']);
      expect(await count('search_index_queue')).toBe(1);
      expect(await count('search_documents')).toBe(before);
      const found = await search('撤稿');
      expect(found.total).toBe(1);
      expect(found.indexingBehind).toBe(false);
      expect(await count('search_index_queue')).toBe(0);
      expect(await count('search_documents')).toBe(before + 1);
    });

    it('indexes a backlog left from before a restart when an instance with workers starts, and stops cleanly', async () => {
      await file(Array.from({ length: 30 }, (_, i) => `积压举报第${i}号：对方索要删稿费用，编号 backlog${i}。`));
      expect(await count('search_index_queue')).toBe(30);
      // Another instance on the same database, with its workers on (as after a restart).
      const config = loadConfig({ ...envOf(t), QINGLANG_WORKERS: 'on' });
      const second = await buildApp(config, { database: t.database, skipMigrations: true, logger: false });
      await second.ready();
      try {
        await vi.waitFor(async () => expect(await count('search_index_queue')).toBe(0), { timeout: 10_000, interval: 50 });
      } finally {
        await second.close();
      }
      const reports = await db().selectFrom('reports').select('id').execute();
      expect((await reportDocs()).sort()).toEqual(reports.map((r) => r.id).sort());
      expect((await search('删稿')).total).toBe(30);
    });

    it('leaves reports queued when a batch fails, and indexes them once the fault is gone', async () => {
      await file(['第一份：某网站工作人员暗示交钱可以下线负面帖子。', '第二份：有人发短信称付费就能下线帖子。']);
      const documents = await count('search_documents');
      const errors: unknown[] = [];
      const indexer = new SearchIndexer({ db: db(), log: { error: (e) => errors.push(e) }, intervalMs: 20, busyThreshold: 1 });
      // A real failure in the middle of the batch's transaction: the postings table is not there.
      await sql`alter table search_postings rename to search_postings_away`.execute(db());
      try {
        await expect(indexer.runOnce()).rejects.toThrow();
        expect(await count('search_index_queue')).toBe(2);
        indexer.start();
        await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
        expect(await count('search_index_queue')).toBe(2);
        expect(await count('search_documents')).toBe(documents);
      } finally {
        await sql`alter table search_postings_away rename to search_postings`.execute(db());
      }
      await vi.waitFor(async () => expect(await count('search_index_queue')).toBe(0), { timeout: 5_000, interval: 20 });
      await indexer.stop();
      expect((await search('下线')).total).toBe(2);
    });

    it('lets workers of several instances take disjoint batches: every report indexed once, the same postings as a rebuild', async () => {
      await file(Array.from({ length: 120 }, (_, i) => `并发索引测试${i}：中介收取费用后删除帖子，联系 worker${i}@example.com。`));
      expect(await count('search_index_queue')).toBe(120);
      // PostgreSQL: separate pools on the same database, as separate processes have. SQLite has one
      // writer process; a second handle in this same thread would wait on the first synchronously.
      const handles = dialect === 'postgres' ? [openDatabase(t.database.target), openDatabase(t.database.target)] : [];
      try {
        const dbs = dialect === 'postgres' ? handles.map((h) => h.db) : [db(), db()];
        const workers = dbs.map((d) => new SearchIndexer({ db: d, log: quiet, batchSize: 7 }));
        const taken = await Promise.all(workers.map((w) => w.drain()));
        expect(taken[0]! + taken[1]!).toBe(120);
        if (dialect === 'postgres') expect(Math.min(...taken)).toBeGreaterThan(0);
      } finally {
        await Promise.all(handles.map((h) => h.close()));
      }
      expect(await count('search_index_queue')).toBe(0);
      const docs = await reportDocs();
      expect(new Set(docs).size).toBe(docs.length);
      const reports = await db().selectFrom('reports').select('id').execute();
      expect(docs.sort()).toEqual(reports.map((r) => r.id).sort());
      const postings = await count('search_postings');
      await reindexSearch(db());
      expect(await count('search_postings')).toBe(postings);
      expect((await search('并发索引测试')).total).toBe(120);
    });

    it.runIf(dialect === 'postgres')('makes a search wait for a batch another instance has in flight, then index the rest', async () => {
      await file(Array.from({ length: 6 }, (_, i) => `在途批次${i}：对方称可代为处理负面帖子，需先付款。`));
      const other = openDatabase(t.database.target);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let taken = 0;
      try {
        // Another instance's worker: takes three and holds them, uncommitted.
        const inFlight = other.db.transaction().execute(async (trx) => {
          const rows = await takeQueuedReports(trx, { limit: 3, skipLocked: true });
          taken = rows.length;
          await held;
          const reports = await trx
            .selectFrom('reports')
            .select(['id', 'tracking_code', 'description', 'platform', 'target_urls', 'received_at'])
            .where(
              'id',
              'in',
              rows.map((r) => r.report_id),
            )
            .execute();
          await indexDocuments(
            trx,
            reports.map((r) => reportSearchDocument({ ...r, received_at: new Date(r.received_at).toISOString() })),
          );
        });
        await vi.waitFor(() => expect(taken).toBe(3));
        const searching = search('在途批次');
        setTimeout(release, 200);
        const [, found] = await Promise.all([inFlight, searching]);
        expect(found.total).toBe(6);
        expect(await count('search_index_queue')).toBe(0);
      } finally {
        release();
        await other.close();
      }
    });

    it('indexes at most its bound before a search and says when it is behind; the rest follows', async () => {
      await file(Array.from({ length: 12 }, (_, i) => `追赶测试${i}：自称律师要求付钱撤下文章。`));
      expect(await catchUpIndex(db(), { max: 5, batchSize: 2 })).toEqual({ indexed: 5, behind: true });
      expect(await count('search_index_queue')).toBe(7);
      expect(await catchUpIndex(db(), { max: 100 })).toEqual({ indexed: 7, behind: false });
      expect(await catchUpIndex(db(), { max: 100 })).toEqual({ indexed: 0, behind: false });
      expect((await search('追赶测试')).total).toBe(12);
    });
  });
}

/** The environment the test app was configured with, to start a second instance like it. */
function envOf(t: TestApp): Record<string, string> {
  return {
    QINGLANG_DATA_DIR: t.database.dataDir,
    QINGLANG_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    QINGLANG_CHALLENGE: 'off',
    QINGLANG_RATE_LIMIT: 'off',
    QINGLANG_WEB_DIST: `${t.database.dataDir}/no-web`,
  };
}
