import { type Insertable, type Kysely, type Selectable, type Updateable, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type {
  Database,
  RegistryEntitiesTable,
  RegistryMergesTable,
  RegistryRecordsTable,
  RegistryStatusChangesTable,
} from '../../db/schema';
import { OCCURRENCE_TABLES } from '../../db/indicator-occurrences';
import { toCount, toIsoString } from '../../db/values';
import type { Identifier } from './entity-identifiers';
import type { StoredIdentifier } from './merge-plan';

type Db = Kysely<Database>;

export type EntityRow = Selectable<RegistryEntitiesTable>;
export type RecordRow = Selectable<RegistryRecordsTable>;
export type StatusChangeRow = Selectable<RegistryStatusChangesTable>;
export type MergeRow = Selectable<RegistryMergesTable>;
/** Rows as this module writes them: timestamps as ISO strings, which read back as rows too. */
export type NewEntityRow = Omit<EntityRow, 'created_at' | 'updated_at'> & { created_at: string; updated_at: string };
export type NewRecordRow = Omit<RecordRow, 'occurred_at' | 'recorded_at'> & { occurred_at: string; recorded_at: string };

/** Where an entity's identifiers live in the shared occurrence index. */
const ENTITY_SUBJECT = 'entity';
const IDENTIFIER_FIELD = 'identifier';
/** Merges nest only as deep as people make them; a bound keeps a corrupt cycle from looping. */
const MAX_MERGE_DEPTH = 32;
/** Ids per `in (…)` list, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function insertEntity(db: Db, row: NewEntityRow): Promise<void> {
  await db.insertInto('registry_entities').values(row).execute();
}

export async function updateEntity(
  db: Db,
  id: string,
  changes: Pick<Updateable<RegistryEntitiesTable>, 'status' | 'merged_into' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('registry_entities').set(changes).where('id', '=', id).execute();
}

/**
 * Locks entity rows for the rest of the transaction on PostgreSQL, in id order (no deadlocks between
 * two merges of the same pair), so concurrent merges, splits and status changes of one entity take
 * turns. SQLite has a single writer already.
 */
export async function lockEntities(db: Db, dialect: DatabaseDialect, ids: readonly string[]): Promise<void> {
  if (dialect !== 'postgres' || ids.length === 0) return;
  await db
    .selectFrom('registry_entities')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** An arbitrary constant naming the lock of identifier claims on PostgreSQL. */
const IDENTIFIER_CLAIM_LOCK = 7_243_620;

/**
 * Serializes, on PostgreSQL, the transactions that give identifiers to new entities, so two analysts
 * registering the same value at once cannot both find it free. Registering is rare next to reading;
 * one lock for all of it costs nothing that matters. SQLite has a single writer already.
 */
export async function lockIdentifierClaims(db: Db, dialect: DatabaseDialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${IDENTIFIER_CLAIM_LOCK})`.execute(db);
}

export async function findEntity(db: Db, id: string): Promise<EntityRow | undefined> {
  return db.selectFrom('registry_entities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findEntities(db: Db, ids: readonly string[]): Promise<EntityRow[]> {
  const out: EntityRow[] = [];
  for (const part of chunks([...new Set(ids)])) {
    if (part.length > 0) out.push(...(await db.selectFrom('registry_entities').selectAll().where('id', 'in', part).execute()));
  }
  return out;
}

/** The entity an id resolves to: itself, or the survivor at the end of its `merged_into` chain. */
export async function resolveSurvivor(db: Db, id: string): Promise<EntityRow | undefined> {
  let entity = await findEntity(db, id);
  for (let hops = 0; entity?.merged_into && hops < MAX_MERGE_DEPTH; hops++) entity = await findEntity(db, entity.merged_into);
  return entity;
}

/** A survivor and every entity merged into it, directly or through others (survivor first). */
export async function mergeGroup(db: Db, survivorId: string): Promise<string[]> {
  const group = [survivorId];
  let frontier = [survivorId];
  for (let depth = 0; frontier.length > 0 && depth < MAX_MERGE_DEPTH; depth++) {
    const next: string[] = [];
    for (const part of chunks(frontier)) {
      const rows = await db.selectFrom('registry_entities').select('id').where('merged_into', 'in', part).execute();
      next.push(...rows.map((r) => r.id).filter((id) => !group.includes(id)));
    }
    group.push(...next);
    frontier = next;
  }
  return group;
}

/** For many survivors at once: every member of their merge groups (themselves included) to its survivor. */
export async function mergeGroups(db: Db, survivorIds: readonly string[]): Promise<Map<string, string>> {
  const survivorOf = new Map(survivorIds.map((id) => [id, id]));
  let frontier = [...survivorIds];
  for (let depth = 0; frontier.length > 0 && depth < MAX_MERGE_DEPTH; depth++) {
    const next: string[] = [];
    for (const part of chunks(frontier)) {
      const rows = await db.selectFrom('registry_entities').select(['id', 'merged_into']).where('merged_into', 'in', part).execute();
      for (const r of rows) {
        if (survivorOf.has(r.id) || r.merged_into === null) continue;
        survivorOf.set(r.id, survivorOf.get(r.merged_into)!);
        next.push(r.id);
      }
    }
    frontier = next;
  }
  return survivorOf;
}

export interface EntityListFilter {
  kind?: string;
  status?: string;
  /** Part of the display name (case-insensitive). */
  nameContains?: string;
  /** Entities holding any of these identifiers; combined with the name with "or". */
  holding?: Identifier[];
  /** Ids before this one (the cursor: ids are UUIDv7, so this is "older than"). */
  before?: string;
  limit: number;
}

/** Current (not merged) entities, newest first. */
export async function listEntities(db: Db, filter: EntityListFilter): Promise<EntityRow[]> {
  const holders = filter.holding && filter.holding.length > 0 ? await entitiesHoldingAny(db, filter.holding, 1000) : ([] as string[]);
  let query = db.selectFrom('registry_entities').selectAll().where('merged_into', 'is', null);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before) query = query.where('id', '<', filter.before);
  if (filter.nameContains !== undefined) {
    // Wildcards typed into the search box are dropped rather than escaped: the two dialects escape differently.
    const pattern = `%${filter.nameContains.toLowerCase().replace(/[\\%_]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn('lower', ['display_name']), 'like', pattern), ...(holders.length > 0 ? [eb('id', 'in', holders)] : [])]),
    );
  }
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** The entities (by id) holding any of these identifiers; one index range per identifier, capped. */
export async function entitiesHoldingAny(db: Db, identifiers: readonly Identifier[], cap = 100): Promise<string[]> {
  const out = new Set<string>();
  for (const { type, value } of identifiers) {
    const rows = await db
      .selectFrom('indicator_occurrences')
      .select('subject_id')
      .where('type', '=', type)
      .where('value', '=', value)
      .where('subject_type', '=', ENTITY_SUBJECT)
      .limit(cap)
      .execute();
    for (const r of rows) out.add(r.subject_id);
  }
  return [...out];
}

/** Which of these identifiers already belong to an entity, and to which. */
export async function identifierHolders(db: Db, identifiers: readonly Identifier[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { type, value } of identifiers) {
    const row = await db
      .selectFrom('indicator_occurrences')
      .select('subject_id')
      .where('type', '=', type)
      .where('value', '=', value)
      .where('subject_type', '=', ENTITY_SUBJECT)
      .where('field', '=', IDENTIFIER_FIELD)
      .orderBy('subject_id')
      .limit(1)
      .executeTakeFirst();
    if (row) out.set(`${type}\u0000${value}`, row.subject_id);
  }
  return out;
}

/** The identifiers of entities, by entity id, in the order they were added. */
export async function identifiersOf(db: Db, entityIds: readonly string[]): Promise<Map<string, StoredIdentifier[]>> {
  const out = new Map<string, StoredIdentifier[]>();
  for (const part of chunks([...new Set(entityIds)])) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('indicator_occurrences')
      .select(['subject_id', 'type', 'value', 'created_at'])
      .where('subject_type', '=', ENTITY_SUBJECT)
      .where('subject_id', 'in', part)
      .where('field', '=', IDENTIFIER_FIELD)
      .execute();
    for (const r of rows) {
      const list = out.get(r.subject_id) ?? [];
      list.push({ type: r.type, value: r.value, createdAt: toIsoString(r.created_at) });
      out.set(r.subject_id, list);
    }
  }
  for (const list of out.values())
    list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.type.localeCompare(b.type) || a.value.localeCompare(b.value));
  return out;
}

export async function insertIdentifiers(db: Db, entityId: string, identifiers: readonly StoredIdentifier[]): Promise<void> {
  if (identifiers.length === 0) return;
  await db
    .insertInto('indicator_occurrences')
    .values(
      identifiers.map((i) => ({
        type: i.type,
        value: i.value,
        subject_type: ENTITY_SUBJECT,
        subject_id: entityId,
        field: IDENTIFIER_FIELD,
        created_at: i.createdAt,
      })),
    )
    .execute();
}

export async function deleteIdentifiers(db: Db, entityId: string, identifiers: readonly { type: string; value: string }[]): Promise<void> {
  for (const { type, value } of identifiers) {
    await db
      .deleteFrom('indicator_occurrences')
      .where('type', '=', type)
      .where('value', '=', value)
      .where('subject_type', '=', ENTITY_SUBJECT)
      .where('subject_id', '=', entityId)
      .where('field', '=', IDENTIFIER_FIELD)
      .execute();
  }
}

// Records and status changes are append-only: there is an insert and a read for each, nothing else.

export async function insertRecords(db: Db, rows: NewRecordRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('registry_records').values(rows).execute();
}

/** Records of entities, newest first; at most `limit` of each chunk of entities when given (a page shows the latest). */
export async function listRecords(db: Db, entityIds: readonly string[], limit?: number): Promise<RecordRow[]> {
  const out: RecordRow[] = [];
  for (const part of chunks([...new Set(entityIds)])) {
    if (part.length === 0) continue;
    let query = db.selectFrom('registry_records').selectAll().where('entity_id', 'in', part);
    if (limit !== undefined) query = query.orderBy('recorded_at', 'desc').orderBy('id', 'desc').limit(limit);
    out.push(...(await query.execute()));
  }
  const sorted = out.sort((a, b) => toIsoString(b.recorded_at).localeCompare(toIsoString(a.recorded_at)) || b.id.localeCompare(a.id));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}

/** How many records entities have (for a page that shows only the latest). */
export async function countRecords(db: Db, entityIds: readonly string[]): Promise<number> {
  let total = 0;
  for (const part of chunks([...new Set(entityIds)])) {
    if (part.length === 0) continue;
    const row = await db
      .selectFrom('registry_records')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('entity_id', 'in', part)
      .executeTakeFirst();
    total += toCount(row?.n as string | number | undefined);
  }
  return total;
}

/** Whether any of these entities has a record of the case (an index range on the case). */
export async function hasRecordOfCase(db: Db, entityIds: readonly string[], caseId: string): Promise<boolean> {
  const rows = await db.selectFrom('registry_records').select('entity_id').where('case_id', '=', caseId).execute();
  const wanted = new Set(entityIds);
  return rows.some((r) => wanted.has(r.entity_id));
}

export async function insertStatusChange(db: Db, row: Insertable<RegistryStatusChangesTable>): Promise<void> {
  await db.insertInto('registry_status_changes').values(row).execute();
}

export async function listStatusChanges(db: Db, entityIds: readonly string[]): Promise<StatusChangeRow[]> {
  if (entityIds.length === 0) return [];
  const rows = await db
    .selectFrom('registry_status_changes')
    .selectAll()
    .where('entity_id', 'in', [...entityIds])
    .execute();
  return rows.sort((a, b) => toIsoString(a.changed_at).localeCompare(toIsoString(b.changed_at)) || a.id.localeCompare(b.id));
}

export async function insertMerge(db: Db, row: Insertable<RegistryMergesTable>): Promise<void> {
  await db.insertInto('registry_merges').values(row).execute();
}

/** The merge an entity is in now as the absorbed one (not split). */
export async function activeMergeOf(db: Db, absorbedId: string): Promise<MergeRow | undefined> {
  return db
    .selectFrom('registry_merges')
    .selectAll()
    .where('absorbed_id', '=', absorbedId)
    .where('split_at', 'is', null)
    .orderBy('merged_at', 'desc')
    .executeTakeFirst();
}

/** The merges into a survivor that are not split. */
export async function activeMergesInto(db: Db, survivorId: string): Promise<MergeRow[]> {
  return db.selectFrom('registry_merges').selectAll().where('survivor_id', '=', survivorId).where('split_at', 'is', null).execute();
}

export async function markSplit(db: Db, mergeId: string, split: { reason: string; by: string | null; at: string }): Promise<void> {
  await db
    .updateTable('registry_merges')
    .set({ split_reason: split.reason, split_by: split.by, split_at: split.at })
    .where('id', '=', mergeId)
    .execute();
}

/** Every merge (and split) an entity took part in, on either side, oldest first. */
export async function listMerges(db: Db, entityIds: readonly string[]): Promise<MergeRow[]> {
  if (entityIds.length === 0) return [];
  const ids = [...entityIds];
  const rows = await db
    .selectFrom('registry_merges')
    .selectAll()
    .where((eb) => eb.or([eb('survivor_id', 'in', ids), eb('absorbed_id', 'in', ids)]))
    .execute();
  return rows.sort((a, b) => toIsoString(a.merged_at).localeCompare(toIsoString(b.merged_at)) || a.id.localeCompare(b.id));
}

/** The indicators found in a case's reports, each once. */
export async function caseIndicators(db: Db, caseId: string): Promise<Identifier[]> {
  const [merged, recent] = OCCURRENCE_TABLES.map((table) =>
    db
      .selectFrom(table)
      .select(['type', 'value'])
      .where('subject_type', '=', 'report')
      .where('subject_id', 'in', db.selectFrom('case_reports').select('report_id').where('case_id', '=', caseId)),
  );
  const rows = await merged!.union(recent!).execute();
  return rows.map((r) => ({ type: r.type as Identifier['type'], value: r.value }));
}

/** The cases records cite, with what a list shows. */
export async function findCases(db: Db, ids: readonly string[]) {
  const out: {
    id: string;
    number: string;
    title: string;
    status: string;
    lead_org_id: string | null;
    opened_at: Date | string;
    updated_at: Date | string;
  }[] = [];
  for (const part of chunks([...new Set(ids)])) {
    if (part.length === 0) continue;
    out.push(
      ...(await db
        .selectFrom('cases')
        .select(['id', 'number', 'title', 'status', 'lead_org_id', 'opened_at', 'updated_at'])
        .where('id', 'in', part)
        .execute()),
    );
  }
  return out;
}

export async function findOrganizations(db: Db, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'uscc', 'created_at', 'updated_at'])
    .where('id', 'in', unique)
    .execute();
}

export async function userNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Current entities for an export, oldest first, at most `limit`. */
export async function entitiesForExport(db: Db, filter: { kind?: string; status?: string; limit: number }): Promise<EntityRow[]> {
  let query = db.selectFrom('registry_entities').selectAll().where('merged_into', 'is', null);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.orderBy('id').limit(filter.limit).execute();
}
