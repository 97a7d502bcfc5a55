import Type, { type Static, type TSchema } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });
export const IdParams = Type.Object({ id: Id });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Localized = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });

/** An event type subscribers filter on (`case.assigned`), or `*` for every event. */
export const EVENT_TYPE_PATTERN = '^(\\*|[a-z][a-z_]*(\\.[a-z][a-z_]*)+)$';

export const InboxItemSchema = Type.Object(
  {
    id: Type.String(),
    event: Type.String({ description: 'The event type, e.g. case.assigned' }),
    title: Localized,
    body: Localized,
    link: Nullable(Type.String({ description: 'A path in the web app' })),
    object: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
    createdAt: Timestamp,
    readAt: Nullable(Timestamp),
  },
  { $id: 'InboxItem' },
);

export const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'Only unread items' })),
  before: Type.Optional(Type.String({ maxLength: 64, description: 'The `nextBefore` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type InboxQuery = Static<typeof InboxQuery>;

export const InboxPage = Type.Object({
  items: Type.Array(Type.Ref('InboxItem')),
  unreadCount: Type.Integer(),
  nextBefore: Nullable(Type.String()),
});

export const WebhookSchema = Type.Object(
  {
    id: Type.String(),
    orgId: Type.String(),
    url: Type.String(),
    description: Nullable(Type.String()),
    events: Type.Array(Type.String()),
    active: Type.Boolean(),
    createdAt: Timestamp,
  },
  { $id: 'Webhook' },
);

export const NewWebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'https:// address that receives signed POSTs' }),
    events: Type.Array(Type.String({ pattern: EVENT_TYPE_PATTERN, maxLength: 100 }), {
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      description: 'Event types to receive (case.assigned, case.assist_requested, case.returned, case.concluded, …), or ["*"]',
    }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type NewWebhookBody = Static<typeof NewWebhookBody>;

export const DeliverySchema = Type.Object({
  id: Type.String(),
  deliveryId: Type.String({ description: 'The X-Qinglang-Delivery header: the same on every retry of one event' }),
  event: Type.String(),
  attempt: Type.Integer(),
  statusCode: Nullable(Type.Integer()),
  durationMs: Type.Integer(),
  error: Nullable(Type.String()),
  at: Timestamp,
});

export const DeliveryQuery = Type.Object({
  before: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type DeliveryQuery = Static<typeof DeliveryQuery>;
