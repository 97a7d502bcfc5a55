import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * The offender registry (mechanism 7): entities, their append-only records and status changes, and
 * merges (kept, and undone by splits). An entity's identifiers are rows of `indicator_occurrences`
 * with subject_type 'entity' and field 'identifier', so correlation finds them with everything else.
 */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('registry_entities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        // Set while the entity is merged into another; reads resolve to that survivor.
        .addColumn('merged_into', 'text', (c) => c.references('registry_entities.id'))
        // JSON: platform and handle, role, masked national ID and its keyed hash, USCC, payment channel.
        .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      // The list pages: current entities newest first (ids are UUIDv7, so id order is creation order),
      // by status or kind; and the entities merged into one.
      await db.schema.createIndex('registry_entities_merged_idx').on('registry_entities').columns(['merged_into', 'id']).execute();
      await db.schema.createIndex('registry_entities_status_idx').on('registry_entities').columns(['status', 'id']).execute();
      await db.schema.createIndex('registry_entities_kind_idx').on('registry_entities').columns(['kind', 'id']).execute();

      // A violation on record. Append-only: no update or delete path, and the database refuses both.
      // No foreign key to cases: the record is evidence and outlives any archiving of its case.
      await db.schema
        .createTable('registry_records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entity_id', 'text', (c) => c.notNull().references('registry_entities.id'))
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        // JSON array of evidence references: SHA-256 of evidence files, URLs, archive numbers.
        .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('source_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('occurred_at', ts, (c) => c.notNull())
        .addColumn('recorded_by', 'text')
        .addColumn('recorded_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('registry_records_entity_idx').on('registry_records').columns(['entity_id', 'recorded_at']).execute();
      await db.schema.createIndex('registry_records_case_idx').on('registry_records').column('case_id').execute();

      // Every status change, append-only like the records.
      await db.schema
        .createTable('registry_status_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entity_id', 'text', (c) => c.notNull().references('registry_entities.id'))
        .addColumn('from_status', 'text', (c) => c.notNull())
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text')
        .addColumn('changed_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('registry_status_changes_entity_idx')
        .on('registry_status_changes')
        .columns(['entity_id', 'changed_at'])
        .execute();

      // Merges, kept after a split (which fills the split columns) so the history shows both.
      await db.schema
        .createTable('registry_merges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('survivor_id', 'text', (c) => c.notNull().references('registry_entities.id'))
        .addColumn('absorbed_id', 'text', (c) => c.notNull().references('registry_entities.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        // JSON: the identifiers taken from the absorbed entity and those added to the survivor.
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('merged_by', 'text')
        .addColumn('merged_at', ts, (c) => c.notNull())
        .addColumn('split_reason', 'text')
        .addColumn('split_by', 'text')
        .addColumn('split_at', ts)
        .execute();
      await db.schema.createIndex('registry_merges_survivor_idx').on('registry_merges').columns(['survivor_id', 'merged_at']).execute();
      await db.schema.createIndex('registry_merges_absorbed_idx').on('registry_merges').columns(['absorbed_id', 'merged_at']).execute();

      for (const table of ['registry_records', 'registry_status_changes']) {
        if (dialect === 'sqlite') {
          for (const op of ['update', 'delete'])
            await sql
              .raw(`create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`)
              .execute(db);
        } else {
          await sql
            .raw(
              `create function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${table} is append-only'; end $$`,
            )
            .execute(db);
          await sql
            .raw(
              `create trigger ${table}_append_only before update or delete on ${table} for each row execute function ${table}_append_only()`,
            )
            .execute(db);
        }
      }
    },

    async down(db: Kysely<any>) {
      for (const table of ['registry_merges', 'registry_status_changes', 'registry_records', 'registry_entities']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
      if (dialect === 'postgres')
        for (const table of ['registry_records', 'registry_status_changes'])
          await sql.raw(`drop function if exists ${table}_append_only()`).execute(db);
      await db.deleteFrom('indicator_occurrences').where('subject_type', '=', 'entity').execute();
    },
  };
}
