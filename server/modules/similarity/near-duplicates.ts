import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { DEFAULT_MIN_SIMILARITY, type Signature, bandKeys, estimateSimilarity, minhashSignature } from './minhash';
import { catchUpBands } from './near-duplicate-indexer';
import * as repo from './near-duplicates.repository';

/** A report whose text is nearly the same as another's. */
export interface NearDuplicate {
  reportId: string;
  trackingCode: string;
  /** Estimated Jaccard similarity of the two texts' shingle sets, 0–1. */
  similarity: number;
}

/** Bounds of one lookup; the defaults keep it to at most 20 × 50 index rows and 100 signatures read. */
export interface NearDuplicateOptions {
  /** Suggest from this verified similarity on (default 0.6). */
  minSimilarity?: number;
  /** Reports read from one bucket (default 50): a very common bucket costs no more than a rare one. */
  perBucket?: number;
  /** Candidates verified (default 100), those sharing the most bands first. */
  maxCandidates?: number;
  /** Near-duplicates answered (default 10), the most similar first. */
  limit?: number;
}

/**
 * The reports whose texts are near-duplicates of a report's: the candidates sharing a band bucket
 * with its signature, each bucket capped, verified by the signatures' estimated similarity, most
 * similar first. The work is bounded by the options, not by how many reports are stored. Reports
 * stored and not yet given their band rows are indexed first (at most 2,000; see
 * `catchUpBands`), so a report filed a moment ago is suggested.
 */
export async function findNearDuplicates(
  db: Kysely<Database>,
  reportId: string,
  options: NearDuplicateOptions = {},
): Promise<NearDuplicate[]> {
  await catchUpBands(db);
  const signature = (await repo.findSignature(db, reportId)) ?? (await signatureFromText(db, reportId));
  if (!signature) return [];
  return nearDuplicatesInIndex(db, signature, reportId, options);
}

/**
 * As `findNearDuplicates`, for a signature at hand (a text not stored yet, or a benchmark); like it,
 * indexes what is queued first.
 */
export async function nearDuplicatesOfSignature(
  db: Kysely<Database>,
  signature: Signature,
  excludeReportId: string,
  options: NearDuplicateOptions = {},
): Promise<NearDuplicate[]> {
  await catchUpBands(db);
  return nearDuplicatesInIndex(db, signature, excludeReportId, options);
}

/** The lookup itself, on the band index as it stands. */
async function nearDuplicatesInIndex(
  db: Kysely<Database>,
  signature: Signature,
  excludeReportId: string,
  options: NearDuplicateOptions,
): Promise<NearDuplicate[]> {
  const { minSimilarity = DEFAULT_MIN_SIMILARITY, perBucket = 50, maxCandidates = 100, limit = 10 } = options;
  const hits = await repo.reportsInBuckets(db, bandKeys(signature), excludeReportId, perBucket);
  const sharedBands = new Map<string, number>();
  for (const id of hits) sharedBands.set(id, (sharedBands.get(id) ?? 0) + 1);
  const candidates = [...sharedBands.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))
    .slice(0, maxCandidates)
    .map(([id]) => id);
  const verified = (await repo.findSignatures(db, candidates))
    .map((s) => ({ reportId: s.reportId, similarity: estimateSimilarity(signature, s.signature) }))
    .filter((d) => d.similarity >= minSimilarity)
    .sort((a, b) => b.similarity - a.similarity || (a.reportId < b.reportId ? 1 : -1))
    .slice(0, limit);
  // Only the few that are answered are looked up in the reports table; one purged meanwhile drops out.
  const trackingCodes = await repo.findTrackingCodes(
    db,
    verified.map((d) => d.reportId),
  );
  return verified.flatMap((d) => {
    const trackingCode = trackingCodes.get(d.reportId);
    return trackingCode === undefined ? [] : [{ ...d, trackingCode }];
  });
}

/** A report stored before the index existed has no signature: take it from its text. */
async function signatureFromText(db: Kysely<Database>, reportId: string): Promise<Signature | null> {
  const report = await db.selectFrom('reports').select('description').where('id', '=', reportId).executeTakeFirst();
  return report ? minhashSignature(report.description) : null;
}
