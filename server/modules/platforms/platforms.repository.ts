import { type Insertable, type Kysely, type Updateable, sql } from 'kysely';
import type {
  Database,
  DeletionRequestEventsTable,
  DeletionRequestReviewsTable,
  DeletionRequestSignalsTable,
  DeletionRequestsTable,
} from '../../db/schema';
import { toCount } from '../../db/values';

type Db = Kysely<Database>;

/** A request with its website's name, path and region. */
export async function findRequest(db: Db, id: string) {
  return db
    .selectFrom('deletion_requests as r')
    .innerJoin('organizations as o', 'o.id', 'r.website_org_id')
    .selectAll('r')
    .select(['o.name as website_name', 'o.path as website_path', 'o.region_code as website_region_code'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}
export type RequestWithWebsite = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export interface ListFilter {
  websiteOrgId?: string;
  /** Websites whose path starts with this (an agency's subtree). */
  underPath?: string;
  /** Websites whose region code starts with this (a supervisor's region). */
  regionPrefix?: string;
  status?: string[];
  requesterKind?: string[];
  requesterKey?: string;
  minRisk?: number;
  /** Received at or after this instant (ISO 8601). */
  receivedSince?: string;
  /** Received before this instant (ISO 8601). */
  receivedUntil?: string;
  /** Only ids before this one (cursor: newest first). */
  before?: string;
  limit: number;
}

function filtered(db: Db, filter: Omit<ListFilter, 'limit' | 'before'>) {
  let query = db.selectFrom('deletion_requests as r').innerJoin('organizations as o', 'o.id', 'r.website_org_id');
  if (filter.websiteOrgId !== undefined) query = query.where('r.website_org_id', '=', filter.websiteOrgId);
  if (filter.underPath !== undefined || filter.regionPrefix !== undefined) {
    const { underPath, regionPrefix } = filter;
    query = query.where((eb) =>
      eb.or([
        ...(underPath !== undefined ? [eb('o.path', 'like', `${underPath}%`)] : []),
        ...(regionPrefix !== undefined ? [eb('o.region_code', 'like', `${regionPrefix}%`)] : []),
      ]),
    );
  }
  if (filter.status?.length) query = query.where('r.status', 'in', filter.status);
  if (filter.requesterKind?.length) query = query.where('r.requester_kind', 'in', filter.requesterKind);
  if (filter.requesterKey !== undefined) query = query.where('r.requester_key', '=', filter.requesterKey);
  if (filter.minRisk !== undefined) query = query.where('r.risk_score', '>=', filter.minRisk);
  if (filter.receivedSince !== undefined) query = query.where('r.received_at', '>=', filter.receivedSince);
  if (filter.receivedUntil !== undefined) query = query.where('r.received_at', '<', filter.receivedUntil);
  return query;
}

export async function listRequests(db: Db, filter: ListFilter) {
  let query = filtered(db, filter)
    .selectAll('r')
    .select(['o.name as website_name', 'o.path as website_path', 'o.region_code as website_region_code']);
  if (filter.before !== undefined) query = query.where('r.id', '<', filter.before);
  return query.orderBy('r.id', 'desc').limit(filter.limit).execute();
}

/** Counts by status under the same filter (without status and cursor). */
export async function countByStatus(db: Db, filter: Omit<ListFilter, 'limit' | 'before' | 'status'>) {
  const rows = await filtered(db, filter)
    .select(['r.status', (eb) => eb.fn.countAll().as('n')])
    .groupBy('r.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, toCount(r.n)])) as Record<string, number>;
}

export async function insertRequest(trx: Db, row: Insertable<DeletionRequestsTable>): Promise<void> {
  await trx.insertInto('deletion_requests').values(row).execute();
}

/** Updates a request if it is still in `fromStatus`; answers how many rows changed (0: someone was first). */
export async function updateRequest(trx: Db, id: string, fromStatus: string, changes: Updateable<DeletionRequestsTable>): Promise<number> {
  const result = await trx
    .updateTable('deletion_requests')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setReferredReport(trx: Db, id: string, reportId: string, at: string): Promise<number> {
  const result = await trx
    .updateTable('deletion_requests')
    .set({ referred_report_id: reportId, updated_at: at })
    .where('id', '=', id)
    .where('referred_report_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Requests by a requester since a time: at one website, and the number of websites. */
export async function requesterCounts(db: Db, requesterKey: string, websiteOrgId: string, since: string) {
  const row = await db
    .selectFrom('deletion_requests')
    .select([
      (eb) => eb.fn.sum(eb.case().when('website_org_id', '=', websiteOrgId).then(1).else(0).end()).as('here'),
      sql<number>`count(distinct website_org_id)`.as('websites'),
    ])
    .where('requester_key', '=', requesterKey)
    .where('received_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { atWebsite: toCount(row.here), websites: toCount(row.websites) };
}

export async function approvalsSince(db: Db, userId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('deletion_requests')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('decided_by', '=', userId)
    .where('decided_at', '>=', since)
    .where('status', 'in', ['approved', 'executed'])
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

export async function listReviews(db: Db, requestId: string) {
  return db.selectFrom('deletion_request_reviews').selectAll().where('request_id', '=', requestId).orderBy('reviewed_at').execute();
}

export async function insertReview(trx: Db, row: Insertable<DeletionRequestReviewsTable>): Promise<void> {
  await trx.insertInto('deletion_request_reviews').values(row).execute();
}

export async function listSignals(db: Db, requestIds: string[]) {
  if (requestIds.length === 0) return [];
  return db.selectFrom('deletion_request_signals').selectAll().where('request_id', 'in', requestIds).orderBy('code').execute();
}

export async function insertSignals(trx: Db, rows: Insertable<DeletionRequestSignalsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('deletion_request_signals')
    .values(rows)
    .onConflict((oc) => oc.columns(['request_id', 'code']).doNothing())
    .execute();
}

export async function listEvents(db: Db, requestId: string) {
  return db.selectFrom('deletion_request_events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

export async function insertEvent(trx: Db, row: Insertable<DeletionRequestEventsTable>): Promise<void> {
  await trx.insertInto('deletion_request_events').values(row).execute();
}

/** Counts per website per month (`YYYY-MM`), for the public statistics. */
/** Requests per website per calendar month in China Standard Time (UTC+8, no daylight saving). */
export async function monthlyCounts(db: Db, dialect: 'sqlite' | 'postgres', since: string) {
  const month =
    dialect === 'postgres'
      ? sql<string>`to_char((r.received_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`
      : sql<string>`strftime('%Y-%m', r.received_at, '+8 hours')`;
  const rows = await db
    .selectFrom('deletion_requests as r')
    .innerJoin('organizations as o', 'o.id', 'r.website_org_id')
    .select(['o.id as website_id', 'o.name as website_name', month.as('month')])
    .select([
      (eb) => eb.fn.countAll().as('received'),
      (eb) => eb.fn.sum(eb.case().when('r.status', 'in', ['approved', 'executed']).then(1).else(0).end()).as('approved'),
      (eb) => eb.fn.sum(eb.case().when('r.status', '=', 'rejected').then(1).else(0).end()).as('rejected'),
    ])
    .where('r.received_at', '>=', since)
    .groupBy(['o.id', 'o.name', month])
    .orderBy(month, 'desc')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({
    websiteId: r.website_id,
    websiteName: r.website_name,
    month: r.month,
    received: toCount(r.received),
    approved: toCount(r.approved),
    rejected: toCount(r.rejected),
  }));
}

export async function insertIndicators(
  trx: Db,
  rows: { type: string; value: string; subject_id: string; field: string; created_at: string }[],
) {
  if (rows.length === 0) return;
  await trx
    .insertInto('indicator_occurrences')
    .values(rows.map((r) => ({ ...r, subject_type: 'deletion_request' })))
    .execute();
}

/** The facts compliance is evaluated on: each website's requests received since a time. */
export async function complianceFacts(
  db: Db,
  filter: Pick<ListFilter, 'websiteOrgId' | 'underPath' | 'regionPrefix'>,
  period: { since: string; until: string | null },
  limit: number,
) {
  return filtered(db, filter)
    .select([
      'r.website_org_id',
      'o.name as website_name',
      'r.status',
      'r.risk_score',
      'r.received_at',
      'r.decided_at',
      'r.referred_report_id',
    ])
    .where('r.received_at', '>=', period.since)
    .$if(period.until !== null, (q) => q.where('r.received_at', '<', period.until!))
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}
