import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { SESSION_COOKIE, requiresTwoFactor } from '../../../contracts/orgs';
import type { Config } from '../../config';
import type { SessionRow } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { clearSessionCookie, csrfTokenFor, setSessionCookie, userOf } from '../../http/authenticate';
import { ProblemError } from '../../http/problem';
import { problemResponses } from '../../http/schema-helpers';
import * as orgsRepo from '../orgs/orgs.repository';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import {
  AcceptInvitationBody,
  InvitationOfferSchema,
  InvitationParams,
  LoginBody,
  MeSchema,
  PasswordBody,
  PasswordChangeBody,
  RecoveryCodesSchema,
  SessionSchema,
  TotpEnrolBody,
  TotpOfferSchema,
} from './auth.schemas';
import type { AuthService, RequestMeta } from './auth.service';
import type { UserPrincipal } from './principal';

function metaOf(request: FastifyRequest): RequestMeta {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

/** Signing in and out, one's own account, and accepting invitations. */
export async function authRoutes(parent: FastifyInstance, options: { config: Config; auth: AuthService; db: Kysely<Database> }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { config, auth, db } = options;
  app.addSchema(MeSchema);
  const tags = ['auth'];
  // Guessing passwords or invitation links is slowed per address, on top of the per-account lockout.
  const signInLimit = config.rateLimit.enabled ? { max: 20, timeWindow: '1 minute' } : false;

  /** The answer of `GET /me`, also given at sign-in. */
  async function describeMe(principal: UserPrincipal, session: SessionRow, token: string) {
    const org = await orgsRepo.findOrganization(db, principal.orgId);
    if (!org) throw new ProblemError('unauthenticated');
    const status = await auth.twoFactorStatus(principal.userId);
    return {
      user: {
        id: principal.userId,
        email: principal.email,
        displayName: principal.displayName,
        roles: principal.roles,
        twoFactor: status.enrolled,
        twoFactorRequired: requiresTwoFactor(principal.roles),
        enrolmentRequired: principal.enrolmentRequired,
      },
      organization: { id: org.id, name: org.name, kind: principal.orgKind, regionCode: org.region_code, parentId: org.parent_id },
      session: { id: session.id, createdAt: toIsoString(session.created_at), expiresAt: toIsoString(session.expires_at) },
      csrfToken: csrfTokenFor(token),
    };
  }

  app.post(
    '/api/v1/auth/login',
    {
      config: { auth: 'public', rateLimit: signInLimit },
      schema: {
        tags,
        summary: 'Sign in with e-mail, password and, when enrolled, an authenticator code or a recovery code',
        description:
          'Answers 401 `second_factor_required` when the password is right and a code is needed; send the same body again with `totp`. Sets the session cookie.',
        body: LoginBody,
        response: { 200: Type.Ref('Me'), ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const opened = await auth.login(request.body, metaOf(request));
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await auth.discardSession(previous);
      setSessionCookie(reply, config, opened.token, toIsoString(opened.session.absolute_expires_at));
      return reply.header('cache-control', 'no-store').send(await describeMe(opened.principal, opened.session, opened.token));
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { auth: 'enrolling' },
      schema: { tags, summary: 'Sign out of this session', response: { 204: Type.Null(), ...problemResponses(401, 403) } },
    },
    async (request, reply) => {
      await auth.logout(userOf(request));
      clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/logout-everywhere',
    {
      config: { auth: 'enrolling' },
      schema: {
        tags,
        summary: 'Sign out of every session, on every device',
        response: { 204: Type.Null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await auth.logoutEverywhere(userOf(request));
      clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { auth: 'enrolling' },
      schema: {
        tags,
        summary: 'Who is signed in: the user, their organization and roles',
        response: { 200: Type.Ref('Me'), ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || !request.session) throw new ProblemError('unauthenticated');
      return reply.header('cache-control', 'no-store').send(await describeMe(userOf(request), request.session, token));
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'My open sessions',
        response: { 200: Type.Object({ items: Type.Array(SessionSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const principal = userOf(request);
      const sessions = await auth.listSessions(principal);
      return {
        items: sessions.map((s) => ({
          id: s.id,
          createdAt: toIsoString(s.created_at),
          lastSeenAt: toIsoString(s.last_seen_at),
          ip: s.ip,
          userAgent: s.user_agent,
          current: s.id === principal.sessionId,
        })),
      };
    },
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'End one of my sessions',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.revokeSession(userOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Change my password (my other sessions end)',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await auth.changePassword(userOf(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/totp/new',
    {
      config: { auth: 'enrolling' },
      schema: {
        tags,
        summary: 'A fresh authenticator seed to enrol (nothing is stored until a code proves it)',
        response: { 200: TotpOfferSchema, ...problemResponses(401) },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(auth.newTotp(userOf(request).email)),
  );

  app.post(
    '/api/v1/me/totp',
    {
      config: { auth: 'enrolling' },
      schema: {
        tags,
        summary: 'Enrol an authenticator with a code from it; answers new recovery codes once',
        description: 'Re-enrolling, when one is already enrolled, needs the password.',
        body: TotpEnrolBody,
        response: { 200: RecoveryCodesSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send({ recoveryCodes: await auth.enrolTotp(userOf(request), request.body) }),
  );

  app.post(
    '/api/v1/me/recovery-codes',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Replace my recovery codes (the old ones stop working)',
        body: PasswordBody,
        response: { 200: RecoveryCodesSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send({ recoveryCodes: await auth.regenerateRecoveryCodes(userOf(request), request.body.password) }),
  );

  app.get(
    '/api/v1/invitations/:token',
    {
      config: { auth: 'public', rateLimit: signInLimit },
      schema: {
        tags,
        summary: 'What an invitation link offers, with an authenticator seed to enrol',
        params: InvitationParams,
        response: { 200: InvitationOfferSchema, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await auth.describeInvitation(request.params.token)),
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      config: { auth: 'public', rateLimit: signInLimit },
      schema: {
        tags,
        summary: 'Accept an invitation: set a password, enrol an authenticator, and sign in',
        params: InvitationParams,
        body: AcceptInvitationBody,
        response: {
          200: Type.Object({ me: Type.Ref('Me'), recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()]) }),
          ...problemResponses(400, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { opened, recoveryCodes } = await auth.acceptInvitation(request.params.token, request.body, metaOf(request));
      setSessionCookie(reply, config, opened.token, toIsoString(opened.session.absolute_expires_at));
      return reply
        .header('cache-control', 'no-store')
        .send({ me: await describeMe(opened.principal, opened.session, opened.token), recoveryCodes });
    },
  );
}
