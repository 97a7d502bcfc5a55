import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import * as repo from './search.repository';
import { documentTerms } from './tokenize';

/** What the full-text index holds. */
export const SEARCH_DOC_TYPES = ['report', 'case', 'entity'] as const;
export type SearchDocType = (typeof SEARCH_DOC_TYPES)[number];

/** The small number postings carry instead of the type's name. Never renumber: it is stored. */
export const SEARCH_DOC_TYPE_CODES: Record<SearchDocType, number> = { report: 1, case: 2, entity: 3 };

/** A document to index: its texts are tokenized one by one (see `tokenize.ts`). */
export interface SearchDocument {
  type: SearchDocType;
  id: string;
  /** When the document came to be (ISO); never changes, used by the date filter and as tie-break. */
  createdAt: string;
  texts: (string | null | undefined)[];
}

/** A report as the index sees it: description, platform, target addresses and tracking code. */
export function reportSearchDocument(report: {
  id: string;
  tracking_code: string;
  description: string;
  platform?: string | null;
  target_urls: string;
  received_at: string;
}): SearchDocument {
  let urls: string[] = [];
  try {
    const parsed: unknown = JSON.parse(report.target_urls);
    if (Array.isArray(parsed)) urls = parsed.filter((u): u is string => typeof u === 'string');
  } catch {
    // A malformed column is indexed without its addresses rather than not at all.
  }
  return {
    type: 'report',
    id: report.id,
    createdAt: report.received_at,
    texts: [report.description, report.platform, ...urls, report.tracking_code],
  };
}

/** A case as the index sees it: number, title, summary and tags. Its status, region and agencies are read at query time. */
export function caseSearchDocument(row: {
  id: string;
  number: string;
  title: string;
  summary: string | null;
  tags: string;
  opened_at: string;
}): SearchDocument {
  let tags: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.tags);
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    // As above: index what can be read.
  }
  return { type: 'case', id: row.id, createdAt: row.opened_at, texts: [row.number, row.title, row.summary, ...tags] };
}

/**
 * A registry entity as the index sees it, for the registry to call from its service whenever an
 * entity is created or changed, in the same transaction: `indexDocuments(trx, [entitySearchDocument(entity)])`
 * for a new one, `indexDocuments(trx, [entitySearchDocument(after)], { previous: [entitySearchDocument(before)] })`
 * for a change, `removeDocuments(trx, [entitySearchDocument(entity)])` when it goes (merged entities may stay).
 * Identifiers are indicator values (`+8613812345678`, `example.com`) and are found by the same terms
 * as in reports. A national ID must be passed only as its masked display, never in the clear.
 */
export function entitySearchDocument(entity: {
  id: string;
  created_at: string;
  display_name: string;
  identifiers: readonly string[];
  notes?: readonly string[];
}): SearchDocument {
  return {
    type: 'entity',
    id: entity.id,
    createdAt: entity.created_at,
    texts: [entity.display_name, ...entity.identifiers, ...(entity.notes ?? [])],
  };
}

/**
 * Indexes documents in the caller's transaction: one statement for the documents and multi-row
 * statements for their postings.
 *
 * A document already in the index is replaced: its postings are found by tokenizing it again (the
 * version in `previous` when its text changed, and the new one) and removed by their keys, and it
 * gets a new number. Should a posting escape (the tokenizer changed since), it points at a number no
 * document has any more and matches nothing until `qinglang search reindex` drops it.
 * `fresh: true` says none of the documents is indexed yet (a new case) and skips the look-up.
 */
export async function indexDocuments(
  trx: Kysely<Database>,
  documents: SearchDocument[],
  options: { fresh?: boolean; previous?: SearchDocument[] } = {},
): Promise<void> {
  if (documents.length === 0) return;
  // The last version of a document given twice wins.
  const unique = new Map<string, SearchDocument>();
  for (const doc of documents) unique.set(keyOf(doc), doc);
  const docs = [...unique.values()];
  if (!options.fresh) await removeDocuments(trx, [...docs, ...(options.previous ?? [])]);
  await repo.insertIndexedDocuments(
    trx,
    (type) => SEARCH_DOC_TYPE_CODES[type as SearchDocType],
    docs.map((doc) => {
      const { frequencies, length } = documentTerms(doc.texts);
      return { docType: doc.type, docId: doc.id, createdAt: doc.createdAt, length, frequencies };
    }),
  );
}

function keyOf(doc: { type: string; id: string }): string {
  return `${doc.type}\u0000${doc.id}`;
}

/**
 * Removes documents from the index (a purged report, a deleted entity), given as they were indexed;
 * several versions of one document may be given, and the postings of each are removed. Documents not
 * in the index are ignored.
 */
export async function removeDocuments(trx: Kysely<Database>, documents: SearchDocument[]): Promise<void> {
  for (const type of SEARCH_DOC_TYPES) {
    const versions = documents.filter((d) => d.type === type);
    if (versions.length === 0) continue;
    const existing = await repo.findIndexedDocuments(trx, type, [...new Set(versions.map((d) => d.id))]);
    if (existing.length === 0) continue;
    const terms = new Map<string, Set<string>>();
    for (const version of versions) {
      const set = terms.get(version.id) ?? new Set<string>();
      for (const term of documentTerms(version.texts).frequencies.keys()) set.add(term);
      terms.set(version.id, set);
    }
    await repo.deleteIndexedDocuments(
      trx,
      SEARCH_DOC_TYPE_CODES[type],
      existing.map((e) => ({ doc_no: e.doc_no, terms: [...(terms.get(e.doc_id) ?? [])] })),
    );
  }
}

/**
 * Queues stored reports for the background search indexer, in the intake transaction (one small
 * statement; tokenizing and postings are the indexer's, after commit). A search indexes what is still
 * queued before it answers, so a stored report is found at once all the same.
 */
export async function queueReportsForIndexing(trx: Kysely<Database>, reportIds: string[]): Promise<void> {
  if (reportIds.length > 0) await repo.enqueueReports(trx, reportIds);
}

/** Runs `work` in a transaction of its own, or in the caller's when `db` already is one (a migration). */
async function inTransaction(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
  if (db.isTransaction) await work(db);
  else await db.transaction().execute(work);
}

/**
 * Rebuilds the index of reports and cases from their tables, oldest first, in batches of
 * `batchSize`, each batch its own transaction (unless `db` is a transaction, as in the migration).
 * Reports filed while it runs are queued and indexed by the search indexer; both replace documents
 * already indexed, so the two never collide (the queue is left as it is: a queued report indexed here
 * is indexed once more, the same). Entities are indexed by the registry and are left alone.
 */
export async function reindexSearch(
  db: Kysely<Database>,
  options: { batchSize?: number; onProgress?: (progress: { reports: number; cases: number }) => void } = {},
): Promise<{ reports: number; cases: number }> {
  const batchSize = options.batchSize ?? 500;
  const done = { reports: 0, cases: 0 };
  await inTransaction(db, (trx) => repo.clearIndex(trx, ['report', 'case'], [SEARCH_DOC_TYPE_CODES.report, SEARCH_DOC_TYPE_CODES.case]));

  let after: { at: string; id: string } | null = null;
  for (;;) {
    const rows = await repo.reportsAfter(db, after, batchSize);
    if (rows.length === 0) break;
    await inTransaction(db, (trx) => indexDocuments(trx, rows.map(reportSearchDocument)));
    done.reports += rows.length;
    const last = rows[rows.length - 1]!;
    after = { at: last.received_at, id: last.id };
    options.onProgress?.(done);
  }
  after = null;
  for (;;) {
    const rows = await repo.casesAfter(db, after, batchSize);
    if (rows.length === 0) break;
    await inTransaction(db, (trx) => indexDocuments(trx, rows.map(caseSearchDocument)));
    done.cases += rows.length;
    const last = rows[rows.length - 1]!;
    after = { at: last.opened_at, id: last.id };
    options.onProgress?.(done);
  }
  return done;
}
