import fc from 'fast-check';
import { syntheticReportRow } from '../../../test/report-rows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../../test/dialects';
import { uuidv7 } from '../../lib/ids';
import { indexDocuments, removeDocuments, reportSearchDocument } from './search-index';
import { SearchService } from './search.service';
import { documentTerms } from './tokenize';

const cjkChar = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
const piece = fc.oneof(
  fc.array(cjkChar, { minLength: 1, maxLength: 10 }).map((cs) => cs.join('')),
  fc.stringMatching(/^[A-Za-z]{1,8}$/),
  fc.stringMatching(/^\d{1,12}$/),
  fc.constantFrom(' ', '，', '。', '-', '：', 'PR', '公关公司'),
);
/** A document with at least one run of two CJK characters, and a substring of such a run. */
const documentAndQuery = fc
  .tuple(
    fc.array(piece, { minLength: 0, maxLength: 12 }),
    fc.array(cjkChar, { minLength: 2, maxLength: 12 }),
    fc.array(piece, { maxLength: 12 }),
  )
  .chain(([before, run, after]) =>
    fc.tuple(fc.nat({ max: run.length - 2 }), fc.nat()).map(([start, extra]) => ({
      doc: `${before.join('')}，${run.join('')}。${after.join('')}`,
      query: run.slice(start, start + 2 + (extra % (run.length - start - 1))).join(''),
    })),
  );

for (const dialect of testDialects()) {
  describe(`search index property (${dialect})`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(() => database?.cleanup());

    it('stores terms with quotes, backslashes, braces and astral characters as they are', async () => {
      const doc = {
        type: 'entity' as const,
        id: uuidv7(),
        createdAt: new Date().toISOString(),
        texts: ['https://example.com/a{b}"c\\d,e', '𠮷野家 𠮷野 ＰＲ公司'],
      };
      await database.db.transaction().execute((trx) => indexDocuments(trx, [doc], { fresh: true }));
      const rows = await database.db.selectFrom('search_postings').select(['term', 'tf']).where('doc_type', '=', 3).execute();
      const stored = new Map(rows.map((r) => [r.term, Number(r.tf)]));
      expect(stored).toEqual(documentTerms(doc.texts).frequencies);
      expect(stored.get('𠮷野')).toBe(2);
      await database.db.transaction().execute((trx) => removeDocuments(trx, [doc]));
      expect(await database.db.selectFrom('search_postings').select('term').where('doc_type', '=', 3).execute()).toEqual([]);
    });

    it('finds a document by any substring of two or more CJK characters in it', async () => {
      const search = new SearchService({ db: database.db, dialect });
      await fc.assert(
        fc.asyncProperty(documentAndQuery, async ({ doc, query }) => {
          const at = new Date().toISOString();
          const row = syntheticReportRow({ id: uuidv7(), trackingCode: `P${uuidv7().slice(-11)}`, description: doc, at });
          await database.db.transaction().execute(async (trx) => {
            await trx.insertInto('reports').values(row).execute();
            await indexDocuments(trx, [reportSearchDocument(row)], { fresh: true });
          });
          try {
            const found = await search.search({ kind: 'system', name: 'property' }, { q: query, limit: 50 });
            expect(
              found.items.map((i) => i.id),
              `${query} in ${doc}`,
            ).toContain(row.id);
            expect(found.items.find((i) => i.id === row.id)!.snippet.segments.some((s) => s.match)).toBe(true);
          } finally {
            await database.db.transaction().execute(async (trx) => {
              await removeDocuments(trx, [reportSearchDocument(row)]);
              await trx.deleteFrom('reports').where('id', '=', row.id).execute();
            });
          }
        }),
        { numRuns: 40 },
      );
      // Every document was removed with exactly its postings.
      expect(await database.db.selectFrom('search_postings').select('term').limit(1).execute()).toEqual([]);
    }, 60_000);
  });
}
