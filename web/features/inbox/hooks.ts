import { useQuery } from '@tanstack/react-query';
import { INBOX_QUERY_KEY, fetchInbox } from './api';

/** How often the unread count is asked for while a workbench page is open. */
export const UNREAD_POLL_MS = 60_000;

/** The caller's unread notifications, polled every minute (and refreshed when the inbox changes). */
export function useUnreadCount() {
  return useQuery({
    queryKey: [...INBOX_QUERY_KEY, 'unread-count'],
    queryFn: async ({ signal }) => (await fetchInbox({ limit: 1 }, signal)).unreadCount,
    refetchInterval: UNREAD_POLL_MS,
    staleTime: 30_000,
  });
}
