import { describe, expect, it } from 'vitest';
import type { InboxItem, InboxPage } from './api';
import { inboxLinkTarget, localized, withAllRead, withItemRead } from './inbox-items';

const item = (id: string, readAt: string | null = null): InboxItem => ({
  id,
  event: 'case.assigned',
  title: { 'zh-CN': '新案件', en: 'New case' },
  body: { 'zh-CN': '请受理', en: 'Please accept it' },
  link: `/workbench/cases/${id}`,
  object: { type: 'case', id },
  createdAt: '2026-11-28T08:00:00.000Z',
  readAt,
});

describe('inbox items', () => {
  it('picks the text of the interface language, and Chinese for any other', () => {
    const text = { 'zh-CN': '新案件', en: 'New case' };
    expect(localized(text, 'zh-CN')).toBe('新案件');
    expect(localized(text, 'en')).toBe('New case');
    expect(localized(text, 'en-GB')).toBe('New case');
    expect(localized(text, 'fr')).toBe('新案件');
    expect(localized({ 'zh-CN': '', en: 'Only English' }, 'zh-CN')).toBe('Only English');
  });

  it('follows only links inside the app', () => {
    expect(inboxLinkTarget('/workbench/cases/c1')).toBe('/workbench/cases/c1');
    expect(inboxLinkTarget('/track/QL123')).toBe('/track/QL123');
    expect(inboxLinkTarget(null)).toBeNull();
    expect(inboxLinkTarget('')).toBeNull();
    expect(inboxLinkTarget('https://evil.example/')).toBeNull();
    expect(inboxLinkTarget('//evil.example/x')).toBeNull();
    expect(inboxLinkTarget('/\\evil.example')).toBeNull();
    expect(inboxLinkTarget('javascript:alert(1)')).toBeNull();
  });

  it('marks one item read once, counting it off the unread number', () => {
    const page: InboxPage = { items: [item('a'), item('b', '2026-11-28T09:00:00.000Z')], unreadCount: 1, nextBefore: null };
    const read = withItemRead(page, 'a', '2026-11-28T10:00:00.000Z');
    expect(read.items[0]!.readAt).toBe('2026-11-28T10:00:00.000Z');
    expect(read.unreadCount).toBe(0);
    // Already read, or not on this page: nothing changes.
    expect(withItemRead(read, 'a', '2026-11-28T11:00:00.000Z')).toBe(read);
    expect(withItemRead(page, 'zzz', '2026-11-28T11:00:00.000Z')).toBe(page);
  });

  it('marks all read, keeping the time of those read before', () => {
    const page: InboxPage = { items: [item('a'), item('b', '2026-11-28T09:00:00.000Z')], unreadCount: 7, nextBefore: 'b' };
    const read = withAllRead(page, '2026-11-28T10:00:00.000Z');
    expect(read.items.map((i) => i.readAt)).toEqual(['2026-11-28T10:00:00.000Z', '2026-11-28T09:00:00.000Z']);
    expect(read.unreadCount).toBe(0);
    expect(read.nextBefore).toBe('b');
  });
});
