import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * A report's label as correlation shows it (`id`, `category`, `received_at`), read from one index
 * alone. A correlation of a report with a few hundred links labels every linked report; through the
 * primary key each label cost a second descent into `reports`, whose rows carry the whole
 * description, so at a million reports most of those pages were not in the cache and the labels were
 * what remained at p99 (bench/README.md, `npm run bench:registry`). Ids are UUIDv7, so intake appends
 * to the index's end: one more page written per batch, not per report.
 */
export function migration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'postgres') await sql`create index reports_labels_idx on reports (id) include (category, received_at)`.execute(db);
      else await db.schema.createIndex('reports_labels_idx').on('reports').columns(['id', 'category', 'received_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('reports_labels_idx').execute();
    },
  };
}
