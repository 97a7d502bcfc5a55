import type { OrgKind } from '../../../contracts/orgs';

/** What an agency can order an executing organization to do, by the kind of that organization. */
export const ORDER_KINDS_BY_ORG_KIND: Partial<Record<OrgKind, readonly string[]>> = {
  website: ['remove_post', 'ban_account', 'preserve_data'],
  police: ['investigate'],
  regulator: ['interview', 'penalty', 'licence_action'],
  telecom_regulator: ['licence_action', 'block_access'],
  press_regulator: ['interview', 'penalty', 'licence_action'],
};

export const ORDER_KINDS = [
  'remove_post',
  'ban_account',
  'preserve_data',
  'investigate',
  'interview',
  'penalty',
  'licence_action',
  'block_access',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const ORDER_STATUSES = ['issued', 'acknowledged', 'executed', 'verified', 'disputed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The moves of a disposal order: issued → acknowledged → executed → verified | disputed (and a disputed order is executed again). */
export const ORDER_TRANSITIONS: Record<
  'acknowledge' | 'execute' | 'verify' | 'dispute',
  { from: readonly OrderStatus[]; to: OrderStatus; by: 'executing' | 'issuing' }
> = {
  acknowledge: { from: ['issued'], to: 'acknowledged', by: 'executing' },
  execute: { from: ['issued', 'acknowledged', 'disputed'], to: 'executed', by: 'executing' },
  verify: { from: ['executed'], to: 'verified', by: 'issuing' },
  dispute: { from: ['executed'], to: 'disputed', by: 'issuing' },
};

/** Whether an order of this kind can go to an organization of this kind. */
export function orderKindFits(kind: string, orgKind: OrgKind): boolean {
  return ORDER_KINDS_BY_ORG_KIND[orgKind]?.includes(kind) ?? false;
}
