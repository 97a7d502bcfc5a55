import { type Actor, type UserPrincipal, hasRole, isWithinOrg } from '../auth/principal';
import type { CaseAgency } from './cases.repository';

/**
 * Who may see and act on cases and their reports.
 *
 * - Triage officers take reports in and route them: they see the queue and every case (they are
 *   the routing desk the reporting centre runs).
 * - Staff of an agency on a case (lead or assisting) see it; its lead agency's officers move it.
 * - Leads and auditors of a parent organization see the cases of the organizations below them
 *   (supervision of the region, escalation of overdue cases).
 * Anyone else gets "not found": a case's existence is itself sensitive.
 */
export const casePolicy = {
  triage(actor: Actor): boolean {
    return hasRole(actor, 'triage_officer');
  },
  read(actor: Actor, agencies: readonly CaseAgency[]): boolean {
    if (actor.kind === 'system') return true;
    if (actor.kind !== 'user') return false;
    if (casePolicy.triage(actor)) return true;
    if (agencies.some((a) => a.org_id === actor.orgId) && hasRole(actor, 'case_officer', 'agency_lead', 'analyst', 'auditor')) return true;
    return hasRole(actor, 'agency_lead', 'auditor') && agencies.some((a) => a.org_id !== actor.orgId && isWithinOrg(actor, a.org_path));
  },
  /** Whether the actor works for the case's lead agency (the transitions marked `lead`). */
  atLead(actor: Actor, leadOrgId: string | null): boolean {
    return actor.kind === 'user' && leadOrgId !== null && actor.orgId === leadOrgId;
  },
  /** Comment on a case: staff of any agency on it, and triage. */
  comment(actor: Actor, agencies: readonly CaseAgency[]): actor is UserPrincipal {
    return (
      actor.kind === 'user' &&
      (casePolicy.triage(actor) || (agencies.some((a) => a.org_id === actor.orgId) && hasRole(actor, 'case_officer', 'agency_lead')))
    );
  },
  /** Ask another agency to assist: officers of the lead agency. */
  requestAssistance(actor: Actor, leadOrgId: string | null): actor is UserPrincipal {
    return casePolicy.atLead(actor, leadOrgId) && hasRole(actor, 'case_officer', 'agency_lead');
  },
  /**
   * Export the case's evidence package for law enforcement: officers and leads of an agency on the
   * case, leads above them, and the operator's command line. Triage routes cases; it does not export them.
   */
  exportEvidence(actor: Actor, agencies: readonly CaseAgency[]): boolean {
    if (actor.kind === 'system') return true;
    if (actor.kind !== 'user') return false;
    if (agencies.some((a) => a.org_id === actor.orgId) && hasRole(actor, 'case_officer', 'agency_lead')) return true;
    return hasRole(actor, 'agency_lead') && agencies.some((a) => a.org_id !== actor.orgId && isWithinOrg(actor, a.org_path));
  },
  /** Extend the conclusion deadline once: the lead agency's lead. */
  extend(actor: Actor, leadOrgId: string | null): actor is UserPrincipal {
    return casePolicy.atLead(actor, leadOrgId) && hasRole(actor, 'agency_lead');
  },
};
