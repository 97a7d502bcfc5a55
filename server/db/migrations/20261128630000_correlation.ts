import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Correlation (mechanism 7): the warning list of indicator values that never link subjects however
 * rare they are (a big platform's customer-service number, a bank's hotline). Counts of occurrences
 * are not stored: the primary key of `indicator_occurrences` leads with (type, value), so a count
 * capped at the hot threshold is one bounded index range (see server/modules/correlation/README.md).
 */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('indicator_warning_list')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text')
        .addColumn('added_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_warning_list_pk', ['type', 'value'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('indicator_warning_list').execute();
    },
  };
}
