import { type Kysely, type Selectable, sql } from 'kysely';
import { isPostgres } from '../../db/dialect';
import type { Database } from '../../db/schema';
import { OCCURRENCE_TABLES } from '../../db/indicator-occurrences';
import { toCount } from '../../db/values';
import type { CaseAgency } from '../cases/cases.repository';

type Db = Kysely<Database>;

/** The subjects correlation links; other occurrence kinds (deletion requests…) are not linked here. */
export const LINKED_SUBJECT_TYPES = ['report', 'case', 'entity'] as const;
export type SubjectType = (typeof LINKED_SUBJECT_TYPES)[number];

export interface IndicatorValue {
  type: string;
  value: string;
}

export const valueKey = (v: IndicatorValue): string => `${v.type}\u0000${v.value}`;

/** A list in runs of at most `size` items, in order: one statement each. */
function chunksOf<T>(list: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
}

/** Values as the rows of a table `v` (columns `column1`, `column2`: type and value) to join against. */
const valuesTable = (values: readonly IndicatorValue[]) => sql`(values ${sql.join(values.map((v) => sql`(${v.type}, ${v.value})`))}) as v`;

/**
 * The values without recent occurrences and those with (`valuesWithRecentOccurrences`), each read by a
 * statement of its own shape.
 */
const byRecency = (values: readonly IndicatorValue[], recent: ReadonlySet<string>) =>
  [values.filter((v) => !recent.has(valueKey(v))), values.filter((v) => recent.has(valueKey(v)))] as const;

/** The distinct indicator values of some subjects of one type (one index range on each subject index). */
export async function valuesOf(db: Db, subjectType: SubjectType, ids: readonly string[], cap: number): Promise<IndicatorValue[]> {
  if (ids.length === 0) return [];
  const [merged, recent] = OCCURRENCE_TABLES.map((table) =>
    db.selectFrom(table).select(['type', 'value']).where('subject_type', '=', subjectType).where('subject_id', 'in', ids),
  );
  return merged!.union(recent!).orderBy('type').orderBy('value').limit(cap).execute();
}

/**
 * How many occurrences a value has, up to `cap`: one key lookup in `indicator_value_counts`, which
 * triggers keep in step with `indicator_occurrences` (on SQLite for values seen at least twice), plus
 * its recent occurrences not merged yet (an index range, capped). Past the hot threshold the exact
 * number does not matter (the value stops linking), so it is capped as when it was counted from the index.
 */
export async function cappedOccurrenceCount(db: Db, v: IndicatorValue, cap: number): Promise<number> {
  return (await cappedOccurrenceCounts(db, [v], cap, new Set([valueKey(v)]))).get(valueKey(v)) ?? 0;
}

/**
 * `cappedOccurrenceCount` of several values, in one statement a chunk of 200 (a correlation's
 * per-statement overhead, not SQLite, was most of what its counts cost), and one more for the values
 * in `recent` (`valuesWithRecentOccurrences`), whose recent rows are counted too: each statement's
 * text depends only on how many values it asks about, and stays in the prepared-statement cache.
 * SQL text, as `subjectsOfValues`: the query builder's parsing and compiling cost more than SQLite
 * took to answer. The fallback count runs only for a value without a counts row (COALESCE is lazy in
 * both dialects), which on SQLite has at most one occurrence (migration 20261129300000) and on
 * PostgreSQL none, so it needs no cap.
 */
export async function cappedOccurrenceCounts(
  db: Db,
  values: readonly IndicatorValue[],
  cap: number,
  recent: ReadonlySet<string> = new Set(),
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const merged = sql`coalesce(
    (select c.occurrences from indicator_value_counts c where c.type = v.column1 and c.value = v.column2),
    (select count(*) from indicator_occurrences o where o.type = v.column1 and o.value = v.column2)
  )`;
  const fresh = sql`(select count(*) from (
    select 1 from recent_indicator_occurrences r where r.type = v.column1 and r.value = v.column2 limit ${cap}
  ) as fresh)`;
  const [older, newer] = byRecency(values, recent);
  for (const [group, occurrences] of [
    [older, merged],
    [newer, sql`${merged} + ${fresh}`],
  ] as const) {
    for (const chunk of chunksOf(group, 200)) {
      const { rows } = await sql<{ type: string; value: string; occurrences: number | string }>`
        select v.column1 as type, v.column2 as value, ${occurrences} as occurrences from ${valuesTable(chunk)}`.execute(db);
      for (const r of rows) counts.set(valueKey(r), Math.min(toCount(r.occurrences), cap));
    }
  }
  return counts;
}

const LINKED_SUBJECT_TYPES_SQL = sql.join(LINKED_SUBJECT_TYPES.map((t) => sql.lit(t)));

/**
 * A subject a value occurs in. A report's rows carry its labels (migration 20261129500000): its
 * category, and the time it was received as `created_at`; `report_category` is null on other
 * subjects, and on a report's rows a tool wrote without it (its labels are then read from `reports`).
 */
export type Subject = { subject_type: string; subject_id: string; report_category: string | null; created_at: string | Date };

/** The subjects a value occurs in (reports, cases, entities), at most `cap` of them, from both tables. */
export async function subjectsOf(db: Db, v: IndicatorValue, cap: number): Promise<Subject[]> {
  return (await subjectsOfValues(db, [v], cap, new Set([valueKey(v)]))).get(valueKey(v)) ?? [];
}

/** Values a statement of `subjectsOfValues` asks about (SQLite allows 500 terms in a compound SELECT). */
const SUBJECTS_CHUNK = 100;

/**
 * The subjects each value occurs in (reports, cases, entities), at most `cap` a value, keyed by
 * `valueKey`, in one statement for up to 100 values: a `UNION ALL` of one capped index range a value.
 * A correlation's statements cost more in the driver than in SQLite, and a report has about five
 * values. `recent`: the values that may have recent occurrences (`valuesWithRecentOccurrences`);
 * both tables are read for those, in a statement of their own, so each statement's text depends on
 * the number of values alone and stays in the prepared-statement cache.
 */
export async function subjectsOfValues(
  db: Db,
  values: readonly IndicatorValue[],
  cap: number,
  recent: ReadonlySet<string>,
): Promise<Map<string, Subject[]>> {
  const bySubjects = new Map<string, Subject[]>();
  // A subject's rows of one value (a report may hold it in several fields) carry the same labels;
  // grouped in the primary key's order, which needs no sort.
  const range = (table: (typeof OCCURRENCE_TABLES)[number], v: IndicatorValue) =>
    sql`select subject_type, subject_id, min(report_category) as report_category, min(created_at) as created_at
      from ${sql.table(table)}
      where type = ${v.type} and value = ${v.value} and subject_type in (${LINKED_SUBJECT_TYPES_SQL})
      group by subject_type, subject_id limit ${cap}`;
  const fromBoth = (v: IndicatorValue) => {
    const [merged, fresh] = OCCURRENCE_TABLES.map((table) => range(table, v));
    return sql`select subject_type, subject_id, min(report_category) as report_category, min(created_at) as created_at from (
      select * from (${merged}) as merged union all select * from (${fresh}) as fresh
    ) as subjects group by subject_type, subject_id limit ${cap}`;
  };
  const [older, newer] = byRecency(values, recent);
  for (const [group, arm] of [
    [older, (v: IndicatorValue) => range('indicator_occurrences', v)],
    [newer, fromBoth],
  ] as const) {
    for (const chunk of chunksOf(group, SUBJECTS_CHUNK)) {
      const { rows } = await sql<Subject & { k: number }>`${sql.join(
        chunk.map(
          (v, k) =>
            sql`select ${sql.lit(k)} as k, subject_type, subject_id, report_category, created_at from (${arm(v)}) as ${sql.id(`v${k}`)}`,
        ),
        sql` union all `,
      )}`.execute(db);
      // Each row kept as read (its `k` left on it): a correlation reads hundreds, and every copy or
      // key built per row is garbage to collect.
      const lists: Subject[][] = chunk.map(() => []);
      for (const row of rows) lists[Number(row.k)]!.push(row);
      for (const [k, list] of lists.entries()) if (list.length > 0) bySubjects.set(valueKey(chunk[k]!), list);
    }
  }
  return bySubjects;
}

/**
 * Which of these values have occurrences in the recent table, in one statement for a correlation's
 * values: the others are read from `indicator_occurrences` alone, as cheaply as before the recent
 * table existed (a read of both cost a correlation about a quarter more CPU). Rows only ever move
 * out of the recent table, so a value without recent rows now has none a moment later other than
 * ones stored after this read, which a correlation started now need not see.
 */
export async function valuesWithRecentOccurrences(db: Db, values: readonly IndicatorValue[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunksOf(values, 200)) {
    // One index probe a value, however many recent rows it has (a hot value may have thousands).
    const { rows } = await sql<IndicatorValue>`
      select v.column1 as type, v.column2 as value from ${valuesTable(chunk)}
      where exists (select 1 from recent_indicator_occurrences r where r.type = v.column1 and r.value = v.column2)`.execute(db);
    for (const r of rows) found.add(valueKey(r));
  }
  return found;
}

/** Which of these values are on the warning list. */
export async function warningListed(db: Db, values: readonly IndicatorValue[]): Promise<Set<string>> {
  const listed = new Set<string>();
  for (const chunk of chunksOf(values, 200)) {
    // SQL text, as `subjectsOfValues`: the builder's or-of-ands cost more than the lookups.
    const { rows } = await sql<IndicatorValue>`
      select type, value from indicator_warning_list
      where ${sql.join(
        chunk.map((v) => sql`(type = ${v.type} and value = ${v.value})`),
        sql` or `,
      )}`.execute(db);
    for (const r of rows) listed.add(valueKey(r));
  }
  return listed;
}

export async function reportIdsOfCase(db: Db, caseId: string, cap: number): Promise<string[]> {
  const rows = await db.selectFrom('case_reports').select('report_id').where('case_id', '=', caseId).limit(cap).execute();
  return rows.map((r) => r.report_id);
}

/** The cases that hold these reports. */
export async function casesOfReports(db: Db, reportIds: readonly string[]): Promise<{ report_id: string; case_id: string }[]> {
  if (reportIds.length === 0) return [];
  return db.selectFrom('case_reports').select(['report_id', 'case_id']).where('report_id', 'in', reportIds).execute();
}

/** The agencies on these cases, with their organization's path, grouped by case (for casePolicy.read). */
export async function agenciesOfCases(db: Db, caseIds: readonly string[]): Promise<Map<string, CaseAgency[]>> {
  const byCase = new Map<string, CaseAgency[]>();
  if (caseIds.length === 0) return byCase;
  const rows = await db
    .selectFrom('case_agencies')
    .innerJoin('organizations', 'organizations.id', 'case_agencies.org_id')
    .select([
      'case_agencies.case_id',
      'case_agencies.org_id',
      'case_agencies.role',
      'case_agencies.added_at',
      'case_agencies.reason',
      'organizations.name as org_name',
      'organizations.kind as org_kind',
      'organizations.path as org_path',
    ])
    .where('case_agencies.case_id', 'in', caseIds)
    .execute();
  for (const { case_id, ...agency } of rows) {
    const list = byCase.get(case_id) ?? [];
    list.push(agency);
    byCase.set(case_id, list);
  }
  return byCase;
}

/**
 * Reports' labels, read from `reports_labels_idx` alone (20261129100000_report_labels_index). SQLite
 * is told to use it: without statistics (a new database, before its first `PRAGMA optimize`) it takes
 * the primary key's unique index and then reads every report's row.
 */
export async function reportLabels(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  if (isPostgres(db)) return db.selectFrom('reports').select(['id', 'category', 'received_at']).where('id', 'in', ids).execute();
  const { rows } = await sql<Pick<Selectable<Database['reports']>, 'id' | 'category' | 'received_at'>>`
    select id, category, received_at from reports indexed by reports_labels_idx where id in (${sql.join(ids)})`.execute(db);
  return rows;
}

export async function caseLabels(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('cases').select(['id', 'number', 'title']).where('id', 'in', ids).execute();
}

/** Current entities (merged-away ones resolve to their survivor and are left out). */
export async function entityLabels(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('registry_entities')
    .select(['id', 'kind', 'display_name', 'status'])
    .where('id', 'in', ids)
    .where('merged_into', 'is', null)
    .execute();
}

/**
 * Confirmed registry entities sharing an indicator with each of these reports: the reports'
 * occurrences from both tables (the subject indexes), joined to entities' on the value-leading
 * primary key (entities' identifiers are never recent), for the triage queue and report view.
 */
export async function confirmedEntitiesTouched(db: Db, reportIds: readonly string[]) {
  if (reportIds.length === 0) return [];
  const [merged, recent] = OCCURRENCE_TABLES.map((table) =>
    db.selectFrom(table).select(['type', 'value', 'subject_id']).where('subject_type', '=', 'report').where('subject_id', 'in', reportIds),
  );
  return db
    .selectFrom(merged!.unionAll(recent!).as('r'))
    .innerJoin('indicator_occurrences as e', (join) =>
      join.onRef('e.type', '=', 'r.type').onRef('e.value', '=', 'r.value').on('e.subject_type', '=', 'entity'),
    )
    .innerJoin('registry_entities', 'registry_entities.id', 'e.subject_id')
    .select(['r.subject_id as report_id', 'registry_entities.id as entity_id', 'registry_entities.display_name', 'registry_entities.kind'])
    .distinct()
    .where('registry_entities.status', '=', 'confirmed')
    .where('registry_entities.merged_into', 'is', null)
    .execute();
}

export async function listWarningList(db: Db) {
  return db.selectFrom('indicator_warning_list').selectAll().orderBy('type').orderBy('value').execute();
}

export async function findWarningEntry(db: Db, v: IndicatorValue) {
  return db.selectFrom('indicator_warning_list').selectAll().where('type', '=', v.type).where('value', '=', v.value).executeTakeFirst();
}
