import type { Kysely } from 'kysely';
import {
  type OrgKind,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type Role,
  type TokenScope,
  requiresTwoFactor,
} from '../../../contracts/orgs';
import type { DatabaseDialect } from '../../config';
import type { Database, SessionRow } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { hashSecretToken, newSecretToken } from '../../security/secret-tokens';
import { type AuditEventInput, appendAuditEvents } from '../audit/audit.repository';
import * as orgsRepo from '../orgs/orgs.repository';
import * as repo from './auth.repository';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password-hash';
import { type PasswordProblem, checkPassword } from './password-policy';
import type { TokenPrincipal, UserPrincipal } from './principal';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';
import { newTotpSecret, totpUri, verifyTotp } from './totp';

/** Encrypts and decrypts small secrets at rest (the TOTP seeds). */
export interface Sealer {
  seal(value: unknown, context: string): string;
  unseal<T>(sealed: string, context: string): T;
}

/** Where a request came from, kept with the session so people can recognise their sessions. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

/** A new session: the cookie value (never stored) and the principal it signs in. */
export interface OpenedSession {
  token: string;
  session: SessionRow;
  principal: UserPrincipal;
}

const PASSWORD_FIELD_KEYS: Record<PasswordProblem, FieldProblem['key']> = {
  too_short: 'passwordTooShort',
  too_long: 'passwordTooLong',
  common: 'passwordCommon',
  contains_identity: 'passwordContainsIdentity',
};

/** The TOTP seed is bound to its user, so a sealed seed copied onto another account does not open. */
const totpContext = (userId: string) => `users.totp_sealed:${userId}`;

/**
 * Sign-in and everything about one's own account: sessions, passwords, two-factor, invitations,
 * and resolving a cookie or an API token into the principal a request acts for.
 */
export class AuthService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      dialect: DatabaseDialect;
      sealer: Sealer;
      recoveryCodeKey: Buffer;
      session: { idleMinutes: number; maxHours: number };
    },
  ) {}

  private async audit(trx: Kysely<Database>, events: AuditEventInput[]): Promise<void> {
    await appendAuditEvents(trx, this.deps.dialect, events);
  }

  /**
   * Checks e-mail, password and, when enrolled, the second factor; opens a session. Every failure
   * answers the same for unknown and known e-mails, and counts towards a lockout with back-off.
   */
  async login(input: LoginInput, meta: RequestMeta): Promise<OpenedSession> {
    const email = input.email.trim().toLowerCase();
    const now = new Date();
    const user = await orgsRepo.findUserByEmail(this.deps.db, email);
    const usable = user && user.password_hash && user.status === 'active' && user.org_status === 'active';
    const locked = user?.locked_until ? new Date(toIsoString(user.locked_until)) > now : false;
    if (!usable || locked) {
      await verifyAgainstDummy(input.password);
      if (user) await this.recordFailure(user, 'password', now, meta, locked ? 'locked' : 'unusable');
      throw new ProblemError('invalid_credentials');
    }
    if (!(await verifyPassword(user.password_hash!, input.password))) {
      await this.recordFailure(user, 'password', now, meta);
      throw new ProblemError('invalid_credentials');
    }

    let secondFactor: string | null = null;
    let totpStep: number | null = null;
    let recoveryCodeHash: string | null = null;
    if (user.totp_sealed) {
      if (!input.totp && !input.recoveryCode) throw new ProblemError('second_factor_required');
      if (input.totp) {
        const secret = this.deps.sealer.unseal<string>(user.totp_sealed, totpContext(user.id));
        const result = await verifyTotp(secret, input.totp, now);
        const lastStep = user.totp_last_step === null ? -1 : Number(user.totp_last_step);
        if (!result.ok || result.step <= lastStep) {
          await this.recordFailure(user, 'second_factor', now, meta);
          throw new ProblemError('second_factor_invalid');
        }
        totpStep = result.step;
        secondFactor = 'totp';
      } else {
        recoveryCodeHash = hashRecoveryCode(normalizeRecoveryCode(input.recoveryCode!), this.deps.recoveryCodeKey);
        secondFactor = 'recovery_code';
      }
    }

    const rehash = needsRehash(user.password_hash!) ? await hashPassword(input.password) : null;
    const opened = await this.deps.db.transaction().execute(async (trx) => {
      if (recoveryCodeHash && !(await repo.useRecoveryCode(trx, user.id, recoveryCodeHash, now.toISOString()))) return null;
      if (totpStep !== null) {
        // Compare-and-set, so two sign-ins racing with one code cannot both pass.
        const result = await trx
          .updateTable('users')
          .set({ totp_last_step: totpStep })
          .where('id', '=', user.id)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', totpStep)]))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return null;
      }
      await orgsRepo.updateUser(trx, user.id, {
        failed_logins: 0,
        locked_until: null,
        last_login_at: now.toISOString(),
        ...(rehash ? { password_hash: rehash } : {}),
      });
      const opened = await this.openSession(trx, user, secondFactor, meta, now);
      await this.audit(trx, [
        {
          actorType: 'user',
          actorId: user.id,
          orgId: user.org_id,
          action: 'auth.signed_in',
          objectType: 'session',
          objectId: opened.session.id,
          summary: { secondFactor, ip: meta.ip },
        },
      ]);
      return opened;
    });
    if (!opened) {
      await this.recordFailure(user, 'second_factor', now, meta);
      throw new ProblemError('second_factor_invalid');
    }
    return opened;
  }

  private async recordFailure(
    user: orgsRepo.UserWithRoles,
    stage: 'password' | 'second_factor',
    now: Date,
    meta: RequestMeta,
    reason?: string,
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const failures = await repo.recordFailedLogin(trx, user.id, now);
      await this.audit(trx, [
        {
          actorType: 'public',
          actorId: null,
          orgId: user.org_id,
          action: 'auth.sign_in_failed',
          objectType: 'user',
          objectId: user.id,
          summary: { stage, failures, ip: meta.ip, ...(reason ? { reason } : {}) },
        },
      ]);
    });
  }

  private async openSession(
    trx: Kysely<Database>,
    user: orgsRepo.UserWithRoles,
    secondFactor: string | null,
    meta: RequestMeta,
    now: Date,
  ): Promise<OpenedSession> {
    const token = newSecretToken();
    const absolute = new Date(now.getTime() + this.deps.session.maxHours * 3600_000);
    const idle = new Date(Math.min(now.getTime() + this.deps.session.idleMinutes * 60_000, absolute.getTime()));
    const session = {
      id: uuidv7(),
      token_hash: hashSecretToken(token),
      user_id: user.id,
      second_factor: secondFactor,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 400) ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: idle.toISOString(),
      absolute_expires_at: absolute.toISOString(),
    };
    await repo.insertSession(trx, session);
    const roles = user.roles as Role[];
    return {
      token,
      session: session as SessionRow,
      principal: {
        kind: 'user',
        userId: user.id,
        email: user.email,
        displayName: user.display_name,
        orgId: user.org_id,
        orgPath: user.org_path,
        orgKind: user.org_kind as OrgKind,
        roles,
        sessionId: session.id,
        secondFactor: secondFactor !== null,
        enrolmentRequired: requiresTwoFactor(roles) && !user.totp_sealed && secondFactor === null,
      },
    };
  }

  /** The principal of a session cookie, or null when it is unknown, expired or its user may no longer act. */
  async resolveSession(token: string): Promise<{ principal: UserPrincipal; session: SessionRow } | null> {
    const session = await repo.findSessionByTokenHash(this.deps.db, hashSecretToken(token));
    if (!session) return null;
    const now = new Date();
    if (new Date(toIsoString(session.expires_at)) <= now || new Date(toIsoString(session.absolute_expires_at)) <= now) return null;
    if (session.user_status !== 'active' || session.org_status !== 'active') return null;
    const roles = (await repo.rolesOf(this.deps.db, session.user_id)) as Role[];
    // Sliding expiry, written at most once a minute so reads do not become writes.
    if (now.getTime() - new Date(toIsoString(session.last_seen_at)).getTime() > 60_000) {
      const absolute = new Date(toIsoString(session.absolute_expires_at)).getTime();
      const expires = new Date(Math.min(now.getTime() + this.deps.session.idleMinutes * 60_000, absolute)).toISOString();
      await repo.touchSession(this.deps.db, session.id, now.toISOString(), expires);
      session.last_seen_at = now.toISOString();
      session.expires_at = expires;
    }
    return {
      session,
      principal: {
        kind: 'user',
        userId: session.user_id,
        email: session.email,
        displayName: session.display_name,
        orgId: session.org_id,
        orgPath: session.org_path,
        orgKind: session.org_kind as OrgKind,
        roles,
        sessionId: session.id,
        secondFactor: session.second_factor !== null,
        enrolmentRequired: requiresTwoFactor(roles) && session.second_factor === null,
      },
    };
  }

  /** The principal of an API token, or null when it is unknown, expired, revoked or its organization disabled. */
  async resolveApiToken(token: string): Promise<TokenPrincipal | null> {
    const row = await repo.findActiveApiToken(this.deps.db, hashSecretToken(token));
    if (!row || row.revoked_at || row.org_status !== 'active') return null;
    const now = new Date();
    if (row.expires_at && new Date(toIsoString(row.expires_at)) <= now) return null;
    if (!row.last_used_at || now.getTime() - new Date(toIsoString(row.last_used_at)).getTime() > 60_000) {
      await repo.touchApiToken(this.deps.db, row.id, now.toISOString());
    }
    return {
      kind: 'token',
      tokenId: row.id,
      orgId: row.org_id,
      orgPath: row.org_path,
      orgKind: row.org_kind as OrgKind,
      scopes: JSON.parse(row.scopes) as TokenScope[],
    };
  }

  /**
   * Ends the session a cookie names, if any, without auditing it as a sign-out: called when the
   * same browser signs in again, so the old session id cannot be fixed on someone (rotation).
   */
  async discardSession(token: string): Promise<void> {
    const session = await repo.findSessionByTokenHash(this.deps.db, hashSecretToken(token));
    if (session) await repo.deleteSession(this.deps.db, session.id);
  }

  async logout(principal: UserPrincipal): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.deleteSession(trx, principal.sessionId);
      await this.audit(trx, [userEvent(principal, 'auth.signed_out', 'session', principal.sessionId)]);
    });
  }

  /** Ends every session of the user, this one included. */
  async logoutEverywhere(principal: UserPrincipal): Promise<number> {
    return this.deps.db.transaction().execute(async (trx) => {
      const count = await repo.deleteSessionsOfUser(trx, principal.userId);
      await this.audit(trx, [userEvent(principal, 'auth.signed_out_everywhere', 'user', principal.userId, { sessions: count })]);
      return count;
    });
  }

  async listSessions(principal: UserPrincipal): Promise<SessionRow[]> {
    return repo.listSessionsOfUser(this.deps.db, principal.userId, new Date().toISOString());
  }

  async revokeSession(principal: UserPrincipal, sessionId: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const sessions = await repo.listSessionsOfUser(trx, principal.userId, '1970-01-01T00:00:00.000Z');
      if (!sessions.some((s) => s.id === sessionId)) throw new ProblemError('not_found');
      await repo.deleteSession(trx, sessionId);
      await this.audit(trx, [userEvent(principal, 'auth.session_revoked', 'session', sessionId)]);
    });
  }

  /** Whether the user has a TOTP seed, and how many recovery codes are left. */
  async twoFactorStatus(userId: string): Promise<{ enrolled: boolean; recoveryCodesLeft: number }> {
    const user = await orgsRepo.findUser(this.deps.db, userId);
    return { enrolled: Boolean(user?.totp_sealed), recoveryCodesLeft: await repo.countUnusedRecoveryCodes(this.deps.db, userId) };
  }

  async changePassword(principal: UserPrincipal, input: { currentPassword: string; newPassword: string }): Promise<void> {
    const user = await orgsRepo.findUser(this.deps.db, principal.userId);
    if (!user?.password_hash) throw new ProblemError('not_found');
    const fields: FieldProblem[] = [];
    if (!(await verifyPassword(user.password_hash, input.currentPassword))) fields.push({ field: 'currentPassword', key: 'passwordWrong' });
    fields.push(...passwordProblems('newPassword', input.newPassword, user));
    if (fields.length > 0) throw new ProblemError('validation', { fields });
    const hash = await hashPassword(input.newPassword);
    await this.deps.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await orgsRepo.updateUser(trx, user.id, { password_hash: hash, password_changed_at: now, updated_at: now });
      // Other sessions end: whoever knew the old password is signed out.
      const ended = await repo.deleteSessionsOfUser(trx, user.id, principal.sessionId);
      await this.audit(trx, [userEvent(principal, 'user.password_changed', 'user', user.id, { sessionsEnded: ended })]);
    });
  }

  /** A fresh TOTP seed to show as a QR code; nothing is stored until the user proves it with a code. */
  newTotp(account: string): { secret: string; otpauthUri: string } {
    const secret = newTotpSecret();
    return { secret, otpauthUri: totpUri({ secret, account }) };
  }

  /**
   * Enrols (or re-enrols) the authenticator after checking a code from it; answers new recovery
   * codes, shown once. Re-enrolling needs the password.
   */
  async enrolTotp(principal: UserPrincipal, input: { secret: string; code: string; password?: string }): Promise<string[]> {
    const user = await orgsRepo.findUser(this.deps.db, principal.userId);
    if (!user) throw new ProblemError('not_found');
    const fields: FieldProblem[] = [];
    if (user.totp_sealed) {
      if (!input.password) fields.push({ field: 'password', key: 'required' });
      else if (!user.password_hash || !(await verifyPassword(user.password_hash, input.password)))
        fields.push({ field: 'password', key: 'passwordWrong' });
    }
    const result = await verifyTotp(input.secret, input.code);
    if (!result.ok) fields.push({ field: 'code', key: 'totpInvalid' });
    if (fields.length > 0 || !result.ok) throw new ProblemError('validation', { fields });
    const codes = newRecoveryCodes();
    await this.deps.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await orgsRepo.updateUser(trx, user.id, {
        totp_sealed: this.deps.sealer.seal(input.secret, totpContext(user.id)),
        totp_enrolled_at: now,
        totp_last_step: result.step,
        updated_at: now,
      });
      await repo.replaceRecoveryCodes(
        trx,
        user.id,
        codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c), this.deps.recoveryCodeKey)),
      );
      await repo.setSessionSecondFactor(trx, principal.sessionId, 'totp');
      // Sessions opened without the new factor end.
      await repo.deleteSessionsOfUser(trx, user.id, principal.sessionId);
      await this.audit(trx, [userEvent(principal, 'user.two_factor_enrolled', 'user', user.id, { reenrolled: Boolean(user.totp_sealed) })]);
    });
    return codes;
  }

  async regenerateRecoveryCodes(principal: UserPrincipal, password: string): Promise<string[]> {
    const user = await orgsRepo.findUser(this.deps.db, principal.userId);
    if (!user) throw new ProblemError('not_found');
    if (!user.password_hash || !(await verifyPassword(user.password_hash, password)))
      throw new ProblemError('validation', { fields: [{ field: 'password', key: 'passwordWrong' }] });
    if (!user.totp_sealed) throw new ProblemError('validation', { fields: [{ field: 'password', key: 'notEnrolled' }] });
    const codes = newRecoveryCodes();
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.replaceRecoveryCodes(
        trx,
        user.id,
        codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c), this.deps.recoveryCodeKey)),
      );
      await this.audit(trx, [userEvent(principal, 'user.recovery_codes_regenerated', 'user', user.id)]);
    });
    return codes;
  }

  /** What an invitation link offers, with a fresh TOTP seed to enrol; null when it is unknown, used or expired. */
  async describeInvitation(token: string) {
    const found = await this.findUsableInvitation(token);
    if (!found) throw new ProblemError('invitation_not_found');
    const { invitation, user } = found;
    const org = await orgsRepo.findOrganization(this.deps.db, user.org_id);
    return {
      email: user.email,
      displayName: user.display_name,
      organization: { id: user.org_id, name: org?.name ?? '', kind: user.org_kind as OrgKind },
      roles: user.roles as Role[],
      twoFactorRequired: requiresTwoFactor(user.roles as Role[]),
      expiresAt: toIsoString(invitation.expires_at),
      totp: this.newTotp(user.email),
    };
  }

  private async findUsableInvitation(token: string) {
    const invitation = await repo.findInvitation(this.deps.db, hashSecretToken(token));
    if (!invitation || invitation.used_at || new Date(toIsoString(invitation.expires_at)) <= new Date()) return null;
    const user = await orgsRepo.findUser(this.deps.db, invitation.user_id);
    if (!user || user.status !== 'invited' || user.org_status !== 'active') return null;
    return { invitation, user };
  }

  /**
   * Accepts an invitation: the person sets a password and, when their roles require it (or they
   * choose to), enrols an authenticator. Signs them in; answers recovery codes when enrolled.
   */
  async acceptInvitation(
    token: string,
    input: { password: string; totp?: { secret: string; code: string } },
    meta: RequestMeta,
  ): Promise<{ opened: OpenedSession; recoveryCodes: string[] | null }> {
    const found = await this.findUsableInvitation(token);
    if (!found) throw new ProblemError('invitation_not_found');
    const { user } = found;
    const fields = passwordProblems('password', input.password, user);
    let step: number | null = null;
    if (input.totp) {
      const result = await verifyTotp(input.totp.secret, input.totp.code);
      if (result.ok) step = result.step;
      else fields.push({ field: 'totp.code', key: 'totpInvalid' });
    } else if (requiresTwoFactor(user.roles as Role[])) {
      fields.push({ field: 'totp', key: 'totpRequired' });
    }
    if (fields.length > 0) throw new ProblemError('validation', { fields });
    const hash = await hashPassword(input.password);
    const codes = input.totp ? newRecoveryCodes() : null;
    const now = new Date();
    const opened = await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repo.useInvitation(trx, hashSecretToken(token), now.toISOString()))) return null;
      await orgsRepo.updateUser(trx, user.id, {
        status: 'active',
        password_hash: hash,
        password_changed_at: now.toISOString(),
        totp_sealed: input.totp ? this.deps.sealer.seal(input.totp.secret, totpContext(user.id)) : null,
        totp_enrolled_at: input.totp ? now.toISOString() : null,
        totp_last_step: step,
        last_login_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      if (codes)
        await repo.replaceRecoveryCodes(
          trx,
          user.id,
          codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c), this.deps.recoveryCodeKey)),
        );
      const opened = await this.openSession(
        trx,
        { ...user, totp_sealed: input.totp ? 'enrolled' : null },
        input.totp ? 'totp' : null,
        meta,
        now,
      );
      await this.audit(trx, [
        {
          actorType: 'user',
          actorId: user.id,
          orgId: user.org_id,
          action: 'user.invitation_accepted',
          objectType: 'user',
          objectId: user.id,
          summary: { twoFactor: Boolean(input.totp), ip: meta.ip },
        },
      ]);
      return opened;
    });
    if (!opened) throw new ProblemError('invitation_not_found');
    return { opened, recoveryCodes: codes };
  }
}

function passwordProblems(field: string, password: string, user: { email: string; display_name: string }): FieldProblem[] {
  const problem = checkPassword(password, { email: user.email, displayName: user.display_name });
  if (!problem) return [];
  const limit = problem === 'too_short' ? PASSWORD_MIN_LENGTH : problem === 'too_long' ? PASSWORD_MAX_LENGTH : undefined;
  return [{ field, key: PASSWORD_FIELD_KEYS[problem], params: limit ? { limit } : {} }];
}

function userEvent(
  principal: UserPrincipal,
  action: string,
  objectType: string,
  objectId: string,
  summary: Record<string, unknown> = {},
): AuditEventInput {
  return { actorType: 'user', actorId: principal.userId, orgId: principal.orgId, action, objectType, objectId, summary };
}
