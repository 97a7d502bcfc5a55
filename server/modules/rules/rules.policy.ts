import { type Actor, hasRole } from '../auth/principal';

/**
 * Who may read and change the rules registry (mechanism 4).
 *
 * - Legal provisions are public law: anyone may read them, signed in or not.
 * - Admissibility criteria are read by every signed-in organization (websites apply them).
 * - Both are changed only by an administrator of a top-level organization (the national regulator
 *   or reporting centre): the rules are national, like the routing rules.
 */
export const rulesPolicy = {
  readCriteria(actor: Actor): boolean {
    return actor.kind === 'system' || actor.kind === 'user' || actor.kind === 'token';
  },
  edit(actor: Actor): boolean {
    return (
      actor.kind === 'system' || (hasRole(actor, 'admin') && actor.kind === 'user' && actor.orgPath.split('/').filter(Boolean).length === 1)
    );
  },
};
