import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { problemResponses } from '../../http/schema-helpers';
import { presentApiToken, presentOrganization, presentUser } from './orgs.presenter';
import {
  ApiTokenSchema,
  IdParams,
  InvitationSchema,
  NewApiTokenBody,
  NewOrganizationBody,
  NewUserBody,
  OrganizationChangesBody,
  OrganizationQuery,
  OrganizationSchema,
  UserChangesBody,
  UserQuery,
  UserSchema,
} from './orgs.schemas';
import type { OrgService } from './orgs.service';

const STAFF = { auth: 'user' as const };

/** Organizations, users and API tokens for administrators. */
export async function orgsRoutes(parent: FastifyInstance, options: { orgs: OrgService }): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { orgs } = options;
  app.addSchema(OrganizationSchema);
  app.addSchema(UserSchema);
  app.addSchema(ApiTokenSchema);
  const tags = ['organizations'];

  app.get(
    '/api/v1/organizations',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Organizations the caller may see',
        querystring: OrganizationQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Organization')) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ items: (await orgs.listOrganizations(request.principal, request.query)).map(presentOrganization) }),
  );

  app.post(
    '/api/v1/organizations',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Create an organization below one the caller administers',
        body: NewOrganizationBody,
        response: { 201: Type.Ref('Organization'), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(presentOrganization(await orgs.createOrganization(request.principal, request.body))),
  );

  app.get(
    '/api/v1/organizations/:id',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'One organization',
        params: IdParams,
        response: { 200: Type.Ref('Organization'), ...problemResponses(401, 404) },
      },
    },
    async (request) => presentOrganization(await orgs.getOrganization(request.principal, request.params.id)),
  );

  app.patch(
    '/api/v1/organizations/:id',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Change an organization',
        params: IdParams,
        body: OrganizationChangesBody,
        response: { 200: Type.Ref('Organization'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => presentOrganization(await orgs.updateOrganization(request.principal, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/users',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Users of an organization, or of every organization the caller administers',
        querystring: UserQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('User')) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: (await orgs.listUsers(request.principal, request.query)).map((u) => presentUser(u)) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Invite a person: answers the one-time invitation link once',
        body: NewUserBody,
        response: { 201: Type.Object({ user: Type.Ref('User'), invitation: InvitationSchema }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { user, invitation } = await orgs.inviteUser(request.principal, request.body);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ user: presentUser(user), invitation });
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: STAFF,
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: Type.Ref('User'), ...problemResponses(401, 404) } },
    },
    async (request) => presentUser(await orgs.getUser(request.principal, request.params.id)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Change a user’s name, roles or status',
        params: IdParams,
        body: UserChangesBody,
        response: { 200: Type.Ref('User'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => presentUser(await orgs.updateUser(request.principal, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/users/:id/invitation',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Issue a new invitation link (older links stop working)',
        params: IdParams,
        response: { 200: InvitationSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await orgs.reissueInvitation(request.principal, request.params.id)),
  );

  app.post(
    '/api/v1/users/:id/reset-two-factor',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Remove a user’s authenticator and recovery codes; they enrol again at their next sign-in',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await orgs.resetTwoFactor(request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/organizations/:id/tokens',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'An organization’s API tokens',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('ApiToken')) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: (await orgs.listApiTokens(request.principal, request.params.id)).map(presentApiToken) }),
  );

  app.post(
    '/api/v1/organizations/:id/tokens',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Create an API token: answered once, only its hash is kept',
        params: IdParams,
        body: NewApiTokenBody,
        response: { 201: Type.Object({ token: Type.String(), apiToken: Type.Ref('ApiToken') }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { token, apiToken } = await orgs.createApiToken(request.principal, request.params.id, request.body);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ token, apiToken: presentApiToken(apiToken) });
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: STAFF,
      schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 404) } },
    },
    async (request, reply) => {
      await orgs.revokeApiToken(request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
