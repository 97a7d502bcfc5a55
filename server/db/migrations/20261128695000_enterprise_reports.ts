import type { Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Reports filed from an enterprise's desk (mechanism 3): where a report came from (`public` through
 * the report form, `enterprise` from the desk), and for desk reports the enterprise organization and
 * the user who filed it, so the enterprise's own people can follow them.
 */
export function migration(_dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('reports')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('public'))
        .execute();
      await db.schema.alterTable('reports').addColumn('enterprise_org_id', 'text').execute();
      await db.schema.alterTable('reports').addColumn('filed_by', 'text').execute();
      await db.schema.createIndex('reports_enterprise_org_idx').on('reports').columns(['enterprise_org_id', 'received_at']).execute();
    },

    async down(db: Kysely<any>) {
      await db.schema.dropIndex('reports_enterprise_org_idx').ifExists().execute();
      await db.schema.alterTable('reports').dropColumn('filed_by').execute();
      await db.schema.alterTable('reports').dropColumn('enterprise_org_id').execute();
      await db.schema.alterTable('reports').dropColumn('source').execute();
    },
  };
}
