import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/app';
import { testDialects } from '../../test/dialects';
import { SearchService } from '../modules/search/search.service';
import { runSearchReindex } from './search-command';

for (const dialect of testDialects()) {
  describe(`qinglang search reindex (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      for (const description of ['某公关公司声称收费即可删帖，联系电话13812345678。', '自媒体账号以曝光负面新闻相要挟，敲诈勒索五万元。'])
        expect(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/v1/reports',
              payload: { category: 'other', description, reporter: { anonymous: true } },
            })
          ).statusCode,
        ).toBe(201);
    });
    afterAll(() => t?.close());

    it('rebuilds a lost index and records the rebuild in the audit log', async () => {
      const search = new SearchService({ db: t.database.db, dialect });
      const system = { kind: 'system' as const, name: 'test' };
      expect((await search.search(system, { q: '删帖' })).total).toBe(1);
      await t.database.db.deleteFrom('search_postings').execute();
      await t.database.db.deleteFrom('search_documents').execute();
      expect((await search.search(system, { q: '删帖' })).total).toBe(0);

      const lines: string[] = [];
      expect(await runSearchReindex({ ...t.config, database: t.database.target }, { batchSize: 1 }, (line) => lines.push(line))).toBe(0);
      expect(lines.at(-1)).toMatch(/^Indexed 2 reports and 0 cases in /);
      expect((await search.search(system, { q: '删帖' })).total).toBe(1);
      expect((await search.search(system, { q: '+86 138 1234 5678' })).total).toBe(1);
      const audited = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'search.reindexed').execute();
      expect(audited.map((e) => JSON.parse(e.summary) as unknown)).toEqual([{ reports: 2, cases: 0 }]);
      // Rebuilding again changes nothing.
      expect(await runSearchReindex({ ...t.config, database: t.database.target }, { batchSize: 500 }, () => {})).toBe(0);
      expect((await search.search(system, { q: '敲诈勒索' })).total).toBe(1);
    });

    it('refuses a batch size out of range without touching the index', async () => {
      const lines: string[] = [];
      expect(await runSearchReindex({ ...t.config, database: t.database.target }, { batchSize: 0 }, (line) => lines.push(line))).toBe(2);
      expect(lines).toEqual(['--batch must be a whole number from 1 to 5000']);
    });
  });
}
