import type { InboxItem, InboxPage, LocalizedText } from './api';

/** The text in the interface language; Chinese when the language is not one the server writes. */
export function localized(text: LocalizedText, language: string): string {
  if (language === 'en' || language.startsWith('en-')) return text.en || text['zh-CN'];
  return text['zh-CN'] || text.en;
}

/**
 * Where a notification's link may take the person: only a path inside this web app. Anything else
 * (another site, `javascript:`, a protocol-relative `//host`) is not followed.
 */
export function inboxLinkTarget(link: string | null): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.includes('\\')) return null;
  return link;
}

/** A page of the inbox after one item was marked read here: the item read, the unread count one less. */
export function withItemRead(page: InboxPage, id: string, readAt: string): InboxPage {
  let changed = false;
  const items = page.items.map((item): InboxItem => {
    if (item.id !== id || item.readAt !== null) return item;
    changed = true;
    return { ...item, readAt };
  });
  return changed ? { ...page, items, unreadCount: Math.max(0, page.unreadCount - 1) } : page;
}

/** A page of the inbox after every item was marked read. */
export function withAllRead(page: InboxPage, readAt: string): InboxPage {
  return { ...page, items: page.items.map((item) => (item.readAt === null ? { ...item, readAt } : item)), unreadCount: 0 };
}
