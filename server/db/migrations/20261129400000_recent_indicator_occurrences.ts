import type { Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Recent indicator occurrences (issue 5: intake at scale). Intake's occurrences used to go straight
 * into `indicator_occurrences`, whose primary key leads with the value: in a store of millions each
 * of a report's five or so occurrences lands on a leaf of its own, so a filled store's intake wrote
 * and checkpointed several random pages a report where an empty one shared a few hot pages among a
 * whole batch (bench/registry.ts: occurrence inserts 61 µs a report empty, 147 µs at 200,000).
 *
 * Intake now appends them to `recent_indicator_occurrences`, a table that stays small, and the
 * occurrence merger (`server/modules/correlation/recent-occurrences.ts`) moves them into
 * `indicator_occurrences` in batches after commit, deleting them here in the same transaction, at
 * background priority. Every reader of report occurrences reads both tables in one statement (one
 * snapshot, so a row is seen exactly once while a merge commits). A value's count is its
 * `indicator_value_counts` row (kept by the triggers on `indicator_occurrences`, so it counts merged
 * occurrences) plus its recent ones. Other writers (registry identifiers, deletion requests) keep
 * writing `indicator_occurrences` directly: they are few, and they update and delete theirs.
 *
 * `seq` orders the merge oldest first; the two indexes serve lookups by value and by subject.
 */
export function migration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('recent_indicator_occurrences')
        .addColumn('seq', 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('created_at', dialect === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('recent_indicator_occurrences_value_idx')
        .on('recent_indicator_occurrences')
        .columns(['type', 'value'])
        .execute();
      await db.schema
        .createIndex('recent_indicator_occurrences_subject_idx')
        .on('recent_indicator_occurrences')
        .columns(['subject_type', 'subject_id'])
        .execute();
    },

    async down(db: Kysely<any>) {
      // What was not merged yet goes back where intake used to write it.
      await db
        .insertInto('indicator_occurrences')
        .columns(['type', 'value', 'subject_type', 'subject_id', 'field', 'created_at'])
        .expression(
          db
            .selectFrom('recent_indicator_occurrences')
            .select(['type', 'value', 'subject_type', 'subject_id', 'field', 'created_at'])
            .orderBy('seq'),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      await db.schema.dropTable('recent_indicator_occurrences').ifExists().execute();
    },
  };
}
