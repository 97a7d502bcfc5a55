import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../lib/worker-pool';
import type { ReportText } from './report-indicators';
import { type ReportAnalysis, analyzeReport, reportText } from './report-analysis';
import type { ReportSubmission } from './reports.schemas';

const submission: ReportSubmission = {
  category: 'online_extortion',
  description: '对方通过微信 wxid_kz8812 和电话 138 1234 5678 联系我们，要求向支付宝 pay-kz@example.com 支付５万元删帖费。',
  targetUrls: ['https://www.example.com/article/123456.html?utm_source=wechat', 'https://m.example.cn/p/998877'],
  platform: '某资讯客户端 weibo.com/u/556677',
  money: { amount: 50000 },
  reporter: {
    anonymous: false,
    name: '张三',
    phone: '13900000000',
    email: 'zhang@example.org',
    enterprise: { name: '某某科技有限公司', uscc: '91110108MA01ABCD2X' },
  },
};

describe('reportText', () => {
  it('keeps what the analysis reads and none of the reporter’s personal data', () => {
    const text = reportText(submission);
    expect(text).toEqual({
      description: submission.description,
      platform: submission.platform,
      targetUrls: submission.targetUrls,
      reporter: { enterprise: { uscc: '91110108MA01ABCD2X' } },
    });
    expect(analyzeReport(text)).toEqual(analyzeReport(submission));
    expect(reportText({ category: 'paid_deletion', description: '删帖', reporter: { anonymous: true } })).toEqual({
      description: '删帖',
      reporter: {},
    });
  });
});

describe('report analysis on a worker thread', () => {
  const pool = new WorkerPool<ReportText, ReportAnalysis>({
    module: new URL('./report-analysis.worker.ts', import.meta.url),
    size: 1,
    compute: () => {
      throw new Error('computed in the main thread');
    },
  });
  afterAll(() => pool.close());

  it('answers what analyzeReport answers here, the signature as a Uint32Array', async () => {
    const texts = [
      reportText(submission),
      { description: '……！！', reporter: {} },
      { description: '另一份举报 qq 12345678', reporter: {} },
    ];
    const answers = await Promise.all(texts.map((t) => pool.run(t)));
    expect(answers).toEqual(texts.map(analyzeReport));
    expect(answers[0]!.signature).toBeInstanceOf(Uint32Array);
    expect(answers[0]!.indicators.length).toBeGreaterThan(3);
    expect(answers[1]!.signature).toBeNull();
  });
});
