import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/** Organizations, their users and roles, invitations, sessions, recovery codes and API tokens. */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text', (c) => c.references('organizations.id'))
        // The ids from the root down to this organization, '/'-separated and '/'-terminated, so
        // "this organization and those below it" is one prefix match.
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('domains', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('icp_numbers', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('uscc', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('organizations_parent_idx').on('organizations').column('parent_id').execute();
      await db.schema.createIndex('organizations_path_idx').on('organizations').column('path').execute();
      await db.schema.createIndex('organizations_kind_region_idx').on('organizations').columns(['kind', 'region_code']).execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('password_changed_at', ts)
        // The TOTP secret, sealed (AES-256-GCM) with the user id as associated data.
        .addColumn('totp_sealed', 'text')
        .addColumn('totp_enrolled_at', ts)
        // The last 30-second step a code was accepted for, so one code cannot be used twice.
        .addColumn('totp_last_step', 'bigint')
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', ts)
        .addColumn('last_login_at', ts)
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_org_idx').on('users').column('org_id').execute();

      await db.schema
        .createTable('user_roles')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
        .execute();

      await db.schema
        .createTable('invitations')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .addColumn('used_at', ts)
        .execute();
      await db.schema.createIndex('invitations_user_idx').on('invitations').column('user_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('second_factor', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('last_seen_at', ts, (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .addColumn('absolute_expires_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('recovery_codes')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('used_at', ts)
        .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        // The first characters of the token, shown in lists so people can tell tokens apart.
        .addColumn('display_prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('expires_at', ts)
        .addColumn('last_used_at', ts)
        .addColumn('revoked_at', ts)
        .execute();
      await db.schema.createIndex('api_tokens_org_idx').on('api_tokens').column('org_id').execute();

      await db.schema.createIndex('audit_events_org_seq_idx').on('audit_events').columns(['org_id', 'seq']).execute();
      await db.schema.createIndex('audit_events_actor_seq_idx').on('audit_events').columns(['actor_id', 'seq']).execute();
    },

    async down(db: Kysely<any>) {
      await db.schema.dropIndex('audit_events_actor_seq_idx').ifExists().execute();
      await db.schema.dropIndex('audit_events_org_seq_idx').ifExists().execute();
      for (const table of ['api_tokens', 'recovery_codes', 'sessions', 'invitations', 'user_roles', 'users', 'organizations']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
