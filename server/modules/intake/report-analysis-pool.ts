import { availableParallelism } from 'node:os';
import { WorkerPool } from '../../lib/worker-pool';
import type { ReportText } from './report-indicators';
import { type ReportAnalysis, analyzeReport } from './report-analysis';

/**
 * Worker threads for intake's CPU-bound analysis (indicator extraction and the MinHash signature, a
 * third of intake's own work), so the event loop spends its time on HTTP and the database while an
 * otherwise idle core does this. One thread per core beyond the first, at most `maxThreads`; on a
 * single core there is no pool (null) and intake analyzes in its own thread.
 */
export function createReportAnalysisPool(options: {
  maxThreads?: number;
  onWorkerError?: (error: unknown) => void;
}): WorkerPool<ReportText, ReportAnalysis> | null {
  const size = Math.min(options.maxThreads ?? 2, availableParallelism() - 1);
  if (size < 1) return null;
  return new WorkerPool<ReportText, ReportAnalysis>({
    module: new URL('./report-analysis.worker.ts', import.meta.url),
    size,
    compute: analyzeReport,
    ...(options.onWorkerError && { onWorkerError: options.onWorkerError }),
  });
}
