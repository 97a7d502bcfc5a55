import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type { Database, InboxItemRow, WebhookDeliveryRow, WebhookSubscriptionRow } from '../../db/schema';
import { ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import type { SealingKeys } from '../../security/seal';
import { newSecretToken } from '../../security/secret-tokens';
import { type AuditEventInput, appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { findOrganization } from '../orgs/orgs.repository';
import { organizationPolicy } from '../orgs/orgs.policy';
import { webhookUrlProblem } from './address-guard';
import { type EnqueuedCounts, type NotificationEvent, enqueueNotification } from './enqueue-notification';
import * as repo from './notify.repository';
import { inboxPolicy, webhookPolicy } from './notify.policy';
import { abandonSubscriptionRows } from './outbox.repository';

/** The context a subscription's signing secret is sealed with. */
export { webhookSecretContext } from '../../security/sealed-columns';
import { webhookSecretContext } from '../../security/sealed-columns';

/** Signing secrets carry a prefix, so a leaked one is recognisable. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Subscriptions one organization may hold. */
export const MAX_WEBHOOKS_PER_ORG = 20;

export interface NewWebhook {
  url: string;
  /** Event types, or `*` for all. */
  events: string[];
  description?: string;
}

/** A user's inbox and organizations' webhook subscriptions (mechanism 5). */
export class NotifyService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      dialect: DatabaseDialect;
      sealer: Pick<SealingKeys, 'seal'>;
      /** Whether webhook URLs may be http:// and point at private addresses (tests, closed networks). */
      allowPrivateWebhooks: boolean;
      /** Where people reach the service; e-mail links start with it. */
      publicUrl: string;
    },
  ) {}

  /** Writes a notification's inbox items and outbox rows in the caller's transaction (see `enqueueNotification`). */
  enqueue(trx: Kysely<Database>, event: NotificationEvent): Promise<EnqueuedCounts> {
    return enqueueNotification(trx, this.deps.dialect, { sealer: this.deps.sealer, publicUrl: this.deps.publicUrl }, event);
  }

  private async audit(trx: Kysely<Database>, actor: Actor, events: Omit<AuditEventInput, 'actorType' | 'actorId'>[]): Promise<void> {
    const who = auditActor(actor);
    await appendAuditEvents(
      trx,
      this.deps.dialect,
      events.map((e) => ({ ...e, actorType: who.actorType, actorId: who.actorId, orgId: e.orgId ?? who.orgId })),
    );
  }

  /** The caller's own inbox, newest first, with how many items are unread. */
  async listInbox(
    actor: Actor,
    query: { unread?: boolean; before?: string; limit?: number },
  ): Promise<{ items: InboxItemRow[]; unreadCount: number; nextBefore: string | null }> {
    if (actor.kind !== 'user') throw new ProblemError('forbidden');
    const limit = Math.min(query.limit ?? 50, 200);
    const [items, unreadCount] = await Promise.all([
      repo.listInboxItems(this.deps.db, actor.userId, { unread: query.unread, before: query.before, limit }),
      repo.countUnreadInboxItems(this.deps.db, actor.userId),
    ]);
    return { items, unreadCount, nextBefore: items.length === limit ? items[items.length - 1]!.id : null };
  }

  /** Marks one of the caller's items read; someone else's answers "not found". */
  async markRead(actor: Actor, id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const item = await repo.findInboxItem(trx, id);
      if (!item || !inboxPolicy.read(actor, item) || actor.kind !== 'user') throw new ProblemError('not_found');
      if (!(await repo.markInboxItemRead(trx, id, actor.userId, new Date().toISOString()))) return;
      await this.audit(trx, actor, [
        { action: 'inbox.item_read', objectType: 'inbox_item', objectId: id, summary: { eventType: item.event_type } },
      ]);
    });
  }

  /** Marks all the caller's items read; answers how many were unread. */
  async markAllRead(actor: Actor): Promise<number> {
    if (actor.kind !== 'user') throw new ProblemError('forbidden');
    return this.deps.db.transaction().execute(async (trx) => {
      const count = await repo.markAllInboxItemsRead(trx, actor.userId, new Date().toISOString());
      if (count > 0)
        await this.audit(trx, actor, [{ action: 'inbox.all_read', objectType: 'user', objectId: actor.userId, summary: { count } }]);
      return count;
    });
  }

  private async managedOrganization(db: Kysely<Database>, actor: Actor, orgId: string) {
    const org = await findOrganization(db, orgId);
    if (!org || !organizationPolicy.read(actor, org)) throw new ProblemError('not_found');
    if (!webhookPolicy.manage(actor, org)) throw new ProblemError('forbidden');
    return org;
  }

  async listWebhooks(actor: Actor, orgId: string): Promise<WebhookSubscriptionRow[]> {
    await this.managedOrganization(this.deps.db, actor, orgId);
    return repo.listWebhookSubscriptions(this.deps.db, orgId);
  }

  /** Subscribes an organization's system to events. The signing secret is answered once; only its sealed form is kept. */
  async createWebhook(actor: Actor, orgId: string, input: NewWebhook): Promise<{ secret: string; subscription: WebhookSubscriptionRow }> {
    const problem = webhookUrlProblem(input.url, this.deps.allowPrivateWebhooks);
    return this.deps.db.transaction().execute(async (trx) => {
      await this.managedOrganization(trx, actor, orgId);
      if (problem) throw new ProblemError('validation', { fields: [{ field: 'url', key: problem }] });
      if ((await repo.countWebhookSubscriptions(trx, orgId)) >= MAX_WEBHOOKS_PER_ORG)
        throw new ProblemError('validation', {
          fields: [{ field: 'url', key: 'tooManyWebhooks', params: { limit: MAX_WEBHOOKS_PER_ORG } }],
        });
      const id = uuidv7();
      const secret = `${WEBHOOK_SECRET_PREFIX}${newSecretToken()}`;
      const events = input.events.includes('*') ? ['*'] : [...new Set(input.events)].sort();
      const row = {
        id,
        org_id: orgId,
        url: input.url,
        description: input.description?.trim() || null,
        secret_sealed: this.deps.sealer.seal(secret, webhookSecretContext(id)),
        events: JSON.stringify(events),
        active: 1,
        created_by: auditActor(actor).actorId,
        created_at: new Date().toISOString(),
        removed_at: null,
      };
      await repo.insertWebhookSubscription(trx, row);
      await this.audit(trx, actor, [
        {
          action: 'webhook.created',
          objectType: 'webhook_subscription',
          objectId: id,
          orgId,
          // The query string may carry the receiver's own token: the log keeps the address without it.
          summary: { url: urlWithoutQuery(input.url), events },
        },
      ]);
      return { secret, subscription: row };
    });
  }

  /** Removes a subscription: nothing more is sent to it, deliveries still due are given up. Its log stays readable. */
  async removeWebhook(actor: Actor, id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const subscription = await repo.findWebhookSubscription(trx, id);
      if (!subscription || !webhookPolicy.manage(actor, { path: subscription.org_path })) throw new ProblemError('not_found');
      if (!(await repo.removeWebhookSubscription(trx, id, new Date().toISOString()))) return;
      const abandoned = await abandonSubscriptionRows(trx, id, 'subscription removed');
      await this.audit(trx, actor, [
        {
          action: 'webhook.removed',
          objectType: 'webhook_subscription',
          objectId: id,
          orgId: subscription.org_id,
          summary: { url: urlWithoutQuery(subscription.url), abandonedDeliveries: abandoned },
        },
      ]);
    });
  }

  /** A subscription's delivery log, newest first. */
  async listDeliveries(
    actor: Actor,
    id: string,
    query: { before?: string; limit?: number },
  ): Promise<{ items: WebhookDeliveryRow[]; nextBefore: string | null }> {
    const subscription = await repo.findWebhookSubscription(this.deps.db, id);
    if (!subscription || !webhookPolicy.manage(actor, { path: subscription.org_path })) throw new ProblemError('not_found');
    const limit = Math.min(query.limit ?? 50, 200);
    const items = await repo.listWebhookDeliveries(this.deps.db, id, { before: query.before, limit });
    return { items, nextBefore: items.length === limit ? items[items.length - 1]!.id : null };
  }
}

function urlWithoutQuery(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(invalid)';
  }
}
