import type { Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Indexes for the newest-first case lists, from `npm run bench:cases` on 1,000,000 cases: without
 * `(opened_at, id)` triage's all-cases page scanned and sorted the whole table (SQLite p95 3.4 s,
 * its 20th page 5.8 s); with it PostgreSQL answered in 7–9 ms. `(lead_org_id, opened_at, id)` serves
 * a region lead's page without sorting the province (PostgreSQL p95 20 ms).
 */
export function migration(_dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('cases_opened_idx').on('cases').columns(['opened_at', 'id']).execute();
      await db.schema.createIndex('cases_lead_opened_idx').on('cases').columns(['lead_org_id', 'opened_at', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('cases_lead_opened_idx').ifExists().execute();
      await db.schema.dropIndex('cases_opened_idx').ifExists().execute();
    },
  };
}
