import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Db = Kysely<Database>;

const REPORT_COLUMNS = [
  'r.id',
  'r.tracking_code',
  'r.category',
  'r.status',
  'r.description',
  'r.platform',
  'r.target_urls',
  'r.enterprise_org_id',
  'r.received_at',
  'r.updated_at',
  'r.result_code',
  'r.result_note',
  'c.number as case_number',
] as const;

/** Reports filed from an enterprise's desk, newest first, with the number of the case each joined. */
export async function listEnterpriseReports(db: Db, enterpriseOrgId: string, limit: number) {
  return db
    .selectFrom('reports as r')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .select(REPORT_COLUMNS)
    .where('r.enterprise_org_id', '=', enterpriseOrgId)
    .where('r.source', '=', 'enterprise')
    .orderBy('r.received_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

/** One report with the number of the case it joined; any source (the policy decides who sees it). */
export async function findReportWithCase(db: Db, reportId: string) {
  return db
    .selectFrom('reports as r')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .select(REPORT_COLUMNS)
    .where('r.id', '=', reportId)
    .executeTakeFirst();
}

/** The public events of several reports, oldest first (the same rows the tracking page shows). */
export async function listPublicEventsOf(db: Db, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  return db
    .selectFrom('report_events')
    .select(['report_id', 'status', 'public_note', 'occurred_at'])
    .where('report_id', 'in', reportIds)
    .where('public', '=', 1)
    .orderBy('occurred_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

/** How many evidence files each of several reports has. */
export async function countEvidenceOf(db: Db, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  return db
    .selectFrom('report_evidence')
    .select(['report_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('report_id', 'in', reportIds)
    .groupBy('report_id')
    .execute();
}

/** The evidence files of one report, in the order they were sent (names and fingerprints; never the content). */
export async function listEvidence(db: Db, reportId: string) {
  return db
    .selectFrom('report_evidence')
    .select(['file_name', 'media_type', 'size', 'sha256'])
    .where('report_id', '=', reportId)
    .orderBy('position', 'asc')
    .execute();
}
