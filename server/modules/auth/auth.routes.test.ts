import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../contracts/orgs';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { TEST_PASSWORD, cookieFrom, createOrganization, createUser } from '../../../test/factories';
import { verifyAuditChain } from '../audit/verify-audit-chain';
import { currentTotp } from './totp';

/** A code for the next 30-second step: the current one was spent when the authenticator was enrolled. */
const nextCode = (secret: string) => currentTotp(secret, new Date(Date.now() + 30_000));

for (const dialect of testDialects()) {
  describe(`sign-in and sessions (${dialect})`, () => {
    let t: TestApp;
    let orgId: string;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      orgId = (await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办' })).id;
    });
    afterAll(() => t.close());

    const login = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, headers });

    it('asks for the second factor, then opens a session with a Secure HttpOnly cookie and answers who is signed in', async () => {
      const user = await createUser(t.app, { orgId, roles: ['case_officer'] });
      const first = await login({ email: user.email.toUpperCase(), password: user.password });
      expect(first.statusCode).toBe(401);
      expect(first.json().code).toBe('second_factor_required');
      expect(first.headers['set-cookie']).toBeUndefined();

      const ok = await login({ email: user.email, password: user.password, totp: await nextCode(user.totpSecret!) });
      expect(ok.statusCode).toBe(200);
      const setCookie = String(ok.headers['set-cookie']);
      expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/Secure/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const me = ok.json();
      expect(me.user).toMatchObject({ email: user.email, roles: ['case_officer'], twoFactor: true, enrolmentRequired: false });
      expect(me.organization).toMatchObject({ id: orgId, name: '浙江省网信办', kind: 'regulator' });

      const cookie = cookieFrom(ok);
      const again = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(again.statusCode).toBe(200);
      expect(again.json().csrfToken).toBe(me.csrfToken);

      // Signing in again from the same browser replaces the session: the old cookie stops working.
      // (The codes of this 30-second window are spent; let the clock move on.)
      await t.database.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', user.id).execute();
      const rotated = await login({ email: user.email, password: user.password, totp: await currentTotp(user.totpSecret!) }, { cookie });
      expect(rotated.statusCode).toBe(200);
      expect(cookieFrom(rotated)).not.toBe(cookie);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieFrom(rotated) } })).statusCode).toBe(200);
    });

    it('refuses a code used once already (replay) and a wrong code, in the same words', async () => {
      const user = await createUser(t.app, { orgId, roles: ['analyst'] });
      const code = await nextCode(user.totpSecret!);
      expect((await login({ email: user.email, password: user.password, totp: code })).statusCode).toBe(200);
      const replay = await login({ email: user.email, password: user.password, totp: code });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().code).toBe('second_factor_invalid');
      const wrong = await login({ email: user.email, password: user.password, totp: '000000' }, { 'accept-language': 'en' });
      expect(wrong.json()).toMatchObject({ code: 'second_factor_invalid', title: 'The authentication code or recovery code is wrong' });
    });

    it('answers the same for an unknown e-mail and a wrong password, and locks the account after five failures', async () => {
      const user = await createUser(t.app, { orgId, roles: ['auditor'] });
      const unknown = await login({ email: 'nobody@example.test', password: TEST_PASSWORD });
      const wrong = await login({ email: user.email, password: 'not the password at all' });
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.json().title).toBe(wrong.json().title);
      for (let i = 0; i < 4; i++) await login({ email: user.email, password: 'still not the password' });
      // Locked now: even the right password and code are refused, without saying so.
      const locked = await login({ email: user.email, password: user.password, totp: await nextCode(user.totpSecret!) });
      expect(locked.statusCode).toBe(401);
      expect(locked.json().code).toBe('invalid_credentials');
      const row = await t.database.db
        .selectFrom('users')
        .select(['failed_logins', 'locked_until'])
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(Number(row.failed_logins)).toBeGreaterThanOrEqual(5);
      expect(row.locked_until).not.toBeNull();
    });

    it('signs in with a recovery code once, and not twice', async () => {
      const user = await createUser(t.app, { orgId, roles: ['agency_lead'] });
      const codes = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/recovery-codes',
        headers: user.session.headers,
        payload: { password: user.password },
      });
      expect(codes.statusCode).toBe(200);
      const code: string = codes.json().recoveryCodes[0];
      const first = await login({ email: user.email, password: user.password, recoveryCode: code.toUpperCase() });
      expect(first.statusCode).toBe(200);
      const second = await login({ email: user.email, password: user.password, recoveryCode: code });
      expect(second.statusCode).toBe(401);
    });

    it('requires the CSRF token on writes made with the cookie', async () => {
      const user = await createUser(t.app, { orgId, roles: ['case_officer'] });
      const withoutToken = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: user.session.headers.cookie! },
      });
      expect(withoutToken.statusCode).toBe(403);
      expect(withoutToken.json().code).toBe('csrf_failed');
      const wrongToken = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: user.session.headers.cookie!, [CSRF_HEADER]: 'x'.repeat(43) },
      });
      expect(wrongToken.statusCode).toBe(403);
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.session.headers });
      expect(ok.statusCode).toBe(204);
      const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: user.session.headers });
      expect(after.statusCode).toBe(401);
    });

    it('lists sessions, ends one, and signs out everywhere', async () => {
      const user = await createUser(t.app, { orgId, roles: ['triage_officer'] });
      const second = await login({ email: user.email, password: user.password, totp: await nextCode(user.totpSecret!) });
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: user.session.headers });
      expect(list.json().items).toHaveLength(2);
      expect(list.json().items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      const everywhere = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: user.session.headers });
      expect(everywhere.statusCode).toBe(204);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieFrom(second) } })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: user.session.headers })).statusCode).toBe(401);
    });

    it('makes a staff member without an authenticator enrol before anything else', async () => {
      const user = await createUser(t.app, { orgId, roles: ['admin'], totp: false }).catch((error: unknown) => error);
      // Staff roles cannot even accept an invitation without enrolling.
      expect(user).toMatchObject({ code: 'validation' });

      const liaisonOrg = await createOrganization(t.app, { kind: 'enterprise', name: '某某科技有限公司' });
      const liaison = await createUser(t.app, { orgId: liaisonOrg.id, roles: ['enterprise_liaison'], totp: false });
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: liaison.session.headers });
      expect(me.json().user).toMatchObject({ twoFactor: false, twoFactorRequired: false, enrolmentRequired: false });

      // An administrator gives the liaison a staff role elsewhere… here: the liaison's org admin role needs two-factor.
      await t.app.qinglang.orgs.updateUser({ kind: 'system', name: 'test' }, liaison.id, { roles: ['admin', 'enterprise_liaison'] });
      const signIn = await login({ email: liaison.email, password: liaison.password });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json().user.enrolmentRequired).toBe(true);
      const cookie = cookieFrom(signIn);
      const headers = { cookie, [CSRF_HEADER]: signIn.json().csrfToken as string };
      const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('two_factor_enrolment_required');
      const offer = await t.app.inject({ method: 'GET', url: '/api/v1/me/totp/new', headers });
      const { secret } = offer.json();
      const enrol = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/totp',
        headers,
        payload: { secret, code: await currentTotp(secret) },
      });
      expect(enrol.statusCode).toBe(200);
      expect(enrol.json().recoveryCodes).toHaveLength(10);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers })).statusCode).toBe(200);
    });

    it('changes the password with the current one, refusing a common one, and ends the other sessions', async () => {
      const user = await createUser(t.app, { orgId, roles: ['case_officer'] });
      const other = await login({ email: user.email, password: user.password, totp: await nextCode(user.totpSecret!) });
      const common = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: user.session.headers,
        payload: { currentPassword: user.password, newPassword: 'password1234' },
      });
      expect(common.statusCode).toBe(400);
      expect(common.json().errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'passwordCommon' })]);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: user.session.headers,
        payload: { currentPassword: user.password, newPassword: 'Another-Quiet-Lantern-71' },
      });
      expect(ok.statusCode).toBe(204);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieFrom(other) } })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: user.session.headers })).statusCode).toBe(200);
    });

    it('accepts an invitation once, refuses a weak password without using it up, and audits every step', async () => {
      const { invitation } = await t.app.qinglang.orgs.inviteUser(
        { kind: 'system', name: 'test' },
        { orgId, email: 'invitee@example.test', displayName: '王小明', roles: ['analyst'] },
      );
      const token = invitation.url.split('/invitation/')[1]!;
      const offer = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
      expect(offer.statusCode).toBe(200);
      expect(offer.json()).toMatchObject({ email: 'invitee@example.test', twoFactorRequired: true, roles: ['analyst'] });
      const secret: string = offer.json().totp.secret;
      const weak = await t.app.inject({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        payload: { password: '12345678', totp: { secret, code: await currentTotp(secret) } },
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0]).toMatchObject({ field: 'password', code: 'passwordTooShort' });
      const accepted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        payload: { password: TEST_PASSWORD, totp: { secret, code: await currentTotp(secret) } },
      });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json().recoveryCodes).toHaveLength(10);
      expect(accepted.json().me.user.enrolmentRequired).toBe(false);
      const reused = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
      expect(reused.statusCode).toBe(404);
      expect(reused.json().code).toBe('invitation_not_found');

      const actions = (await t.database.db.selectFrom('audit_events').select('action').execute()).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['user.invited', 'user.invitation_accepted', 'auth.signed_in', 'auth.sign_in_failed']),
      );
      expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
    });

    it('authenticates an API token by its hash, and not once revoked', async () => {
      const website = await createOrganization(t.app, { kind: 'website', domains: ['example.cn'] });
      const { token, apiToken } = await t.app.qinglang.orgs.createApiToken({ kind: 'system', name: 'test' }, website.id, {
        name: 'partner',
        scopes: ['reports:read'],
      });
      expect(token.startsWith('qlt_')).toBe(true);
      const stored = await t.database.db.selectFrom('api_tokens').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(await t.app.qinglang.auth.resolveApiToken(token)).toMatchObject({ kind: 'token', orgId: website.id });
      await t.app.qinglang.orgs.revokeApiToken({ kind: 'system', name: 'test' }, apiToken.id);
      expect(await t.app.qinglang.auth.resolveApiToken(token)).toBeNull();
    });
  });
}
