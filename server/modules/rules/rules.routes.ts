import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { StringEnum, problemResponses } from '../../http/schema-helpers';
import { ADMISSIBILITY_STEPS } from './admissibility';
import type { RulesService } from './rules.service';

const tags = ['rules'];
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD' });
const Code = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,39}$', description: 'Stable code decisions cite, e.g. CL-274' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const ProvisionFields = {
  title: Text(200),
  source: Text(200),
  article: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  text: Text(20_000),
  effectiveFrom: Day,
  effectiveTo: Type.Optional(Type.Union([Day, Type.Null()])),
};

const Provision = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  source: Type.String(),
  article: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Type.Union([Type.String(), Type.Null()]),
  inForce: Type.Boolean(),
  changeReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
const ProvisionWithHistory = Type.Intersect([Provision, Type.Object({ versions: Type.Array(Provision) })]);

const Criterion = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,59}$' }),
    step: StringEnum(ADMISSIBILITY_STEPS),
    title: Type.Object({ 'zh-CN': Text(300), en: Text(300) }, { additionalProperties: false }),
    required: Type.Boolean(),
    provisionCodes: Type.Array(Code, { maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
const Criteria = Type.Object({
  version: Type.Integer(),
  sha256: Type.String(),
  criteria: Type.Array(Criterion),
  changeReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

/** The rules registry: provisions are public; admissibility criteria are for signed-in organizations. */
export async function rulesRoutes(parent: FastifyInstance, options: { rules: RulesService }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { rules } = options;

  app.get(
    '/api/v1/rules/provisions',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'The legal provisions decisions cite, each at its newest version; `inForceOn` keeps those in force on that day',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), inForceOn: Type.Optional(Day) }),
        response: { 200: Type.Object({ items: Type.Array(Provision) }), ...problemResponses(400) },
      },
    },
    async (request) => ({ items: await rules.listProvisions(request.query) }),
  );

  app.get(
    '/api/v1/rules/provisions/:code',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'One provision with every version, newest first',
        params: Type.Object({ code: Code }),
        response: { 200: ProvisionWithHistory, ...problemResponses(400, 404) },
      },
    },
    async (request) => rules.getProvision(request.params.code),
  );

  app.post(
    '/api/v1/rules/provisions',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Add a provision (top-level administrators); its code is then fixed',
        body: Type.Object({ code: Code, ...ProvisionFields }, { additionalProperties: false }),
        response: { 201: ProvisionWithHistory, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await rules.createProvision(request.principal, request.body)),
  );

  app.post(
    '/api/v1/rules/provisions/:code/versions',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'A new version of a provision (amended, or repealed by an end date), with the reason; earlier versions stay',
        params: Type.Object({ code: Code }),
        body: Type.Object({ ...ProvisionFields, reason: Text(1000) }, { additionalProperties: false }),
        response: { 201: ProvisionWithHistory, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await rules.amendProvision(request.principal, request.params.code, request.body)),
  );

  app.get(
    '/api/v1/rules/admissibility-criteria',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary: 'The admissibility criteria for deletion requests in force (the review steps: identity, authority, legal basis)',
        response: { 200: Criteria, ...problemResponses(401, 403) },
      },
    },
    async (request) => rules.criteria(request.principal),
  );

  app.get(
    '/api/v1/rules/admissibility-criteria/versions',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary: 'Every version of the admissibility criteria, newest first, with its hash and reason',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.Integer(),
                sha256: Type.String(),
                changeReason: Type.Union([Type.String(), Type.Null()]),
                createdAt: Type.String(),
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({ items: await rules.criteriaHistory(request.principal) }),
  );

  app.put(
    '/api/v1/rules/admissibility-criteria',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Replace the admissibility criteria as a new version (top-level administrators), with the reason',
        body: Type.Object({ criteria: Type.Array(Criterion, { maxItems: 100 }), reason: Text(1000) }, { additionalProperties: false }),
        response: { 200: Criteria, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => rules.replaceCriteria(request.principal, request.body.criteria, request.body.reason),
  );
}
