import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { ProblemError } from '../../http/problem';
import type { Actor } from '../auth/principal';
import { casePolicy } from '../cases/cases.policy';
import { findEntities, identifiersOf } from '../registry/registry.repository';
import { SEARCH_DOC_TYPE_CODES } from './search-index';
import { catchUpIndex } from './search-indexer';
import { searchPolicy } from './search.policy';
import { type SearchResultItem, type SearchType, presentCaseResult, presentEntityResult, presentReportResult } from './search.presenter';
import * as repo from './search.repository';
import { type SearchQuery, queryTerms } from './tokenize';

export type { SearchResultItem, SearchType } from './search.presenter';

/**
 * How many postings of the driving (rarest) term one search reads at most, newest first. Every
 * candidate costs one key lookup per further term, so this bounds the work of a request whatever the
 * size of the index; a query whose rarest term is in more documents ranks the newest of them and says
 * `capped`.
 */
export const SCAN_CAP = 5_000;
/** Results beyond this rank are not paged to. */
export const MAX_RESULTS = 1_000;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

// BM25-lite: term-frequency saturation (k1) and inverse document frequency, without length
// normalization (reading every candidate's length was half of a search's time); N is a fixed notional
// corpus size, so that ranking needs no count of the whole table.
const K1 = 1.2;
const NOTIONAL_CORPUS = 1_000_000;

/** Reports a search indexes at most before it answers (those stored and not yet indexed); see `catchUpIndex`. */
export const CATCH_UP_MAX = 2_000;

export interface SearchParams {
  q: string;
  type?: SearchType;
  category?: string;
  status?: string;
  /** Entities: website, account, practitioner, intermediary, payment_account. */
  entityKind?: string;
  /** Cases: an administrative region code; trailing `00` pairs widen it (`330000` is all of Zhejiang). */
  region?: string;
  /** Created on or after: an RFC 3339 date-time, or a date (read in China Standard Time). */
  from?: string;
  /** Created before a date-time, or on or before a date (China Standard Time). */
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface SearchResults {
  type: SearchType;
  items: SearchResultItem[];
  /** Matches found (after access control), at most `SCAN_CAP`. */
  total: number;
  /** More documents hold the rarest term than one search reads: older matches may be missing. */
  capped: boolean;
  nextCursor: string | null;
  /**
   * More reports were stored than one search indexes before answering (`CATCH_UP_MAX`): the newest
   * of them may be missing from these results until the indexer catches up.
   */
  indexingBehind: boolean;
}

/** BM25-lite of one document: `idf` per query term times the saturated term frequency. */
export function bm25(tfs: readonly number[], idfs: readonly number[]): number {
  let score = 0;
  for (let i = 0; i < tfs.length; i++) score += (idfs[i]! * (tfs[i]! * (K1 + 1))) / (tfs[i]! + K1);
  return score;
}

/** Inverse document frequency of a term in `df` documents (df counted up to the scan cap). */
export function idf(df: number): number {
  return Math.log(1 + (NOTIONAL_CORPUS - df + 0.5) / (df + 0.5));
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.o < MAX_RESULTS) return parsed.o;
  } catch {
    // fall through
  }
  throw new ProblemError('validation', { fields: [{ field: 'cursor', key: 'invalid' }] });
}

/** A bound of the date filter as an ISO instant; a bare date is a day in China Standard Time. */
function instant(value: string | undefined, field: 'from' | 'to'): string | undefined {
  if (value === undefined || value === '') return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const parsed = new Date(dateOnly ? `${value}T00:00:00+08:00` : value);
  if (Number.isNaN(parsed.getTime())) throw new ProblemError('validation', { fields: [{ field, key: 'invalid' }] });
  // "to" a date includes that day.
  if (dateOnly && field === 'to') parsed.setUTCDate(parsed.getUTCDate() + 1);
  return parsed.toISOString();
}

/** `330100` → `3301`, `330000` → `33`: a region code and the regions below it. */
function regionPrefix(region: string | undefined): string | undefined {
  if (!region) return undefined;
  let prefix = region;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

/**
 * Full-text search over reports, cases and registry entities. Who sees what is `searchPolicy`'s
 * decision, which defers to the case, triage and registry policies: triage officers search reports and
 * every case; agency staff search the cases `casePolicy.read` lets them see, each result asked of the
 * policy; the registry's readers search its entities.
 */
export class SearchService {
  constructor(private readonly deps: { db: Kysely<Database>; dialect: DatabaseDialect }) {}

  /**
   * The candidates, read with nested loops only. PostgreSQL's planner, left alone, hashes whole
   * tables (documents, reports) for a few thousand candidates; the search's cost must not grow with
   * them, so on PostgreSQL the query runs in a read transaction with hash and merge joins, bitmap and
   * sequential scans off (`set local`), which leaves the walk the SQL is written as: the driver's index range
   * newest first, then one key lookup per candidate per table. SQLite already loops in the written order.
   */
  private async candidates(query: repo.CandidateQuery): Promise<repo.CandidateRow[]> {
    if (this.deps.dialect === 'sqlite') return repo.findCandidates(this.deps.db, query);
    return this.deps.db.transaction().execute(async (trx) => {
      await repo.preferNestedLoops(trx);
      return repo.findCandidates(trx, query);
    });
  }

  async search(actor: Actor, params: SearchParams): Promise<SearchResults> {
    if (!searchPolicy.search(actor)) throw new ProblemError('forbidden');
    const triage = searchPolicy.triage(actor);
    const type: SearchType = params.type ?? (triage ? 'report' : 'case');
    // Reports are the triage desk's, entities the registry's readers': everyone else is refused outright
    // (the route, not a record, is denied).
    if (type === 'report' && !searchPolicy.reports(actor)) throw new ProblemError('forbidden');
    if (type === 'entity' && !searchPolicy.entities(actor)) throw new ProblemError('forbidden');
    // A filter that means nothing for the type asked is refused rather than ignored.
    const misplaced = [
      ...(type === 'entity' && params.category ? ['category'] : []),
      ...(type !== 'case' && params.region ? ['region'] : []),
      ...(type !== 'entity' && params.entityKind ? ['entityKind'] : []),
    ];
    if (misplaced.length > 0) throw new ProblemError('validation', { fields: misplaced.map((field) => ({ field, key: 'invalid' })) });
    const offset = decodeCursor(params.cursor);
    const limit = Math.min(Math.max(params.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const filters: repo.CandidateFilters = {
      ...(params.category ? { category: params.category } : {}),
      ...(params.status ? { status: params.status } : {}),
      ...(params.entityKind ? { entityKind: params.entityKind } : {}),
      ...(type === 'case' && params.region ? { regionPrefix: regionPrefix(params.region)! } : {}),
      ...(params.from ? { from: instant(params.from, 'from')! } : {}),
      ...(params.to ? { to: instant(params.to, 'to')! } : {}),
      // Only narrows the search to the widest set the case policy could allow; each result is still asked of it below.
      ...(type === 'case' && !triage && actor.kind === 'user' ? { agencyPathPrefix: actor.orgPath } : {}),
    };
    // Reports stored a moment ago are indexed before the search reads the index (bounded).
    const indexingBehind = type === 'report' ? (await catchUpIndex(this.deps.db, { max: CATCH_UP_MAX })).behind : false;
    const empty: SearchResults = { type, items: [], total: 0, capped: false, nextCursor: null, indexingBehind };
    const query = queryTerms(params.q);
    const typeCode = SEARCH_DOC_TYPE_CODES[type];
    const db = this.deps.db;

    let driver: repo.CandidateQuery['driver'];
    let others: string[];
    let idfs: number[];
    let capped: boolean;
    if (query.terms.length > 0) {
      // Counted one after another: on SQLite the handle is one connection anyway.
      const dfs: number[] = [];
      for (const term of query.terms) dfs.push(await repo.countPostings(db, typeCode, term, SCAN_CAP + 1));
      if (dfs.some((df) => df === 0)) return empty;
      let rarest = 0;
      dfs.forEach((df, i) => {
        if (df < dfs[rarest]!) rarest = i;
      });
      driver = { term: query.terms[rarest]! };
      others = query.terms.filter((_, i) => i !== rarest);
      // Term frequencies come back driver first; idf in the same order.
      idfs = [dfs[rarest]!, ...dfs.filter((_, i) => i !== rarest)].map((df) => idf(Math.min(df, SCAN_CAP)));
      capped = dfs[rarest]! > SCAN_CAP;
    } else if (query.prefixes.length > 0) {
      const prefix = query.prefixes[0]!;
      const df = await repo.countPrefixPostings(db, typeCode, prefix, SCAN_CAP + 1);
      if (df === 0) return empty;
      driver = { prefix };
      others = [];
      idfs = [idf(Math.min(df, SCAN_CAP))];
      capped = df > SCAN_CAP;
    } else {
      return empty;
    }

    const askPolicy = type === 'case' && !triage;
    let candidates = await this.candidates({ docType: type, typeCode, driver, others, scanCap: SCAN_CAP, filters, withIds: askPolicy });
    if (askPolicy && actor.kind === 'user') {
      const agencies = await repo.listAgenciesOfCases(
        db,
        candidates.map((c) => c.docId),
      );
      const byCase = new Map<string, typeof agencies>();
      for (const agency of agencies) byCase.set(agency.case_id, [...(byCase.get(agency.case_id) ?? []), agency]);
      candidates = candidates.filter((c) => casePolicy.read(actor, byCase.get(c.docId) ?? []));
    }
    if (candidates.length === 0) return { ...empty, capped };

    const ranked = candidates
      .map((c) => ({ ...c, score: bm25(c.tfs, idfs) }))
      // Equal scores: the document indexed last first (numbers follow indexing order, so the newest).
      .sort((a, b) => b.score - a.score || b.docNo - a.docNo);
    const reachable = Math.min(ranked.length, MAX_RESULTS);
    const page = ranked.slice(offset, Math.min(offset + limit, reachable));
    const ids = askPolicy
      ? new Map(page.map((p) => [p.docNo, p.docId]))
      : await repo.documentIds(
          db,
          page.map((p) => p.docNo),
        );
    const items = await this.present(
      type,
      page.flatMap((p) => (ids.has(p.docNo) ? [{ docId: ids.get(p.docNo)!, score: p.score }] : [])),
      query,
    );
    return {
      type,
      items,
      total: ranked.length,
      capped,
      nextCursor: offset + limit < reachable ? encodeCursor(offset + limit) : null,
      indexingBehind,
    };
  }

  private async present(type: SearchType, page: { docId: string; score: number }[], query: SearchQuery): Promise<SearchResultItem[]> {
    const ids = page.map((p) => p.docId);
    const db = this.deps.db;
    if (type === 'report') {
      const rows = new Map((await repo.reportsForResults(db, ids)).map((r) => [r.id, r]));
      return page.flatMap((p) => (rows.has(p.docId) ? [presentReportResult(rows.get(p.docId)!, p.score, query)] : []));
    }
    if (type === 'case') {
      const rows = new Map((await repo.casesForResults(db, ids)).map((c) => [c.id, c]));
      return page.flatMap((p) => (rows.has(p.docId) ? [presentCaseResult(rows.get(p.docId)!, p.score, query)] : []));
    }
    const [entities, identifiers] = await Promise.all([findEntities(db, ids), identifiersOf(db, ids)]);
    const rows = new Map(entities.map((e) => [e.id, e]));
    return page.flatMap((p) => {
      const e = rows.get(p.docId);
      // An entity merged away meanwhile is left out: the survivor is the one to find.
      if (!e || e.merged_into !== null) return [];
      return [presentEntityResult(e, identifiers.get(e.id) ?? [], p.score, query)];
    });
  }
}
