import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/** Public reports, their evidence and indicators, and the audit chain. */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
        .addColumn('access_key_hash', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('platform', 'text')
        .addColumn('occurred_at', ts)
        .addColumn('target_urls', 'text', (c) => c.notNull())
        .addColumn('money_amount', 'text')
        .addColumn('money_currency', 'text')
        .addColumn('money_channel', 'text')
        .addColumn('reporter_kind', 'text', (c) => c.notNull())
        .addColumn('reporter_sealed', 'text')
        .addColumn('contact_consent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('result_code', 'text')
        .addColumn('result_note', 'text')
        .addColumn('received_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_status_received_idx').on('reports').columns(['status', 'received_at']).execute();
      await db.schema.createIndex('reports_received_idx').on('reports').column('received_at').execute();

      await db.schema
        .createTable('report_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('public', 'integer', (c) => c.notNull())
        .addColumn('public_note', 'text')
        .addColumn('occurred_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_events_report_idx').on('report_events').columns(['report_id', 'occurred_at']).execute();

      await db.schema
        .createTable('evidence_blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('report_evidence')
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull().references('evidence_blobs.sha256'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_evidence_pk', ['report_id', 'position'])
        .execute();
      await db.schema.createIndex('report_evidence_sha_idx').on('report_evidence').column('sha256').execute();

      // One row per indicator per subject: the index from a value to where it occurs. Never pairs.
      // The key leads with the value, so "where else does this value occur" is one index range; on
      // SQLite the table is the index itself (WITHOUT ROWID), one B-tree less to write per row.
      await db.schema
        .createTable('indicator_occurrences')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_occurrences_pk', ['type', 'value', 'subject_type', 'subject_id', 'field'])
        .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await db.schema
        .createIndex('indicator_occurrences_subject_idx')
        .on('indicator_occurrences')
        .columns(['subject_type', 'subject_id'])
        .execute();

      // The audit log is a hash chain: seq is assigned by the writer holding the chain lock.
      await db.schema
        .createTable('audit_events')
        // On SQLite an INTEGER PRIMARY KEY is the rowid itself: no separate index to maintain.
        .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.primaryKey())
        .addColumn('occurred_at', ts, (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('org_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_events_object_idx').on('audit_events').columns(['object_type', 'object_id']).execute();

      // Spent proof-of-work challenges, so a solution cannot be replayed before it expires.
      await db.schema
        .createTable('challenge_spends')
        .addColumn('signature', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('challenge_spends_expires_idx').on('challenge_spends').column('expires_at').execute();
    },

    async down(db: Kysely<any>) {
      for (const table of [
        'challenge_spends',
        'audit_events',
        'indicator_occurrences',
        'report_evidence',
        'evidence_blobs',
        'report_events',
        'reports',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
