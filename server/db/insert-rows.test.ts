import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../test/dialects';
import { insertRows } from './insert-rows';
import type { NewReportRow } from './schema';

function reportRow(id: string, extra: Partial<NewReportRow> = {}): NewReportRow {
  return {
    id,
    tracking_code: `QL-${id}`,
    access_key_hash: 'hash',
    category: 'online_extortion',
    status: 'received',
    description: `report ${id}`,
    platform: null,
    occurred_at: null,
    target_urls: '[]',
    money_amount: null,
    money_currency: null,
    money_channel: null,
    reporter_kind: 'anonymous',
    reporter_sealed: null,
    contact_consent: 0,
    locale: 'zh-CN',
    result_code: null,
    result_note: null,
    received_at: '2026-11-29T01:00:00.000Z',
    updated_at: '2026-11-29T01:00:00.000Z',
    ...extra,
  };
}

for (const dialect of testDialects()) {
  describe(`insertRows on ${dialect}`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => {
      await database?.cleanup();
    });

    it('stores more rows than one statement takes, in the order given', async () => {
      const ids = Array.from({ length: 1_201 }, (_, i) => `queued-${String(i).padStart(4, '0')}`);
      await database.db.transaction().execute((trx) =>
        insertRows(
          trx,
          'search_index_queue',
          ids.map((report_id) => ({ report_id })),
        ),
      );
      const rows = await database.db
        .selectFrom('search_index_queue')
        .select('report_id')
        .where('report_id', 'like', 'queued-%')
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.report_id)).toEqual(ids);
    });

    it('gives a column a row leaves out (or undefined) its default, beside rows that set it', async () => {
      await insertRows(database.db, 'reports', [
        reportRow('r1'),
        reportRow('r2', { source: 'enterprise', enterprise_org_id: 'org-1', filed_by: 'user-1' }),
        reportRow('r3', { source: undefined, platform: '某平台' }),
      ]);
      const rows = await database.db
        .selectFrom('reports')
        .select(['id', 'source', 'enterprise_org_id', 'filed_by', 'platform', 'contact_consent'])
        .where('id', 'in', ['r1', 'r2', 'r3'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'r1', source: 'public', enterprise_org_id: null, filed_by: null, platform: null, contact_consent: 0 },
        { id: 'r2', source: 'enterprise', enterprise_org_id: 'org-1', filed_by: 'user-1', platform: null, contact_consent: 0 },
        { id: 'r3', source: 'public', enterprise_org_id: null, filed_by: null, platform: '某平台', contact_consent: 0 },
      ]);
    });

    it('stores nothing for no rows', async () => {
      await expect(insertRows(database.db, 'search_index_queue', [])).resolves.toBeUndefined();
    });
  });
}
