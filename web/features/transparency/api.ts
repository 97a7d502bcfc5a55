import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../shared/http';
import type { MonthlyCount } from './transparency';

/** Public aggregate counts of deletion requests per website per month (the last 12 months). */
export function usePublicDeletionStatistics() {
  return useQuery({
    queryKey: ['deletion-requests', 'statistics', 'public'],
    queryFn: ({ signal }) => getJson<{ items: MonthlyCount[] }>('/api/v1/deletion-requests/statistics/public', { signal }),
    staleTime: 5 * 60 * 1000,
  });
}
