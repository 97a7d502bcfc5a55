import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/connect';
import { BANDS, bandKeys } from './minhash';
import { NearDuplicateIndexer, catchUpBands } from './near-duplicate-indexer';
import { findNearDuplicates } from './near-duplicates';
import { findSignatures, insertBands, takeQueuedBandReports } from './near-duplicates.repository';
import { REPORT_TEXTS } from './report-texts.fixture';

const quiet = { error: () => {} };
const { selfMedia } = REPORT_TEXTS;

for (const dialect of testDialects()) {
  describe(`near-duplicate indexer (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    }, 60_000);
    afterAll(() => t?.close());

    const db = () => t.database.db;
    const count = async (table: 'near_duplicate_band_queue' | 'near_duplicate_bands' | 'near_duplicate_signatures') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** Files reports through the route (the test app runs no workers); answers their ids. */
    const file = async (descriptions: string[]): Promise<string[]> => {
      const receipts = await Promise.all(
        descriptions.map((description) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/reports',
            payload: { category: 'online_extortion', description, reporter: { anonymous: true } },
          }),
        ),
      );
      for (const r of receipts) expect(r.statusCode, r.body).toBe(201);
      const codes = receipts.map((r) => r.json().trackingCode as string);
      const rows = await db().selectFrom('reports').select(['id', 'tracking_code']).where('tracking_code', 'in', codes).execute();
      return codes.map((code) => rows.find((r) => r.tracking_code === code)!.id);
    };
    const variant = (i: number, tag: string) => selfMedia.replace('13812345678', `139${tag}${String(i).padStart(4, '0')}`);

    it('queues a report at intake with its signature and no band rows; the indexer writes exactly its bands', async () => {
      const bandsBefore = await count('near_duplicate_bands');
      const [id] = await file([variant(0, '01')]);
      expect(await count('near_duplicate_band_queue')).toBe(1);
      expect(await count('near_duplicate_bands')).toBe(bandsBefore);
      const indexer = new NearDuplicateIndexer({ db: db(), log: quiet });
      expect(await indexer.drain()).toBe(1);
      expect(await count('near_duplicate_band_queue')).toBe(0);
      const [stored] = await findSignatures(db(), [id!]);
      const rows = await db().selectFrom('near_duplicate_bands').select(['band', 'bucket']).where('report_id', '=', id!).execute();
      expect(rows).toHaveLength(BANDS);
      const keyOf = (k: { band: number; bucket: number }) => `${k.band}:${k.bucket}`;
      expect(rows.map(keyOf).sort()).toEqual(bandKeys(stored!.signature).map(keyOf).sort());
    });

    it('finds a report filed a moment ago as a near-duplicate without the indexer having run', async () => {
      const [first] = await file([variant(1, '02')]);
      const [second] = await file([variant(2, '02')]);
      expect(await count('near_duplicate_band_queue')).toBe(2);
      const found = await findNearDuplicates(db(), second!);
      expect(found.map((d) => d.reportId)).toContain(first);
      expect(await count('near_duplicate_band_queue')).toBe(0);
    });

    it('indexes a backlog when an instance with workers starts, and stops cleanly', async () => {
      await file(Array.from({ length: 30 }, (_, i) => variant(i, '03')));
      expect(await count('near_duplicate_band_queue')).toBe(30);
      const config = loadConfig({ ...envOf(t), QINGLANG_WORKERS: 'on' });
      const second = await buildApp(config, { database: t.database, skipMigrations: true, logger: false });
      await second.ready();
      try {
        await vi.waitFor(async () => expect(await count('near_duplicate_band_queue')).toBe(0), { timeout: 10_000, interval: 50 });
      } finally {
        await second.close();
      }
      expect(await count('near_duplicate_bands')).toBe((await count('near_duplicate_signatures')) * BANDS);
    });

    it('leaves reports queued when a batch fails, and indexes them once the fault is gone', async () => {
      await file([variant(1, '04'), variant(2, '04')]);
      const bands = await count('near_duplicate_bands');
      const errors: unknown[] = [];
      const indexer = new NearDuplicateIndexer({ db: db(), log: { error: (e) => errors.push(e) }, intervalMs: 20, busyThreshold: 1 });
      // A real failure in the middle of the batch's transaction: the band table is not there.
      await sql`alter table near_duplicate_bands rename to near_duplicate_bands_away`.execute(db());
      try {
        await expect(indexer.runOnce()).rejects.toThrow();
        expect(await count('near_duplicate_band_queue')).toBe(2);
        indexer.start();
        await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
        expect(await count('near_duplicate_band_queue')).toBe(2);
      } finally {
        await sql`alter table near_duplicate_bands_away rename to near_duplicate_bands`.execute(db());
      }
      await vi.waitFor(async () => expect(await count('near_duplicate_band_queue')).toBe(0), { timeout: 5_000, interval: 20 });
      await indexer.stop();
      expect(await count('near_duplicate_bands')).toBe(bands + 2 * BANDS);
    });

    it('lets workers of several instances take disjoint batches: every report indexed once', async () => {
      await file(Array.from({ length: 60 }, (_, i) => variant(i, '05')));
      expect(await count('near_duplicate_band_queue')).toBe(60);
      // PostgreSQL: separate pools on the same database, as separate processes have.
      const handles = dialect === 'postgres' ? [openDatabase(t.database.target), openDatabase(t.database.target)] : [];
      try {
        const dbs = dialect === 'postgres' ? handles.map((h) => h.db) : [db(), db()];
        const workers = dbs.map((d) => new NearDuplicateIndexer({ db: d, log: quiet, batchSize: 7 }));
        const taken = await Promise.all(workers.map((w) => w.drain()));
        expect(taken[0]! + taken[1]!).toBe(60);
        if (dialect === 'postgres') expect(Math.min(...taken)).toBeGreaterThan(0);
      } finally {
        await Promise.all(handles.map((h) => h.close()));
      }
      expect(await count('near_duplicate_band_queue')).toBe(0);
      // The primary key (band, bucket, report_id) would have refused a report indexed twice.
      expect(await count('near_duplicate_bands')).toBe((await count('near_duplicate_signatures')) * BANDS);
    });

    it.runIf(dialect === 'postgres')('makes a lookup wait for a batch another instance has in flight, then index the rest', async () => {
      const ids = await file(Array.from({ length: 6 }, (_, i) => variant(i, '06')));
      const other = openDatabase(t.database.target);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let taken: string[] = [];
      try {
        const inFlight = other.db.transaction().execute(async (trx) => {
          taken = await takeQueuedBandReports(trx, { limit: 3, skipLocked: true });
          await held;
          await insertBands(trx, await findSignatures(trx, taken));
        });
        await vi.waitFor(() => expect(taken).toHaveLength(3));
        const looking = findNearDuplicates(db(), ids[5]!, { limit: 100 });
        setTimeout(release, 200);
        const [, found] = await Promise.all([inFlight, looking]);
        expect(found.map((d) => d.reportId)).toEqual(expect.arrayContaining(ids.slice(0, 5)));
        expect(await count('near_duplicate_band_queue')).toBe(0);
      } finally {
        release();
        await other.close();
      }
    });

    it('indexes at most its bound before a lookup and says when it is behind; the rest follows', async () => {
      await file(Array.from({ length: 12 }, (_, i) => variant(i, '07')));
      expect(await catchUpBands(db(), { max: 5, batchSize: 2 })).toEqual({ indexed: 5, behind: true });
      expect(await count('near_duplicate_band_queue')).toBe(7);
      expect(await catchUpBands(db(), { max: 100 })).toEqual({ indexed: 7, behind: false });
      expect(await catchUpBands(db(), { max: 100 })).toEqual({ indexed: 0, behind: false });
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
