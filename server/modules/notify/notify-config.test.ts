import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';

const dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-notify-config-'));
const base = { QINGLANG_DATA_DIR: dataDir, QINGLANG_SECRET: 'x'.repeat(40) };

describe('notification settings', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs workers, sends no e-mail, and keeps webhooks off private addresses by default', () => {
    expect(loadConfig({ ...base, QINGLANG_PUBLIC_URL: 'https://qinglang.example.cn/' }).notify).toEqual({
      workers: true,
      intervalMs: 2000,
      smtpUrl: null,
      mailFrom: 'Qinglang <noreply@qinglang.example.cn>',
      webhookAllowPrivate: false,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      QINGLANG_WORKERS: 'off',
      QINGLANG_WORKER_INTERVAL_MS: '500',
      QINGLANG_SMTP_URL: 'smtps://mailer:p%40ss@smtp.example.cn:465',
      QINGLANG_MAIL_FROM: '清朗平台 <notify@example.cn>',
      QINGLANG_WEBHOOK_ALLOW_PRIVATE: 'on',
    });
    expect(config.notify).toEqual({
      workers: false,
      intervalMs: 500,
      smtpUrl: 'smtps://mailer:p%40ss@smtp.example.cn:465',
      mailFrom: '清朗平台 <notify@example.cn>',
      webhookAllowPrivate: true,
    });
  });

  it('names every wrong variable at once, without echoing the SMTP password', () => {
    let error: unknown;
    try {
      loadConfig({
        ...base,
        QINGLANG_WORKERS: 'sometimes',
        QINGLANG_WORKER_INTERVAL_MS: '5',
        QINGLANG_SMTP_URL: 'http://mailer:hunter2@smtp.example.cn',
        QINGLANG_MAIL_FROM: 'nobody',
        QINGLANG_WEBHOOK_ALLOW_PRIVATE: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'QINGLANG_WORKERS',
      'QINGLANG_WORKER_INTERVAL_MS',
      'QINGLANG_SMTP_URL',
      'QINGLANG_MAIL_FROM',
      'QINGLANG_WEBHOOK_ALLOW_PRIVATE',
    ])
      expect(problems).toContain(name);
    expect(problems).not.toContain('hunter2');
  });
});
