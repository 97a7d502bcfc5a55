import type { Role } from '../../../contracts/orgs';
import type { EntityStatus } from '../../../contracts/registry';
import { toIsoString } from '../../db/values';
import type { EntityAttributes } from './entity-identifiers';
import type { StoredIdentifier } from './merge-plan';
import { availableStatusChanges } from './registry-lifecycle';
import type { EntityRow } from './registry.repository';
import type { RegistryService } from './registry.service';

/** An identifier as staff see it: a national ID only as its masked display, never its hash. */
function presentIdentifiers(identifiers: readonly StoredIdentifier[], masks: ReadonlyMap<string, string>) {
  return identifiers.map((i) => ({
    type: i.type,
    value: i.type === 'national_id' ? (masks.get(i.value) ?? '******************') : i.value,
    addedAt: i.createdAt,
  }));
}

function attributesOf(row: EntityRow) {
  const a = JSON.parse(row.attributes) as EntityAttributes;
  return {
    platform: a.platform ?? null,
    handle: a.handle ?? null,
    role: a.role ?? null,
    nationalIdMasked: a.nationalIdMasked ?? null,
    uscc: a.uscc ?? null,
    channel: a.channel ?? null,
  };
}

function masksOf(rows: readonly EntityRow[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of rows) {
    const a = JSON.parse(row.attributes) as EntityAttributes;
    if (a.nationalIdHash && a.nationalIdMasked) out.set(a.nationalIdHash, a.nationalIdMasked);
  }
  return out;
}

/** An entity in a list. */
export function presentEntitySummary(row: EntityRow, identifiers: readonly StoredIdentifier[]) {
  return {
    id: row.id,
    kind: row.kind,
    displayName: row.display_name,
    status: row.status,
    identifiers: presentIdentifiers(identifiers, masksOf([row])).map(({ type, value }) => ({ type, value })),
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
  };
}

/** What the viewer may do on the entity page, for the workbench's buttons. */
export function entityActions(roles: readonly Role[], status: EntityStatus, canWrite: boolean, canMerge: boolean): string[] {
  return [
    ...(canWrite ? ['add_record'] : []),
    ...availableStatusChanges(status, roles).map((to) => `status:${to}`),
    ...(canMerge ? ['merge'] : []),
  ];
}

/** The entity page: the entity, its identifiers, records, status history, merges and linked cases. */
export function presentEntity(detail: Awaited<ReturnType<RegistryService['getEntity']>>, actions: string[]) {
  const { entity } = detail;
  const orgName = new Map(detail.orgs.map((o) => [o.id, o.name]));
  const caseOf = new Map(detail.cases.map((c) => [c.id, c]));
  const name = (id: string) => detail.names.get(id) ?? null;
  const user = (id: string | null) => (id ? { id, name: detail.users.get(id) ?? null } : null);
  const citedCases = [...new Set(detail.records.map((r) => r.case_id))];
  return {
    ...presentEntitySummary(entity, []),
    mergedInto: entity.merged_into,
    /** Set when the page was asked for an entity merged into this one. */
    resolvedFrom: detail.requestedId !== entity.id ? detail.requestedId : null,
    attributes: attributesOf(entity),
    identifiers: presentIdentifiers(detail.identifiers, masksOf(detail.members)),
    /** All records of the entity and those merged into it; `records` holds the latest of them. */
    recordCount: detail.recordCount,
    records: detail.records.map((r) => {
      const linked = caseOf.get(r.case_id);
      return {
        id: r.id,
        entityId: r.entity_id,
        caseId: r.case_id,
        caseNumber: linked?.number ?? null,
        summary: r.summary,
        evidence: JSON.parse(r.evidence) as string[],
        sourceOrg: { id: r.source_org_id, name: orgName.get(r.source_org_id) ?? null },
        legalBasis: r.legal_basis,
        occurredAt: toIsoString(r.occurred_at),
        recordedBy: user(r.recorded_by),
        recordedAt: toIsoString(r.recorded_at),
      };
    }),
    statusHistory: detail.statusChanges.map((s) => ({
      id: s.id,
      from: s.from_status,
      to: s.to_status,
      reason: s.reason,
      legalBasis: s.legal_basis,
      by: user(s.changed_by),
      at: toIsoString(s.changed_at),
    })),
    merges: detail.merges.map((m) => ({
      id: m.id,
      survivor: { id: m.survivor_id, name: name(m.survivor_id) },
      absorbed: { id: m.absorbed_id, name: name(m.absorbed_id) },
      reason: m.reason,
      by: user(m.merged_by),
      at: toIsoString(m.merged_at),
      split: m.split_at ? { reason: m.split_reason, by: user(m.split_by), at: toIsoString(m.split_at) } : null,
    })),
    mergedEntities: detail.members
      .filter((m) => m.id !== entity.id)
      .map((m) => ({ id: m.id, displayName: m.display_name, mergedInto: m.merged_into })),
    linkedCases: detail.cases.map((c) => ({ id: c.id, number: c.number, title: c.title, status: c.status })),
    /** Cases records cite that the viewer may not open: counted, not named. */
    hiddenCaseCount: citedCases.filter((id) => !caseOf.has(id)).length,
    actions,
  };
}
