/**
 * The offender registry (违法行为数据库, mechanism 7): the words the server, the workbench and the
 * STIX export share.
 */

/** What a registry entity is: a website, an account (platform + handle), a practitioner, an intermediary, a payment account. */
export const ENTITY_KINDS = ['website', 'account', 'practitioner', 'intermediary', 'payment_account'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** suspected → confirmed → cleared; see `STATUS_CHANGES` in server/modules/registry/registry-lifecycle.ts. */
export const ENTITY_STATUSES = ['suspected', 'confirmed', 'cleared'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];

/**
 * Identifier types of registry entities: every indicator type, plus two only the registry writes —
 * `account` (`platform:handle`) and `national_id` (a keyed hash of a practitioner's resident ID number,
 * never the number itself).
 */
export const REGISTRY_ONLY_IDENTIFIER_TYPES = ['account', 'national_id'] as const;

/** How a payment account is paid into. */
export const PAYMENT_CHANNELS = ['bank_card', 'alipay', 'wechat_pay', 'other'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];
