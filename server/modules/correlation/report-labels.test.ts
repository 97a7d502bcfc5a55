import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { type TestDatabase, createTestDatabase, testDialects } from '../../../test/dialects';
import { SYSTEM, fileReport } from '../../../test/factories';
import { occurrenceRow, syntheticReportRow } from '../../../test/report-rows';
import { toIsoString } from '../../db/values';
import { uuidv7 } from '../../lib/ids';
import { reportLabels } from './correlation.repository';
import { CorrelationService } from './correlation.service';
import { mergeAllRecentOccurrences } from './recent-occurrences';

for (const dialect of testDialects()) {
  describe(`report labels (${dialect})`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => {
      await database?.cleanup();
    });

    it('come from the covering index, one row per report asked for', async () => {
      const db = database.db;
      const ids = Array.from({ length: 5 }, () => uuidv7());
      await db
        .insertInto('reports')
        .values(
          ids.map((id, i) =>
            syntheticReportRow({
              id,
              trackingCode: `L${String(i).padStart(11, '0')}`,
              description: 'x',
              at: `2026-11-2${i}T10:00:00.000Z`,
              category: i % 2 === 0 ? 'paid_deletion' : 'online_extortion',
            }),
          ),
        )
        .execute();

      const labels = await reportLabels(db, [ids[3]!, ids[0]!, uuidv7()]);
      expect(
        labels
          .map((l) => ({ id: l.id, category: l.category, receivedAt: toIsoString(l.received_at) }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual([
        { id: ids[0]!, category: 'paid_deletion', receivedAt: '2026-11-20T10:00:00.000Z' },
        { id: ids[3]!, category: 'online_extortion', receivedAt: '2026-11-23T10:00:00.000Z' },
      ]);
      expect(await reportLabels(db, [])).toEqual([]);

      const columns =
        dialect === 'postgres'
          ? (
              await sql<{
                indexdef: string;
              }>`select indexdef from pg_indexes where indexname = 'reports_labels_idx' and schemaname = current_schema()`.execute(db)
            ).rows.map((r) => r.indexdef.replace(/^.*USING btree /, ''))
          : (await sql<{ name: string }>`select name from pragma_index_info('reports_labels_idx') order by seqno`.execute(db)).rows.map(
              (r) => r.name,
            );
      expect(columns).toEqual(dialect === 'postgres' ? ['(id) INCLUDE (category, received_at)'] : ['id', 'category', 'received_at']);
    });
  });
}

for (const dialect of testDialects()) {
  describe(`linked reports' labels in a correlation (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    }, 60_000);
    afterAll(() => t?.close());

    it("are each report's category and time, from its occurrence rows before and after they merge, and from reports where the rows lack them", async () => {
      const db = t.database.db;
      const phone = '13912345678';
      const file = async (category: string) =>
        (
          await fileReport(t.app, {
            category,
            description: `对方用手机 ${phone} 联系我们，索要删帖费用，否则继续发布负面文章。`,
            reporter: { anonymous: true },
          })
        ).id;
      const filed = [await file('paid_deletion'), await file('online_extortion'), await file('fake_news_outlet')];
      // A report whose rows a tool wrote without its labels (as before migration 20261129500000).
      const bare = uuidv7();
      await db
        .insertInto('reports')
        .values(
          syntheticReportRow({
            id: bare,
            trackingCode: 'LABELS000001',
            description: 'x'.repeat(20),
            at: '2026-02-03T04:05:06.000Z',
            category: 'other',
          }),
        )
        .execute();
      await db
        .insertInto('indicator_occurrences')
        .values(occurrenceRow(`+86${phone}`, bare, { at: '2026-05-05T00:00:00.000Z' }))
        .execute();
      const truth = new Map(
        (await db.selectFrom('reports').select(['id', 'category', 'received_at']).execute()).map((r) => [
          r.id,
          { category: r.category, receivedAt: toIsoString(r.received_at) },
        ]),
      );

      const correlation = new CorrelationService({ db, dialect, hotThreshold: 1000 });
      const labels = async () => {
        const answer = await correlation.correlate(SYSTEM, 'report', filed[0]!);
        return new Map(answer.links.map((l) => [l.subjectId, l.label]));
      };
      const expected = new Map([filed[1]!, filed[2]!, bare].map((id) => [id, truth.get(id)]));
      // Filed through intake, the rows wait in the recent table; then they are merged.
      expect(
        await db.selectFrom('recent_indicator_occurrences').select('report_category').where('subject_id', '=', filed[1]!).execute(),
      ).toEqual([{ report_category: 'online_extortion' }]);
      expect(await labels()).toEqual(expected);
      await mergeAllRecentOccurrences(db);
      expect(await db.selectFrom('indicator_occurrences').select('report_category').where('subject_id', '=', filed[2]!).execute()).toEqual([
        { report_category: 'fake_news_outlet' },
      ]);
      expect(await labels()).toEqual(expected);
    });
  });
}
