import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../../test/dialects';
import { syntheticReportRow } from '../../../test/report-rows';
import { toIsoString } from '../../db/values';
import { uuidv7 } from '../../lib/ids';
import { reportLabels } from './correlation.repository';

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
