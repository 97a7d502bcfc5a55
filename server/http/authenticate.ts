import { createHash } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '../../contracts/orgs';
import type { Config } from '../config';
import type { SessionRow } from '../db/schema';
import type { AuthService } from '../modules/auth/auth.service';
import { ANONYMOUS, type Principal, type UserPrincipal } from '../modules/auth/principal';
import { ProblemError } from './problem';
import { safeEqual } from '../security/secret-tokens';

/**
 * Who may call a route at all; finer decisions (which record, which organization) are the
 * resource's policy, asked by the service.
 * - `public`: anyone; no session is read.
 * - `user`: a signed-in person who has met the two-factor requirement of their roles.
 * - `enrolling`: a signed-in person, even one who still has to enrol two-factor (their profile, enrolment, sign-out).
 * - `user_or_token`: a signed-in person, or an organization's system with an API token.
 */
export type RouteAuth = 'public' | 'user' | 'enrolling' | 'user_or_token';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: Principal;
    session: SessionRow | null;
  }
}

/** A route as the authorization matrix test sees it. */
export interface RouteEntry {
  method: string;
  url: string;
  auth: RouteAuth;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session: derived from the cookie, so only a page that can read our answers learns it. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`qinglang-csrf\0${sessionToken}`, 'utf8').digest('base64url');
}

/** The principal of a route declared `user` or `enrolling`. */
export function userOf(request: FastifyRequest): UserPrincipal {
  if (request.principal.kind !== 'user') throw new ProblemError('unauthenticated');
  return request.principal;
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure unless configured off, for the session's lifetime. */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: config.session.cookieSecure,
    sameSite: 'lax',
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: config.session.cookieSecure, sameSite: 'lax', path: '/' });
}

/**
 * Reads the session cookie or the bearer token of every non-public route, in one place, before
 * the body is read: unauthenticated calls answer 401, cookie writes without the CSRF token 403.
 * Every API route must declare `config.auth`; building the app fails otherwise.
 */
export async function installAuthentication(app: FastifyInstance, options: { config: Config; auth: AuthService; routes: RouteEntry[] }) {
  const { auth, routes } = options;
  await app.register(fastifyCookie);
  app.decorateRequest<Principal | null>('principal', null);
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const routeAuth = (route.config as { auth?: RouteAuth } | undefined)?.auth;
    if (!routeAuth) throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.auth`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, auth: routeAuth });
  });

  app.addHook('onRequest', async (request) => {
    request.principal = ANONYMOUS;
    const routeAuth = request.routeOptions.config.auth;
    if (!routeAuth || routeAuth === 'public') return;

    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (routeAuth !== 'user_or_token' || !match) throw new ProblemError('invalid_token');
      const principal = await auth.resolveApiToken(match[1]!);
      if (!principal) throw new ProblemError('invalid_token');
      request.principal = principal;
      return;
    }

    const token = request.cookies[SESSION_COOKIE];
    const resolved = token ? await auth.resolveSession(token) : null;
    if (!token || !resolved) throw new ProblemError('unauthenticated');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(token))) throw new ProblemError('csrf_failed');
    }
    if (resolved.principal.enrolmentRequired && routeAuth !== 'enrolling') throw new ProblemError('two_factor_enrolment_required');
    request.principal = resolved.principal;
    request.session = resolved.session;
  });
}
