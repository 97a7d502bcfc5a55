import { isUniqueViolation } from '../../db/errors';
import { timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ReportReceipt, ReportStatus, ReportTracking } from '../../../contracts/reports';
import type { DatabaseDialect } from '../../config';
import type { BatchWriter, GroupCommitter } from '../../db/group-commit';
import type { Database } from '../../db/schema';
import { threadTransaction } from '../../db/sqlite-thread';
import { toIsoString } from '../../db/values';
import type { Locale } from '../../http/locale';
import { ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import type { KeyRing } from '../../security/keys';
import { reporterIdentityContext } from '../../security/sealed-columns';
import { type AuditEventInput, appendAuditEvents } from '../audit/audit.repository';
import type { NotificationEvent } from '../notify/enqueue-notification';
import { insertSignatures } from '../similarity/near-duplicates.repository';
import { queueReportsForIndexing } from '../search/search-index';
import { checkSubmission } from './report-checks';
import { type AnalyzeReport, analyzeReport, reportText } from './report-analysis';
import { CONCLUDED_WORDS, STATUS_WORDS, publicNoteText, resultText } from './report-words';
import type { ReportSubmission } from './reports.schemas';
import * as repo from './reports.repository';
import { generateAccessKey, generateTrackingCode, normalizeAccessKey, normalizeTrackingCode } from './tracking-code';

/** An evidence file already checked and stored by content address. */
export interface AcceptedEvidence {
  fileName: string;
  sha256: string;
  size: number;
  mediaType: string;
}

export interface IntakeDependencies {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  /** Group commit of prepared reports, made with `reportBatchWriter`. */
  writer: GroupCommitter<PreparedReport, StoreOutcome>;
  keys: KeyRing;
  /**
   * Finds a report's indicators and near-duplicate signature; by default in this thread, in a server
   * on a pool of worker threads (`createReportAnalysisPool`).
   */
  analyze?: AnalyzeReport;
  /** Called after a report commits; metrics hang here. */
  onReportStored?: (report: { category: string; evidenceCount: number; indicatorCount: number }) => void;
}

/** A verified proof-of-work solution, spent in the same transaction as the report. */
export interface ChallengeSpend {
  signature: string;
  expiresAt: string;
}

/**
 * What the caller brings besides the body. The steps that cost something or keep something run only
 * once the body is found valid, in this order, so a refused submission verifies and keeps nothing.
 */
export interface SubmissionContext {
  locale: Locale;
  /** Verifies the proof-of-work solution to spend with the report; null when the challenge is off. */
  verifyChallenge?: () => Promise<ChallengeSpend | null>;
  /** Keeps the uploaded evidence files at their content addresses and describes them. */
  keepEvidence?: () => Promise<AcceptedEvidence[]>;
  /** A report filed from an enterprise's desk by one of its signed-in users, rather than through the public form. */
  enterpriseDesk?: {
    enterpriseOrgId: string;
    userId: string;
    /** Told in the report's transaction (the enterprise's liaison at the regulator), when there is one. */
    notification?: (report: { id: string; trackingCode: string }) => NotificationEvent | null;
  };
}

/** The reporter's identity as sealed at rest. */
interface ReporterIdentity {
  name?: string;
  phone?: string;
  email?: string;
  enterprise?: { name: string; uscc: string };
}

const MAX_TRACKING_CODE_ATTEMPTS = 5;

/** A report ready to store, with the proof-of-work solution to spend alongside it. */
export interface PreparedReport extends repo.NewReport {
  challenge: ChallengeSpend | null;
  /** Who the audit event names; the public when absent. */
  actor?: Pick<AuditEventInput, 'actorType' | 'actorId' | 'orgId'>;
  /** Written to the notification outbox in the report's transaction. */
  notification?: NotificationEvent | null;
}

/** What the report batch writer may do besides storing reports. */
export interface ReportBatchOptions {
  /** Writes a notification's outbox rows in the caller's transaction. */
  enqueue?: (trx: Kysely<Database>, event: NotificationEvent) => Promise<unknown>;
}

/** How storing one prepared report ended. */
export type StoreOutcome = 'stored' | 'challenge_spent';

/**
 * Stores a batch of prepared reports in the caller's transaction: spends their proof-of-work
 * solutions (a solution already spent, also earlier in the same batch, stores nothing), then writes
 * the reports, their evidence, indicators and audit events with one statement per table.
 */
export function reportBatchWriter(dialect: DatabaseDialect, options: ReportBatchOptions = {}): BatchWriter<PreparedReport, StoreOutcome> {
  return async (trx, items) => {
    const claimed = new Set<string>();
    const spends = items.flatMap((item) =>
      item.challenge && !claimed.has(item.challenge.signature) && claimed.add(item.challenge.signature) ? [item.challenge] : [],
    );
    const fresh = await repo.spendChallenges(trx, spends);
    const outcomes = items.map((item): StoreOutcome => {
      if (!item.challenge) return 'stored';
      // Each fresh signature is granted to the first item that carries it.
      return fresh.delete(item.challenge.signature) ? 'stored' : 'challenge_spent';
    });
    const accepted = items.filter((_, i) => outcomes[i] === 'stored');
    await repo.insertReports(trx, accepted);
    // Queued for the search indexer, which indexes after commit; a search indexes what is still queued first.
    await queueReportsForIndexing(
      trx,
      accepted.map(({ report }) => report.id),
    );
    await insertSignatures(
      trx,
      accepted.flatMap(({ report, nearDuplicateSignature: signature }) =>
        signature ? [{ reportId: report.id, signature, createdAt: report.received_at as string }] : [],
      ),
    );
    await appendAuditEvents(
      trx,
      dialect,
      accepted.map(({ report, evidence, indicators, actor }) => ({
        ...(actor ?? { actorType: 'public' as const }),
        action: 'report.submitted',
        objectType: 'report',
        objectId: report.id,
        occurredAt: report.received_at as string,
        summary: {
          trackingCode: report.tracking_code,
          category: report.category,
          reporterKind: report.reporter_kind,
          ...(report.source !== undefined && report.source !== 'public' && { source: report.source }),
          ...(report.source === 'enterprise' && { enterpriseOrgId: report.enterprise_org_id }),
          evidence: evidence.map((e) => e.sha256),
          indicatorCount: indicators.length,
        },
      })),
    );
    for (const { notification } of accepted) if (notification && options.enqueue) await options.enqueue(trx, notification);
    return outcomes;
  };
}

/**
 * Stores a batch of prepared reports on SQLite as the SQLite thread runs it (`ThreadTransaction`):
 * intake's group commit sends a batch there in one message. A batch that writes a notification is
 * stored in the event loop's thread instead, where the notifier and its keys are.
 */
export function storeReportBatch(trx: Transaction<Database>, items: PreparedReport[]): Promise<StoreOutcome[]> {
  return reportBatchWriter('sqlite')(trx, items);
}

export const STORE_REPORT_BATCH = threadTransaction(import.meta.url, storeReportBatch);

/** Reporting by the public (mechanism 2): taking reports in and letting reporters follow them. */
export class IntakeService {
  constructor(private readonly deps: IntakeDependencies) {}

  /** Checks a submission without storing anything; throws the same problem `submitReport` would. */
  validateSubmission(submission: ReportSubmission): void {
    const problems = checkSubmission(submission);
    if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
  }

  /**
   * Stores a report with its evidence records, indicators and audit event in one transaction, and
   * answers the receipt: the tracking code, and the access key that is shown this once.
   */
  async submitReport(submission: ReportSubmission, context: SubmissionContext): Promise<ReportReceipt> {
    this.validateSubmission(submission);
    const challenge = (await context.verifyChallenge?.()) ?? null;
    const evidence = (await context.keepEvidence?.()) ?? [];
    const text = reportText(submission);
    const { indicators, signature } = this.deps.analyze ? await this.deps.analyze(text) : analyzeReport(text);
    const accessKey = generateAccessKey();
    const receivedAt = new Date().toISOString();
    const reportId = uuidv7();
    const reporter = submission.reporter;
    const identity: ReporterIdentity | null = reporter.anonymous
      ? null
      : {
          ...(reporter.name !== undefined && { name: reporter.name.trim() }),
          ...(reporter.phone !== undefined && { phone: reporter.phone.normalize('NFKC').trim() }),
          ...(reporter.email !== undefined && { email: reporter.email.trim().toLowerCase() }),
          ...(reporter.enterprise && {
            enterprise: { name: reporter.enterprise.name.trim(), uscc: reporter.enterprise.uscc.normalize('NFKC').toUpperCase() },
          }),
        };
    const reporterKind = reporter.anonymous ? 'anonymous' : reporter.enterprise ? 'enterprise' : 'individual';
    const prepared: PreparedReport = {
      report: {
        id: reportId,
        tracking_code: generateTrackingCode(),
        access_key_hash: this.deps.keys.keyedHash('access-key-hash', accessKey),
        category: submission.category,
        status: 'received',
        description: submission.description,
        platform: submission.platform?.trim() || null,
        occurred_at: submission.occurredAt ? new Date(submission.occurredAt).toISOString() : null,
        target_urls: JSON.stringify((submission.targetUrls ?? []).map((u) => u.trim())),
        money_amount: submission.money?.amount !== undefined ? String(submission.money.amount) : null,
        money_currency: submission.money ? (submission.money.currency ?? 'CNY').toUpperCase() : null,
        money_channel: submission.money?.channel ?? null,
        reporter_kind: reporterKind,
        reporter_sealed: identity ? this.deps.keys.sealing.seal(identity, reporterIdentityContext(reportId)) : null,
        contact_consent: !reporter.anonymous && reporter.contactConsent ? 1 : 0,
        locale: context.locale,
        result_code: null,
        result_note: null,
        received_at: receivedAt,
        updated_at: receivedAt,
        ...(context.enterpriseDesk && {
          source: 'enterprise',
          enterprise_org_id: context.enterpriseDesk.enterpriseOrgId,
          filed_by: context.enterpriseDesk.userId,
        }),
      },
      ...(context.enterpriseDesk && {
        actor: { actorType: 'user' as const, actorId: context.enterpriseDesk.userId, orgId: context.enterpriseDesk.enterpriseOrgId },
      }),
      eventId: uuidv7(),
      evidence: evidence.map((e, position) => ({ ...e, position })),
      indicators,
      nearDuplicateSignature: signature,
      challenge,
    };

    for (let attempt = 1; ; attempt++) {
      prepared.notification = context.enterpriseDesk?.notification?.({ id: reportId, trackingCode: prepared.report.tracking_code }) ?? null;
      try {
        const outcome = await this.deps.writer.submit(prepared);
        if (outcome === 'challenge_spent') throw new ProblemError('challenge_failed');
        break;
      } catch (error) {
        // A tracking code already taken (45 random bits make this very rare): draw another.
        if (
          attempt < MAX_TRACKING_CODE_ATTEMPTS &&
          isUniqueViolation(error) &&
          (await repo.trackingCodeExists(this.deps.db, prepared.report.tracking_code))
        ) {
          prepared.report.tracking_code = generateTrackingCode();
          continue;
        }
        throw error;
      }
    }

    this.deps.onReportStored?.({ category: submission.category, evidenceCount: evidence.length, indicatorCount: indicators.length });
    return {
      trackingCode: prepared.report.tracking_code,
      accessKey,
      status: 'received',
      receivedAt,
      evidence,
    };
  }

  /**
   * The reporter's view of a report. An unknown code and a wrong key are one and the same answer,
   * and take the same work, so neither the answer nor its timing tells whether a code exists.
   */
  async trackReport(rawTrackingCode: string, rawAccessKey: string | undefined, locale: Locale): Promise<ReportTracking> {
    const trackingCode = normalizeTrackingCode(rawTrackingCode);
    const presented = this.deps.keys.keyedHash('access-key-hash', normalizeAccessKey(rawAccessKey ?? ''));
    const report = trackingCode ? await repo.findReportForTracking(this.deps.db, trackingCode) : undefined;
    const expected = report?.access_key_hash ?? '0'.repeat(presented.length);
    const keyMatches = timingSafeEqual(Buffer.from(presented, 'hex'), Buffer.from(expected, 'hex'));
    if (!report || !keyMatches || !rawAccessKey) throw new ProblemError('report_not_found');

    const [events, evidenceCount] = await Promise.all([
      repo.listPublicReportEvents(this.deps.db, report.id),
      repo.countReportEvidence(this.deps.db, report.id),
    ]);
    return presentReportTracking(report, events, evidenceCount, locale);
  }
}

/**
 * What the reporter sees of a report, in plain words: its status, its public steps and the case's
 * result. The tracking page and the enterprise's desk both show this.
 */
export function presentReportTracking(
  report: Pick<
    NonNullable<Awaited<ReturnType<typeof repo.findReportForTracking>>>,
    'tracking_code' | 'category' | 'status' | 'received_at' | 'updated_at' | 'result_code' | 'result_note'
  >,
  events: Awaited<ReturnType<typeof repo.listPublicReportEvents>>,
  evidenceCount: number,
  locale: Locale,
): ReportTracking {
  const status = report.status as ReportStatus;
  // Once the case of an accepted (or merged) report has concluded, its result is what the reporter comes back for.
  const concluded = report.result_code !== null && (status === 'accepted' || status === 'merged');
  return {
    trackingCode: report.tracking_code,
    category: report.category as ReportTracking['category'],
    status,
    statusText: concluded ? CONCLUDED_WORDS[locale].text : STATUS_WORDS[status][locale].text,
    receivedAt: toIsoString(report.received_at),
    updatedAt: toIsoString(report.updated_at),
    steps: events.map((event) => ({
      status: event.status as ReportStatus | 'note',
      at: toIsoString(event.occurred_at),
      title:
        event.status in STATUS_WORDS
          ? STATUS_WORDS[event.status as ReportStatus][locale].title
          : // Public notes are written when the case concludes.
            CONCLUDED_WORDS[locale].title,
      note: publicNoteText(event.public_note, locale),
    })),
    result: report.result_code
      ? { code: report.result_code, text: resultText(report.result_code, locale), note: report.result_note }
      : null,
    evidenceCount,
  };
}
