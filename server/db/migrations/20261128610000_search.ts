import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { reindexSearch } from '../../modules/search/search-index';

/**
 * Full-text search (issue 5): one inverted index both dialects share, so they answer the same.
 *
 * `search_documents` numbers every indexed document (report, case, registry entity) with a small
 * integer, `doc_no`, in the order it was indexed; postings carry that number instead of the 36-character
 * id, which makes the index several times smaller (a report has a few hundred postings). A document's
 * postings are found again by tokenizing it again (`indexDocuments`), so no list of them is stored.
 *
 * `search_postings` is one row per term per document. The key leads with the term, then the document
 * type, then `doc_no`: a term's documents of one type are one index range, newest first when read
 * backwards, and "does this document contain that term" is one key lookup. On SQLite the table is
 * that index (WITHOUT ROWID). On PostgreSQL the term compares byte-wise (`collate "C"`), as on SQLite,
 * so a prefix is a range and both dialects order terms the same way.
 *
 * Existing reports and cases are indexed here; `qinglang search reindex` rebuilds the index later.
 */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  const termType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('search_documents')
        // Never reused (AUTOINCREMENT on SQLite): postings left behind by a document replaced under an
        // older tokenizer point at a number no document has, and so match nothing.
        .addColumn('doc_no', 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('doc_type', 'text', (c) => c.notNull())
        .addColumn('doc_id', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        // Tokens in the document, for length normalization in ranking.
        .addColumn('length', 'integer', (c) => c.notNull())
        .addUniqueConstraint('search_documents_doc_uq', ['doc_type', 'doc_id'])
        .execute();

      await db.schema
        .createTable('search_postings')
        .addColumn('term', termType, (c) => c.notNull())
        // 1 report, 2 case, 3 entity (see SEARCH_DOC_TYPE_CODES): one byte instead of a word per posting.
        .addColumn('doc_type', 'smallint', (c) => c.notNull())
        .addColumn('doc_no', 'integer', (c) => c.notNull())
        .addColumn('tf', 'smallint', (c) => c.notNull())
        .$call((b) =>
          dialect === 'sqlite'
            ? b.addPrimaryKeyConstraint('search_postings_pk', ['term', 'doc_type', 'doc_no']).modifyEnd(sql`without rowid`)
            : b,
        )
        .execute();
      // PostgreSQL keeps the frequency in the key's index too, so reading postings needs no visit to the table.
      if (dialect === 'postgres')
        await sql`alter table search_postings add constraint search_postings_pk primary key (term, doc_type, doc_no) include (tf)`.execute(
          db,
        );

      await reindexSearch(db);
    },

    async down(db: Kysely<any>) {
      await db.schema.dropTable('search_postings').ifExists().execute();
      await db.schema.dropTable('search_documents').ifExists().execute();
    },
  };
}
