import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * Enterprise protection (mechanism 3): the representatives an enterprise authorizes to speak for it
 * (identified by keyed hashes of their ID number and phone, shown masked), and the regulator's
 * liaison assigned to it.
 */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('enterprise_representatives')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('id_hash', 'text')
        .addColumn('id_masked', 'text')
        .addColumn('phone_hash', 'text')
        .addColumn('phone_masked', 'text')
        .addColumn('valid_until', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('revoked_by', 'text')
        .addColumn('revoked_at', ts)
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema
        .createIndex('enterprise_representatives_org_idx')
        .on('enterprise_representatives')
        .columns(['org_id', 'status'])
        .execute();
      await db.schema
        .createTable('enterprise_liaisons')
        .addColumn('enterprise_org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
        .addColumn('liaison_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('assigned_by', 'text')
        .addColumn('assigned_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('organizations_uscc_idx').on('organizations').column('uscc').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('organizations_uscc_idx').ifExists().execute();
      await db.schema.dropTable('enterprise_liaisons').ifExists().execute();
      await db.schema.dropTable('enterprise_representatives').ifExists().execute();
    },
  };
}
