import type { InboxItemRow, WebhookDeliveryRow, WebhookSubscriptionRow } from '../../db/schema';
import { toIsoString } from '../../db/values';

/** An inbox item as its owner sees it. */
export function presentInboxItem(item: InboxItemRow) {
  return {
    id: item.id,
    event: item.event_type,
    title: { 'zh-CN': item.title_zh, en: item.title_en },
    body: { 'zh-CN': item.body_zh, en: item.body_en },
    link: item.link,
    object: item.object_type && item.object_id ? { type: item.object_type, id: item.object_id } : null,
    createdAt: toIsoString(item.created_at),
    readAt: item.read_at ? toIsoString(item.read_at) : null,
  };
}

/** A subscription as its administrators see it: never the signing secret. */
export function presentWebhook(subscription: WebhookSubscriptionRow) {
  return {
    id: subscription.id,
    orgId: subscription.org_id,
    url: subscription.url,
    description: subscription.description,
    events: JSON.parse(subscription.events) as string[],
    active: Number(subscription.active) === 1,
    createdAt: toIsoString(subscription.created_at),
  };
}

/** One attempt of the delivery log. */
export function presentDelivery(delivery: WebhookDeliveryRow) {
  return {
    id: delivery.id,
    deliveryId: delivery.outbox_id,
    event: delivery.event_type,
    attempt: Number(delivery.attempt),
    statusCode: delivery.status_code === null ? null : Number(delivery.status_code),
    durationMs: Number(delivery.duration_ms),
    error: delivery.error,
    at: toIsoString(delivery.at),
  };
}
