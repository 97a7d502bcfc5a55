import { type Actor, hasRole } from '../auth/principal';

/**
 * Auditors read the audit log: those of a top-level organization all of it, others the events of
 * their organization and those below it.
 */
export const auditPolicy = {
  read(actor: Actor): boolean {
    return actor.kind === 'system' || hasRole(actor, 'auditor');
  },
  /** The organization path an actor's reading is limited to, or null for the whole log. */
  scope(actor: Actor): string | null {
    if (actor.kind !== 'user') return null;
    const depth = actor.orgPath.split('/').filter(Boolean).length;
    return depth <= 1 ? null : actor.orgPath;
  },
};
