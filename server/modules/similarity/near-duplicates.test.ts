import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { type TestDatabase, createTestDatabase, testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';
import type { Database } from '../../db/schema';
import { toCount } from '../../db/values';
import { uuidv7 } from '../../lib/ids';
import { BANDS, minhashSignature } from './minhash';
import { catchUpBands } from './near-duplicate-indexer';
import { findNearDuplicates } from './near-duplicates';
import { type SignatureEntry, deleteSignatures, insertSignatures } from './near-duplicates.repository';
import { REPORT_TEXTS } from './report-texts.fixture';

const { selfMedia, forumDeletion, fakeJournalist } = REPORT_TEXTS;
const phoneChanged = selfMedia.replace('13812345678', '13998765432');
const punctuated = selfMedia.replace('于11月初', '于11月初，').replace('。我们', '！！我们');
const amountChanged = selfMedia.replace('5万元', '8万元').replace('13812345678', '13998765432').replace('请求依法查处', '请尽快处理');

async function insertReport(db: Kysely<Database>, description: string, id = uuidv7()): Promise<string> {
  const now = new Date().toISOString();
  await db
    .insertInto('reports')
    .values({
      id,
      tracking_code: `T${id.replace(/-/g, '').slice(-12)}`,
      access_key_hash: 'x',
      category: 'online_extortion',
      status: 'received',
      description,
      target_urls: '[]',
      reporter_kind: 'anonymous',
      contact_consent: 0,
      locale: 'zh-CN',
      received_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

function entry(reportId: string, text: string): SignatureEntry {
  return { reportId, signature: minhashSignature(text)!, createdAt: new Date().toISOString() };
}

async function countRows(
  db: Kysely<Database>,
  table: 'near_duplicate_bands' | 'near_duplicate_signatures' | 'near_duplicate_band_queue',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

for (const dialect of testDialects()) {
  describe(`near-duplicate index (${dialect})`, () => {
    let database: TestDatabase;
    let db: Kysely<Database>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      db = database.db;
    });
    afterAll(() => database.cleanup());
    beforeEach(async () => {
      await db.deleteFrom('near_duplicate_band_queue').execute();
      await db.deleteFrom('near_duplicate_bands').execute();
      await db.deleteFrom('near_duplicate_signatures').execute();
      await db.deleteFrom('reports').execute();
    });

    it('stores one signature and queues its bands, and a lookup writes one row per band and finds the edited copies, most similar first, verified', async () => {
      const texts = [selfMedia, phoneChanged, punctuated, amountChanged, forumDeletion, fakeJournalist];
      const ids: string[] = [];
      for (const text of texts) ids.push(await insertReport(db, text));
      await db.transaction().execute((trx) =>
        insertSignatures(
          trx,
          ids.map((id, i) => entry(id, texts[i]!)),
        ),
      );
      expect(await countRows(db, 'near_duplicate_signatures')).toBe(texts.length);
      // The band rows are the indexer's, after commit; none has run here.
      expect(await countRows(db, 'near_duplicate_bands')).toBe(0);
      expect(await countRows(db, 'near_duplicate_band_queue')).toBe(texts.length);

      const [original, phone, punctuation, amount] = ids;
      const found = await findNearDuplicates(db, original!);
      expect(await countRows(db, 'near_duplicate_bands')).toBe(texts.length * BANDS);
      expect(await countRows(db, 'near_duplicate_band_queue')).toBe(0);
      expect(found.map((d) => d.reportId).sort()).toEqual([phone, punctuation, amount].sort());
      expect(found[0]!.reportId).toBe(punctuation);
      expect(found[0]!.similarity).toBe(1);
      for (let i = 1; i < found.length; i++) expect(found[i - 1]!.similarity).toBeGreaterThanOrEqual(found[i]!.similarity);
      expect(found.every((d) => d.similarity >= 0.6 && d.trackingCode.startsWith('T'))).toBe(true);
      expect(await findNearDuplicates(db, ids[4]!)).toEqual([]);
      // A stricter threshold verifies the same candidates and keeps fewer.
      expect((await findNearDuplicates(db, original!, { minSimilarity: 0.99 })).map((d) => d.reportId)).toEqual([punctuation]);
    });

    it('takes the signature from the text of a report stored before the index, and drops reports that are gone', async () => {
      const before = await insertReport(db, phoneChanged);
      const original = await insertReport(db, selfMedia);
      const gone = await insertReport(db, punctuated);
      await db.transaction().execute((trx) => insertSignatures(trx, [entry(original, selfMedia), entry(gone, punctuated)]));
      await catchUpBands(db);
      // Deleting the report cascades to its signature but leaves its band rows: they must lead nowhere.
      await db.deleteFrom('reports').where('id', '=', gone).execute();
      expect((await findNearDuplicates(db, before)).map((d) => d.reportId)).toEqual([original]);
      expect(await findNearDuplicates(db, uuidv7())).toEqual([]);
    });

    it('removes a report from the index, its band rows found by key', async () => {
      const a = await insertReport(db, selfMedia);
      const b = await insertReport(db, phoneChanged);
      await db.transaction().execute((trx) => insertSignatures(trx, [entry(a, selfMedia), entry(b, phoneChanged)]));
      await catchUpBands(db);
      await db.transaction().execute((trx) => deleteSignatures(trx, [b]));
      expect(await countRows(db, 'near_duplicate_bands')).toBe(BANDS);
      expect(await countRows(db, 'near_duplicate_signatures')).toBe(1);
      expect(await findNearDuplicates(db, a)).toEqual([]);
    });

    it('removes a report still queued for its bands from the queue, so none are written for it', async () => {
      const a = await insertReport(db, selfMedia);
      const b = await insertReport(db, phoneChanged);
      await db.transaction().execute((trx) => insertSignatures(trx, [entry(a, selfMedia), entry(b, phoneChanged)]));
      await db.transaction().execute((trx) => deleteSignatures(trx, [b]));
      expect(await countRows(db, 'near_duplicate_band_queue')).toBe(1);
      expect(await findNearDuplicates(db, a)).toEqual([]);
      expect(await countRows(db, 'near_duplicate_bands')).toBe(BANDS);
    });

    it('reads at most a capped number of reports from a crowded bucket, the newest', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 80; i++) ids.push(await insertReport(db, selfMedia));
      await db.transaction().execute((trx) =>
        insertSignatures(
          trx,
          ids.map((id) => entry(id, selfMedia)),
        ),
      );
      const probe = ids[0]!;
      const found = await findNearDuplicates(db, probe, { perBucket: 30, limit: 100 });
      expect(found).toHaveLength(30);
      expect(found.map((d) => d.reportId).sort()).toEqual([...ids].sort().slice(-30));
      expect((await findNearDuplicates(db, probe)).length).toBe(10);
    });

    it('finds the same near-duplicates whatever order the band rows were written in', async () => {
      const texts = [selfMedia, phoneChanged, punctuated, amountChanged, forumDeletion, fakeJournalist];
      const ids = texts.map(() => uuidv7());
      const entries = ids.map((id, i) => entry(id, texts[i]!));
      let expected: unknown;
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray(entries, { minLength: entries.length }), fc.boolean(), async (shuffled, oneByOne) => {
          await db.deleteFrom('near_duplicate_band_queue').execute();
          await db.deleteFrom('near_duplicate_bands').execute();
          await db.deleteFrom('near_duplicate_signatures').execute();
          await db.deleteFrom('reports').execute();
          for (const e of shuffled) await insertReport(db, texts[ids.indexOf(e.reportId)]!, e.reportId);
          if (oneByOne) for (const e of shuffled) await db.transaction().execute((trx) => insertSignatures(trx, [e]));
          else await db.transaction().execute((trx) => insertSignatures(trx, shuffled));
          const found = await Promise.all(ids.map((id) => findNearDuplicates(db, id)));
          expected ??= found;
          expect(found).toEqual(expected);
        }),
        { numRuns: 6 },
      );
    });
  });

  describe(`near-duplicates on intake and in triage (${dialect})`, () => {
    let t: TestApp;
    let triage: Record<string, string>;
    let officer: Record<string, string>;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const centre = await createOrganization(t.app, { kind: 'reporting_centre', regionCode: '100000' });
      const agency = await createOrganization(t.app, { kind: 'regulator', regionCode: '330000', parentId: centre.id });
      triage = (await openSession(t.app, (await createUser(t.app, { orgId: centre.id, roles: ['triage_officer'] })).id)).headers;
      officer = (await openSession(t.app, (await createUser(t.app, { orgId: agency.id, roles: ['case_officer'] })).id)).headers;
    }, 60_000);
    afterAll(() => t.close());

    const file = async (description: string) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { category: 'online_extortion', description, reporter: { anonymous: true } },
      });
      expect(response.statusCode).toBe(201);
      const trackingCode = response.json().trackingCode as string;
      const row = await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('tracking_code', '=', trackingCode)
        .executeTakeFirstOrThrow();
      return { id: row.id, trackingCode };
    };

    it('stores a report signature on intake, queues its bands, and shows triage its near-duplicates without the indexer having run', async () => {
      const first = await file(selfMedia);
      const unrelated = await file(forumDeletion);
      const second = await file(phoneChanged);
      const bandsOf = async (reportId: string) =>
        toCount(
          (
            await t.database.db
              .selectFrom('near_duplicate_bands')
              .select((eb) => eb.fn.countAll<number | string>().as('n'))
              .where('report_id', '=', reportId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      // The test app runs no workers: the bands are written by the lookup's catching up, nothing else.
      expect(await bandsOf(first.id)).toBe(0);
      expect(await bandsOf(second.id)).toBe(0);
      const queued = await t.database.db.selectFrom('near_duplicate_band_queue').select('report_id').execute();
      expect(queued.map((q) => q.report_id).sort()).toEqual([first.id, unrelated.id, second.id].sort());
      expect(
        await t.database.db.selectFrom('near_duplicate_signatures').select('report_id').where('report_id', '=', second.id).execute(),
      ).toHaveLength(1);

      const detail = await t.app.inject({ method: 'GET', url: `/api/v1/triage/reports/${second.id}`, headers: triage });
      expect(detail.statusCode).toBe(200);
      const { nearDuplicates } = detail.json() as { nearDuplicates: { reportId: string; trackingCode: string; similarity: number }[] };
      expect(nearDuplicates).toEqual([{ reportId: first.id, trackingCode: first.trackingCode, similarity: expect.any(Number) }]);
      expect(nearDuplicates[0]!.similarity).toBeGreaterThanOrEqual(0.6);
      expect(nearDuplicates[0]!.similarity).toBeLessThan(1);
      expect(await bandsOf(second.id)).toBe(BANDS);
      const other = (await t.app.inject({ method: 'GET', url: `/api/v1/triage/reports/${unrelated.id}`, headers: triage })).json();
      expect(other.nearDuplicates).toEqual([]);
      // Not triage: no report, and nothing about its near-duplicates.
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/triage/reports/${second.id}`, headers: officer })).statusCode).toBe(403);
    });
  });
}
