import { type Actor, hasRole } from '../auth/principal';

/**
 * Who may see what of a public report. A reporter's identity and contact details are the most
 * sensitive data the platform holds: until reports are joined to cases, only the triage officers
 * who take reports in may see them, and every look is audited.
 */
export const reportPolicy = {
  revealReporter(actor: Actor): boolean {
    return actor.kind === 'system' || hasRole(actor, 'triage_officer');
  },
};
