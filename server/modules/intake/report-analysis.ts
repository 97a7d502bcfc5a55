import { type Signature, minhashSignature } from '../similarity/minhash';
import { type ReportText, reportIndicators } from './report-indicators';
import type { IndicatorRecord } from './reports.repository';
import type { ReportSubmission } from './reports.schemas';

/** What intake computes from a report's text before storing it: pure work, no I/O. */
export interface ReportAnalysis {
  indicators: IndicatorRecord[];
  /** MinHash signature of the description; null when it has no letters or digits. */
  signature: Signature | null;
}

/** Computes a report's analysis (here, or on a worker thread: `report-analysis.worker.ts`). */
export type AnalyzeReport = (text: ReportText) => Promise<ReportAnalysis>;

/** The indicators and near-duplicate signature of a report. */
export function analyzeReport(text: ReportText): ReportAnalysis {
  return { indicators: reportIndicators(text), signature: minhashSignature(text.description) };
}

/** Only the fields the analysis reads, so a worker is sent no personal data of the reporter. */
export function reportText(submission: ReportSubmission): ReportText {
  const uscc = submission.reporter.enterprise?.uscc;
  return {
    description: submission.description,
    ...(submission.platform !== undefined && { platform: submission.platform }),
    ...(submission.targetUrls !== undefined && { targetUrls: submission.targetUrls }),
    reporter: uscc !== undefined ? { enterprise: { uscc } } : {},
  };
}
