import { type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool, type Updateable, sql } from 'kysely';
import type { CaseEventsTable, CaseRow, CasesTable, Database, ReportRow } from '../../db/schema';
import { toCount, toIsoString } from '../../db/values';
import { OCCURRENCE_TABLES, occurrencesOfSubjects } from '../../db/indicator-occurrences';

type Db = Kysely<Database>;

/** The next number of a year's case sequence, taken inside the caller's transaction. */
export async function nextCaseNumber(trx: Db, year: number): Promise<number> {
  const updated = await trx
    .updateTable('case_counters')
    .set({ last_value: sql`last_value + 1` })
    .where('year', '=', year)
    .returning('last_value')
    .executeTakeFirst();
  if (updated) return Number(updated.last_value);
  await trx.insertInto('case_counters').values({ year, last_value: 1 }).execute();
  return 1;
}

export async function insertCase(trx: Db, row: Insertable<CasesTable>): Promise<void> {
  await trx.insertInto('cases').values(row).execute();
}

export async function updateCase(trx: Db, id: string, changes: Updateable<CasesTable>): Promise<void> {
  await trx.updateTable('cases').set(changes).where('id', '=', id).execute();
  // The case's agency rows carry copies of these two for the agencies' lists: they change with it.
  if (changes.status !== undefined || changes.opened_at !== undefined)
    await trx
      .updateTable('case_agencies')
      .set({
        ...(changes.status !== undefined ? { case_status: changes.status } : {}),
        ...(changes.opened_at !== undefined ? { case_opened_at: changes.opened_at } : {}),
      })
      .where('case_id', '=', id)
      .execute();
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agencies on a case with their organization's path, for policies. */
export async function listCaseAgencies(db: Db, caseId: string) {
  return db
    .selectFrom('case_agencies')
    .innerJoin('organizations', 'organizations.id', 'case_agencies.org_id')
    .select([
      'case_agencies.org_id',
      'case_agencies.role',
      'case_agencies.added_at',
      'case_agencies.reason',
      'organizations.name as org_name',
      'organizations.kind as org_kind',
      'organizations.path as org_path',
    ])
    .where('case_agencies.case_id', '=', caseId)
    .orderBy('case_agencies.added_at')
    .execute();
}
export type CaseAgency = Awaited<ReturnType<typeof listCaseAgencies>>[number];

/**
 * Puts an organization on a case (replacing its earlier part), with the copies of the case's status
 * and opening time the agencies' lists read, taken from the case row in the same transaction.
 */
export async function setCaseAgency(
  trx: Db,
  row: {
    case_id: string;
    org_id: string;
    role: 'lead' | 'assisting' | 'supervising';
    added_at: string;
    added_by: string | null;
    reason: string | null;
  },
  options: { replace: boolean } = { replace: true },
): Promise<void> {
  const theCase = await trx.selectFrom('cases').select(['status', 'opened_at']).where('id', '=', row.case_id).executeTakeFirstOrThrow();
  const values = { ...row, case_status: theCase.status, case_opened_at: toIsoString(theCase.opened_at) };
  if (!options.replace) {
    await trx
      .insertInto('case_agencies')
      .values(values)
      .onConflict((oc) => oc.columns(['case_id', 'org_id']).doNothing())
      .execute();
    return;
  }
  await trx.deleteFrom('case_agencies').where('case_id', '=', row.case_id).where('org_id', '=', row.org_id).execute();
  await trx.insertInto('case_agencies').values(values).execute();
}

export async function insertCaseEvents(trx: Db, rows: Insertable<CaseEventsTable>[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('case_events').values(rows).execute();
}

/** The timeline of a case as one organization may see it: shared events and its own internal notes. */
export async function listCaseEvents(db: Db, caseId: string, viewerOrgId: string | null) {
  // The acting organization's name: a website executing an order is outside the agencies' directory.
  let query = db
    .selectFrom('case_events')
    .leftJoin('organizations', 'organizations.id', 'case_events.actor_org_id')
    .selectAll('case_events')
    .select('organizations.name as actor_org_name')
    .where('case_events.case_id', '=', caseId);
  if (viewerOrgId !== null)
    query = query.where((eb) =>
      eb.or([eb('case_events.visible_to_org_id', 'is', null), eb('case_events.visible_to_org_id', '=', viewerOrgId)]),
    );
  return query.orderBy('case_events.id').execute();
}

export async function findReports(db: Db, ids: string[]): Promise<ReportRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('reports').selectAll().where('id', 'in', ids).execute();
}

export async function joinReportsToCase(trx: Db, caseId: string, reportIds: string[], by: string | null, at: string): Promise<void> {
  if (reportIds.length === 0) return;
  await trx
    .insertInto('case_reports')
    .values(reportIds.map((report_id) => ({ report_id, case_id: caseId, joined_at: at, joined_by: by })))
    .execute();
}

/** Moves reports to a new status and records the public step the reporter sees. */
export async function setReportsStatus(
  trx: Db,
  reportIds: string[],
  changes: {
    status: string;
    case_id?: string | null;
    duplicate_of?: string | null;
    not_accepted_reason?: string | null;
    result_code?: string | null;
    result_note?: string | null;
  },
  event: { idFor: (reportId: string) => string; publicNote: string | null },
  by: string | null,
  at: string,
): Promise<void> {
  if (reportIds.length === 0) return;
  await trx
    .updateTable('reports')
    .set({ ...changes, triaged_by: by, triaged_at: at, updated_at: at })
    .where('id', 'in', reportIds)
    .execute();
  await trx
    .insertInto('report_events')
    .values(
      reportIds.map((id) => ({
        id: event.idFor(id),
        report_id: id,
        status: changes.status,
        public: 1,
        public_note: event.publicNote,
        occurred_at: at,
      })),
    )
    .execute();
}

export async function listCaseReports(db: Db, caseId: string) {
  return db
    .selectFrom('case_reports')
    .innerJoin('reports', 'reports.id', 'case_reports.report_id')
    .select([
      'reports.id',
      'reports.tracking_code',
      'reports.status',
      'reports.category',
      'reports.description',
      'reports.platform',
      'reports.target_urls',
      'reports.money_amount',
      'reports.money_currency',
      'reports.money_channel',
      'reports.reporter_kind',
      'reports.contact_consent',
      'reports.reporter_sealed',
      'reports.received_at',
      'case_reports.joined_at',
    ])
    .where('case_reports.case_id', '=', caseId)
    .orderBy('reports.received_at')
    .execute();
}

/** Reports waiting for triage, oldest first (the queue works from the oldest), with a cursor. */
export async function listTriageQueue(db: Db, filter: { statuses: string[]; category?: string; after?: string; limit: number }) {
  let query = db
    .selectFrom('reports')
    .select([
      'id',
      'tracking_code',
      'category',
      'status',
      'description',
      'platform',
      'money_amount',
      'money_currency',
      'reporter_kind',
      'source',
      'received_at',
    ])
    .where('status', 'in', filter.statuses);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.after) query = query.where('received_at', '>', filter.after);
  return query.orderBy('received_at').orderBy('id').limit(filter.limit).execute();
}

export async function countByStatus(db: Db, statuses: string[]): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('reports')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', statuses)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, toCount(r.n)]));
}

/**
 * Other reports and cases sharing an indicator with a report: one index range per value, capped,
 * so a common value costs the same however many reports hold it.
 */
export async function sharedIndicators(db: Db, reportId: string, cap = 50) {
  const own = await occurrencesOfSubjects(db, 'report', [reportId]);
  const seen = new Map<string, { type: string; value: string; reports: string[] }>();
  for (const { type, value } of own) {
    const key = `${type}\u0000${value}`;
    if (seen.has(key)) continue;
    const [merged, recent] = OCCURRENCE_TABLES.map(
      (table) => sql`select * from (select distinct subject_id from ${sql.table(table)}
        where type = ${type} and value = ${value} and subject_type = 'report' and subject_id <> ${reportId} limit ${cap}) as ${sql.id(`${table}_reports`)}`,
    );
    const { rows: others } = await sql<{ subject_id: string }>`
      select distinct subject_id from (${merged} union all ${recent}) as reports limit ${cap}`.execute(db);
    seen.set(key, { type, value, reports: others.map((o) => o.subject_id) });
  }
  return [...seen.values()].filter((s) => s.reports.length > 0);
}

export async function findCasesOfReports(db: Db, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  return db
    .selectFrom('case_reports')
    .innerJoin('cases', 'cases.id', 'case_reports.case_id')
    .select(['case_reports.report_id', 'cases.id', 'cases.number', 'cases.status', 'cases.title'])
    .where('case_reports.report_id', 'in', reportIds)
    .execute();
}

export interface CaseListFilter {
  status?: string[];
  /** Cases where this organization is lead or assisting. */
  orgId?: string;
  /** Cases led by an organization in this subtree (a lead supervising the region). */
  leadPathPrefix?: string;
  overdueAt?: string;
  category?: string;
  regionPrefix?: string;
  q?: string;
  before?: { openedAt: string; id: string };
  limit: number;
  sort: 'opened_desc' | 'due_asc';
}

type CaseFilterTerms = Omit<CaseListFilter, 'before' | 'limit' | 'sort'>;

/** The filter's terms on the cases table itself, other than status and agency. */
function caseTerms(filter: CaseFilterTerms) {
  const has = Boolean(filter.leadPathPrefix || filter.overdueAt || filter.category || filter.regionPrefix || filter.q);
  const where = (eb: ExpressionBuilder<Database, 'cases'>) => {
    const terms: Expression<SqlBool>[] = [];
    if (filter.leadPathPrefix) {
      const prefix = filter.leadPathPrefix;
      terms.push(
        eb(
          'cases.lead_org_id',
          'in',
          eb.selectFrom('organizations').select('organizations.id').where('organizations.path', 'like', `${prefix}%`),
        ),
      );
    }
    if (filter.overdueAt) terms.push(eb('cases.conclude_due', '<', filter.overdueAt));
    if (filter.category) terms.push(eb('cases.category', '=', filter.category));
    if (filter.regionPrefix) terms.push(eb('cases.region_code', 'like', `${filter.regionPrefix}%`));
    if (filter.q) {
      const q = filter.q;
      terms.push(eb.or([eb('cases.number', '=', q.toUpperCase()), eb('cases.title', 'like', `%${q}%`)]));
    }
    return eb.and(terms);
  };
  return { has, where };
}

function applyCaseFilter(db: Db, filter: CaseFilterTerms) {
  let query = db.selectFrom('cases');
  if (filter.status && filter.status.length > 0) query = query.where('cases.status', 'in', filter.status);
  if (filter.orgId) {
    const orgId = filter.orgId;
    query = query.where('cases.id', 'in', (eb) =>
      eb.selectFrom('case_agencies').select('case_agencies.case_id').where('case_agencies.org_id', '=', orgId),
    );
  }
  const terms = caseTerms(filter);
  if (terms.has) query = query.where(terms.where);
  return query;
}

/**
 * One newest-first page with at most one status: for an agency, a range of its rows in
 * `case_agencies` (status and opening time copied there), joined to the cases; otherwise a range of
 * `cases` by `(status, opened_at, id)` or `(opened_at, id)`. The cursor is a row-value comparison, so
 * it is a bound of that range rather than a filter.
 */
function newestPage(db: Db, filter: CaseListFilter, status: string | undefined) {
  const { before } = filter;
  const terms = caseTerms(filter);
  if (filter.orgId) {
    let query = db
      .selectFrom('case_agencies')
      .innerJoin('cases', 'cases.id', 'case_agencies.case_id')
      .selectAll('cases')
      .where('case_agencies.org_id', '=', filter.orgId);
    if (status !== undefined) query = query.where('case_agencies.case_status', '=', status);
    if (before)
      query = query.where((eb) =>
        eb(eb.refTuple('case_agencies.case_opened_at', 'case_agencies.case_id'), '<', eb.tuple(before.openedAt, before.id)),
      );
    if (terms.has) query = query.where(terms.where);
    // Ordering by the (fixed) status first names the index that gives the order: without it SQLite
    // may walk every status newest first instead and filter, far past the cursor for a rare status.
    if (status !== undefined) query = query.orderBy('case_agencies.case_status', 'desc');
    return query.orderBy('case_agencies.case_opened_at', 'desc').orderBy('case_agencies.case_id', 'desc').limit(filter.limit);
  }
  let query = db.selectFrom('cases').selectAll('cases');
  if (status !== undefined) query = query.where('cases.status', '=', status);
  if (before) query = query.where(openedBefore(before));
  if (terms.has) query = query.where(terms.where);
  if (status !== undefined) query = query.orderBy('cases.status', 'desc');
  return query.orderBy('cases.opened_at', 'desc').orderBy('cases.id', 'desc').limit(filter.limit);
}

/**
 * A cursor `(opened_at, id) < (?, ?)` spelled out: with the row value, SQLite's planner skip-scanned
 * `(lead_org_id, status, opened_at)` and sorted every case of the status before the cursor (a 20th
 * page of closed cases: 2 s at 1M); this form is a bound of the `(status, opened_at, id)` and
 * `(lead_org_id, …, opened_at)` ranges, read backwards from the cursor, on both dialects.
 */
function openedBefore(before: { openedAt: string; id: string }) {
  return (eb: ExpressionBuilder<Database, 'cases'>) =>
    eb.and([
      eb('cases.opened_at', '<=', before.openedAt),
      eb.or([eb('cases.opened_at', '<', before.openedAt), eb('cases.id', '<', before.id)]),
    ]);
}

/** The most index ranges one region page unites (SQLite allows 500 terms in a compound select). */
const MAX_REGION_RANGES = 240;

/**
 * A region lead's newest-first page: one index range per lead organization of the region (and per
 * status asked for), each stopping at the page size, merged. One query over the region would read
 * every case of those statuses led there and sort them (a province's closed cases at 1M: ~0.4 s on
 * SQLite). Null when the region has too many leads for one statement; the caller then sorts.
 */
async function regionPage(db: Db, filter: CaseListFilter, prefix: string, statuses: readonly string[]): Promise<CaseRow[] | null> {
  const leads = await db.selectFrom('organizations').select('id').where('path', 'like', `${prefix}%`).execute();
  if (leads.length === 0) return [];
  const perLead: (string | undefined)[] = statuses.length === 0 ? [undefined] : [...statuses];
  if (leads.length * perLead.length > MAX_REGION_RANGES) return null;
  const { leadPathPrefix: _region, ...rest } = filter;
  const terms = caseTerms(rest);
  const { before } = filter;
  const pages = leads.flatMap(({ id }, i) =>
    perLead.map((status, j) => {
      let query = db.selectFrom('cases').selectAll('cases').where('cases.lead_org_id', '=', id);
      if (status !== undefined) query = query.where('cases.status', '=', status);
      if (before) query = query.where(openedBefore(before));
      if (terms.has) query = query.where(terms.where);
      const ordered = query.orderBy('cases.opened_at', 'desc').orderBy('cases.id', 'desc').limit(filter.limit);
      return db.selectFrom(ordered.as(`r${i}_${j}`)).selectAll();
    }),
  );
  const merged = pages.slice(1).reduce((union, page) => union.unionAll(page), pages[0]!);
  return db
    .selectFrom(merged.as('page'))
    .selectAll()
    .orderBy('page.opened_at', 'desc')
    .orderBy('page.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function listCases(db: Db, filter: CaseListFilter): Promise<CaseRow[]> {
  if (filter.sort === 'due_asc')
    return applyCaseFilter(db, filter).selectAll('cases').orderBy('cases.conclude_due').orderBy('cases.id').limit(filter.limit).execute();
  const statuses = [...new Set(filter.status ?? [])];
  // A region lead's page of one status, or of all: one range per lead beats reading every case of
  // the status led in the region (most cases are closed). For several statuses (the open ones, ~15 %
  // of cases) the ranges would read about as many rows as the region holds, and one query sorts them.
  if (filter.leadPathPrefix && !filter.orgId && statuses.length <= 1) {
    const page = await regionPage(db, filter, filter.leadPathPrefix, statuses);
    if (page) return page;
  }
  // Several statuses: one page per status, each an index range stopping at the page size, merged.
  // (An IN list would read every case of those statuses and sort them: ~150,000 open cases at 1M.)
  // A region lead's cases span many leads, so no index gives their order; one query sorts them.
  if (statuses.length > 1 && !filter.leadPathPrefix) {
    const pages = statuses.map((status, i) => db.selectFrom(newestPage(db, filter, status).as(`s${i}`)).selectAll());
    const merged = pages.slice(1).reduce((union, page) => union.unionAll(page), pages[0]!);
    return db
      .selectFrom(merged.as('page'))
      .selectAll()
      .orderBy('page.opened_at', 'desc')
      .orderBy('page.id', 'desc')
      .limit(filter.limit)
      .execute();
  }
  if (statuses.length > 1) {
    let query = applyCaseFilter(db, filter).selectAll('cases');
    const { before } = filter;
    if (before) query = query.where((eb) => eb(eb.refTuple('cases.opened_at', 'cases.id'), '<', eb.tuple(before.openedAt, before.id)));
    return query.orderBy('cases.opened_at', 'desc').orderBy('cases.id', 'desc').limit(filter.limit).execute();
  }
  return newestPage(db, filter, statuses[0]).execute();
}

export async function countCases(db: Db, filter: CaseFilterTerms): Promise<number> {
  const terms = caseTerms(filter);
  // An agency's count reads its rows in case_agencies, where the case's status is copied; the
  // cases themselves only when other terms ask for their columns.
  if (filter.orgId && !terms.has) {
    let query = db
      .selectFrom('case_agencies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_agencies.org_id', '=', filter.orgId);
    if (filter.status && filter.status.length > 0) query = query.where('case_agencies.case_status', 'in', filter.status);
    return toCount((await query.executeTakeFirst())?.n);
  }
  const row = await applyCaseFilter(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return toCount(row?.n);
}

/** How many cases in the filter have each status, or each category: `{ assigned: 3, accepted: 1 }`. */
export async function countCasesBy(
  db: Db,
  filter: Omit<CaseListFilter, 'before' | 'limit' | 'sort'>,
  column: 'status' | 'category',
): Promise<Record<string, number>> {
  const ref = column === 'status' ? 'cases.status' : 'cases.category';
  const rows = await applyCaseFilter(db, filter)
    .select((eb) => [eb.ref(ref).as('value'), eb.fn.countAll<number>().as('n')])
    .groupBy(ref)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.value, toCount(row.n)]));
}

/**
 * Deadline figures for a set of cases in one pass: concluded on time or late, and open ones already
 * overdue or not yet due. An open case past its due date counts as late in the on-time rate.
 */
export async function deadlineCounts(
  db: Db,
  filter: Omit<CaseListFilter, 'before' | 'limit' | 'sort'>,
  now: string,
  openStatuses: readonly string[],
) {
  const open = sql.join(openStatuses.map((s) => sql`${s}`));
  const row = await applyCaseFilter(db, filter)
    .select([
      sql<number>`sum(case when cases.concluded_at is not null and cases.concluded_at <= cases.conclude_due then 1 else 0 end)`.as(
        'on_time',
      ),
      sql<number>`sum(case when cases.concluded_at is not null and cases.concluded_at > cases.conclude_due then 1 else 0 end)`.as('late'),
      sql<number>`sum(case when cases.status in (${open}) and cases.conclude_due < ${now} then 1 else 0 end)`.as('open_overdue'),
      sql<number>`sum(case when cases.status in (${open}) and cases.conclude_due >= ${now} then 1 else 0 end)`.as('open_not_due'),
    ])
    .executeTakeFirst();
  return {
    concludedOnTime: toCount(row?.on_time),
    concludedLate: toCount(row?.late),
    openOverdue: toCount(row?.open_overdue),
    openNotDue: toCount(row?.open_not_due),
  };
}
