import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { userOf } from '../../http/authenticate';
import { problemResponses } from '../../http/schema-helpers';
import type { revealReporter } from './reveal-reporter';
import { type RevealedReporter } from './reveal-reporter';

/** What staff may do with public reports beyond the triage queue: reveal who reported, audited. */
export async function staffReportRoutes(
  parent: FastifyInstance,
  options: { reveal: (actor: Parameters<typeof revealReporter>[1], reportId: string, reason?: string) => Promise<RevealedReporter> },
) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/reports/:id/reporter/reveal',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['reports'],
        summary: 'Reveal who filed a report (identity and contact); every reveal is written to the audit log',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        // A POST with the reason in the body: a GET would leave the reason in URLs, histories and access logs.
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why it is needed, kept in the audit log' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            reportId: Type.String(),
            kind: Type.String(),
            contactConsent: Type.Boolean(),
            identity: Type.Union([
              Type.Object({
                name: Type.Optional(Type.String()),
                phone: Type.Optional(Type.String()),
                email: Type.Optional(Type.String()),
                enterprise: Type.Optional(Type.Object({ name: Type.String(), uscc: Type.String() })),
              }),
              Type.Null(),
            ]),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const revealed = await options.reveal(userOf(request), request.params.id, request.body.reason);
      return reply.header('cache-control', 'no-store').send(revealed);
    },
  );
}
