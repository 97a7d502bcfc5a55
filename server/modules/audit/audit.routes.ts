import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { toIsoString } from '../../db/values';
import { problemResponses } from '../../http/schema-helpers';
import type { AuditService } from './audit.service';

const AuditEventSchema = Type.Object({
  seq: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

/** The audit log for auditors. */
export async function auditRoutes(parent: FastifyInstance, options: { audit: AuditService }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/audit/events',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first, with the head of the hash chain',
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 100 })),
          objectType: Type.Optional(Type.String({ maxLength: 100 })),
          objectId: Type.Optional(Type.String({ maxLength: 100 })),
          actorId: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(AuditEventSchema),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
            head: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const page = await options.audit.listEvents(request.principal, request.query);
      return {
        ...page,
        items: page.items.map((e) => ({
          seq: Number(e.seq),
          occurredAt: toIsoString(e.occurred_at),
          actorType: e.actor_type,
          actorId: e.actor_id,
          orgId: e.org_id,
          action: e.action,
          objectType: e.object_type,
          objectId: e.object_id,
          summary: JSON.parse(e.summary) as Record<string, unknown>,
          prevHash: e.prev_hash,
          hash: e.hash,
        })),
      };
    },
  );
}
