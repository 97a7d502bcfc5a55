// A worker thread of the report analysis pool (`report-analysis-pool.ts`).
import { serveTasks } from '../../lib/worker-pool';
import { analyzeReport } from './report-analysis';

serveTasks(analyzeReport);
