import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from '../../db/dialect';
import { hasQueuedRows, takeQueuedReports as takeQueued } from '../../db/report-queues';
import { insertRows } from '../../db/insert-rows';
import type { Database } from '../../db/schema';
import { toCount, toIsoString } from '../../db/values';
import { prefixEnd } from './tokenize';

type Db = Kysely<Database>;

/** Rows per multi-row statement: well inside both dialects' parameter limits (4 parameters per posting). */
const CHUNK = 1000;

/** A document's row to insert, with its postings. */
export interface IndexedDocumentRow {
  docType: string;
  docId: string;
  createdAt: string;
  length: number;
  frequencies: Map<string, number>;
}

/** The numbers of documents already in the index. */
export async function findIndexedDocuments(db: Db, docType: string, docIds: string[]): Promise<{ doc_no: number; doc_id: string }[]> {
  const found: { doc_no: number; doc_id: string }[] = [];
  for (let i = 0; i < docIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('search_documents')
      .select(['doc_no', 'doc_id'])
      .where('doc_type', '=', docType)
      .where('doc_id', 'in', docIds.slice(i, i + CHUNK))
      .execute();
    found.push(...rows.map((r) => ({ doc_no: Number(r.doc_no), doc_id: r.doc_id })));
  }
  return found;
}

/** Removes documents and their postings under the given terms (each by its full key). */
export async function deleteIndexedDocuments(trx: Db, typeCode: number, docs: { doc_no: number; terms: string[] }[]): Promise<void> {
  for (const doc of docs) {
    for (let i = 0; i < doc.terms.length; i += CHUNK)
      await trx
        .deleteFrom('search_postings')
        .where('term', 'in', doc.terms.slice(i, i + CHUNK))
        .where('doc_type', '=', typeCode)
        .where('doc_no', '=', doc.doc_no)
        .execute();
  }
  const numbers = docs.map((d) => d.doc_no);
  for (let i = 0; i < numbers.length; i += CHUNK)
    await trx
      .deleteFrom('search_documents')
      .where('doc_no', 'in', numbers.slice(i, i + CHUNK))
      .execute();
}

/** Inserts documents (one statement per chunk) and then their postings (multi-row statements). */
export async function insertIndexedDocuments(trx: Db, typeCode: (docType: string) => number, docs: IndexedDocumentRow[]): Promise<void> {
  if (docs.length === 0) return;
  const numbers = new Map<string, number>();
  for (let i = 0; i < docs.length; i += 500) {
    const rows = await trx
      .insertInto('search_documents')
      .values(
        docs.slice(i, i + 500).map((d) => ({
          doc_type: d.docType,
          doc_id: d.docId,
          created_at: d.createdAt,
          length: d.length,
        })),
      )
      .returning(['doc_no', 'doc_type', 'doc_id'])
      .execute();
    for (const row of rows) numbers.set(`${row.doc_type}\u0000${row.doc_id}`, Number(row.doc_no));
  }
  const postings: { term: string; doc_type: number; doc_no: number; tf: number }[] = [];
  for (const d of docs) {
    const docNo = numbers.get(`${d.docType}\u0000${d.docId}`)!;
    const code = typeCode(d.docType);
    for (const [term, tf] of d.frequencies) postings.push({ term, doc_type: code, doc_no: docNo, tf: Math.min(tf, 32_767) });
  }
  // In key order, so a batch's inserts walk the index once instead of jumping about it.
  postings.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.doc_type - b.doc_type || a.doc_no - b.doc_no));
  await insertPostings(trx, postings);
}

/** Postings per statement: each statement takes its rows as one array parameter, not four parameters a row. */
const POSTINGS_PER_STATEMENT = 5000;

/**
 * Inserts postings with one parameter per statement (a JSON array on SQLite, column arrays on
 * PostgreSQL): a report has a few hundred postings, and building a statement with four parameters
 * for each cost as much as the database's own work.
 */
async function insertPostings(trx: Db, postings: { term: string; doc_type: number; doc_no: number; tf: number }[]): Promise<void> {
  const postgres = isPostgres(trx);
  for (let i = 0; i < postings.length; i += POSTINGS_PER_STATEMENT) {
    const chunk = postings.slice(i, i + POSTINGS_PER_STATEMENT);
    if (postgres)
      await sql`insert into search_postings (term, doc_type, doc_no, tf)
        select * from unnest(${chunk.map((p) => p.term)}::text[], ${chunk.map((p) => p.doc_type)}::smallint[],
          ${chunk.map((p) => p.doc_no)}::integer[], ${chunk.map((p) => p.tf)}::smallint[])`.execute(trx);
    else
      await sql`insert into search_postings (term, doc_type, doc_no, tf)
        select value ->> 0, value ->> 1, value ->> 2, value ->> 3
        from json_each(${JSON.stringify(chunk.map((p) => [p.term, p.doc_type, p.doc_no, p.tf]))})`.execute(trx);
  }
}

/** Forgets every document of the given types (before a rebuild). */
export async function clearIndex(trx: Db, docTypes: string[], typeCodes: number[]): Promise<void> {
  await trx.deleteFrom('search_postings').where('doc_type', 'in', typeCodes).execute();
  await trx.deleteFrom('search_documents').where('doc_type', 'in', docTypes).execute();
}

/** A page of reports in (received_at, id) order after the given key, with what the index needs. */
export async function reportsAfter(db: Db, after: { at: string; id: string } | null, limit: number) {
  let query = db.selectFrom('reports').select(['id', 'tracking_code', 'description', 'platform', 'target_urls', 'received_at']);
  if (after)
    query = query.where((eb) =>
      eb.or([eb('received_at', '>', after.at), eb.and([eb('received_at', '=', after.at), eb('id', '>', after.id)])]),
    );
  const rows = await query.orderBy('received_at').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, received_at: toIsoString(r.received_at) }));
}

/** A page of cases in (opened_at, id) order after the given key, with what the index needs. */
export async function casesAfter(db: Db, after: { at: string; id: string } | null, limit: number) {
  let query = db.selectFrom('cases').select(['id', 'number', 'title', 'summary', 'tags', 'opened_at']);
  if (after)
    query = query.where((eb) => eb.or([eb('opened_at', '>', after.at), eb.and([eb('opened_at', '=', after.at), eb('id', '>', after.id)])]));
  const rows = await query.orderBy('opened_at').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, opened_at: toIsoString(r.opened_at) }));
}

// ───────────── Reading ─────────────

/** How many documents of a type hold a term, counted up to `cap` (an index range, never more than `cap` entries). */
export async function countPostings(db: Db, typeCode: number, term: string, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from (select 1 as one from search_postings
    where term = ${term} and doc_type = ${typeCode} limit ${cap}) capped`.execute(db);
  return toCount(rows[0]?.n);
}

/** How many postings of a type have a term starting with `prefix`, counted up to `cap`. */
export async function countPrefixPostings(db: Db, typeCode: number, prefix: string, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from (select 1 as one from search_postings
    where term >= ${prefix} and term < ${prefixEnd(prefix)} and doc_type = ${typeCode} limit ${cap}) capped`.execute(db);
  return toCount(rows[0]?.n);
}

/** Filters applied to candidates by joining the document's own table. */
export interface CandidateFilters {
  category?: string;
  status?: string;
  /** Entities only: website, account… */
  entityKind?: string;
  /** Cases only: the region code starts with this. */
  regionPrefix?: string;
  /** Created at or after (ISO). */
  from?: string;
  /** Created before (ISO). */
  to?: string;
  /** Cases only: some agency on the case belongs to this organization subtree ('/a/b/'). */
  agencyPathPrefix?: string;
}

export interface CandidateQuery {
  docType: 'report' | 'case' | 'entity';
  typeCode: number;
  /** The term whose postings are walked (the rarest), or a prefix of terms. */
  driver: { term: string } | { prefix: string };
  /** Further terms every candidate must hold (each a key lookup per candidate). */
  others: string[];
  /** At most this many postings of the driver are read. */
  scanCap: number;
  filters: CandidateFilters;
  /** Also answer each candidate's id (to ask a policy about each); otherwise ids are read for one page only. */
  withIds: boolean;
}

export interface CandidateRow {
  docNo: number;
  /** Empty unless `withIds`. */
  docId: string;
  /** Term frequencies: the driver's first, then `others` in order. */
  tfs: number[];
}

/**
 * The documents holding every term, at most `scanCap` read from the driver's postings (newest first),
 * filtered by joining their table (only when a filter or the ids are asked for). The tables are joined in the written order (`cross join`, which
 * SQLite keeps as the loop order and PostgreSQL treats as an inner join), so the driver's short range
 * leads and everything else is a key lookup per candidate: no statement reads a table through.
 */
export async function findCandidates(db: Db, query: CandidateQuery): Promise<CandidateRow[]> {
  const code = query.typeCode;
  const driver =
    'term' in query.driver
      ? sql`(select doc_no, tf from search_postings where term = ${query.driver.term} and doc_type = ${code}
          order by doc_no desc limit ${query.scanCap})`
      : sql`(select doc_no, cast(sum(tf) as integer) as tf from (select doc_no, tf from search_postings
          where term >= ${query.driver.prefix} and term < ${prefixEnd(query.driver.prefix)} and doc_type = ${code}
          order by term, doc_type, doc_no limit ${query.scanCap}) prefixed group by doc_no)`;
  const from: RawBuilder<unknown>[] = [sql`${driver} p0`];
  const where: RawBuilder<unknown>[] = [];
  const tfColumns: RawBuilder<unknown>[] = [sql`p0.tf as tf0`];
  query.others.forEach((term, index) => {
    const alias = sql.raw(`p${index + 1}`);
    from.push(sql`search_postings ${alias}`);
    where.push(sql`${alias}.term = ${term} and ${alias}.doc_type = ${code} and ${alias}.doc_no = p0.doc_no`);
    tfColumns.push(sql`${alias}.tf as ${sql.raw(`tf${index + 1}`)}`);
  });
  const f = query.filters;
  const reportFilter = query.docType === 'report' && (f.category || f.status);
  const caseFilter = query.docType === 'case' && (f.category || f.status || f.regionPrefix);
  const entityFilter = query.docType === 'entity' && (f.status || f.entityKind);
  const agencyFilter = query.docType === 'case' ? f.agencyPathPrefix : undefined;
  if (query.withIds || f.from || f.to || reportFilter || caseFilter || entityFilter || agencyFilter) {
    from.push(sql`search_documents d`);
    where.push(sql`d.doc_no = p0.doc_no`);
  }
  if (f.from) where.push(sql`d.created_at >= ${f.from}`);
  if (f.to) where.push(sql`d.created_at < ${f.to}`);
  if (reportFilter) {
    from.push(sql`reports r`);
    where.push(sql`r.id = d.doc_id`);
    if (f.category) where.push(sql`r.category = ${f.category}`);
    if (f.status) where.push(sql`r.status = ${f.status}`);
  }
  if (caseFilter) {
    from.push(sql`cases c`);
    where.push(sql`c.id = d.doc_id`);
    if (f.category) where.push(sql`c.category = ${f.category}`);
    if (f.status) where.push(sql`c.status = ${f.status}`);
    if (f.regionPrefix) where.push(sql`substr(c.region_code, 1, ${f.regionPrefix.length}) = ${f.regionPrefix}`);
  }
  if (entityFilter) {
    from.push(sql`registry_entities e`);
    where.push(sql`e.id = d.doc_id`);
    if (f.status) where.push(sql`e.status = ${f.status}`);
    if (f.entityKind) where.push(sql`e.kind = ${f.entityKind}`);
  }
  if (agencyFilter) {
    where.push(sql`exists (select 1 from case_agencies ca cross join organizations o
      where ca.case_id = d.doc_id and o.id = ca.org_id and substr(o.path, 1, ${agencyFilter.length}) = ${agencyFilter})`);
  }
  const columns = query.withIds ? sql`p0.doc_no, d.doc_id` : sql`p0.doc_no`;
  const { rows } = await sql<Record<string, unknown>>`select ${columns}, ${sql.join(tfColumns)}
    from ${sql.join(from, sql` cross join `)}
    where ${where.length > 0 ? sql.join(where, sql` and `) : sql`1 = 1`}`.execute(db);
  return rows.map((row) => ({
    docNo: Number(row.doc_no),
    docId: query.withIds ? String(row.doc_id) : '',
    tfs: tfColumns.map((_, i) => Number(row[`tf${i}`])),
  }));
}

/** PostgreSQL, in the caller's transaction: plan the next statements as nested loops over index ranges and lookups. */
export async function preferNestedLoops(trx: Db): Promise<void> {
  // `set_config(…, true)` is `set local`: it ends with the transaction. One round trip for all four.
  await sql`select set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true),
    set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`.execute(trx);
}

/** The ids of documents by number. */
export async function documentIds(db: Db, docNos: number[]): Promise<Map<number, string>> {
  if (docNos.length === 0) return new Map();
  const rows = await db.selectFrom('search_documents').select(['doc_no', 'doc_id']).where('doc_no', 'in', docNos).execute();
  return new Map(rows.map((r) => [Number(r.doc_no), r.doc_id]));
}

/** The agencies of many cases with their organizations' paths, in the shape the case policy reads. */
export async function listAgenciesOfCases(db: Db, caseIds: string[]) {
  const rows = [];
  for (let i = 0; i < caseIds.length; i += 500) {
    rows.push(
      ...(await db
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
        .where('case_agencies.case_id', 'in', caseIds.slice(i, i + 500))
        .execute()),
    );
  }
  return rows;
}

/** What a result shows of reports. */
export async function reportsForResults(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(['id', 'tracking_code', 'category', 'status', 'description', 'platform', 'received_at'])
    .where('id', 'in', ids)
    .execute();
}

/** What a result shows of cases. */
export async function casesForResults(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'category', 'status', 'region_code', 'title', 'summary', 'opened_at'])
    .where('id', 'in', ids)
    .execute();
}

// ───────────── The indexing queue ─────────────

/** Queues stored reports for the search indexer (intake, in its transaction): one statement. */
export async function enqueueReports(trx: Db, reportIds: string[]): Promise<void> {
  await insertRows(
    trx,
    'search_index_queue',
    reportIds.map((report_id) => ({ report_id })),
  );
}

/** Takes up to `limit` queued reports, oldest first, out of the search queue (see `takeQueuedReports` in db/report-queues). */
export function takeQueuedReports(trx: Db, options: { limit: number; skipLocked: boolean }): Promise<{ seq: number; report_id: string }[]> {
  return takeQueued(trx, 'search_index_queue', options);
}

/** Whether any report waits to be indexed (one index probe). */
export function hasQueuedReports(db: Db): Promise<boolean> {
  return hasQueuedRows(db, 'search_index_queue');
}

/** What the index needs of the given reports (those still stored). */
export async function reportsForIndexing(db: Db, ids: string[]) {
  const rows = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    rows.push(
      ...(await db
        .selectFrom('reports')
        .select(['id', 'tracking_code', 'description', 'platform', 'target_urls', 'received_at'])
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute()),
    );
  return rows.map((r) => ({ ...r, received_at: toIsoString(r.received_at) }));
}
