import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, beijingDateTime, orderNotificationBody } from './disposal-orders';

describe('order notifications', () => {
  it('gives the due time in Beijing time, as people read it, not as an ISO instant in UTC', () => {
    expect(beijingDateTime('2026-12-01T10:00:00.000Z')).toBe('2026-12-01 18:00');
    expect(beijingDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(beijingDateTime(new Date('2026-06-01T00:00:00+08:00'))).toBe('2026-06-01 00:00');
    expect(orderNotificationBody('issued', { dueAt: '2026-12-01T10:00:00.000Z' })).toEqual({
      'zh-CN': '请于 2026-12-01 18:00（北京时间）前执行并反馈。',
      en: 'Execute it and report back by 2026-12-01 18:00 Beijing time.',
    });
  });

  it('says something in both languages for every status, with what was done or why it is disputed', () => {
    for (const status of ORDER_STATUSES) {
      const body = orderNotificationBody(status, { dueAt: '2026-12-01T10:00:00Z', note: '已删除', reason: '仍可访问' });
      expect(body['zh-CN'].length, status).toBeGreaterThan(4);
      expect(body.en.length, status).toBeGreaterThan(4);
    }
    expect(orderNotificationBody('executed', { note: '已删除涉事文章' })['zh-CN']).toContain('已删除涉事文章');
    expect(orderNotificationBody('disputed', { reason: '转载帖仍可访问' }).en).toContain('转载帖仍可访问');
  });
});
