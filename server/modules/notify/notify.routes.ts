import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { problemResponses } from '../../http/schema-helpers';
import { presentDelivery, presentInboxItem, presentWebhook } from './notify.presenter';
import {
  DeliveryQuery,
  DeliverySchema,
  IdParams,
  InboxItemSchema,
  InboxPage,
  InboxQuery,
  NewWebhookBody,
  WebhookSchema,
} from './notify.schemas';
import type { NotifyService } from './notify.service';

const STAFF = { auth: 'user' as const };

/** The caller's inbox, and organizations' webhook subscriptions for their administrators. */
export async function notifyRoutes(parent: FastifyInstance, options: { notify: NotifyService }): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { notify } = options;
  app.addSchema(InboxItemSchema);
  app.addSchema(WebhookSchema);
  const inboxTags = ['inbox'];
  const webhookTags = ['webhooks'];

  app.get(
    '/api/v1/inbox',
    {
      config: STAFF,
      schema: {
        tags: inboxTags,
        summary: 'The caller’s notifications, newest first, and how many are unread',
        querystring: InboxQuery,
        response: { 200: InboxPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const page = await notify.listInbox(request.principal, request.query);
      return { ...page, items: page.items.map(presentInboxItem) };
    },
  );

  app.post(
    '/api/v1/inbox/:id/read',
    {
      config: STAFF,
      schema: {
        tags: inboxTags,
        summary: 'Mark one notification read',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await notify.markRead(request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/inbox/read-all',
    {
      config: STAFF,
      schema: {
        tags: inboxTags,
        summary: 'Mark every notification read',
        response: { 200: Type.Object({ count: Type.Integer() }), ...problemResponses(401) },
      },
    },
    async (request) => ({ count: await notify.markAllRead(request.principal) }),
  );

  app.get(
    '/api/v1/organizations/:id/webhooks',
    {
      config: STAFF,
      schema: {
        tags: webhookTags,
        summary: 'An organization’s webhook subscriptions',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Webhook')) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: (await notify.listWebhooks(request.principal, request.params.id)).map(presentWebhook) }),
  );

  app.post(
    '/api/v1/organizations/:id/webhooks',
    {
      config: STAFF,
      schema: {
        tags: webhookTags,
        summary:
          'Subscribe a system to events: answers the signing secret once. Each POST carries X-Qinglang-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + body))',
        params: IdParams,
        body: NewWebhookBody,
        response: {
          201: Type.Object({ secret: Type.String({ description: 'Shown once' }), webhook: Type.Ref('Webhook') }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { secret, subscription } = await notify.createWebhook(request.principal, request.params.id, request.body);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ secret, webhook: presentWebhook(subscription) });
    },
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: STAFF,
      schema: {
        tags: webhookTags,
        summary: 'Remove a webhook subscription; deliveries still due are given up',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await notify.removeWebhook(request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: STAFF,
      schema: {
        tags: webhookTags,
        summary: 'The delivery log of a subscription: every attempt, newest first',
        params: IdParams,
        querystring: DeliveryQuery,
        response: {
          200: Type.Object({ items: Type.Array(DeliverySchema), nextBefore: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => {
      const page = await notify.listDeliveries(request.principal, request.params.id, request.query);
      return { ...page, items: page.items.map(presentDelivery) };
    },
  );
}
