import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../../test/dialects';
import { occurrenceRow, syntheticReportRow } from '../../../test/report-rows';
import type { Database } from '../../db/schema';
import { toCount } from '../../db/values';
import { uuidv7 } from '../../lib/ids';
import { cappedOccurrenceCount } from './correlation.repository';
import { CorrelationService } from './correlation.service';

const at = '2026-11-28T10:00:00.000Z';
const occurrence = (value: string, subjectId: string, subjectType = 'report', field = 'description') =>
  occurrenceRow(value, subjectId, { subjectType, field, at });

/**
 * Counts as the index holds them, and as the counts table says. SQLite keeps rows only for values
 * seen at least twice; PostgreSQL for every value.
 */
async function bothCounts(db: Kysely<Database>, dialect: string) {
  const fewest = dialect === 'sqlite' ? 2 : 1;
  const counted = await db
    .selectFrom('indicator_occurrences')
    .select(['type', 'value', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['type', 'value'])
    .orderBy('type')
    .orderBy('value')
    .execute();
  const kept = await db.selectFrom('indicator_value_counts').selectAll().orderBy('type').orderBy('value').execute();
  return {
    counted: counted.filter((r) => toCount(r.n) >= fewest).map((r) => `${r.type}:${r.value}=${toCount(r.n)}`),
    kept: kept.map((r) => `${r.type}:${r.value}=${toCount(r.occurrences)}`),
  };
}

/** The count as correlation made it before the counts table: a capped range of the primary key. */
async function rangeCount(db: Kysely<Database>, value: string, cap: number): Promise<number> {
  const row = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('indicator_occurrences')
        .select('subject_id')
        .where('type', '=', 'phone')
        .where('value', '=', value)
        .limit(cap)
        .as('capped'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

for (const dialect of testDialects()) {
  describe(`indicator value counts (${dialect})`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => {
      await database?.cleanup();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('indicator_occurrences').execute();
    });

    /** Twelve report rows (correlation labels its links from them), tracking codes led by `prefix`. */
    const storeReports = async (prefix: string) => {
      const ids = Array.from({ length: 12 }, () => uuidv7());
      await database.db
        .insertInto('reports')
        .values(
          ids.map((id, i) => syntheticReportRow({ id, trackingCode: `${prefix}${String(i).padStart(11, '0')}`, description: 'x', at })),
        )
        .execute();
      return ids;
    };

    it('stay in step through multi-row inserts, ignored duplicates, updates and deletes', async () => {
      const db = database.db;
      const ids = Array.from({ length: 30 }, () => uuidv7());
      await db
        .insertInto('indicator_occurrences')
        .values(ids.flatMap((id, i) => [occurrence('+8613800000001', id), occurrence(`+86139${String(i % 4).padStart(8, '0')}`, id)]))
        .execute();
      await db
        .insertInto('indicator_occurrences')
        .values(occurrence('+8613800000001', ids[0]!, 'report', 'platform'))
        .execute();
      // A duplicate the statement ignores adds nothing.
      await db
        .insertInto('indicator_occurrences')
        .values([occurrence('+8613800000001', ids[0]!), occurrence('+8613700000000', ids[1]!, 'entity')])
        .onConflict((oc) => oc.doNothing())
        .execute();
      expect((await bothCounts(db, dialect)).kept).toEqual((await bothCounts(db, dialect)).counted);
      expect((await bothCounts(db, dialect)).kept).toContain('phone:+8613800000001=31');

      await db
        .updateTable('indicator_occurrences')
        .set({ value: '+8613700000000' })
        .where('subject_id', 'in', ids.slice(0, 5))
        .where('value', 'like', '+86139%')
        .execute();
      await db.updateTable('indicator_occurrences').set({ field: 'platform' }).where('subject_id', '=', ids[6]!).execute();
      let counts = await bothCounts(db, dialect);
      expect(counts.kept).toEqual(counts.counted);

      await db.deleteFrom('indicator_occurrences').where('subject_id', 'in', ids.slice(0, 20)).execute();
      await db.deleteFrom('indicator_occurrences').where('value', '=', '+8613700000000').execute();
      counts = await bothCounts(db, dialect);
      expect(counts.kept).toEqual(counts.counted);
      // A value with no occurrence left has no row.
      expect(counts.kept.some((k) => k.startsWith('phone:+8613700000000='))).toBe(false);

      await db.deleteFrom('indicator_occurrences').execute();
      expect(await db.selectFrom('indicator_value_counts').selectAll().execute()).toEqual([]);
    });

    it('count a value seen once, and keep counting it from its second occurrence on', async () => {
      const db = database.db;
      const [first, second, third] = [uuidv7(), uuidv7(), uuidv7()];
      const value = '+8613600000006';
      const count = () => cappedOccurrenceCount(db, { type: 'phone', value }, 1001);
      expect(await count()).toBe(0);
      await db.insertInto('indicator_occurrences').values(occurrence(value, first)).execute();
      expect(await count()).toBe(1);
      const rows = () => db.selectFrom('indicator_value_counts').select('occurrences').where('value', '=', value).execute();
      expect((await rows()).length).toBe(dialect === 'sqlite' ? 0 : 1);
      await db.insertInto('indicator_occurrences').values(occurrence(value, second)).execute();
      expect(await count()).toBe(2);
      expect((await rows()).map((r) => toCount(r.occurrences))).toEqual([2]);
      await db.insertInto('indicator_occurrences').values(occurrence(value, third)).execute();
      expect(await count()).toBe(3);
      await db.deleteFrom('indicator_occurrences').where('subject_id', 'in', [first, third]).execute();
      expect(await count()).toBe(1);
      expect((await rows()).length).toBe(dialect === 'sqlite' ? 0 : 1);
      await db.deleteFrom('indicator_occurrences').execute();
      expect(await count()).toBe(0);
    });

    it('give the capped counts the primary-key range gave, and correlation links as before', async () => {
      const db = database.db;
      const reports = await storeReports('V');
      // A value past the threshold of 5 (hot), a shared one, and one of each report's own.
      await db
        .insertInto('indicator_occurrences')
        .values(
          reports.flatMap((id, i) => [
            occurrence('+8613800000001', id),
            ...(i < 3 ? [occurrence('+8613800000002', id)] : []),
            occurrence(`+86139${String(i).padStart(8, '0')}`, id),
          ]),
        )
        .execute();
      for (const [value, cap] of [
        ['+8613800000001', 6],
        ['+8613800000001', 20],
        ['+8613800000002', 6],
        ['+8613900000000', 6],
        ['+8613000000000', 6],
      ] as const)
        expect(await cappedOccurrenceCount(db, { type: 'phone', value }, cap)).toBe(await rangeCount(db, value, cap));

      const service = new CorrelationService({ db, dialect, hotThreshold: 5 });
      const result = await service.correlate({ kind: 'system' } as never, 'report', reports[0]!);
      const byValue = Object.fromEntries(result.values.map((v) => [v.value, { occurrences: v.occurrences, hot: v.hot }]));
      expect(byValue['+8613800000001']).toEqual({ occurrences: 6, hot: true });
      expect(byValue['+8613800000002']).toEqual({ occurrences: 3, hot: false });
      expect(result.links.map((l) => l.subjectId).sort()).toEqual([reports[1]!, reports[2]!].sort());
    });

    it('remembers a value found hot, and counts the others afresh on every correlation', async () => {
      const db = database.db;
      const reports = await storeReports('W');
      const hotValue = '+8613800000011';
      const rareValue = '+8613800000012';
      await db
        .insertInto('indicator_occurrences')
        .values(reports.flatMap((id, i) => [occurrence(hotValue, id), ...(i < 2 ? [occurrence(rareValue, id)] : [])]))
        .execute();
      const service = new CorrelationService({ db, dialect, hotThreshold: 5 });
      const counted = async (of: CorrelationService) =>
        Object.fromEntries(
          (await of.correlate({ kind: 'system' } as never, 'report', reports[0]!)).values.map((v) => [
            v.value,
            { occurrences: v.occurrences, hot: v.hot },
          ]),
        );
      expect(await counted(service)).toEqual({ [hotValue]: { occurrences: 6, hot: true }, [rareValue]: { occurrences: 2, hot: false } });

      // The hot value loses most of its occurrences, the rare one gains two.
      await db.deleteFrom('indicator_occurrences').where('value', '=', hotValue).where('subject_id', 'in', reports.slice(2)).execute();
      await db
        .insertInto('indicator_occurrences')
        .values(reports.slice(2, 4).map((id) => occurrence(rareValue, id)))
        .execute();
      expect(await counted(service)).toEqual({ [hotValue]: { occurrences: 6, hot: true }, [rareValue]: { occurrences: 4, hot: false } });
      expect(await counted(new CorrelationService({ db, dialect, hotThreshold: 5 }))).toEqual({
        [hotValue]: { occurrences: 2, hot: false },
        [rareValue]: { occurrences: 4, hot: false },
      });
    });
  });
}
