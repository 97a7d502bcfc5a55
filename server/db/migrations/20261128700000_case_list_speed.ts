import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Case lists at 1,000,000 cases (`npm run bench:cases`, bench/README.md "Third figures"):
 *
 * - `case_agencies` carries a copy of its case's `status` and `opened_at` (`case_status`,
 *   `case_opened_at`), kept in step by the cases repository in the same transaction as every
 *   status change, so an agency's page with a status filter is one range of
 *   `(org_id, case_status, case_opened_at, case_id)` instead of walking every case newest first and
 *   probing `case_agencies` per row (PostgreSQL p95 121–128 ms before); `(org_id, case_opened_at,
 *   case_id)` does the same for an agency's page of every status.
 * - `(status, opened_at, id)` replaces `(status, opened_at)`: a newest-first page filtered to several
 *   statuses reads one range per status, each stopping at the page size (SQLite sorted ~150,000
 *   open cases per page before: p95 299 ms, its 20th page 580 ms).
 * - `(lead_org_id, status, conclude_due)` on PostgreSQL: a province's overdue count is read from the
 *   index alone.
 */
export function migration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'postgres') {
        await db.schema.alterTable('case_agencies').addColumn('case_status', 'text').execute();
        await db.schema
          .alterTable('case_agencies')
          .addColumn('case_opened_at', sql`timestamptz`)
          .execute();
      } else {
        // SQLite adds a NOT NULL column only with a default; every row is filled just below.
        await db.schema
          .alterTable('case_agencies')
          .addColumn('case_status', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('case_agencies')
          .addColumn('case_opened_at', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      }
      await sql`update case_agencies set case_status = cases.status, case_opened_at = cases.opened_at from cases where cases.id = case_agencies.case_id`.execute(
        db,
      );
      if (dialect === 'postgres') {
        await sql`alter table case_agencies alter column case_status set not null, alter column case_opened_at set not null`.execute(db);
      }
      await db.schema
        .createIndex('case_agencies_org_status_opened_idx')
        .on('case_agencies')
        .columns(['org_id', 'case_status', 'case_opened_at', 'case_id'])
        .execute();
      await db.schema
        .createIndex('case_agencies_org_opened_idx')
        .on('case_agencies')
        .columns(['org_id', 'case_opened_at', 'case_id'])
        .execute();
      await db.schema.createIndex('cases_status_opened_id_idx').on('cases').columns(['status', 'opened_at', 'id']).execute();
      await db.schema.dropIndex('cases_status_opened_idx').execute();
      // PostgreSQL only: SQLite counts a province's overdue cases in ~30 ms without it, and with it
      // its planner served a region lead's newest-first page from this index and sorted the whole
      // province (p95 230 ms) instead of reading `(lead_org_id, opened_at, id)` ranges newest first.
      if (dialect === 'postgres')
        await db.schema.createIndex('cases_lead_status_due_idx').on('cases').columns(['lead_org_id', 'status', 'conclude_due']).execute();
    },

    async down(db: Kysely<any>) {
      await db.schema.dropIndex('cases_lead_status_due_idx').ifExists().execute();
      await db.schema.createIndex('cases_status_opened_idx').on('cases').columns(['status', 'opened_at']).execute();
      await db.schema.dropIndex('cases_status_opened_id_idx').ifExists().execute();
      await db.schema.dropIndex('case_agencies_org_opened_idx').ifExists().execute();
      await db.schema.dropIndex('case_agencies_org_status_opened_idx').ifExists().execute();
      await db.schema.alterTable('case_agencies').dropColumn('case_opened_at').execute();
      await db.schema.alterTable('case_agencies').dropColumn('case_status').execute();
    },
  };
}
