import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { problemResponses } from '../../http/schema-helpers';
import { readRoutingRules, replaceRoutingRules } from './routing-rules.service';
import { RoutingRuleSchema } from './routing.schemas';

/** The routing rules: read by triage and administrators, replaced by a top-level administrator. */
export async function routingRulesRoutes(parent: FastifyInstance, options: { db: Kysely<Database>; dialect: DatabaseDialect }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(RoutingRuleSchema);
  const Rules = Type.Array(Type.Ref('RoutingRule'), { maxItems: 500 });

  app.get(
    '/api/v1/routing-rules',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['cases'],
        summary: 'The routing rules in force (the defaults until an administrator saves some), with any problems found',
        response: {
          200: Type.Object({
            rules: Rules,
            source: Type.String(),
            problems: Type.Array(
              Type.Object({
                code: Type.String(),
                ruleIndex: Type.Union([Type.Integer(), Type.Null()]),
                ruleId: Type.Union([Type.String(), Type.Null()]),
                place: Type.Union([Type.String(), Type.Null()], {
                  description: 'Where in the rule: id, name, priority, when.categories, then.lead, then.assisting.1',
                }),
                message: Type.String({ description: 'An English sentence for logs; localize by code' }),
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => readRoutingRules(options.db, request.principal),
  );

  app.put(
    '/api/v1/routing-rules',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['cases'],
        summary: 'Replace the routing rules as a whole (top-level administrators); refused whole, with every problem named',
        body: Type.Object({ rules: Rules }, { additionalProperties: false }),
        response: { 200: Type.Object({ rules: Rules, sha256: Type.String() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => replaceRoutingRules(options, request.principal, request.body.rules as never),
  );
}
