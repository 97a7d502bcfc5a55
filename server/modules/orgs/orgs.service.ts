import type { Kysely } from 'kysely';
import { type OrgKind, REGION_CODE_PATTERN, type Role, TOKEN_PREFIX, type TokenScope, roleFitsOrgKind } from '../../../contracts/orgs';
import { isValidUscc } from '../../../contracts/uscc';
import type { DatabaseDialect } from '../../config';
import type { ApiTokenRow, Database } from '../../db/schema';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { hashSecretToken, newSecretToken } from '../../security/secret-tokens';
import { type AuditEventInput, appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { registrableDomain } from '../indicators/normalize';
import * as repo from './orgs.repository';
import { apiTokenPolicy, organizationPolicy, userPolicy } from './orgs.policy';

export interface NewOrganization {
  name: string;
  kind: OrgKind;
  /** Required except for the operator creating a top-level organization. */
  parentId?: string | null;
  regionCode: string;
  domains?: string[];
  icpNumbers?: string[];
  uscc?: string | null;
}

export interface OrganizationChanges {
  name?: string;
  regionCode?: string;
  domains?: string[];
  icpNumbers?: string[];
  uscc?: string | null;
  status?: 'active' | 'disabled';
}

export interface NewUser {
  orgId: string;
  email: string;
  displayName: string;
  roles: Role[];
}

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  status?: 'active' | 'disabled';
}

export interface NewApiToken {
  name: string;
  scopes: TokenScope[];
  expiresInDays?: number | null;
}

/** An invitation link, shown once to whoever invited. */
export interface IssuedInvitation {
  url: string;
  expiresAt: string;
}

const REGION_CODE = new RegExp(REGION_CODE_PATTERN);

/** Organizations, their people and their API tokens (mechanism 1). */
export class OrgService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      dialect: DatabaseDialect;
      publicUrl: string;
      invitationHours: number;
    },
  ) {}

  private async audit(trx: Kysely<Database>, actor: Actor, events: Omit<AuditEventInput, 'actorType' | 'actorId'>[]): Promise<void> {
    const who = auditActor(actor);
    await appendAuditEvents(
      trx,
      this.deps.dialect,
      events.map((e) => ({ ...e, actorType: who.actorType, actorId: who.actorId, orgId: e.orgId ?? who.orgId })),
    );
  }

  /** Organizations the actor may see, optionally by kind or name. */
  async listOrganizations(actor: Actor, filter: { kind?: OrgKind; q?: string } = {}): Promise<repo.Organization[]> {
    const rows = await repo.listOrganizations(this.deps.db, { ...filter, limit: 5000 });
    return rows.filter((org) => organizationPolicy.read(actor, org));
  }

  async getOrganization(actor: Actor, id: string): Promise<repo.Organization> {
    const org = await repo.findOrganization(this.deps.db, id);
    if (!org || !organizationPolicy.read(actor, org)) throw new ProblemError('not_found');
    return org;
  }

  async createOrganization(actor: Actor, input: NewOrganization): Promise<repo.Organization> {
    const fields: FieldProblem[] = [];
    const details = checkOrganizationDetails(input.kind, input, fields);
    return this.deps.db.transaction().execute(async (trx) => {
      let parentPath = '/';
      if (input.parentId) {
        const parent = await repo.findOrganization(trx, input.parentId);
        if (!parent || !organizationPolicy.create(actor, parent)) fields.push({ field: 'parentId', key: 'parentNotFound' });
        else parentPath = parent.path;
      } else if (actor.kind !== 'system') {
        fields.push({ field: 'parentId', key: 'parentRequired' });
      }
      if (fields.length > 0) throw new ProblemError('validation', { fields });
      const id = uuidv7();
      const now = new Date().toISOString();
      const row = {
        id,
        name: input.name.trim(),
        kind: input.kind,
        parent_id: input.parentId ?? null,
        path: `${parentPath}${id}/`,
        region_code: input.regionCode,
        domains: JSON.stringify(details.domains),
        icp_numbers: JSON.stringify(details.icpNumbers),
        uscc: details.uscc,
        status: 'active',
        created_at: now,
        updated_at: now,
      };
      await repo.insertOrganization(trx, row);
      await this.audit(trx, actor, [
        {
          action: 'organization.created',
          objectType: 'organization',
          objectId: id,
          orgId: id,
          summary: { name: row.name, kind: row.kind, parentId: row.parent_id, regionCode: row.region_code },
        },
      ]);
      return row;
    });
  }

  async updateOrganization(actor: Actor, id: string, changes: OrganizationChanges): Promise<repo.Organization> {
    return this.deps.db.transaction().execute(async (trx) => {
      const org = await repo.findOrganization(trx, id);
      if (!org || !organizationPolicy.read(actor, org)) throw new ProblemError('not_found');
      if (!organizationPolicy.update(actor, org)) throw new ProblemError('forbidden');
      const fields: FieldProblem[] = [];
      if (changes.regionCode !== undefined && !REGION_CODE.test(changes.regionCode))
        fields.push({ field: 'regionCode', key: 'regionCode' });
      const details = checkOrganizationDetails(
        org.kind as OrgKind,
        {
          domains: changes.domains ?? (JSON.parse(org.domains) as string[]),
          icpNumbers: changes.icpNumbers ?? (JSON.parse(org.icp_numbers) as string[]),
          uscc: changes.uscc === undefined ? org.uscc : changes.uscc,
          regionCode: changes.regionCode ?? org.region_code,
        },
        fields,
      );
      if (fields.length > 0) throw new ProblemError('validation', { fields });
      const update = {
        name: changes.name?.trim() ?? org.name,
        region_code: changes.regionCode ?? org.region_code,
        domains: JSON.stringify(details.domains),
        icp_numbers: JSON.stringify(details.icpNumbers),
        uscc: details.uscc,
        status: changes.status ?? org.status,
        updated_at: new Date().toISOString(),
      };
      const changed = Object.fromEntries(
        Object.entries(update).filter(([key, value]) => key !== 'updated_at' && (org as Record<string, unknown>)[key] !== value),
      );
      await repo.updateOrganization(trx, id, update);
      if (changes.status === 'disabled' && org.status !== 'disabled') {
        // A disabled organization's people and systems stop acting at once.
        await trx
          .deleteFrom('sessions')
          .where('user_id', 'in', trx.selectFrom('users').select('id').where('org_id', '=', id))
          .execute();
      }
      await this.audit(trx, actor, [
        { action: 'organization.updated', objectType: 'organization', objectId: id, orgId: id, summary: changed },
      ]);
      return { ...org, ...update };
    });
  }

  /** Users the actor may manage: one organization's, or everyone's in the actor's subtree. */
  async listUsers(actor: Actor, filter: { orgId?: string } = {}): Promise<repo.UserWithRoles[]> {
    if (filter.orgId) {
      const org = await repo.findOrganization(this.deps.db, filter.orgId);
      if (!org || !organizationPolicy.read(actor, org)) throw new ProblemError('not_found');
      if (!userPolicy.invite(actor, org)) throw new ProblemError('forbidden');
      return repo.listUsers(this.deps.db, { orgId: filter.orgId, limit: 5000 });
    }
    if (actor.kind === 'system') return repo.listUsers(this.deps.db, { limit: 5000 });
    if (actor.kind !== 'user' || !actor.roles.includes('admin')) throw new ProblemError('forbidden');
    return repo.listUsers(this.deps.db, { pathPrefix: actor.orgPath, limit: 5000 });
  }

  async getUser(actor: Actor, id: string): Promise<repo.UserWithRoles> {
    const user = await repo.findUser(this.deps.db, id);
    if (!user || !userPolicy.read(actor, user)) throw new ProblemError('not_found');
    return user;
  }

  /** Creates an invited account and its one-time link; the person sets their own password. */
  async inviteUser(actor: Actor, input: NewUser): Promise<{ user: repo.UserWithRoles; invitation: IssuedInvitation }> {
    const email = input.email.trim().toLowerCase();
    return this.deps.db.transaction().execute(async (trx) => {
      const org = await repo.findOrganization(trx, input.orgId);
      if (!org || !organizationPolicy.read(actor, org)) throw new ProblemError('not_found');
      if (!userPolicy.invite(actor, org)) throw new ProblemError('forbidden');
      const fields = roleProblems(input.roles, org.kind as OrgKind);
      if (await repo.findUserByEmail(trx, email)) fields.push({ field: 'email', key: 'emailTaken' });
      if (fields.length > 0) throw new ProblemError('validation', { fields });
      const now = new Date().toISOString();
      const id = uuidv7();
      const roles = [...new Set(input.roles)].sort();
      await repo.insertUser(
        trx,
        {
          id,
          org_id: org.id,
          email,
          display_name: input.displayName.trim(),
          status: 'invited',
          password_hash: null,
          password_changed_at: null,
          totp_sealed: null,
          totp_enrolled_at: null,
          totp_last_step: null,
          failed_logins: 0,
          locked_until: null,
          last_login_at: null,
          created_at: now,
          updated_at: now,
        },
        roles,
      );
      const invitation = await this.issueInvitation(trx, actor, id);
      await this.audit(trx, actor, [
        { action: 'user.invited', objectType: 'user', objectId: id, orgId: org.id, summary: { email, roles } },
      ]);
      const user = await repo.findUser(trx, id);
      if (!user) throw new Error('invited user vanished');
      return { user, invitation };
    });
  }

  /** A fresh invitation link for someone who has not accepted yet (older links stop working). */
  async reissueInvitation(actor: Actor, userId: string): Promise<IssuedInvitation> {
    return this.deps.db.transaction().execute(async (trx) => {
      const user = await repo.findUser(trx, userId);
      if (!user || !userPolicy.read(actor, user)) throw new ProblemError('not_found');
      if (!userPolicy.manage(actor, user)) throw new ProblemError('forbidden');
      if (user.status !== 'invited') throw new ProblemError('conflict', { detail: 'The user has already accepted an invitation.' });
      const invitation = await this.issueInvitation(trx, actor, userId);
      await this.audit(trx, actor, [{ action: 'user.invitation_reissued', objectType: 'user', objectId: userId, orgId: user.org_id }]);
      return invitation;
    });
  }

  private async issueInvitation(trx: Kysely<Database>, actor: Actor, userId: string): Promise<IssuedInvitation> {
    const token = newSecretToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.deps.invitationHours * 3600_000).toISOString();
    await repo.insertInvitation(trx, {
      token_hash: hashSecretToken(token),
      user_id: userId,
      created_by: auditActor(actor).actorId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    });
    return { url: `${this.deps.publicUrl}/invitation/${token}`, expiresAt };
  }

  async updateUser(actor: Actor, id: string, changes: UserChanges): Promise<repo.UserWithRoles> {
    return this.deps.db.transaction().execute(async (trx) => {
      const user = await repo.findUser(trx, id);
      if (!user || !userPolicy.read(actor, user)) throw new ProblemError('not_found');
      if (!userPolicy.manage(actor, user)) throw new ProblemError('forbidden');
      const fields: FieldProblem[] = changes.roles ? roleProblems(changes.roles, user.org_kind as OrgKind) : [];
      const self = actor.kind === 'user' && actor.userId === id;
      if (self && (changes.status === 'disabled' || (changes.roles && !changes.roles.includes('admin'))))
        fields.push({ field: changes.status === 'disabled' ? 'status' : 'roles', key: 'cannotChangeSelf' });
      if (fields.length > 0) throw new ProblemError('validation', { fields });
      const summary: Record<string, unknown> = {};
      const now = new Date().toISOString();
      const update: Parameters<typeof repo.updateUser>[2] = { updated_at: now };
      if (changes.displayName !== undefined && changes.displayName.trim() !== user.display_name) {
        update.display_name = changes.displayName.trim();
        summary.displayName = update.display_name;
      }
      if (changes.status && changes.status !== user.status && !(changes.status === 'active' && user.status === 'invited')) {
        update.status = changes.status;
        summary.status = changes.status;
        // Re-enabling lifts a lockout too.
        if (changes.status === 'active') Object.assign(update, { failed_logins: 0, locked_until: null });
      }
      await repo.updateUser(trx, id, update);
      if (changes.roles) {
        const roles = [...new Set(changes.roles)].sort();
        if (roles.join() !== user.roles.join()) {
          await repo.setUserRoles(trx, id, roles);
          summary.roles = { from: user.roles, to: roles };
        }
      }
      // Changed powers take effect at once: the person signs in again.
      if (summary.status === 'disabled' || summary.roles) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await this.audit(trx, actor, [{ action: 'user.updated', objectType: 'user', objectId: id, orgId: user.org_id, summary }]);
      const updated = await repo.findUser(trx, id);
      if (!updated) throw new Error('updated user vanished');
      return updated;
    });
  }

  /** For someone who lost their authenticator: they enrol again at their next sign-in. */
  async resetTwoFactor(actor: Actor, id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const user = await repo.findUser(trx, id);
      if (!user || !userPolicy.read(actor, user)) throw new ProblemError('not_found');
      if (!userPolicy.manage(actor, user)) throw new ProblemError('forbidden');
      await repo.updateUser(trx, id, {
        totp_sealed: null,
        totp_enrolled_at: null,
        totp_last_step: null,
        updated_at: new Date().toISOString(),
      });
      await trx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await this.audit(trx, actor, [{ action: 'user.two_factor_reset', objectType: 'user', objectId: id, orgId: user.org_id }]);
    });
  }

  async listApiTokens(actor: Actor, orgId: string): Promise<ApiTokenRow[]> {
    const org = await repo.findOrganization(this.deps.db, orgId);
    if (!org || !organizationPolicy.read(actor, org)) throw new ProblemError('not_found');
    if (!apiTokenPolicy.manage(actor, org)) throw new ProblemError('forbidden');
    return repo.listApiTokens(this.deps.db, orgId);
  }

  /** Creates a token for an organization's systems. The token itself is answered once and never stored. */
  async createApiToken(actor: Actor, orgId: string, input: NewApiToken): Promise<{ token: string; apiToken: ApiTokenRow }> {
    return this.deps.db.transaction().execute(async (trx) => {
      const org = await repo.findOrganization(trx, orgId);
      if (!org || !organizationPolicy.read(actor, org)) throw new ProblemError('not_found');
      if (!apiTokenPolicy.manage(actor, org)) throw new ProblemError('forbidden');
      const token = `${TOKEN_PREFIX}${newSecretToken()}`;
      const now = new Date();
      const row = {
        id: uuidv7(),
        org_id: orgId,
        name: input.name.trim(),
        token_hash: hashSecretToken(token),
        display_prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        scopes: JSON.stringify([...new Set(input.scopes)].sort()),
        created_by: auditActor(actor).actorId,
        created_at: now.toISOString(),
        expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
        last_used_at: null,
        revoked_at: null,
      };
      await repo.insertApiToken(trx, row);
      await this.audit(trx, actor, [
        {
          action: 'api_token.created',
          objectType: 'api_token',
          objectId: row.id,
          orgId,
          summary: { name: row.name, scopes: JSON.parse(row.scopes) as unknown, expiresAt: row.expires_at },
        },
      ]);
      return { token, apiToken: row };
    });
  }

  async revokeApiToken(actor: Actor, id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const token = await repo.findApiToken(trx, id);
      const org = token ? { path: token.org_path } : null;
      if (!token || !org || !apiTokenPolicy.manage(actor, org)) throw new ProblemError('not_found');
      if (token.revoked_at) return;
      await repo.revokeApiToken(trx, id, new Date().toISOString());
      await this.audit(trx, actor, [{ action: 'api_token.revoked', objectType: 'api_token', objectId: id, orgId: token.org_id }]);
    });
  }
}

function roleProblems(roles: Role[], kind: OrgKind): FieldProblem[] {
  return roles
    .filter((role) => !roleFitsOrgKind(role, kind))
    .map((role) => ({ field: 'roles', key: 'roleNotForOrgKind', params: { role } }));
}

/** Checks and normalizes what depends on the kind: domains and ICP numbers for websites, the USCC for enterprises. */
function checkOrganizationDetails(
  kind: OrgKind,
  input: { regionCode: string; domains?: string[]; icpNumbers?: string[]; uscc?: string | null },
  fields: FieldProblem[],
): { domains: string[]; icpNumbers: string[]; uscc: string | null } {
  if (!REGION_CODE.test(input.regionCode)) fields.push({ field: 'regionCode', key: 'regionCode' });
  const domains: string[] = [];
  (input.domains ?? []).forEach((raw, i) => {
    const domain = registrableDomain(raw.includes('://') ? raw : `http://${raw}`);
    if (!domain) fields.push({ field: `domains.${i}`, key: 'domain' });
    else if (!domains.includes(raw.trim().toLowerCase())) domains.push(raw.trim().toLowerCase().replace(/\.$/, ''));
  });
  const icpNumbers = [...new Set((input.icpNumbers ?? []).map((n) => n.trim()).filter(Boolean))];
  if (kind !== 'website') {
    if (domains.length > 0) fields.push({ field: 'domains', key: 'notForOrgKind' });
    if (icpNumbers.length > 0) fields.push({ field: 'icpNumbers', key: 'notForOrgKind' });
  }
  let uscc: string | null = null;
  if (input.uscc) {
    uscc = input.uscc.trim().toUpperCase();
    if (!isValidUscc(uscc)) fields.push({ field: 'uscc', key: 'uscc' });
  }
  return { domains, icpNumbers, uscc };
}
