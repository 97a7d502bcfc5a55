import { AGENCY_KINDS } from '../../../contracts/orgs';
import { type Actor, hasRole } from '../auth/principal';
import { casePolicy } from '../cases/cases.policy';
import type { CaseAgency } from '../cases/cases.repository';
import { registryPolicy } from '../registry/registry.policy';

/**
 * What correlation shows whom. It asks the owners' policies, so a link never reveals a subject the
 * caller could not open itself:
 * - a report: triage (who see every report), or anyone who may read a case holding it;
 * - a case: casePolicy.read;
 * - an entity: the registry's read policy (`canSeeEntities`, the one place to change).
 */
export const correlationPolicy = {
  canSeeReport(actor: Actor, casesHoldingIt: readonly (readonly CaseAgency[])[]): boolean {
    if (actor.kind === 'system' || casePolicy.triage(actor)) return true;
    return casesHoldingIt.some((agencies) => casePolicy.read(actor, agencies));
  },
  canSeeCase(actor: Actor, agencies: readonly CaseAgency[]): boolean {
    return casePolicy.read(actor, agencies);
  },
  canSeeEntities(actor: Actor): boolean {
    return registryPolicy.read(actor);
  },
  /** The warning list is shared by every agency: their administrators keep it. */
  manageWarningList(actor: Actor): boolean {
    return actor.kind === 'user' && AGENCY_KINDS.includes(actor.orgKind) && hasRole(actor, 'admin');
  },
  /** Those who keep it and those who see correlations read it. */
  readWarningList(actor: Actor): boolean {
    return correlationPolicy.manageWarningList(actor) || registryPolicy.read(actor);
  },
};
