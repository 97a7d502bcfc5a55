import { type Insertable, type Kysely, type Updateable, sql } from 'kysely';
import type { CaseEventsTable, CaseRow, CasesTable, Database, ReportRow } from '../../db/schema';
import { toCount } from '../../db/values';

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

export async function setCaseAgency(
  trx: Db,
  row: { case_id: string; org_id: string; role: 'lead' | 'assisting'; added_at: string; added_by: string | null; reason: string | null },
): Promise<void> {
  await trx.deleteFrom('case_agencies').where('case_id', '=', row.case_id).where('org_id', '=', row.org_id).execute();
  await trx.insertInto('case_agencies').values(row).execute();
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
  const own = await db
    .selectFrom('indicator_occurrences')
    .select(['type', 'value'])
    .where('subject_type', '=', 'report')
    .where('subject_id', '=', reportId)
    .execute();
  const seen = new Map<string, { type: string; value: string; reports: string[] }>();
  for (const { type, value } of own) {
    const key = `${type}\u0000${value}`;
    if (seen.has(key)) continue;
    const others = await db
      .selectFrom('indicator_occurrences')
      .select('subject_id')
      .distinct()
      .where('type', '=', type)
      .where('value', '=', value)
      .where('subject_type', '=', 'report')
      .where('subject_id', '!=', reportId)
      .limit(cap)
      .execute();
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

function applyCaseFilter(db: Db, filter: Omit<CaseListFilter, 'before' | 'limit' | 'sort'>) {
  let query = db.selectFrom('cases');
  if (filter.status && filter.status.length > 0) query = query.where('cases.status', 'in', filter.status);
  if (filter.orgId) {
    const orgId = filter.orgId;
    query = query.where('cases.id', 'in', (eb) =>
      eb.selectFrom('case_agencies').select('case_agencies.case_id').where('case_agencies.org_id', '=', orgId),
    );
  }
  if (filter.leadPathPrefix) {
    const prefix = filter.leadPathPrefix;
    query = query.where('cases.lead_org_id', 'in', (eb) =>
      eb.selectFrom('organizations').select('organizations.id').where('organizations.path', 'like', `${prefix}%`),
    );
  }
  if (filter.overdueAt) query = query.where('cases.conclude_due', '<', filter.overdueAt);
  if (filter.category) query = query.where('cases.category', '=', filter.category);
  if (filter.regionPrefix) query = query.where('cases.region_code', 'like', `${filter.regionPrefix}%`);
  if (filter.q)
    query = query.where((eb) => eb.or([eb('cases.number', '=', filter.q!.toUpperCase()), eb('cases.title', 'like', `%${filter.q}%`)]));
  return query;
}

export async function listCases(db: Db, filter: CaseListFilter): Promise<CaseRow[]> {
  let query = applyCaseFilter(db, filter).selectAll('cases');
  if (filter.sort === 'due_asc') {
    query = query.orderBy('cases.conclude_due').orderBy('cases.id');
  } else {
    if (filter.before) {
      const { openedAt, id } = filter.before;
      query = query.where((eb) =>
        eb.or([eb('cases.opened_at', '<', openedAt), eb.and([eb('cases.opened_at', '=', openedAt), eb('cases.id', '<', id)])]),
      );
    }
    query = query.orderBy('cases.opened_at', 'desc').orderBy('cases.id', 'desc');
  }
  return query.limit(filter.limit).execute();
}

export async function countCases(db: Db, filter: Omit<CaseListFilter, 'before' | 'limit' | 'sort'>): Promise<number> {
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
