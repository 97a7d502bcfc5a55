import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { toIsoString } from '../../db/values';
import { type IdempotencyStore, IdempotencyKeyHeaders, replyIdempotently } from '../../http/idempotency';
import { StringEnum, problemResponses } from '../../http/schema-helpers';
import { ORG_KINDS } from '../../../contracts/orgs';
import { ORDER_KINDS, ORDER_STATUSES } from './disposal-orders';
import type { DisposalOrderService, NamedDisposalOrder } from './disposal-orders.service';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Url = Type.String({ minLength: 1, maxLength: 2048 });

export const DisposalOrderSchema = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    caseNumber: Type.String(),
    issuingOrgId: Type.String(),
    issuingOrgName: Type.String({ description: 'The issuing agency, named for the executing organization' }),
    executingOrgId: Type.String(),
    executingOrgName: Type.String(),
    kind: StringEnum(ORDER_KINDS),
    targetUrls: Type.Array(Type.String()),
    instructions: Type.Union([Type.String(), Type.Null()]),
    legalBasis: Type.String(),
    status: StringEnum(ORDER_STATUSES),
    dueAt: Type.String({ format: 'date-time' }),
    issuedAt: Type.String({ format: 'date-time' }),
    acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
    executedAt: Type.Union([Type.String(), Type.Null()]),
    executionNote: Type.Union([Type.String(), Type.Null()]),
    proofUrls: Type.Array(Type.String()),
    verifiedAt: Type.Union([Type.String(), Type.Null()]),
    disputeReason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'DisposalOrder' },
);

const iso = (value: Date | string | null) => (value === null ? null : toIsoString(value));

/** What the issuing agency and the executing organization see of an order. */
export function presentOrder(order: NamedDisposalOrder) {
  return {
    id: order.id,
    caseId: order.case_id,
    caseNumber: order.case_number,
    issuingOrgId: order.issuing_org_id,
    issuingOrgName: order.issuing_org_name,
    executingOrgId: order.executing_org_id,
    executingOrgName: order.executing_org_name,
    kind: order.kind as (typeof ORDER_KINDS)[number],
    targetUrls: JSON.parse(order.target_urls) as string[],
    instructions: order.instructions,
    legalBasis: order.legal_basis,
    status: order.status as (typeof ORDER_STATUSES)[number],
    dueAt: toIsoString(order.due_at),
    issuedAt: toIsoString(order.issued_at),
    acknowledgedAt: iso(order.acknowledged_at),
    executedAt: iso(order.executed_at),
    executionNote: order.execution_note,
    proofUrls: JSON.parse(order.proof_urls) as string[],
    verifiedAt: iso(order.verified_at),
    disputeReason: order.dispute_reason,
  };
}

/**
 * Disposal orders: issued by a case's lead agency, executed by a website, the police or a regulator.
 * The writes honour `Idempotency-Key`: partner systems retry them.
 */
export async function disposalOrderRoutes(
  parent: FastifyInstance,
  options: { orders: DisposalOrderService; idempotency: IdempotencyStore },
) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { orders, idempotency } = options;
  app.addSchema(DisposalOrderSchema);
  const tags = ['orders'];
  const Order = Type.Ref('DisposalOrder');
  const OrderParams = Type.Object({ id: Id });

  app.post(
    '/api/v1/cases/:id/orders',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Issue a disposal order to an executing organization, with the legal basis and a deadline',
        params: Type.Object({ id: Id }),
        headers: IdempotencyKeyHeaders,
        body: Type.Object(
          {
            executingOrgId: Id,
            kind: StringEnum(ORDER_KINDS),
            targetUrls: Type.Optional(Type.Array(Url, { maxItems: 50 })),
            legalBasis: Type.String({ minLength: 1, maxLength: 2000 }),
            instructions: Type.Optional(Type.String({ maxLength: 5000 })),
            dueAt: Type.String({ format: 'date-time' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Order, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      replyIdempotently(idempotency, request, reply, 201, async (trx) =>
        presentOrder(await orders.issue(request.principal, request.params.id, request.body, trx)),
      ),
  );

  app.get(
    '/api/v1/orders',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary:
          'Orders for my organization to execute (default), or issued by it; websites’ systems call this with an `orders:write` token',
        querystring: Type.Object({
          role: Type.Optional(StringEnum(['executing', 'issuing'] as const)),
          status: Type.Optional(Type.Array(StringEnum(ORDER_STATUSES))),
        }),
        response: { 200: Type.Object({ items: Type.Array(Order) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({
      items: (
        await orders.list(request.principal, {
          role: request.query.role ?? 'executing',
          ...(request.query.status ? { status: request.query.status } : {}),
        })
      ).map(presentOrder),
    }),
  );

  app.get(
    '/api/v1/orders/executing-organizations',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Organizations the caller’s agency can order (websites, the police, regulators), with the kinds of order each takes',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                kind: StringEnum(ORG_KINDS),
                regionCode: Type.String(),
                orderKinds: Type.Array(StringEnum(ORDER_KINDS)),
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({ items: await orders.executingOrganizations(request.principal) }),
  );

  app.get(
    '/api/v1/orders/:id',
    {
      config: { auth: 'user_or_token' },
      schema: { tags, summary: 'One order', params: OrderParams, response: { 200: Order, ...problemResponses(401, 404) } },
    },
    async (request) => presentOrder(await orders.get(request.principal, request.params.id)),
  );

  app.post(
    '/api/v1/orders/:id/acknowledge',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary: 'Acknowledge receipt of an order (executing organization)',
        params: OrderParams,
        headers: IdempotencyKeyHeaders,
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      replyIdempotently(idempotency, request, reply, 200, async (trx) =>
        presentOrder(await orders.move(request.principal, request.params.id, 'acknowledge', {}, trx)),
      ),
  );

  app.post(
    '/api/v1/orders/:id/execution',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary: 'Report the order executed, with what was done and proof (executing organization)',
        params: OrderParams,
        headers: IdempotencyKeyHeaders,
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 5000 }), proofUrls: Type.Optional(Type.Array(Url, { maxItems: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      replyIdempotently(idempotency, request, reply, 200, async (trx) =>
        presentOrder(await orders.move(request.principal, request.params.id, 'execute', request.body, trx)),
      ),
  );

  app.post(
    '/api/v1/orders/:id/verify',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Confirm the execution (issuing agency)',
        params: OrderParams,
        headers: IdempotencyKeyHeaders,
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      replyIdempotently(idempotency, request, reply, 200, async (trx) =>
        presentOrder(await orders.move(request.principal, request.params.id, 'verify', {}, trx)),
      ),
  );

  app.post(
    '/api/v1/orders/:id/dispute',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Dispute the execution, with the reason (issuing agency); the executing organization reports again',
        params: OrderParams,
        headers: IdempotencyKeyHeaders,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Order, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      replyIdempotently(idempotency, request, reply, 200, async (trx) =>
        presentOrder(await orders.move(request.principal, request.params.id, 'dispute', request.body, trx)),
      ),
  );
}
