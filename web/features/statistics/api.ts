import { queryString, staffGet } from '../auth/client';

/** Whose cases: those the caller's organization takes part in, those led in its region, or all. */
export type StatisticsScope = 'mine' | 'region' | 'all';

/** `GET /api/v1/cases/statistics`: on-time figures and counts of the cases in scope. */
export interface CaseStatistics {
  concludedOnTime: number;
  concludedLate: number;
  /** Open and already past the due date: counted as late. */
  openOverdue: number;
  /** Open and not yet due: left out of the rate. */
  openNotDue: number;
  /** concludedLate + openOverdue. */
  late: number;
  /** concludedOnTime / (concludedOnTime + late), or null when nothing is decided yet. */
  onTimeRate: number | null;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
}

export const statisticsKeys = {
  all: ['case-statistics'] as const,
  scope: (scope: StatisticsScope) => ['case-statistics', scope] as const,
};

export function fetchCaseStatistics(scope: StatisticsScope, signal?: AbortSignal): Promise<CaseStatistics> {
  return staffGet<CaseStatistics>(`/api/v1/cases/statistics${queryString({ scope })}`, signal);
}
