import type { Insertable, Kysely } from 'kysely';
import type { Role } from '../../../contracts/orgs';
import type { DatabaseDialect } from '../../config';
import type { Database, InboxItemsTable, NotificationsOutboxTable } from '../../db/schema';
import { uuidv7 } from '../../lib/ids';
import type { SealingKeys } from '../../security/seal';
import { insertOutboxRows } from './outbox.repository';

/** A text in both languages of the product. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** Something that happened that people, and subscribed systems, should hear about at once (mechanism 5). */
export interface NotificationEvent {
  /** What happened, as webhook subscribers filter on it: `case.assigned`, `case.concluded`… */
  type: string;
  objectType: string;
  objectId: string;
  /** Organizations concerned: their people get inbox items and e-mail, their webhooks get the event. */
  orgIds: string[];
  /** Which people of those organizations are told: active users holding any of these roles (all active users when absent). */
  roles?: Role[];
  /** People told in any case (active users of active organizations). */
  userIds?: string[];
  /** Further e-mail recipients, e.g. a reporter who agreed to be contacted; `sensitive` seals address and content at rest. */
  emails?: { to: string; sensitive: boolean }[];
  title: LocalizedText;
  body: LocalizedText;
  /** A path in the web app (`/workbench/cases/…`); e-mail carries it as a full link. */
  link?: string;
  /** The webhook's `data`. Never personal data of reporters: subscribers are other organizations' systems. */
  payload?: Record<string, unknown>;
}

/** What `enqueueNotification` needs besides the transaction. */
export interface NotifyDeps {
  sealer: Pick<SealingKeys, 'seal'>;
  /** Where people reach the service; e-mail links start with it. */
  publicUrl: string;
  /** The time to stamp rows with; now by default. */
  now?: Date;
}

/** How many rows one notification wrote. */
export interface EnqueuedCounts {
  inbox: number;
  email: number;
  webhook: number;
}

/** The context a sensitive e-mail's recipient and content are sealed with. */
import { outboxContext as outboxSealContext } from '../../security/sealed-columns';

export { outboxSealContext };

/** What a webhook receiver gets as the request body. */
export interface WebhookBody {
  /** The outbox row's id; also `X-Qinglang-Delivery`, the same on every retry, so receivers can drop repeats. */
  id: string;
  type: string;
  createdAt: string;
  organizationId: string;
  object: { type: string; id: string };
  data: Record<string, unknown>;
}

/** The e-mail as queued: subject and text, Chinese first with English below (users have no language setting yet). */
export interface QueuedEmail {
  subject: string;
  text: string;
}

/**
 * Writes a notification in the caller's transaction, so it exists exactly when the state change
 * does: an inbox item for each person concerned, an e-mail outbox row per recipient, and a webhook
 * outbox row per active subscription of the organizations concerned that listens to this event.
 * Workers deliver the outbox rows after the commit.
 */
export async function enqueueNotification(
  trx: Kysely<Database>,
  _dialect: DatabaseDialect,
  deps: NotifyDeps,
  event: NotificationEvent,
): Promise<EnqueuedCounts> {
  const now = (deps.now ?? new Date()).toISOString();
  const users = await recipients(trx, event);

  const inboxRows: Insertable<InboxItemsTable>[] = users.map((user) => ({
    id: uuidv7(),
    user_id: user.id,
    event_type: event.type,
    title_zh: event.title['zh-CN'],
    title_en: event.title.en,
    body_zh: event.body['zh-CN'],
    body_en: event.body.en,
    link: event.link ?? null,
    object_type: event.objectType,
    object_id: event.objectId,
    created_at: now,
    read_at: null,
  }));
  for (let i = 0; i < inboxRows.length; i += 300)
    await trx
      .insertInto('inbox_items')
      .values(inboxRows.slice(i, i + 300))
      .execute();

  const email = renderEmail(event, deps.publicUrl);
  const outbox: Insertable<NotificationsOutboxTable>[] = [];
  const base = {
    event_type: event.type,
    object_type: event.objectType,
    object_id: event.objectId,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    locked_until: null,
    last_error: null,
    created_at: now,
    delivered_at: null,
  };
  const addresses = new Map<string, boolean>();
  for (const user of users) addresses.set(user.email.toLowerCase(), false);
  // A sensitive copy wins over a plain one to the same address.
  for (const extra of event.emails ?? []) {
    const to = extra.to.trim().toLowerCase();
    if (to) addresses.set(to, (addresses.get(to) ?? false) || extra.sensitive);
  }
  for (const [to, sensitive] of addresses) {
    const id = uuidv7();
    outbox.push({
      ...base,
      id,
      channel: 'email',
      subscription_id: null,
      recipient: sensitive ? null : to,
      payload: sensitive ? '{}' : JSON.stringify(email),
      sealed: sensitive ? deps.sealer.seal({ to, ...email }, outboxSealContext(id)) : null,
    });
  }

  const subscriptions = event.orgIds.length
    ? await trx
        .selectFrom('webhook_subscriptions')
        .select(['id', 'org_id', 'events'])
        .where('org_id', 'in', event.orgIds)
        .where('active', '=', 1)
        .execute()
    : [];
  let webhooks = 0;
  for (const subscription of subscriptions) {
    const events = JSON.parse(subscription.events) as string[];
    if (!events.includes('*') && !events.includes(event.type)) continue;
    const id = uuidv7();
    const body: WebhookBody = {
      id,
      type: event.type,
      createdAt: now,
      organizationId: subscription.org_id,
      object: { type: event.objectType, id: event.objectId },
      data: event.payload ?? {},
    };
    outbox.push({
      ...base,
      id,
      channel: 'webhook',
      subscription_id: subscription.id,
      recipient: null,
      payload: JSON.stringify(body),
      sealed: null,
    });
    webhooks += 1;
  }
  await insertOutboxRows(trx, outbox);
  return { inbox: inboxRows.length, email: addresses.size, webhook: webhooks };
}

/** Active people of active organizations: those of the organizations concerned holding the roles, and those named. */
async function recipients(trx: Kysely<Database>, event: NotificationEvent): Promise<{ id: string; email: string }[]> {
  const active = () =>
    trx
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.org_id')
      .select(['users.id', 'users.email'])
      .where('users.status', '=', 'active')
      .where('organizations.status', '=', 'active');
  const found = new Map<string, { id: string; email: string }>();
  const roles = event.roles;
  // An empty role list means nobody of the organizations (only their webhooks hear of it).
  if (event.orgIds.length > 0 && (!roles || roles.length > 0)) {
    let query = active().where('users.org_id', 'in', event.orgIds);
    if (roles) query = query.where('users.id', 'in', (eb) => eb.selectFrom('user_roles').select('user_id').where('role', 'in', roles));
    for (const user of await query.execute()) found.set(user.id, user);
  }
  if (event.userIds && event.userIds.length > 0)
    for (const user of await active().where('users.id', 'in', event.userIds).execute()) found.set(user.id, user);
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The e-mail of a notification: Chinese, then English, each with the link. */
export function renderEmail(event: Pick<NotificationEvent, 'title' | 'body' | 'link'>, publicUrl: string): QueuedEmail {
  const link = event.link ? `${publicUrl}${event.link.startsWith('/') ? '' : '/'}${event.link}` : null;
  const part = (title: string, body: string, linkLabel: string) =>
    [title, '', body, ...(link ? ['', `${linkLabel}${link}`] : [])].join('\n');
  return {
    subject: `【清朗】${event.title['zh-CN']} | ${event.title.en}`,
    text: [
      part(event.title['zh-CN'], event.body['zh-CN'], '查看：'),
      '',
      '——',
      '',
      part(event.title.en, event.body.en, 'Open: '),
      '',
      '——',
      '清朗平台自动发送，请勿直接回复。 Sent by Qinglang; please do not reply.',
    ].join('\n'),
  };
}
