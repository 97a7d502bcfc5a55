import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createUser, openSession } from '../factories';
import { SCREENSHOT_DIR, launchChromium, startServedApp, stopServedApp } from './browser';

describe('the public transparency page of deletion requests in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    ({ app, base, dataDir } = await startServedApp('transparency'));
    const province = await createOrganization(app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000' });
    const busy = await createOrganization(app, { kind: 'website', name: '钱塘论坛', regionCode: '330100', parentId: province.id });
    const quiet = await createOrganization(app, { kind: 'website', name: '西湖社区', regionCode: '330100', parentId: province.id });
    const record = async (orgId: string, times: number) => {
      const { headers } = await openSession(app, (await createUser(app, { orgId, roles: ['website_compliance'] })).id);
      for (let i = 0; i < times; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/deletion-requests',
          headers,
          payload: {
            requesterKind: 'individual',
            requesterName: `某公关公司${i}`,
            targetUrls: [`https://bbs.example.cn/t/${i}`],
            reason: '侵犯隐私',
          },
        });
        expect(res.statusCode).toBe(201);
      }
    };
    await record(busy.id, 3);
    await record(quiet.id, 1);
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('shows each website’s counts, busiest first, on a phone, from the portal’s navigation', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/`);
    await page.getByTestId('nav-transparency').click();
    await page.getByTestId('transparency-table').waitFor();
    const rows = page.getByTestId('transparency-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/钱塘论坛\s+3\s+0\s+0\s+3/);
    expect(await rows.nth(1).innerText()).toMatch(/西湖社区\s+1/);
    // Counts only: no requester's name reaches the public page.
    expect(await page.content()).not.toContain('某公关公司');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'transparency-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
