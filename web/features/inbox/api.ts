import { queryString, staffGet, staffSend } from '../auth/client';

/** Words the server keeps in both interface languages. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** One notification in the caller's inbox, as `GET /api/v1/inbox` answers. */
export interface InboxItem {
  id: string;
  /** The event type, e.g. `case.assigned`. */
  event: string;
  title: LocalizedText;
  body: LocalizedText;
  /** A path in the web app to follow, e.g. `/workbench/cases/…`. */
  link: string | null;
  object: { type: string; id: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  unreadCount: number;
  /** The cursor of the next (older) page, or null on the last one. */
  nextBefore: string | null;
}

export const INBOX_PAGE_SIZE = 20;

/** Every inbox query starts with this key, so one invalidation refreshes the list and the badge. */
export const INBOX_QUERY_KEY = ['inbox'] as const;

/** The caller's notifications, newest first; `before` the cursor of the previous page. */
export function fetchInbox(
  options: { unreadOnly?: boolean; before?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<InboxPage> {
  return staffGet<InboxPage>(
    `/api/v1/inbox${queryString({
      unread: options.unreadOnly ? 'true' : null,
      before: options.before ?? null,
      limit: options.limit ?? INBOX_PAGE_SIZE,
    })}`,
    signal,
  );
}

export function markInboxItemRead(id: string): Promise<void> {
  return staffSend<void>('POST', `/api/v1/inbox/${encodeURIComponent(id)}/read`);
}

/** Marks every notification read; answers how many were unread. */
export function markAllInboxRead(): Promise<{ count: number }> {
  return staffSend<{ count: number }>('POST', '/api/v1/inbox/read-all');
}
