import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/** Cases, the agencies on them, their timeline, routing rules, disposal orders; triage columns on reports. */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('target_kind', 'text')
        .addColumn('money_paid', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lead_org_id', 'text', (c) => c.references('organizations.id'))
        .addColumn('routing_rule_id', 'text')
        .addColumn('routing_rule_name', 'text')
        .addColumn('routing_explanation', 'text')
        .addColumn('routing_override_reason', 'text')
        .addColumn('legal_basis', 'text')
        .addColumn('result_code', 'text')
        .addColumn('result_note', 'text')
        .addColumn('extensions', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('opened_at', ts, (c) => c.notNull())
        .addColumn('assigned_at', ts)
        .addColumn('first_response_due', ts)
        .addColumn('first_responded_at', ts)
        .addColumn('conclude_due', ts)
        .addColumn('concluded_at', ts)
        .addColumn('closed_at', ts)
        .addColumn('escalated_at', ts)
        .addColumn('created_by', 'text')
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      // The common lists: a queue by status, an agency's cases, overdue by due date.
      await db.schema.createIndex('cases_status_opened_idx').on('cases').columns(['status', 'opened_at']).execute();
      await db.schema.createIndex('cases_lead_status_opened_idx').on('cases').columns(['lead_org_id', 'status', 'opened_at']).execute();
      await db.schema.createIndex('cases_status_due_idx').on('cases').columns(['status', 'conclude_due']).execute();
      await db.schema.createIndex('cases_region_status_idx').on('cases').columns(['region_code', 'status']).execute();

      await db.schema
        .createTable('case_counters')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('last_value', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('case_agencies')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('added_at', ts, (c) => c.notNull())
        .addColumn('added_by', 'text')
        .addColumn('reason', 'text')
        .addPrimaryKeyConstraint('case_agencies_pk', ['case_id', 'org_id'])
        .execute();
      await db.schema.createIndex('case_agencies_org_idx').on('case_agencies').columns(['org_id', 'case_id']).execute();

      await db.schema
        .createTable('case_reports')
        .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id'))
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('joined_at', ts, (c) => c.notNull())
        .addColumn('joined_by', 'text')
        .execute();
      await db.schema.createIndex('case_reports_case_idx').on('case_reports').column('case_id').execute();

      await db.schema
        .createTable('case_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text')
        .addColumn('actor_user_id', 'text')
        .addColumn('actor_org_id', 'text')
        .addColumn('reason', 'text')
        .addColumn('legal_basis', 'text')
        // Null: every agency on the case sees it; otherwise only this organization (an internal note).
        .addColumn('visible_to_org_id', 'text')
        .addColumn('body', 'text')
        .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('routing_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('disposal_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('issuing_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('executing_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_urls', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('instructions', 'text')
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_at', ts, (c) => c.notNull())
        .addColumn('issued_by', 'text')
        .addColumn('issued_at', ts, (c) => c.notNull())
        .addColumn('acknowledged_at', ts)
        .addColumn('executed_at', ts)
        .addColumn('execution_note', 'text')
        .addColumn('proof_urls', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('verified_at', ts)
        .addColumn('dispute_reason', 'text')
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disposal_orders_case_idx').on('disposal_orders').column('case_id').execute();
      await db.schema
        .createIndex('disposal_orders_executing_status_idx')
        .on('disposal_orders')
        .columns(['executing_org_id', 'status', 'due_at'])
        .execute();

      // Triage of reports: which case a report joined, or which report it duplicates, and why not accepted.
      await db.schema.alterTable('reports').addColumn('case_id', 'text').execute();
      await db.schema.alterTable('reports').addColumn('duplicate_of', 'text').execute();
      await db.schema.alterTable('reports').addColumn('not_accepted_reason', 'text').execute();
      await db.schema.alterTable('reports').addColumn('triaged_by', 'text').execute();
      await db.schema.alterTable('reports').addColumn('triaged_at', ts).execute();
    },

    async down(db: Kysely<any>) {
      for (const column of ['triaged_at', 'triaged_by', 'not_accepted_reason', 'duplicate_of', 'case_id']) {
        await db.schema.alterTable('reports').dropColumn(column).execute();
      }
      for (const table of ['disposal_orders', 'routing_rules', 'case_events', 'case_reports', 'case_agencies', 'case_counters', 'cases']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
