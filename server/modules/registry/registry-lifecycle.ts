import type { EntityStatus } from '../../../contracts/registry';
import type { Role } from '../../../contracts/orgs';

/** One allowed change of an entity's status, and who may make it. */
export interface StatusChange {
  from: EntityStatus;
  to: EntityStatus;
  roles: readonly Role[];
}

/**
 * suspected → confirmed → cleared as data. Confirming and clearing decide about someone, so only an
 * agency lead does it; an entity cleared too early goes back to suspected when new evidence comes
 * (an analyst may do that). Every change needs a reason and a legal basis; nothing rewrites history.
 */
export const STATUS_CHANGES: readonly StatusChange[] = [
  { from: 'suspected', to: 'confirmed', roles: ['agency_lead'] },
  { from: 'suspected', to: 'cleared', roles: ['agency_lead'] },
  { from: 'confirmed', to: 'cleared', roles: ['agency_lead'] },
  { from: 'cleared', to: 'suspected', roles: ['analyst', 'agency_lead'] },
];

export type StatusRefusal = 'not_from_this_status' | 'role_not_allowed' | 'reason_required' | 'legal_basis_required';

/**
 * Whether a status change may happen: the move must exist, the actor must hold one of its roles,
 * and a reason and a legal basis (not blank) must come with it.
 */
export function decideStatusChange(input: {
  from: EntityStatus;
  to: EntityStatus;
  roles: readonly Role[];
  reason: string | null | undefined;
  legalBasis: string | null | undefined;
}): { ok: true } | { ok: false; refusal: StatusRefusal } {
  const change = STATUS_CHANGES.find((c) => c.from === input.from && c.to === input.to);
  if (!change) return { ok: false, refusal: 'not_from_this_status' };
  if (!input.roles.some((role) => change.roles.includes(role))) return { ok: false, refusal: 'role_not_allowed' };
  if (!input.reason?.trim()) return { ok: false, refusal: 'reason_required' };
  if (!input.legalBasis?.trim()) return { ok: false, refusal: 'legal_basis_required' };
  return { ok: true };
}

/** The statuses an actor with these roles may move an entity to from `from`. */
export function availableStatusChanges(from: EntityStatus, roles: readonly Role[]): EntityStatus[] {
  return STATUS_CHANGES.filter((c) => c.from === from && roles.some((role) => c.roles.includes(role))).map((c) => c.to);
}
