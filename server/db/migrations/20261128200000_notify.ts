import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/** Notification: the outbox workers drain (e-mail, webhooks), the in-app inbox, webhook subscriptions and their delivery log. */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhook_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        // The signing secret, sealed with the data-encryption keys; shown once when created.
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        // JSON array of event types, or ["*"] for every event.
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('removed_at', ts)
        .execute();
      await db.schema.createIndex('webhook_subscriptions_org_idx').on('webhook_subscriptions').columns(['org_id', 'active']).execute();

      await db.schema
        .createTable('notifications_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text')
        .addColumn('object_id', 'text')
        .addColumn('subscription_id', 'text', (c) => c.references('webhook_subscriptions.id'))
        // The e-mail address, in the clear for staff; null when the message is sealed.
        .addColumn('recipient', 'text')
        // JSON: the e-mail's subject and text, or the webhook's body; '{}' when sealed.
        .addColumn('payload', 'text', (c) => c.notNull())
        // Recipient and content of a sensitive message (a reporter's), sealed with context outbox:<id>.
        .addColumn('sealed', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // When the row is next due. While a worker holds it, the end of its lease, so a crashed
        // worker's rows come due again on their own.
        .addColumn('next_attempt_at', ts, (c) => c.notNull())
        .addColumn('locked_until', ts)
        .addColumn('last_error', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('delivered_at', ts)
        .execute();
      // The claim: due rows of the live statuses, oldest due first.
      await db.schema
        .createIndex('notifications_outbox_due_idx')
        .on('notifications_outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('notifications_outbox_subscription_idx')
        .on('notifications_outbox')
        .columns(['subscription_id', 'status'])
        .execute();

      await db.schema
        .createTable('inbox_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('title_zh', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('body_zh', 'text', (c) => c.notNull())
        .addColumn('body_en', 'text', (c) => c.notNull())
        .addColumn('link', 'text')
        .addColumn('object_type', 'text')
        .addColumn('object_id', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('read_at', ts)
        .execute();
      // Ids are UUIDv7, so (user_id, id) pages a user's inbox newest first; (user_id, read_at) counts unread.
      await db.schema.createIndex('inbox_items_user_idx').on('inbox_items').columns(['user_id', 'id']).execute();
      await db.schema.createIndex('inbox_items_user_unread_idx').on('inbox_items').columns(['user_id', 'read_at', 'id']).execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id'))
        .addColumn('outbox_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_subscription_idx')
        .on('webhook_deliveries')
        .columns(['subscription_id', 'id'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_outbox_idx').on('webhook_deliveries').column('outbox_id').execute();
    },

    async down(db: Kysely<any>) {
      for (const table of ['webhook_deliveries', 'inbox_items', 'notifications_outbox', 'webhook_subscriptions']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
