import { AGENCY_KINDS } from '../../../contracts/orgs';
import { type Actor, type UserPrincipal, hasRole } from '../auth/principal';

/**
 * Who may do what in the offender registry. The registry is one database every agency shares, so
 * these rules look at roles and the kind of organization, not at which agency wrote a record.
 *
 * - Read: staff of agencies (triage, case officers, leads, analysts), supervisors and auditors.
 *   Websites, enterprises and the public have no access: for them entities do not exist (404).
 * - Create entities and add records: analysts and agencies' case officers and leads.
 * - Change status: by the lifecycle's table (confirming and clearing: agency leads only).
 * - Merge and split: analysts and agency leads.
 */
export const registryPolicy = {
  read(actor: Actor): boolean {
    if (actor.kind === 'system') return true;
    return (
      actor.kind === 'user' &&
      AGENCY_KINDS.includes(actor.orgKind) &&
      hasRole(actor, 'triage_officer', 'case_officer', 'agency_lead', 'analyst', 'supervisor', 'auditor')
    );
  },
  write(actor: Actor): actor is UserPrincipal {
    return registryPolicy.read(actor) && hasRole(actor, 'analyst', 'case_officer', 'agency_lead');
  },
  /** May ask for status changes at all; which ones is the lifecycle's table. */
  changeStatus(actor: Actor): actor is UserPrincipal {
    return registryPolicy.read(actor) && hasRole(actor, 'analyst', 'agency_lead');
  },
  mergeOrSplit(actor: Actor): actor is UserPrincipal {
    return registryPolicy.read(actor) && hasRole(actor, 'analyst', 'agency_lead');
  },
};
