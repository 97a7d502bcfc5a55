import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Near-duplicate report texts (mechanism 7): each report's MinHash signature, and the LSH index from
 * a band's bucket to the reports in it (see server/modules/similarity/minhash.ts).
 */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  const bytes = dialect === 'postgres' ? sql`bytea` : sql`blob`;

  return {
    async up(db: Kysely<any>) {
      // One row per report: the signature candidates are verified against before being suggested.
      await db.schema
        .createTable('near_duplicate_signatures')
        .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
        .addColumn('signature', bytes, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      // One row per report and band (never pairs). The key leads with the bucket, so "who else is in
      // this bucket" is one index range, newest report first; on SQLite the table is that index
      // (WITHOUT ROWID). No foreign key: a cascade would need a second index on report_id, and a row
      // whose report is gone finds no signature and drops out of every lookup.
      await db.schema
        .createTable('near_duplicate_bands')
        .addColumn('band', 'smallint', (c) => c.notNull())
        .addColumn('bucket', 'integer', (c) => c.notNull())
        .addColumn('report_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('near_duplicate_bands_pk', ['band', 'bucket', 'report_id'])
        .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
    },

    async down(db: Kysely<any>) {
      await db.schema.dropTable('near_duplicate_bands').ifExists().execute();
      await db.schema.dropTable('near_duplicate_signatures').ifExists().execute();
    },
  };
}
