import { AGENCY_KINDS } from '../../../contracts/orgs';
import { type Actor, hasRole, isWithinOrg } from '../auth/principal';

/** An enterprise as the policy needs it. */
export interface EnterpriseRef {
  id: string;
  path: string;
  kind: string;
}

/**
 * Who may see and change an enterprise's protection record (mechanism 3).
 *
 * - The enterprise's own administrators and liaisons name and revoke its representatives.
 * - Agency staff above the enterprise (its regulator and those over it) and the liaison assigned to
 *   it read the record; a regulator's administrator or lead above it assigns the liaison.
 * - Websites never read the list: they ask `verify`, which answers yes, no or unknown.
 * Anyone else gets "not found".
 */
export const protectionPolicy = {
  manage(actor: Actor, enterprise: EnterpriseRef): boolean {
    if (actor.kind === 'system') return true;
    return hasRole(actor, 'admin', 'enterprise_liaison') && actor.orgId === enterprise.id;
  },
  read(actor: Actor, enterprise: EnterpriseRef, liaisonUserId: string | null): boolean {
    if (protectionPolicy.manage(actor, enterprise)) return true;
    if (actor.kind !== 'user') return false;
    if (liaisonUserId !== null && actor.userId === liaisonUserId) return true;
    return (
      AGENCY_KINDS.includes(actor.orgKind) &&
      hasRole(actor, 'admin', 'agency_lead', 'case_officer', 'analyst') &&
      actor.orgId !== enterprise.id &&
      isWithinOrg(actor, enterprise.path)
    );
  },
  assignLiaison(actor: Actor, enterprise: EnterpriseRef): boolean {
    if (actor.kind === 'system') return true;
    return (
      hasRole(actor, 'admin', 'agency_lead') &&
      actor.orgKind === 'regulator' &&
      actor.orgId !== enterprise.id &&
      isWithinOrg(actor, enterprise.path)
    );
  },
  /** Ask whether someone may act for an enterprise: websites (their compliance staff, or a token with `protection:verify`) and agencies. */
  verify(actor: Actor): boolean {
    if (actor.kind === 'system') return true;
    if (actor.kind === 'token') return actor.scopes.includes('protection:verify');
    return hasRole(actor, 'website_compliance', 'triage_officer', 'case_officer', 'agency_lead');
  },
};
