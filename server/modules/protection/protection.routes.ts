import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { problemResponses } from '../../http/schema-helpers';
import type { ProtectionService } from './protection.service';

const tags = ['protection'];
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD' });

const Representative = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  idNumberMasked: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  validUntil: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  revokedReason: Type.Union([Type.String(), Type.Null()]),
});
const Enterprise = Type.Object({
  enterprise: Type.Object({
    id: Type.String(),
    name: Type.String(),
    uscc: Type.Union([Type.String(), Type.Null()]),
    regionCode: Type.String(),
  }),
  liaison: Type.Union([
    Type.Object({ userId: Type.String(), name: Type.String(), email: Type.String(), orgName: Type.String(), assignedAt: Type.String() }),
    Type.Null(),
  ]),
  representatives: Type.Array(Representative),
  canManage: Type.Boolean(),
});

/** The path whose query carries personal data; the request log drops its query string. */
export const VERIFY_PATH = '/api/v1/protection/verify';

/** Rate limits per caller, not per address: websites ask from a few servers. */
function callerKey(request: FastifyRequest): string {
  const credential = request.headers.authorization ?? request.headers.cookie ?? request.ip;
  return createHash('sha256').update(credential).digest('hex');
}

export async function protectionRoutes(
  parent: FastifyInstance,
  options: { protection: ProtectionService; verifyPerMinute: number | false },
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { protection } = options;

  app.get(
    '/api/v1/protection/enterprises/:orgId',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "An enterprise's protection record: its authorized representatives (masked) and its regulator liaison",
        params: Type.Object({ orgId: Id }),
        response: { 200: Enterprise, ...problemResponses(401, 404) },
      },
    },
    async (request) => protection.enterprise(request.principal, request.params.orgId),
  );

  app.post(
    '/api/v1/protection/enterprises/:orgId/representatives',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary:
          'Name an authorized representative (the enterprise itself): the ID number and phone are kept only as keyed hashes and shown masked',
        params: Type.Object({ orgId: Id }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 50 }),
            title: Type.Optional(Type.String({ maxLength: 100 })),
            idNumber: Type.Optional(Type.String({ maxLength: 30 })),
            phone: Type.Optional(Type.String({ maxLength: 30 })),
            validUntil: Type.Optional(Day),
          },
          { additionalProperties: false },
        ),
        response: { 201: Representative, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await protection.addRepresentative(request.principal, request.params.orgId, request.body)),
  );

  app.post(
    '/api/v1/protection/representatives/:id/revoke',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Revoke a representative’s authorization, with the reason; the record stays',
        params: Type.Object({ id: Id }),
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Representative, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => protection.revokeRepresentative(request.principal, request.params.id, request.body.reason),
  );

  app.put(
    '/api/v1/protection/enterprises/:orgId/liaison',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "Assign the enterprise's liaison: a person at a regulator it is under (that regulator's administrators and leads)",
        params: Type.Object({ orgId: Id }),
        body: Type.Object({ userId: Id }, { additionalProperties: false }),
        response: { 200: Enterprise, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => protection.assignLiaison(request.principal, request.params.orgId, request.body.userId),
  );

  app.get(
    VERIFY_PATH,
    {
      config: {
        auth: 'user_or_token',
        rateLimit:
          options.verifyPerMinute === false ? false : { max: options.verifyPerMinute, timeWindow: '1 minute', keyGenerator: callerKey },
      },
      schema: {
        tags,
        summary:
          'May this requester act for the enterprise with this credit code? Answers yes, no or unknown and nothing else. ' +
          'Give the name and at least an ID number or a phone number. For websites (token scope protection:verify) and agencies; ' +
          'rate-limited per caller and audited; the query string is kept out of the request log.',
        querystring: Type.Object(
          {
            uscc: Type.String({ minLength: 1, maxLength: 30 }),
            name: Type.String({ minLength: 1, maxLength: 50 }),
            idNumber: Type.Optional(Type.String({ maxLength: 30 })),
            phone: Type.Optional(Type.String({ maxLength: 30 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ answer: Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('unknown')]) }),
          ...problemResponses(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await protection.verify(request.principal, request.query)),
  );
}
