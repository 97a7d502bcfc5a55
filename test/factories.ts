import type { FastifyInstance } from 'fastify';
import type { OrgKind, Role } from '../contracts/orgs';
import { CSRF_HEADER, SESSION_COOKIE } from '../contracts/orgs';
import { csrfTokenFor } from '../server/http/authenticate';
import { insertSession } from '../server/modules/auth/auth.repository';
import type { SystemActor } from '../server/modules/auth/principal';
import { currentTotp, newTotpSecret } from '../server/modules/auth/totp';
import type { Organization } from '../server/modules/orgs/orgs.repository';
import { uuidv7 } from '../server/lib/ids';
import { hashSecretToken, newSecretToken } from '../server/security/secret-tokens';

/** The operator, for setting up test data without going through a signed-in administrator. */
export const SYSTEM: SystemActor = { kind: 'system', name: 'test' };

/** A password that passes the password policy. */
export const TEST_PASSWORD = 'Lantern-Harbour-Quietly-93';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createOrganization(
  app: FastifyInstance,
  input: { kind: OrgKind; name?: string; parentId?: string | null; regionCode?: string; domains?: string[]; uscc?: string | null },
): Promise<Organization> {
  return app.qinglang.orgs.createOrganization(SYSTEM, {
    name: input.name ?? `${input.kind} ${unique()}`,
    kind: input.kind,
    parentId: input.parentId ?? null,
    regionCode: input.regionCode ?? '330000',
    domains: input.domains ?? [],
    ...(input.uscc !== undefined && { uscc: input.uscc }),
  });
}

/**
 * A national organization and the Zhejiang provincial regulator below it, the frame of most
 * scenarios: by default the national reporting centre, which runs triage.
 */
export async function createProvince(
  app: FastifyInstance,
  national: { kind: 'reporting_centre' | 'regulator'; name: string } = { kind: 'reporting_centre', name: '互联网违法和不良信息举报中心' },
): Promise<{ national: Organization; province: Organization }> {
  const top = await createOrganization(app, { ...national, regionCode: '100000' });
  const province = await createOrganization(app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: top.id });
  return { national: top, province };
}

/** A signed-in way to call the API as a user: the cookie and CSRF headers to send. */
export interface TestSession {
  userId: string;
  sessionId: string;
  headers: Record<string, string>;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  /** The authenticator seed, when enrolled. */
  totpSecret: string | null;
  /** The session opened by accepting the invitation. */
  session: TestSession;
}

/**
 * Invites a user and accepts the invitation as they would: sets the test password and, unless
 * `totp: false`, enrols an authenticator.
 */
export async function createUser(
  app: FastifyInstance,
  input: { orgId: string; roles: Role[]; email?: string; totp?: boolean },
): Promise<TestUser> {
  const email = input.email ?? `user-${unique()}@example.test`;
  const { user, invitation } = await app.qinglang.orgs.inviteUser(SYSTEM, {
    orgId: input.orgId,
    email,
    displayName: `测试用户 ${unique()}`,
    roles: input.roles,
  });
  const token = invitation.url.split('/').pop()!;
  const totpSecret = input.totp === false ? null : newTotpSecret();
  const { opened } = await app.qinglang.auth.acceptInvitation(
    token,
    { password: TEST_PASSWORD, ...(totpSecret ? { totp: { secret: totpSecret, code: await currentTotp(totpSecret) } } : {}) },
    { ip: '127.0.0.1', userAgent: 'factory' },
  );
  return {
    id: user.id,
    email,
    password: TEST_PASSWORD,
    totpSecret,
    session: sessionHeaders(user.id, opened.session.id, opened.token),
  };
}

function sessionHeaders(userId: string, sessionId: string, token: string): TestSession {
  return { userId, sessionId, headers: { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: csrfTokenFor(token) } };
}

/**
 * Opens another session for a user directly in the database, as if they had signed in with their
 * second factor; for tests about what a session may do, not about signing in.
 */
export async function openSession(app: FastifyInstance, userId: string): Promise<TestSession> {
  const token = newSecretToken();
  const now = new Date();
  const id = uuidv7();
  await insertSession(app.qinglang.database.db, {
    id,
    token_hash: hashSecretToken(token),
    user_id: userId,
    second_factor: 'totp',
    ip: '127.0.0.1',
    user_agent: 'factory',
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + 3600_000).toISOString(),
    absolute_expires_at: new Date(now.getTime() + 3600_000).toISOString(),
  });
  return sessionHeaders(userId, id, token);
}

/** The session cookie a response set, as a request header. */
export function cookieFrom(response: { headers: Record<string, unknown> }): string {
  const setCookie = response.headers['set-cookie'];
  const line = [setCookie].flat().find((c) => typeof c === 'string' && c.startsWith(`${SESSION_COOKIE}=`));
  if (typeof line !== 'string') throw new Error('no session cookie was set');
  return line.split(';')[0]!;
}

/** Files a report through the public API, as a member of the public would; its id, tracking code and access key. */
export async function fileReport(app: FastifyInstance, payload: object): Promise<{ id: string; trackingCode: string; accessKey: string }> {
  const receipt = await app.inject({ method: 'POST', url: '/api/v1/reports', payload });
  if (receipt.statusCode !== 201) throw new Error(`filing the report failed: ${receipt.statusCode} ${receipt.body}`);
  const { trackingCode, accessKey } = receipt.json<{ trackingCode: string; accessKey: string }>();
  const row = await app.qinglang.database.db
    .selectFrom('reports')
    .select('id')
    .where('tracking_code', '=', trackingCode)
    .executeTakeFirstOrThrow();
  return { id: row.id, trackingCode, accessKey };
}
