import type { Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Background search indexing (issue 2): intake no longer tokenizes and indexes a report in its own
 * transaction; it only appends the report's id to `search_index_queue`, and the search indexer
 * (`server/modules/search/search-indexer.ts`) indexes queued reports in batches after commit and
 * removes them from the queue in the same transaction. The queue is the durable high-water mark: a
 * report is in it until the transaction that indexed it commits, so a restart or a failed batch leaves
 * it there to be indexed again, and nothing is ever skipped.
 *
 * Why a queue and not a watermark on `(received_at, id)`: on PostgreSQL, intake transactions commit
 * out of order, and a report with an earlier `received_at` may become visible after the watermark
 * has moved past it. `seq` is only an order of work, never a position to trust.
 *
 * Reports already in the table were indexed at intake, so nothing is queued here.
 */
export function migration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('search_index_queue')
        .addColumn('seq', 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('report_id', 'text', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<any>) {
      await db.schema.dropTable('search_index_queue').ifExists().execute();
    },
  };
}
