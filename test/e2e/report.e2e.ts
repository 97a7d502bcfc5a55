import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { tinyPng } from '../multipart';
import { SCREENSHOT_DIR, chooseOption, launchChromium, stopServedApp } from './browser';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('public reporting in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) throw new Error('Build the front end first: npm run build:web');
    dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-e2e-'));
    // The real configuration, with the proof-of-work challenge on (made easy so the test is quick).
    const config = loadConfig(
      {
        QINGLANG_DATA_DIR: dataDir,
        QINGLANG_CHALLENGE: 'on',
        QINGLANG_CHALLENGE_MAX_NUMBER: '1000',
        QINGLANG_RATE_LIMIT: 'off',
        LOG_LEVEL: 'warn',
      },
      { cwd: ROOT },
    );
    app = await buildApp(config, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  });

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('files a report with an image through the form, then finds it on the tracking page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${base}/report`);
    await chooseOption(page, page.getByTestId('report-category'), '网络敲诈');
    await page
      .getByTestId('report-description')
      .fill('某自媒体账号连续发布针对我公司的不实文章，对方通过微信 wxid_kz8812 联系我们，要求支付五万元“合作费”才肯删除，否则继续发布。');
    await page.getByTestId('report-target-urls').fill('https://www.example.com/article/123?utm_source=wechat');

    const imagePath = path.join(dataDir, '截图.png');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(imagePath, tinyPng(42));
    await page.locator('[data-testid="report-evidence-input"] input[type=file], input[type=file]').first().setInputFiles(imagePath);
    await expect.poll(() => page.getByText('截图.png').count()).toBeGreaterThan(0);

    // The proof-of-work widget: ticking it solves the challenge in the browser.
    await page.locator('altcha-widget input[type=checkbox]').click();
    await page.locator('altcha-widget .altcha[data-state="verified"]').waitFor({ timeout: 60_000 });

    await page.getByTestId('report-submit').click();
    const codeLocator = page.getByTestId('receipt-tracking-code');
    await codeLocator.waitFor({ timeout: 30_000 });
    const trackingCode = (await codeLocator.innerText()).trim();
    const accessKey = (await page.getByTestId('receipt-access-key').innerText()).trim();
    expect(trackingCode).toMatch(/^QL[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(accessKey).toMatch(/^[0-9A-HJKMNP-TV-Z]{32}$/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-receipt.png'), fullPage: true });

    // The report and its evidence are stored.
    const stored = await app.qinglang.database.db
      .selectFrom('reports')
      .select(['id', 'category'])
      .where('tracking_code', '=', trackingCode)
      .executeTakeFirstOrThrow();
    expect(stored.category).toBe('online_extortion');
    const evidence = await app.qinglang.database.db
      .selectFrom('report_evidence')
      .select(['file_name', 'media_type'])
      .where('report_id', '=', stored.id)
      .execute();
    expect(evidence).toEqual([{ file_name: '截图.png', media_type: 'image/png' }]);

    // Follow it on the tracking page, as the reporter would.
    await page.goto(`${base}/track`);
    await page.getByTestId('track-code').fill(trackingCode);
    await page.getByTestId('track-key').fill(accessKey);
    await page.getByTestId('track-submit').click();
    const status = page.getByTestId('track-status');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.innerText()).toContain('已成功提交');
    expect(await page.getByTestId('track-steps').innerText()).toContain('已收到举报');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-tracking.png'), fullPage: true });

    // A wrong key gets the one not-found answer.
    await page.goto(`${base}/track`);
    await page.getByTestId('track-code').fill(trackingCode);
    await page.getByTestId('track-key').fill('0'.repeat(32));
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-error').waitFor({ timeout: 30_000 });

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows the portal in English on a phone-sized screen', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByTestId('lang-switch').waitFor();
    // zh-CN is the default whatever the browser says; the switch turns the portal to English.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.goto(`${base}/report`);
    await page.getByTestId('report-description').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-form-phone-en.png'), fullPage: true });
    await context.close();
  });
});
