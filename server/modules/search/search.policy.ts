import type { Actor } from '../auth/principal';
import { casePolicy } from '../cases/cases.policy';
import { registryPolicy } from '../registry/registry.policy';

/**
 * Who may search what. The search holds no rules of its own: each kind of document is searched as
 * its own module's policy allows reading it.
 *
 * - Reports: the triage desk (`casePolicy.triage`) and the system.
 * - Cases: any staff member; each result is still asked of `casePolicy.read` unless the searcher is triage.
 * - Registry entities: whoever may read the registry (`registryPolicy.read`); everyone else is refused.
 */
export const searchPolicy = {
  /** May use the search at all (staff and the system). */
  search(actor: Actor): boolean {
    return actor.kind === 'user' || actor.kind === 'system';
  },
  /** Sees every report and every case (no per-case check). */
  triage(actor: Actor): boolean {
    return actor.kind === 'system' || casePolicy.triage(actor);
  },
  reports(actor: Actor): boolean {
    return searchPolicy.triage(actor);
  },
  entities(actor: Actor): boolean {
    return registryPolicy.read(actor);
  },
};
