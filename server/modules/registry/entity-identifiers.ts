import { INDICATOR_TYPES, type IndicatorType } from '../../../contracts/indicators';
import type { EntityKind, PaymentChannel } from '../../../contracts/registry';
import { maskNationalId, normalizeNationalId } from '../indicators/national-id';
import { normalizeIndicator, normalizeUscc } from '../indicators/normalize';

/** An identifier type of a registry entity: an indicator type, `account` or `national_id`. */
export type IdentifierType = IndicatorType | 'account' | 'national_id';

/** An entity's identifier in canonical form, as stored in `indicator_occurrences`. */
export interface Identifier {
  type: IdentifierType;
  value: string;
}

/** What a person types to describe a new entity; `nationalId` is the clear number and never stored. */
export interface EntityDescription {
  kind: EntityKind;
  displayName: string;
  platform?: string | undefined;
  handle?: string | undefined;
  role?: string | undefined;
  nationalId?: string | undefined;
  uscc?: string | undefined;
  channel?: PaymentChannel | undefined;
  identifiers?: readonly { type: IndicatorType; value: string }[] | undefined;
}

/** Attributes kept on the entity row (JSON): never the clear national ID. */
export interface EntityAttributes {
  platform?: string;
  handle?: string;
  role?: string;
  nationalIdMasked?: string;
  /** The keyed hash, to show which identifier the masked number belongs to. */
  nationalIdHash?: string;
  uscc?: string;
  channel?: PaymentChannel;
}

export type DescriptionProblem = { field: string; key: 'required' | 'invalid' | 'notForEntityKind' };

/** Fields that only some kinds have. */
const KIND_FIELDS: Record<'platform' | 'handle' | 'role' | 'nationalId' | 'uscc' | 'channel', readonly EntityKind[]> = {
  platform: ['account'],
  handle: ['account'],
  role: ['practitioner'],
  nationalId: ['practitioner'],
  uscc: ['intermediary'],
  channel: ['payment_account'],
};

/** A platform name as a key: NFKC, trimmed, lower case (`Weibo` and `weibo` are one platform). */
export function normalizePlatform(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/** A handle as written without a leading `@` and surrounding space; ASCII letters in lower case. */
export function normalizeHandle(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/^@+/, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The identifier of an account: on QQ and WeChat the handle is an indicator of that type (so it meets
 * what the extractor finds in reports); elsewhere `account` with `platform:handle`.
 */
export function accountIdentifier(platform: string, handle: string): Identifier | null {
  const p = normalizePlatform(platform);
  const h = normalizeHandle(handle);
  if (p === '' || h === '' || p.includes(':')) return null;
  if (p === 'qq' || p === 'wechat') {
    const value = normalizeIndicator(p, h);
    if (value) return { type: p, value };
  }
  return { type: 'account', value: `${p}:${h}` };
}

/** The kind an indicator becomes when an analyst makes an entity from it, unless they choose another. */
export function defaultKindFor(type: IndicatorType): EntityKind {
  switch (type) {
    case 'domain':
    case 'url':
    case 'icp':
      return 'website';
    case 'uscc':
      return 'intermediary';
    case 'bank_card':
    case 'alipay':
      return 'payment_account';
    case 'qq':
    case 'wechat':
      return 'account';
    case 'phone':
    case 'email':
      return 'practitioner';
  }
}

/** The attributes an entity made from one indicator gets (an account's platform and handle, a payment account's channel). */
export function attributesFromIndicator(kind: EntityKind, type: IndicatorType, value: string): EntityAttributes {
  if (kind === 'account' && (type === 'qq' || type === 'wechat')) return { platform: type, handle: value };
  if (kind === 'payment_account' && type === 'bank_card') return { channel: 'bank_card' };
  if (kind === 'payment_account' && type === 'alipay') return { channel: 'alipay' };
  if (kind === 'intermediary' && type === 'uscc') return { uscc: value };
  return {};
}

/**
 * Checks a new entity's description and turns it into canonical identifiers and the attributes to
 * store. `hashNationalId` is the keyed hash (HMAC under a key derived from the deployment secret).
 * Pure apart from that function: no I/O.
 */
export function describeEntity(
  input: EntityDescription,
  hashNationalId: (normalized: string) => string,
):
  | { ok: true; identifiers: Identifier[]; attributes: EntityAttributes; displayName: string }
  | { ok: false; problems: DescriptionProblem[] } {
  const problems: DescriptionProblem[] = [];
  const identifiers: Identifier[] = [];
  const attributes: EntityAttributes = {};
  const displayName = input.displayName.normalize('NFKC').trim();
  if (displayName === '') problems.push({ field: 'displayName', key: 'required' });

  for (const [field, kinds] of Object.entries(KIND_FIELDS) as [keyof typeof KIND_FIELDS, readonly EntityKind[]][]) {
    const value = input[field];
    if (value !== undefined && value.trim() !== '' && !kinds.includes(input.kind)) problems.push({ field, key: 'notForEntityKind' });
  }

  switch (input.kind) {
    case 'account': {
      if (!input.platform?.trim()) problems.push({ field: 'platform', key: 'required' });
      if (!input.handle?.trim()) problems.push({ field: 'handle', key: 'required' });
      if (input.platform?.trim() && input.handle?.trim()) {
        const identifier = accountIdentifier(input.platform, input.handle);
        if (!identifier) problems.push({ field: 'handle', key: 'invalid' });
        else {
          identifiers.push(identifier);
          attributes.platform = normalizePlatform(input.platform);
          attributes.handle = normalizeHandle(input.handle);
        }
      }
      break;
    }
    case 'practitioner': {
      if (input.role?.trim()) attributes.role = input.role.trim();
      if (input.nationalId?.trim()) {
        const normalized = normalizeNationalId(input.nationalId);
        if (!normalized) problems.push({ field: 'nationalId', key: 'invalid' });
        else {
          const hash = hashNationalId(normalized);
          identifiers.push({ type: 'national_id', value: hash });
          attributes.nationalIdMasked = maskNationalId(normalized);
          attributes.nationalIdHash = hash;
        }
      }
      break;
    }
    case 'intermediary': {
      if (input.uscc?.trim()) {
        const uscc = normalizeUscc(input.uscc);
        if (!uscc) problems.push({ field: 'uscc', key: 'invalid' });
        else {
          identifiers.push({ type: 'uscc', value: uscc });
          attributes.uscc = uscc;
        }
      }
      break;
    }
    case 'payment_account':
      if (input.channel) attributes.channel = input.channel;
      break;
    case 'website':
      break;
  }

  (input.identifiers ?? []).forEach((raw, index) => {
    if (!(INDICATOR_TYPES as readonly string[]).includes(raw.type)) {
      problems.push({ field: `identifiers.${index}.type`, key: 'invalid' });
      return;
    }
    const value = normalizeIndicator(raw.type, raw.value);
    if (value === null) problems.push({ field: `identifiers.${index}.value`, key: 'invalid' });
    else identifiers.push({ type: raw.type, value });
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, identifiers: uniqueIdentifiers(identifiers), attributes, displayName };
}

/** Identifiers without repeats, in first-seen order. */
export function uniqueIdentifiers(identifiers: readonly Identifier[]): Identifier[] {
  const seen = new Set<string>();
  return identifiers.filter((i) => {
    const key = `${i.type}\u0000${i.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
