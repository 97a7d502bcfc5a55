import type { OrgKind } from '../../../contracts/orgs';
import { BEIJING_OFFSET_MS } from './deadlines';

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

/** An instant as people in China read it in an e-mail: `2026-12-01 18:00`, Beijing time. */
export function beijingDateTime(instant: string | Date): string {
  return new Date(new Date(instant).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** What the notification of an order's new status says, in both languages. */
export function orderNotificationBody(
  status: OrderStatus,
  details: { dueAt?: string | Date; note?: string; reason?: string },
): { 'zh-CN': string; en: string } {
  switch (status) {
    case 'issued': {
      const due = details.dueAt ? beijingDateTime(details.dueAt) : '';
      return { 'zh-CN': `请于 ${due}（北京时间）前执行并反馈。`, en: `Execute it and report back by ${due} Beijing time.` };
    }
    case 'acknowledged':
      return { 'zh-CN': '执行单位已签收处置指令。', en: 'The executing organization acknowledged the order.' };
    case 'executed':
      return { 'zh-CN': `执行情况：${details.note ?? ''}`, en: `What was done: ${details.note ?? ''}` };
    case 'verified':
      return { 'zh-CN': '下达单位已核验执行情况，处置指令办结。', en: 'The issuing agency verified the execution; the order is complete.' };
    case 'disputed':
      return {
        'zh-CN': `下达单位对执行情况有异议：${details.reason ?? ''}\n请重新执行并报告。`,
        en: `The issuing agency disputes the execution: ${details.reason ?? ''}\nExecute it again and report back.`,
      };
  }
}
