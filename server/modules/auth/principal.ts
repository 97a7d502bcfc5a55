import type { OrgKind, Role, TokenScope } from '../../../contracts/orgs';

/** A person signed in through a session cookie. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  displayName: string;
  orgId: string;
  /** The organization's path from the root ('/a/b/'), for "this organization and those below it". */
  orgPath: string;
  orgKind: OrgKind;
  roles: Role[];
  sessionId: string;
  /** The session was opened with a second factor. */
  secondFactor: boolean;
  /** The user's roles require two-factor sign-in and the user has not enrolled yet. */
  enrolmentRequired: boolean;
}

/** An organization's system calling with an API token. */
export interface TokenPrincipal {
  kind: 'token';
  tokenId: string;
  orgId: string;
  orgPath: string;
  orgKind: OrgKind;
  scopes: TokenScope[];
}

/** Nobody signed in: the public. */
export interface AnonymousPrincipal {
  kind: 'anonymous';
}

/** The operator at the command line (setting up a fresh install, seeding a demo); passes every policy. */
export interface SystemActor {
  kind: 'system';
  name: string;
}

export type Principal = UserPrincipal | TokenPrincipal | AnonymousPrincipal;

/** Whoever a service acts for. */
export type Actor = Principal | SystemActor;

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };

/** How an actor is named in the audit log. */
export function auditActor(actor: Actor): {
  actorType: 'public' | 'user' | 'token' | 'system';
  actorId: string | null;
  orgId: string | null;
} {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId, orgId: actor.orgId };
    case 'token':
      return { actorType: 'token', actorId: actor.tokenId, orgId: actor.orgId };
    case 'system':
      return { actorType: 'system', actorId: actor.name, orgId: null };
    case 'anonymous':
      return { actorType: 'public', actorId: null, orgId: null };
  }
}

/** Whether an organization (by path) is the principal's own or one below it. */
export function isWithinOrg(principal: { orgPath: string }, targetPath: string): boolean {
  return targetPath.startsWith(principal.orgPath);
}

/** Whether the actor is a user holding any of the roles. */
export function hasRole(actor: Actor, ...roles: Role[]): actor is UserPrincipal {
  return actor.kind === 'user' && actor.roles.some((role) => roles.includes(role));
}
