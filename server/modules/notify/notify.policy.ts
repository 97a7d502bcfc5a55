import { type Actor, hasRole, isWithinOrg } from '../auth/principal';

/**
 * Who may manage an organization's webhook subscriptions and read their delivery log: its admins,
 * and admins of the organizations above it (as with API tokens). The operator too.
 */
export const webhookPolicy = {
  manage(actor: Actor, org: { path: string }): boolean {
    return actor.kind === 'system' || (hasRole(actor, 'admin') && isWithinOrg(actor, org.path));
  },
};

/** An inbox is its owner's alone: nobody else reads it or marks it read, administrators included. */
export const inboxPolicy = {
  read(actor: Actor, item: { user_id: string }): boolean {
    return actor.kind === 'user' && actor.userId === item.user_id;
  },
};
