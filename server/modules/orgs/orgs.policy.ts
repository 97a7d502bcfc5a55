import { AGENCY_KINDS, type OrgKind } from '../../../contracts/orgs';
import { type Actor, hasRole, isWithinOrg } from '../auth/principal';

/**
 * Who may do what to organizations, their users and their API tokens. Services ask these before
 * every read and write; a denied read answers "not found".
 *
 * An admin manages their own organization and every organization below it. Other people see their
 * own organization; staff of agencies also see the directory of agencies (to route and transfer work).
 */
export const organizationPolicy = {
  read(actor: Actor, org: { path: string; kind: string }): boolean {
    if (actor.kind === 'system') return true;
    if (actor.kind !== 'user') return false;
    if (isWithinOrg(actor, org.path)) return true;
    return AGENCY_KINDS.includes(actor.orgKind) && AGENCY_KINDS.includes(org.kind as OrgKind);
  },
  /** Create an organization below `parent`. */
  create(actor: Actor, parent: { path: string }): boolean {
    return actor.kind === 'system' || (hasRole(actor, 'admin') && isWithinOrg(actor, parent.path));
  },
  update(actor: Actor, org: { path: string }): boolean {
    return actor.kind === 'system' || (hasRole(actor, 'admin') && isWithinOrg(actor, org.path));
  },
};

export const userPolicy = {
  read(actor: Actor, user: { id: string; org_path: string }): boolean {
    if (actor.kind === 'system') return true;
    if (actor.kind !== 'user') return false;
    return actor.userId === user.id || (hasRole(actor, 'admin') && isWithinOrg(actor, user.org_path));
  },
  /** Invite people into an organization. */
  invite(actor: Actor, org: { path: string }): boolean {
    return actor.kind === 'system' || (hasRole(actor, 'admin') && isWithinOrg(actor, org.path));
  },
  manage(actor: Actor, user: { org_path: string }): boolean {
    return actor.kind === 'system' || (hasRole(actor, 'admin') && isWithinOrg(actor, user.org_path));
  },
};

export const apiTokenPolicy = {
  manage(actor: Actor, org: { path: string }): boolean {
    return actor.kind === 'system' || (hasRole(actor, 'admin') && isWithinOrg(actor, org.path));
  },
};
