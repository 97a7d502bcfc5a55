import type { Insertable, Kysely } from 'kysely';
import type {
  Database,
  InboxItemRow,
  WebhookDeliveriesTable,
  WebhookDeliveryRow,
  WebhookSubscriptionRow,
  WebhookSubscriptionsTable,
} from '../../db/schema';
import { toCount } from '../../db/values';

type Db = Kysely<Database>;

/** A page of a user's inbox, newest first; `before` is the id of the last item of the previous page. */
export async function listInboxItems(
  db: Db,
  userId: string,
  options: { unread?: boolean; before?: string; limit: number },
): Promise<InboxItemRow[]> {
  let query = db.selectFrom('inbox_items').selectAll().where('user_id', '=', userId);
  if (options.unread) query = query.where('read_at', 'is', null);
  if (options.before) query = query.where('id', '<', options.before);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}

export async function countUnreadInboxItems(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('inbox_items')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return toCount(row?.count);
}

export async function findInboxItem(db: Db, id: string): Promise<InboxItemRow | undefined> {
  return db.selectFrom('inbox_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks one unread item read; answers whether it was unread. */
export async function markInboxItemRead(db: Db, id: string, userId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('inbox_items')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks every unread item of a user read; answers how many. */
export async function markAllInboxItemsRead(db: Db, userId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('inbox_items')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A subscription with its organization's path, as policies need it. */
export type SubscriptionWithOrg = WebhookSubscriptionRow & { org_path: string };

export async function insertWebhookSubscription(db: Db, row: Insertable<WebhookSubscriptionsTable>): Promise<void> {
  await db.insertInto('webhook_subscriptions').values(row).execute();
}

/** An organization's subscriptions that are not removed, oldest first. */
export async function listWebhookSubscriptions(db: Db, orgId: string): Promise<WebhookSubscriptionRow[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countWebhookSubscriptions(db: Db, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('webhook_subscriptions')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('org_id', '=', orgId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return toCount(row?.count);
}

export async function findWebhookSubscription(db: Db, id: string): Promise<SubscriptionWithOrg | undefined> {
  return db
    .selectFrom('webhook_subscriptions')
    .innerJoin('organizations', 'organizations.id', 'webhook_subscriptions.org_id')
    .selectAll('webhook_subscriptions')
    .select('organizations.path as org_path')
    .where('webhook_subscriptions.id', '=', id)
    .executeTakeFirst();
}

export async function removeWebhookSubscription(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('webhook_subscriptions')
    .set({ active: 0, removed_at: at })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertWebhookDelivery(db: Db, row: Insertable<WebhookDeliveriesTable>): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

/** A page of a subscription's delivery log, newest first. */
export async function listWebhookDeliveries(
  db: Db,
  subscriptionId: string,
  options: { before?: string; limit: number },
): Promise<WebhookDeliveryRow[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
  if (options.before) query = query.where('id', '<', options.before);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}
