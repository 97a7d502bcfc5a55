import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { INDICATOR_TYPES } from '../../../contracts/indicators';
import { toIsoString } from '../../db/values';
import { StringEnum, problemResponses } from '../../http/schema-helpers';
import type { SubjectType } from './correlation.repository';
import type { CorrelationService } from './correlation.service';

const STAFF = { auth: 'user' as const };
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Correlation = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'values: the subject’s indicator values with their occurrence counts (hot values counted, not linked); links: other reports, cases and entities sharing values, strongest first (strength = Σ ln(1 + threshold / occurrences))',
});
const WarningBody = Type.Object(
  {
    type: StringEnum(INDICATOR_TYPES),
    value: Type.String({ minLength: 1, maxLength: 500 }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
const WarningEntry = Type.Object({
  type: Type.String(),
  value: Type.String(),
  reason: Type.String(),
  addedBy: Type.Union([Type.String(), Type.Null()]),
  addedAt: Type.String(),
});

/** Correlation on read: what shares indicator values with a report, case or entity; and the warning list. */
export async function correlationRoutes(parent: FastifyInstance, options: { correlation: CorrelationService }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { correlation } = options;
  const tags = ['correlation'];

  const kinds: [string, SubjectType][] = [
    ['reports', 'report'],
    ['cases', 'case'],
    ['entities', 'entity'],
  ];
  for (const [path, subjectType] of kinds) {
    app.get(
      `/api/v1/correlation/${path}/:id`,
      {
        config: STAFF,
        schema: {
          tags,
          summary: `Reports, cases and entities sharing indicator values with this ${subjectType}, as the caller may see them`,
          params: Params,
          response: { 200: Correlation, ...problemResponses(401, 404) },
        },
      },
      async (request) => correlation.correlate(request.principal, subjectType, request.params.id),
    );
  }

  app.get(
    '/api/v1/correlation/warning-list',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Indicator values that count but never link (customer-service numbers and the like)',
        response: { 200: Type.Object({ items: Type.Array(WarningEntry) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({
      items: (await correlation.listWarningList(request.principal)).map((r) => ({
        type: r.type,
        value: r.value,
        reason: r.reason,
        addedBy: r.added_by,
        addedAt: toIsoString(r.added_at),
      })),
    }),
  );

  app.post(
    '/api/v1/correlation/warning-list',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Put a value on the warning list (administrators; audited)',
        body: WarningBody,
        response: { 201: Type.Object({ type: Type.String(), value: Type.String() }), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await correlation.addWarning(request.principal, request.body)),
  );

  app.post(
    '/api/v1/correlation/warning-list/remove',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Take a value off the warning list, with a reason (administrators; audited)',
        body: WarningBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await correlation.removeWarning(request.principal, request.body);
      return reply.code(204).send(null);
    },
  );
}
