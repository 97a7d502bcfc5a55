import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * A report's category on its indicator occurrences (issue 5: correlation at a million reports).
 * Correlation labels every linked report with its category and the time it was received. It read them
 * from `reports_labels_idx`, one random index leaf a linked report: the largest statement of a
 * heavy correlation (~7 µs a link in memory at 200,000 reports), and a random page read a link where
 * the page cache does not hold the index. Both are immutable, and an occurrence row of a report
 * already holds the time (`created_at` is the report's `received_at`); with the category beside it,
 * the rows correlation reads a value's subjects from label them.
 *
 * `report_category` is null on other subjects' rows. Rows of reports stored before this migration
 * get their report's category here, and `created_at` set to its `received_at` (as intake writes it),
 * so that a row with a category always carries both labels. A row without one (written by a tool
 * that did not set it) is labelled from `reports`, as before.
 */
export function migration(_dialect: DatabaseDialect): Migration {
  const tables = ['indicator_occurrences', 'recent_indicator_occurrences'] as const;
  return {
    async up(db: Kysely<any>) {
      for (const table of tables) {
        await db.schema.alterTable(table).addColumn('report_category', 'text').execute();
        await sql`update ${sql.table(table)} set report_category = r.category, created_at = r.received_at
          from reports r where r.id = ${sql.ref(`${table}.subject_id`)} and ${sql.ref(`${table}.subject_type`)} = 'report'`.execute(db);
      }
    },

    async down(db: Kysely<any>) {
      for (const table of tables) await db.schema.alterTable(table).dropColumn('report_category').execute();
    },
  };
}
