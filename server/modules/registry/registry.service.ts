import type { Kysely } from 'kysely';
import { INDICATOR_TYPES, type IndicatorType } from '../../../contracts/indicators';
import type { EntityKind, EntityStatus } from '../../../contracts/registry';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { type AuditEventInput, appendAuditEvents } from '../audit/audit.repository';
import { type Actor, type UserPrincipal, auditActor } from '../auth/principal';
import { findCase, listCaseAgencies } from '../cases/cases.repository';
import { casePolicy } from '../cases/cases.policy';
import { normalizeIndicator } from '../indicators/normalize';
import { type SearchDocument, entitySearchDocument, indexDocuments, removeDocuments } from '../search/search-index';
import {
  type EntityAttributes,
  type EntityDescription,
  type Identifier,
  attributesFromIndicator,
  defaultKindFor,
  describeEntity,
} from './entity-identifiers';
import { type MergePlan, decideMerge, decideSplit, planMerge, planSplit } from './merge-plan';
import { decideStatusChange } from './registry-lifecycle';
import { registryPolicy } from './registry.policy';
import * as repo from './registry.repository';
import { type StixBundle, buildStixBundle } from './stix-export';

export interface RegistryDeps {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  /** The keyed hash of a normalized resident ID number (HMAC under a key derived from the deployment secret). */
  hashNationalId: (normalized: string) => string;
}

/** A violation to put on record. */
export interface RecordInput {
  caseId: string;
  summary: string;
  legalBasis: string;
  evidence?: string[] | undefined;
  occurredAt?: string | undefined;
  /** The organization the record comes from; the actor's own by default. */
  sourceOrgId?: string | undefined;
}

export interface CreateEntityInput extends EntityDescription {
  record?: RecordInput | undefined;
}

export interface EntitiesFromCaseInput {
  indicators: { type: IndicatorType; value: string; kind?: EntityKind | undefined; displayName?: string | undefined }[];
  summary: string;
  legalBasis: string;
  evidence?: string[] | undefined;
  occurredAt?: string | undefined;
}

/** The most entities one export or list page reads: bounded work per request. */
export const EXPORT_LIMIT = 5000;
/** Records one entity page shows (the latest); the page says how many there are in all. */
const PAGE_RECORDS_LIMIT = 500;
/** Linked cases checked against the case policy on one entity page. */
const LINKED_CASES_LIMIT = 200;

/**
 * The offender registry (mechanism 7). Every write checks the registry policy, runs in one
 * transaction with its audit events, and keeps history: records and status changes are only ever
 * appended, merges are remembered and undone by splits.
 */
export class RegistryService {
  constructor(private readonly deps: RegistryDeps) {}

  private async audit(trx: Kysely<Database>, actor: Actor, events: Omit<AuditEventInput, 'actorType' | 'actorId' | 'orgId'>[]) {
    const who = auditActor(actor);
    await appendAuditEvents(
      trx,
      this.deps.dialect,
      events.map((e) => ({ ...e, ...who })),
    );
  }

  private requireRead(actor: Actor): void {
    if (!registryPolicy.read(actor)) throw new ProblemError('forbidden');
  }

  /** The current entity an id names (its survivor when merged), or "not found" for those who may not read the registry. */
  private async resolve(db: Kysely<Database>, actor: Actor, id: string): Promise<repo.EntityRow> {
    if (!registryPolicy.read(actor)) throw new ProblemError('not_found');
    const entity = await repo.resolveSurvivor(db, id);
    if (!entity) throw new ProblemError('not_found');
    return entity;
  }

  // ───────────── Reading ─────────────

  /** Current entities, newest first, by kind, status, or a name part or identifier value. */
  async listEntities(actor: Actor, filter: { kind?: string; status?: string; q?: string; before?: string; limit?: number }) {
    this.requireRead(actor);
    const limit = Math.min(filter.limit ?? 50, 200);
    const q = filter.q?.trim();
    const holding: Identifier[] = q
      ? INDICATOR_TYPES.flatMap((type) => {
          const value = normalizeIndicator(type, q);
          return value ? [{ type, value }] : [];
        })
      : [];
    const rows = await repo.listEntities(this.deps.db, {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(q ? { nameContains: q, holding } : {}),
      ...(filter.before ? { before: filter.before } : {}),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const identifiers = await repo.identifiersOf(
      this.deps.db,
      items.map((r) => r.id),
    );
    return {
      items: items.map((row) => ({ row, identifiers: identifiers.get(row.id) ?? [] })),
      nextBefore: rows.length > limit ? items[items.length - 1]!.id : null,
    };
  }

  /** An entity page: the survivor an id resolves to, with every record, identifier and change of its merge group. */
  async getEntity(actor: Actor, id: string) {
    const entity = await this.resolve(this.deps.db, actor, id);
    const db = this.deps.db;
    const group = await repo.mergeGroup(db, entity.id);
    const [members, identifiers, records, statusChanges, merges] = await Promise.all([
      repo.findEntities(db, group),
      repo.identifiersOf(db, [entity.id]),
      repo.listRecords(db, group, PAGE_RECORDS_LIMIT),
      repo.listStatusChanges(db, [entity.id]),
      repo.listMerges(db, group),
    ]);
    const caseIds = [...new Set(records.map((r) => r.case_id))];
    const [cases, orgs, users, others] = await Promise.all([
      repo.findCases(db, caseIds.slice(0, LINKED_CASES_LIMIT)),
      repo.findOrganizations(
        db,
        records.map((r) => r.source_org_id),
      ),
      repo.userNames(db, [
        ...records.map((r) => r.recorded_by),
        ...statusChanges.map((s) => s.changed_by),
        ...merges.flatMap((m) => [m.merged_by, m.split_by]),
      ]),
      repo.findEntities(
        db,
        merges.flatMap((m) => [m.survivor_id, m.absorbed_id]).filter((x) => !group.includes(x)),
      ),
    ]);
    // Linked cases are named only to those who may open them; the others see that a case is cited.
    const readable = new Set<string>();
    for (const c of cases) if (casePolicy.read(actor, await listCaseAgencies(db, c.id))) readable.add(c.id);
    const recordCount = records.length < PAGE_RECORDS_LIMIT ? records.length : await repo.countRecords(db, group);
    return {
      entity,
      requestedId: id,
      recordCount,
      members,
      identifiers: identifiers.get(entity.id) ?? [],
      records,
      statusChanges,
      merges,
      names: new Map([...members, ...others].map((e) => [e.id, e.display_name])),
      cases: cases.filter((c) => readable.has(c.id)),
      orgs,
      users,
    };
  }

  // ───────────── Writing ─────────────

  private async checkRecord(trx: Kysely<Database>, actor: UserPrincipal, input: RecordInput, prefix: string): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const found = await findCase(trx, input.caseId);
    // A case the actor may not see is answered like one that does not exist.
    if (!found || !casePolicy.read(actor, await listCaseAgencies(trx, found.id)))
      problems.push({ field: `${prefix}caseId`, key: 'invalid' });
    if (input.sourceOrgId && input.sourceOrgId !== actor.orgId) {
      const org = await trx.selectFrom('organizations').select('id').where('id', '=', input.sourceOrgId).executeTakeFirst();
      if (!org) problems.push({ field: `${prefix}sourceOrgId`, key: 'invalid' });
    }
    if (!input.summary.trim()) problems.push({ field: `${prefix}summary`, key: 'required' });
    if (!input.legalBasis.trim()) problems.push({ field: `${prefix}legalBasis`, key: 'required' });
    if (input.occurredAt && new Date(input.occurredAt).getTime() > Date.now() + 60_000)
      problems.push({ field: `${prefix}occurredAt`, key: 'occurredInFuture' });
    return problems;
  }

  private recordRow(actor: UserPrincipal, entityId: string, input: RecordInput, at: string): repo.NewRecordRow {
    return {
      id: uuidv7(),
      entity_id: entityId,
      case_id: input.caseId,
      summary: input.summary.trim(),
      evidence: JSON.stringify([...new Set((input.evidence ?? []).map((e) => e.trim()).filter((e) => e !== ''))]),
      source_org_id: input.sourceOrgId ?? actor.orgId,
      legal_basis: input.legalBasis.trim(),
      occurred_at: input.occurredAt ? new Date(input.occurredAt).toISOString() : at,
      recorded_by: actor.userId,
      recorded_at: at,
    };
  }

  /** Entities as the full-text index sees them (a national ID by its masked display only, never its hash). */
  private async searchDocuments(trx: Kysely<Database>, entityIds: string[]): Promise<{ doc: SearchDocument; merged: boolean }[]> {
    const [entities, identifiers] = await Promise.all([repo.findEntities(trx, entityIds), repo.identifiersOf(trx, entityIds)]);
    return entities.map((e) => {
      const attributes = JSON.parse(e.attributes) as EntityAttributes;
      const doc = entitySearchDocument({
        id: e.id,
        created_at: toIsoString(e.created_at),
        display_name: e.display_name,
        identifiers: (identifiers.get(e.id) ?? []).filter((i) => i.type !== 'national_id').map((i) => i.value),
        notes: [attributes.role, attributes.platform, attributes.handle, attributes.nationalIdMasked].filter((n): n is string => !!n),
      });
      return { doc, merged: e.merged_into !== null };
    });
  }

  /**
   * Keeps the full-text index of entities in step, in the caller's transaction: current entities
   * are (re)indexed, entities merged away leave the index. `previous` are the documents as indexed
   * before the change (the index finds old postings by tokenizing them); none for new entities.
   */
  private async reindex(trx: Kysely<Database>, entityIds: string[], previous: SearchDocument[] | null): Promise<void> {
    const now = await this.searchDocuments(trx, entityIds);
    const current = now.filter((d) => !d.merged).map((d) => d.doc);
    const mergedIds = new Set(now.filter((d) => d.merged).map((d) => d.doc.id));
    if (current.length > 0) await indexDocuments(trx, current, previous === null ? { fresh: true } : { previous });
    const gone = (previous ?? []).filter((d) => mergedIds.has(d.id));
    if (gone.length > 0) await removeDocuments(trx, gone);
  }

  /** Puts a new entity on the registry, with its identifiers and, optionally, its first record. */
  async createEntity(actor: Actor, input: CreateEntityInput): Promise<repo.EntityRow> {
    if (!registryPolicy.write(actor)) throw new ProblemError('forbidden');
    const described = describeEntity(input, this.deps.hashNationalId);
    if (!described.ok) throw new ProblemError('validation', { fields: described.problems });
    return this.deps.db.transaction().execute(async (trx) => {
      await repo.lockIdentifierClaims(trx, this.deps.dialect);
      const problems: FieldProblem[] = input.record ? await this.checkRecord(trx, actor, input.record, 'record.') : [];
      const holders = await repo.identifierHolders(trx, described.identifiers);
      described.identifiers.forEach((identifier) => {
        if (!holders.has(`${identifier.type}\u0000${identifier.value}`)) return;
        const index = (input.identifiers ?? []).findIndex(
          (raw) => raw.type === identifier.type && normalizeIndicator(raw.type, raw.value) === identifier.value,
        );
        const field =
          identifier.type === 'national_id'
            ? 'nationalId'
            : identifier.type === 'uscc' && input.uscc
              ? 'uscc'
              : index >= 0
                ? `identifiers.${index}`
                : 'handle';
        problems.push({ field, key: 'identifierTaken' });
      });
      if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
      const at = new Date().toISOString();
      const row: repo.NewEntityRow = {
        id: uuidv7(),
        kind: input.kind,
        display_name: described.displayName,
        status: 'suspected',
        merged_into: null,
        attributes: JSON.stringify(described.attributes),
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      };
      await repo.insertEntity(trx, row);
      await repo.insertIdentifiers(
        trx,
        row.id,
        described.identifiers.map((i) => ({ ...i, createdAt: at })),
      );
      const record = input.record ? this.recordRow(actor, row.id, input.record, at) : null;
      if (record) await repo.insertRecords(trx, [record]);
      await this.reindex(trx, [row.id], null);
      await this.audit(trx, actor, [
        {
          action: 'registry.entity_created',
          objectType: 'registry_entity',
          objectId: row.id,
          summary: {
            kind: row.kind,
            identifiers: described.identifiers.filter((i) => i.type !== 'national_id').length,
            caseId: record?.case_id ?? null,
          },
        },
        ...(record
          ? [
              {
                action: 'registry.record_added',
                objectType: 'registry_entity',
                objectId: row.id,
                summary: { recordId: record.id, caseId: record.case_id },
              },
            ]
          : []),
      ]);
      return row;
    });
  }

  /** Appends a record to an entity (to its survivor, when it was merged). */
  async addRecord(actor: Actor, entityId: string, input: RecordInput): Promise<repo.RecordRow> {
    return this.deps.db.transaction().execute(async (trx) => {
      const entity = await this.resolve(trx, actor, entityId);
      if (!registryPolicy.write(actor)) throw new ProblemError('forbidden');
      const problems = await this.checkRecord(trx, actor, input, '');
      if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
      const at = new Date().toISOString();
      const record = this.recordRow(actor, entity.id, input, at);
      await repo.insertRecords(trx, [record]);
      await repo.updateEntity(trx, entity.id, { updated_at: at });
      await this.audit(trx, actor, [
        {
          action: 'registry.record_added',
          objectType: 'registry_entity',
          objectId: entity.id,
          summary: { recordId: record.id, caseId: record.case_id },
        },
      ]);
      return record;
    });
  }

  /** Moves an entity's status by the lifecycle's table, with a reason and a legal basis. */
  async changeStatus(
    actor: Actor,
    entityId: string,
    input: { to: EntityStatus; reason: string; legalBasis: string },
  ): Promise<repo.EntityRow> {
    return this.deps.db.transaction().execute(async (trx) => {
      const resolved = await this.resolve(trx, actor, entityId);
      if (!registryPolicy.changeStatus(actor)) throw new ProblemError('forbidden');
      await repo.lockEntities(trx, this.deps.dialect, [resolved.id]);
      // Read again under the lock: a concurrent change may have moved it meanwhile.
      const entity = (await repo.findEntity(trx, resolved.id))!;
      const decision = decideStatusChange({
        from: entity.status as EntityStatus,
        to: input.to,
        roles: actor.roles,
        reason: input.reason,
        legalBasis: input.legalBasis,
      });
      if (!decision.ok) {
        switch (decision.refusal) {
          case 'not_from_this_status':
            throw new ProblemError('conflict', { detail: `The entity is ${entity.status}; it cannot become ${input.to}.` });
          case 'role_not_allowed':
            throw new ProblemError('forbidden');
          case 'reason_required':
            throw new ProblemError('validation', { fields: [{ field: 'reason', key: 'required' }] });
          case 'legal_basis_required':
            throw new ProblemError('validation', { fields: [{ field: 'legalBasis', key: 'required' }] });
        }
      }
      const at = new Date().toISOString();
      await repo.insertStatusChange(trx, {
        id: uuidv7(),
        entity_id: entity.id,
        from_status: entity.status,
        to_status: input.to,
        reason: input.reason.trim(),
        legal_basis: input.legalBasis.trim(),
        changed_by: actor.userId,
        changed_at: at,
      });
      await repo.updateEntity(trx, entity.id, { status: input.to, updated_at: at });
      await this.audit(trx, actor, [
        {
          action: 'registry.status_changed',
          objectType: 'registry_entity',
          objectId: entity.id,
          summary: { from: entity.status, to: input.to, reason: input.reason.trim(), legalBasis: input.legalBasis.trim() },
        },
      ]);
      return { ...entity, status: input.to, updated_at: at };
    });
  }

  /** Merges `absorbedId` into the survivor `survivorId`: history kept, identifiers moved, undone by a split. */
  async merge(actor: Actor, survivorId: string, absorbedId: string, reason: string): Promise<repo.EntityRow> {
    return this.deps.db.transaction().execute(async (trx) => {
      if (!registryPolicy.read(actor)) throw new ProblemError('not_found');
      if (!(await repo.findEntity(trx, survivorId))) throw new ProblemError('not_found');
      if (!registryPolicy.mergeOrSplit(actor)) throw new ProblemError('forbidden');
      await repo.lockEntities(trx, this.deps.dialect, [survivorId, absorbedId]);
      // Read under the lock: a concurrent merge of either may have happened meanwhile.
      const survivor = (await repo.findEntity(trx, survivorId))!;
      const absorbed = await repo.findEntity(trx, absorbedId);
      if (!absorbed) throw new ProblemError('validation', { fields: [{ field: 'absorbedId', key: 'invalid' }] });
      if (!reason.trim()) throw new ProblemError('validation', { fields: [{ field: 'reason', key: 'required' }] });
      const decision = decideMerge(
        { id: survivor.id, kind: survivor.kind, mergedInto: survivor.merged_into },
        { id: absorbed.id, kind: absorbed.kind, mergedInto: absorbed.merged_into },
      );
      if (!decision.ok) {
        switch (decision.refusal) {
          case 'same_entity':
            throw new ProblemError('validation', { fields: [{ field: 'absorbedId', key: 'invalid' }] });
          case 'kind_mismatch':
            throw new ProblemError('validation', { fields: [{ field: 'absorbedId', key: 'entityKindMismatch' }] });
          case 'already_merged':
            throw new ProblemError('conflict', { detail: 'One of the entities is already merged into another.' });
        }
      }
      const indexed = (await this.searchDocuments(trx, [survivor.id, absorbed.id])).map((d) => d.doc);
      const identifiers = await repo.identifiersOf(trx, [survivor.id, absorbed.id]);
      const plan = planMerge(identifiers.get(survivor.id) ?? [], identifiers.get(absorbed.id) ?? []);
      await repo.deleteIdentifiers(trx, absorbed.id, plan.taken);
      await repo.insertIdentifiers(trx, survivor.id, plan.added);
      const at = new Date().toISOString();
      const mergeId = uuidv7();
      await repo.insertMerge(trx, {
        id: mergeId,
        survivor_id: survivor.id,
        absorbed_id: absorbed.id,
        reason: reason.trim(),
        plan: JSON.stringify(plan),
        merged_by: actor.userId,
        merged_at: at,
        split_reason: null,
        split_by: null,
        split_at: null,
      });
      await repo.updateEntity(trx, absorbed.id, { merged_into: survivor.id, updated_at: at });
      await repo.updateEntity(trx, survivor.id, { updated_at: at });
      await this.reindex(trx, [survivor.id, absorbed.id], indexed);
      await this.audit(trx, actor, [
        {
          action: 'registry.merged',
          objectType: 'registry_entity',
          objectId: survivor.id,
          summary: { mergeId, absorbedId: absorbed.id, reason: reason.trim(), identifiersMoved: plan.taken.length },
        },
        {
          action: 'registry.merged_into',
          objectType: 'registry_entity',
          objectId: absorbed.id,
          summary: { mergeId, survivorId: survivor.id },
        },
      ]);
      return { ...survivor, updated_at: at };
    });
  }

  /** Undoes the merge of `absorbedId`: it becomes current again with its identifiers, records and status as before. */
  async split(actor: Actor, absorbedId: string, reason: string): Promise<repo.EntityRow> {
    return this.deps.db.transaction().execute(async (trx) => {
      if (!registryPolicy.read(actor)) throw new ProblemError('not_found');
      if (!(await repo.findEntity(trx, absorbedId))) throw new ProblemError('not_found');
      if (!registryPolicy.mergeOrSplit(actor)) throw new ProblemError('forbidden');
      if (!reason.trim()) throw new ProblemError('validation', { fields: [{ field: 'reason', key: 'required' }] });
      const pending = await repo.activeMergeOf(trx, absorbedId);
      await repo.lockEntities(trx, this.deps.dialect, pending ? [absorbedId, pending.survivor_id] : [absorbedId]);
      const absorbed = (await repo.findEntity(trx, absorbedId))!;
      const merge = await repo.activeMergeOf(trx, absorbed.id);
      const survivor = merge ? await repo.findEntity(trx, merge.survivor_id) : undefined;
      const decision = decideSplit(
        merge ? { id: merge.id, splitAt: null } : undefined,
        { mergedInto: survivor?.merged_into ?? null },
        merge ? (await repo.activeMergesInto(trx, merge.survivor_id)).map((m) => ({ id: m.id, mergedAt: toIsoString(m.merged_at) })) : [],
      );
      if (!decision.ok || !merge || !survivor) {
        const detail =
          !decision.ok && decision.refusal === 'later_merge_first'
            ? 'Split the entities merged into the survivor later first.'
            : !decision.ok && decision.refusal === 'survivor_merged'
              ? 'The survivor is itself merged into another entity; split that first.'
              : 'The entity is not merged into another.';
        throw new ProblemError('conflict', { detail });
      }
      const indexed = (await this.searchDocuments(trx, [survivor.id])).map((d) => d.doc);
      const undo = planSplit(JSON.parse(merge.plan) as MergePlan);
      await repo.deleteIdentifiers(trx, survivor.id, undo.removeFromSurvivor);
      await repo.insertIdentifiers(trx, absorbed.id, undo.restoreToAbsorbed);
      const at = new Date().toISOString();
      await repo.markSplit(trx, merge.id, { reason: reason.trim(), by: actor.userId, at });
      await repo.updateEntity(trx, absorbed.id, { merged_into: null, updated_at: at });
      await repo.updateEntity(trx, survivor.id, { updated_at: at });
      await this.reindex(trx, [survivor.id, absorbed.id], indexed);
      await this.audit(trx, actor, [
        {
          action: 'registry.split',
          objectType: 'registry_entity',
          objectId: survivor.id,
          summary: { mergeId: merge.id, absorbedId: absorbed.id, reason: reason.trim() },
        },
        {
          action: 'registry.split_from',
          objectType: 'registry_entity',
          objectId: absorbed.id,
          summary: { mergeId: merge.id, survivorId: survivor.id },
        },
      ]);
      return { ...absorbed, merged_into: null, updated_at: at };
    });
  }

  /**
   * Entities from a case's indicators in one step: each chosen indicator (found in the case's
   * reports) joins the entity already holding it, or becomes a new one; each gets a record of this
   * case, unless it already has one. All or nothing, in one transaction.
   */
  async entitiesFromCase(actor: Actor, caseId: string, input: EntitiesFromCaseInput) {
    return this.deps.db.transaction().execute(async (trx) => {
      const found = await findCase(trx, caseId);
      if (!found || !casePolicy.read(actor, await listCaseAgencies(trx, caseId))) throw new ProblemError('not_found');
      if (!registryPolicy.write(actor)) throw new ProblemError('forbidden');
      const problems: FieldProblem[] = [];
      if (!input.summary.trim()) problems.push({ field: 'summary', key: 'required' });
      if (!input.legalBasis.trim()) problems.push({ field: 'legalBasis', key: 'required' });
      if (input.occurredAt && new Date(input.occurredAt).getTime() > Date.now() + 60_000)
        problems.push({ field: 'occurredAt', key: 'occurredInFuture' });
      const inCase = new Set((await repo.caseIndicators(trx, caseId)).map((i) => `${i.type}\u0000${i.value}`));
      const chosen = new Map<string, { type: IndicatorType; value: string; kind: EntityKind; displayName: string | undefined }>();
      input.indicators.forEach((raw, index) => {
        const value = normalizeIndicator(raw.type, raw.value);
        if (value === null || !inCase.has(`${raw.type}\u0000${value}`)) {
          problems.push({ field: `indicators.${index}`, key: value === null ? 'invalid' : 'indicatorNotInCase' });
          return;
        }
        const key = `${raw.type}\u0000${value}`;
        if (!chosen.has(key))
          chosen.set(key, {
            type: raw.type,
            value,
            kind: raw.kind ?? defaultKindFor(raw.type),
            displayName: raw.displayName?.trim() || undefined,
          });
      });
      if (problems.length > 0) throw new ProblemError('validation', { fields: problems });

      await repo.lockIdentifierClaims(trx, this.deps.dialect);
      const at = new Date().toISOString();
      const record: RecordInput = {
        caseId,
        summary: input.summary,
        legalBasis: input.legalBasis,
        ...(input.evidence ? { evidence: input.evidence } : {}),
        ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
      };
      const results: { type: string; value: string; entityId: string; created: boolean; recordId: string | null }[] = [];
      const audits: Omit<AuditEventInput, 'actorType' | 'actorId' | 'orgId'>[] = [];
      const touched: string[] = [];
      for (const item of chosen.values()) {
        const holders = await repo.identifierHolders(trx, [{ type: item.type, value: item.value }]);
        const holderId = holders.get(`${item.type}\u0000${item.value}`);
        const holder = holderId ? await repo.resolveSurvivor(trx, holderId) : undefined;
        if (holder) {
          const group = await repo.mergeGroup(trx, holder.id);
          const cited = await repo.hasRecordOfCase(trx, group, caseId);
          const row = cited ? null : this.recordRow(actor, holder.id, record, at);
          if (row) {
            await repo.insertRecords(trx, [row]);
            await repo.updateEntity(trx, holder.id, { updated_at: at });
            audits.push({
              action: 'registry.record_added',
              objectType: 'registry_entity',
              objectId: holder.id,
              summary: { recordId: row.id, caseId },
            });
          }
          results.push({ type: item.type, value: item.value, entityId: holder.id, created: false, recordId: row?.id ?? null });
          continue;
        }
        const entity: repo.NewEntityRow = {
          id: uuidv7(),
          kind: item.kind,
          display_name: item.displayName ?? item.value,
          status: 'suspected',
          merged_into: null,
          attributes: JSON.stringify(attributesFromIndicator(item.kind, item.type, item.value)),
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
        };
        await repo.insertEntity(trx, entity);
        await repo.insertIdentifiers(trx, entity.id, [{ type: item.type, value: item.value, createdAt: at }]);
        const row = this.recordRow(actor, entity.id, record, at);
        await repo.insertRecords(trx, [row]);
        touched.push(entity.id);
        audits.push(
          {
            action: 'registry.entity_created',
            objectType: 'registry_entity',
            objectId: entity.id,
            summary: { kind: entity.kind, identifiers: 1, caseId },
          },
          { action: 'registry.record_added', objectType: 'registry_entity', objectId: entity.id, summary: { recordId: row.id, caseId } },
        );
        results.push({ type: item.type, value: item.value, entityId: entity.id, created: true, recordId: row.id });
      }
      await this.reindex(trx, touched, null);
      await this.audit(trx, actor, audits);
      return results;
    });
  }

  /** The registry (current entities, by kind and status) as a STIX 2.1 bundle; the export is audited. */
  async exportStix(actor: Actor, filter: { kind?: string; status?: string }): Promise<{ bundle: StixBundle; truncated: boolean }> {
    this.requireRead(actor);
    const db = this.deps.db;
    const rows = await repo.entitiesForExport(db, { ...filter, limit: EXPORT_LIMIT + 1 });
    const entities = rows.slice(0, EXPORT_LIMIT);
    const survivorOf = await repo.mergeGroups(
      db,
      entities.map((e) => e.id),
    );
    const [identifiers, records] = await Promise.all([
      repo.identifiersOf(
        db,
        entities.map((e) => e.id),
      ),
      repo.listRecords(db, [...survivorOf.keys()]),
    ]);
    const [cases, orgs] = await Promise.all([
      repo.findCases(
        db,
        records.map((r) => r.case_id),
      ),
      repo.findOrganizations(
        db,
        records.map((r) => r.source_org_id),
      ),
    ]);
    const bundle = buildStixBundle({
      entities: entities.map((e) => ({
        id: e.id,
        kind: e.kind as EntityKind,
        displayName: e.display_name,
        status: e.status as EntityStatus,
        attributes: JSON.parse(e.attributes) as EntityAttributes,
        createdAt: toIsoString(e.created_at),
        updatedAt: toIsoString(e.updated_at),
        identifiers: identifiers.get(e.id) ?? [],
      })),
      records: records.map((r) => ({
        id: r.id,
        entityId: survivorOf.get(r.entity_id) ?? r.entity_id,
        caseId: r.case_id,
        summary: r.summary,
        sourceOrgId: r.source_org_id,
        legalBasis: r.legal_basis,
        occurredAt: toIsoString(r.occurred_at),
        recordedAt: toIsoString(r.recorded_at),
      })),
      cases: cases.map((c) => ({ id: c.id, number: c.number, openedAt: toIsoString(c.opened_at), updatedAt: toIsoString(c.updated_at) })),
      organizations: orgs.map((o) => ({
        id: o.id,
        name: o.name,
        createdAt: toIsoString(o.created_at),
        updatedAt: toIsoString(o.updated_at),
      })),
    });
    await db.transaction().execute((trx) =>
      this.audit(trx, actor, [
        {
          action: 'registry.exported',
          objectType: 'registry',
          objectId: null,
          summary: { format: 'stix-2.1', entities: entities.length, kind: filter.kind ?? null, status: filter.status ?? null },
        },
      ]),
    );
    return { bundle, truncated: rows.length > EXPORT_LIMIT };
  }
}
