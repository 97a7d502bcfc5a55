import { createHash } from 'node:crypto';
import type { EntityKind, EntityStatus } from '../../../contracts/registry';
import type { EntityAttributes } from './entity-identifiers';

/**
 * The registry as a STIX 2.1 bundle, for exchange with other agencies' threat-intelligence tools.
 *
 * - Source organizations, practitioners and intermediaries are `identity` objects.
 * - Identifiers become the observables STIX has: `domain-name`, `url`, `email-addr`, and
 *   `user-account` (QQ, WeChat, platform accounts, Alipay, bank cards; `account_type` says which).
 *   Phone numbers, ICP numbers and credit codes have no observable type and ride on the entity's
 *   primary object as `x_qinglang_identifiers`; national IDs (kept only as keyed hashes) never leave.
 * - Cases are `incident` objects named by their case number (never their title or reporters).
 * - Each record is a `related-to` relationship from the entity to the incident, created by its
 *   source organization; other identifiers of an entity are `related-to` its primary object.
 *
 * Ids are deterministic: domain objects and relationships take a UUIDv5 of our own id, observables
 * the UUIDv5 the STIX specification defines over their identifying properties, so exporting the same
 * registry twice gives the same bundle, and another producer's `domain-name--…` for a domain is ours.
 */

/** Our namespace for UUIDv5 ids of domain and relationship objects (fixed forever). */
export const QINGLANG_STIX_NAMESPACE = '6f1e0c2a-9b4d-4c7e-8a35-2d9f7b1e4c60';
/** The namespace STIX 2.1 (section 2.9) gives for the ids of cyber-observable objects. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

export interface StixEntity {
  id: string;
  kind: EntityKind;
  displayName: string;
  status: EntityStatus;
  attributes: EntityAttributes;
  createdAt: string;
  updatedAt: string;
  identifiers: readonly { type: string; value: string }[];
}

export interface StixRecord {
  id: string;
  /** The current entity the record belongs to (records of merged entities count for their survivor). */
  entityId: string;
  caseId: string;
  summary: string;
  sourceOrgId: string;
  legalBasis: string;
  occurredAt: string;
  recordedAt: string;
}

export interface StixExportInput {
  entities: readonly StixEntity[];
  records: readonly StixRecord[];
  cases: readonly { id: string; number: string; openedAt: string; updatedAt: string }[];
  organizations: readonly { id: string; name: string; createdAt: string; updatedAt: string }[];
}

export type StixObject = { type: string; id: string } & Record<string, unknown>;

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects?: StixObject[];
}

/** A name-based UUID, version 5 (RFC 9562, SHA-1). */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sdoId = (type: string, ourId: string) => `${type}--${uuidv5(`${type}:${ourId}`, QINGLANG_STIX_NAMESPACE)}`;

/** Canonical JSON (sorted keys, no spaces) of an observable's identifying properties, as STIX derives its id. */
function scoId(type: string, contributing: Record<string, string>): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(contributing).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  return `${type}--${uuidv5(canonical, STIX_SCO_NAMESPACE)}`;
}

/** Timestamps with milliseconds and `Z`, as STIX requires for created and modified. */
const stamp = (iso: string) => new Date(iso).toISOString();

/** The observable an identifier is in STIX, or null when STIX has none for it. */
export function observableFor(identifier: { type: string; value: string }): StixObject | null {
  const account = (accountType: string, userId: string) => {
    const contributing = { account_type: accountType, user_id: userId };
    return { type: 'user-account', spec_version: '2.1', id: scoId('user-account', contributing), ...contributing };
  };
  switch (identifier.type) {
    case 'domain':
      return { type: 'domain-name', spec_version: '2.1', id: scoId('domain-name', { value: identifier.value }), value: identifier.value };
    case 'url':
      return { type: 'url', spec_version: '2.1', id: scoId('url', { value: identifier.value }), value: identifier.value };
    case 'email':
      return { type: 'email-addr', spec_version: '2.1', id: scoId('email-addr', { value: identifier.value }), value: identifier.value };
    case 'qq':
    case 'wechat':
    case 'alipay':
    case 'bank_card':
      return account(identifier.type, identifier.value);
    case 'account': {
      const colon = identifier.value.indexOf(':');
      if (colon <= 0) return null;
      return account(identifier.value.slice(0, colon), identifier.value.slice(colon + 1));
    }
    default:
      return null;
  }
}

/** Identifiers that leave only as a custom property (no observable type), never national IDs. */
const CARRIED_TYPES = new Set(['phone', 'icp', 'uscc']);

/** Which observable types can be the primary object of an entity of each kind, best first. */
const PRIMARY_TYPES: Record<EntityKind, readonly string[]> = {
  website: ['domain-name', 'url'],
  account: ['user-account'],
  payment_account: ['user-account'],
  practitioner: [],
  intermediary: [],
};

const IDENTITY_CLASS: Record<EntityKind, string> = {
  practitioner: 'individual',
  intermediary: 'organization',
  website: 'unknown',
  account: 'unknown',
  payment_account: 'unknown',
};

/** Builds the bundle. Pure: the same input gives the same bundle, byte for byte. */
export function buildStixBundle(input: StixExportInput): StixBundle {
  const objects = new Map<string, StixObject>();
  const add = (object: StixObject) => {
    if (!objects.has(object.id)) objects.set(object.id, object);
  };

  const orgIdentity = new Map<string, string>();
  for (const org of [...input.organizations].sort((a, b) => a.id.localeCompare(b.id))) {
    const id = sdoId('identity', `organization:${org.id}`);
    orgIdentity.set(org.id, id);
    add({
      type: 'identity',
      spec_version: '2.1',
      id,
      created: stamp(org.createdAt),
      modified: stamp(org.updatedAt),
      name: org.name,
      identity_class: 'organization',
      sectors: ['government-national'],
    });
  }

  const incidentOf = new Map<string, string>();
  for (const c of [...input.cases].sort((a, b) => a.id.localeCompare(b.id))) {
    const id = sdoId('incident', c.id);
    incidentOf.set(c.id, id);
    add({ type: 'incident', spec_version: '2.1', id, created: stamp(c.openedAt), modified: stamp(c.updatedAt), name: c.number });
  }

  const primaryOf = new Map<string, string>();
  const claimed = new Set<string>();
  for (const entity of [...input.entities].sort((a, b) => a.id.localeCompare(b.id))) {
    const observables = entity.identifiers.map(observableFor).filter((o): o is StixObject => o !== null);
    const carried = entity.identifiers.filter((i) => CARRIED_TYPES.has(i.type)).map((i) => ({ type: i.type, value: i.value }));
    const registry = {
      entity_id: entity.id,
      kind: entity.kind,
      status: entity.status,
      display_name: entity.displayName,
    };
    // An observable already standing for another entity stays that one's; this entity gets an identity.
    const primaryObservable = PRIMARY_TYPES[entity.kind]
      .map((type) => observables.find((o) => o.type === type && !claimed.has(o.id)))
      .find((o) => o !== undefined);
    let primary: StixObject;
    if (primaryObservable) {
      primary = { ...primaryObservable, x_qinglang_registry: registry, ...(carried.length > 0 ? { x_qinglang_identifiers: carried } : {}) };
      claimed.add(primary.id);
    } else {
      primary = {
        type: 'identity',
        spec_version: '2.1',
        id: sdoId('identity', `entity:${entity.id}`),
        created: stamp(entity.createdAt),
        modified: stamp(entity.updatedAt),
        name: entity.displayName,
        identity_class: IDENTITY_CLASS[entity.kind],
        ...(entity.attributes.role ? { roles: [entity.attributes.role] } : {}),
        labels: [`qinglang-${entity.kind.replace('_', '-')}`, `qinglang-status-${entity.status}`],
        x_qinglang_registry: registry,
        ...(carried.length > 0 ? { x_qinglang_identifiers: carried } : {}),
      };
    }
    objects.set(primary.id, primary);
    primaryOf.set(entity.id, primary.id);
    for (const observable of observables) {
      if (observable.id === primary.id) continue;
      add(observable);
      add({
        type: 'relationship',
        spec_version: '2.1',
        id: sdoId('relationship', `identifier:${entity.id}:${observable.id}`),
        created: stamp(entity.createdAt),
        modified: stamp(entity.updatedAt),
        relationship_type: 'related-to',
        source_ref: primary.id,
        target_ref: observable.id,
      });
    }
  }

  for (const record of [...input.records].sort((a, b) => a.id.localeCompare(b.id))) {
    const source = primaryOf.get(record.entityId);
    const incident = incidentOf.get(record.caseId);
    if (!source || !incident) continue;
    const createdBy = orgIdentity.get(record.sourceOrgId);
    add({
      type: 'relationship',
      spec_version: '2.1',
      id: sdoId('relationship', `record:${record.id}`),
      ...(createdBy ? { created_by_ref: createdBy } : {}),
      created: stamp(record.recordedAt),
      modified: stamp(record.recordedAt),
      relationship_type: 'related-to',
      source_ref: source,
      target_ref: incident,
      description: record.summary,
      start_time: stamp(record.occurredAt),
      x_qinglang_legal_basis: record.legalBasis,
    });
  }

  const sorted = [...objects.values()].sort((a, b) => a.id.localeCompare(b.id));
  const bundleId = `bundle--${uuidv5(`bundle:${sorted.map((o) => o.id).join(',')}`, QINGLANG_STIX_NAMESPACE)}`;
  // A bundle's `objects` must not be empty; an empty registry exports a bundle without it.
  return sorted.length > 0 ? { type: 'bundle', id: bundleId, objects: sorted } : { type: 'bundle', id: bundleId };
}
