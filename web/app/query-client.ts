import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../shared/problem';

/**
 * Requests are retried only when retrying can help: not after a 4xx, which would answer the same
 * again (and count against the rate limit), but after a dropped connection or a 5xx.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});
