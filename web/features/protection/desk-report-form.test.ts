import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toDeskReportBody } from './desk-report-form';

describe('the desk report body', () => {
  it('sends the report as the public form does, with no reporter: that comes from the enterprise record', () => {
    const body = toDeskReportBody({
      category: 'online_extortion',
      description: '  某账号威胁发布负面文章并索要五万元。  ',
      targetUrls: 'https://bbs.example.cn/t/1\n\n https://bbs.example.cn/t/2 ',
      occurredAt: dayjs('2026-11-20T08:00:00Z'),
      money: { amount: 50000, currency: 'CNY', channel: 'alipay' },
      reporter: { phone: ' 0574-87654321 ' },
    });
    expect(body).toEqual({
      category: 'online_extortion',
      description: '某账号威胁发布负面文章并索要五万元。',
      targetUrls: ['https://bbs.example.cn/t/1', 'https://bbs.example.cn/t/2'],
      occurredAt: '2026-11-20T08:00:00.000Z',
      money: { amount: 50000, currency: 'CNY', channel: 'alipay' },
      contactPhone: '0574-87654321',
      contactConsent: true,
    });
    expect(body).not.toHaveProperty('reporter');
  });

  it('leaves out what was not given, and keeps a refusal to be contacted', () => {
    const body = toDeskReportBody({ category: 'other', description: 'x'.repeat(30), reporter: { phone: '  ' }, contactConsent: false });
    expect(body).toEqual({ category: 'other', description: 'x'.repeat(30), contactConsent: false });
  });
});
