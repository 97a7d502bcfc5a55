import type { Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Background near-duplicate band indexing (issue 5): intake stores a report's MinHash signature in
 * its own transaction but no longer its 20 band rows, each of which lands on a random leaf of
 * `near_duplicate_bands` and, in a filled store, cost most of intake's WAL pages. It appends the
 * report's id to `near_duplicate_band_queue` instead, and the near-duplicate indexer
 * (`server/modules/similarity/near-duplicate-indexer.ts`) writes the band rows of queued reports in
 * batches after commit, removing them from the queue in the same transaction. As with
 * `search_index_queue`, the queue is the durable record of what is still to do; a lookup indexes what
 * is queued before it answers.
 *
 * Reports already stored have their band rows, so nothing is queued here.
 */
export function migration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('near_duplicate_band_queue')
        .addColumn('seq', 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('report_id', 'text', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<any>) {
      await db.schema.dropTable('near_duplicate_band_queue').ifExists().execute();
    },
  };
}
