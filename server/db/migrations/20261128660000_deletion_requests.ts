import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * A website's log of deletion requests (mechanism 6): the requests, the review steps with their
 * answers per criterion, the signals of paid deletion, and a timeline of events.
 */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('deletion_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('website_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('requester_kind', 'text', (c) => c.notNull())
        .addColumn('requester_name', 'text', (c) => c.notNull())
        // The requester's name as a key (NFKC, no spaces): what per-requester counts group by.
        .addColumn('requester_key', 'text', (c) => c.notNull())
        .addColumn('requester_contact', 'text')
        .addColumn('principal_name', 'text')
        .addColumn('principal_uscc', 'text')
        // The protection registry's answer when the request was received: yes, no, unknown; null without a principal.
        .addColumn('authority_answer', 'text')
        .addColumn('authorization_document', 'text')
        .addColumn('target_urls', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('legal_basis_cited', 'text')
        .addColumn('money', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('risk_score', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('decision_provisions', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('decision_note', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', ts)
        .addColumn('execution_note', 'text')
        .addColumn('executed_at', ts)
        .addColumn('referred_report_id', 'text')
        .addColumn('created_by_type', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('received_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      // The website's list, newest first (ids are UUIDv7: id order is arrival order).
      await db.schema.createIndex('deletion_requests_website_idx').on('deletion_requests').columns(['website_org_id', 'id']).execute();
      // Per-requester counts over a window, at one website and across websites.
      await db.schema
        .createIndex('deletion_requests_requester_idx')
        .on('deletion_requests')
        .columns(['requester_key', 'received_at', 'website_org_id'])
        .execute();
      // Approvals per approver over a window.
      await db.schema.createIndex('deletion_requests_decider_idx').on('deletion_requests').columns(['decided_by', 'decided_at']).execute();

      await db.schema
        .createTable('deletion_request_reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('deletion_requests.id'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('criteria_version', 'integer')
        // JSON: [{ criterionId, met, note }] for every criterion of the step in that version.
        .addColumn('answers', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('note', 'text')
        .addColumn('reviewer_id', 'text')
        .addColumn('reviewed_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('deletion_request_reviews_request_idx')
        .on('deletion_request_reviews')
        .columns(['request_id', 'step'])
        .unique()
        .execute();

      await db.schema
        .createTable('deletion_request_signals')
        .addColumn('request_id', 'text', (c) => c.notNull().references('deletion_requests.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('words_zh', 'text', (c) => c.notNull())
        .addColumn('words_en', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('deletion_request_signals_pk', ['request_id', 'code'])
        .execute();

      await db.schema
        .createTable('deletion_request_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('deletion_requests.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('note', 'text')
        .addColumn('occurred_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('deletion_request_events_request_idx')
        .on('deletion_request_events')
        .columns(['request_id', 'id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('deletion_request_events').execute();
      await db.schema.dropTable('deletion_request_signals').execute();
      await db.schema.dropTable('deletion_request_reviews').execute();
      await db.schema.dropTable('deletion_requests').execute();
    },
  };
}
