import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createProvince, createUser } from '../factories';
import { SCREENSHOT_DIR, launchChromium, signedInContext, startServedApp, stopServedApp, horizontalOverflow, openPage } from './browser';

const USCC = '91330200MA2H4K7P3T';
const REP_NAME = '李华';
const REP_ID = '330106198503120044';
const OTHER_ID = '330106199001010018';

describe('enterprise protection, the rules registry and public guidance in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let enterpriseAdminId: string;
  let complianceUserId: string;
  let enterpriseId: string;
  let provinceAdminId: string;
  let nationalAdminId: string;

  const signedIn = (userId: string, viewport?: { width: number; height: number }) => signedInContext(browser, app, base, userId, viewport);

  /** Opens a page, collecting script errors; the test expects none. */
  const open = (context: BrowserContext, url: string, errors: string[]) => openPage(context, base, url, errors);

  beforeAll(async () => {
    ({ app, base, dataDir } = await startServedApp('protection'));

    const { national, province } = await createProvince(app, { kind: 'regulator', name: '国家网信办' });
    const enterprise = await createOrganization(app, {
      kind: 'enterprise',
      name: '宁波海曙示例科技有限公司',
      parentId: province.id,
      regionCode: '330203',
      uscc: USCC,
    });
    const site = await createOrganization(app, {
      kind: 'website',
      name: '钱塘论坛',
      regionCode: '330100',
      parentId: province.id,
      domains: ['bbs.example.cn'],
    });
    enterpriseId = enterprise.id;
    provinceAdminId = (await createUser(app, { orgId: province.id, roles: ['admin'] })).id;
    nationalAdminId = (await createUser(app, { orgId: national.id, roles: ['admin'] })).id;
    enterpriseAdminId = (await createUser(app, { orgId: enterprise.id, roles: ['admin'] })).id;
    complianceUserId = (await createUser(app, { orgId: site.id, roles: ['website_compliance'] })).id;
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('lets an enterprise register a representative and a website verify a requester', async () => {
    const errors: string[] = [];

    // The enterprise's administrator: a wrong ID number is refused in the form, a right one registered.
    const adminContext = await signedIn(enterpriseAdminId);
    const desk = await open(adminContext, '/workbench/protection', errors);
    await desk.getByTestId('representatives-table').waitFor();
    await desk.locator('#add-representative_name').fill(REP_NAME);
    await desk.locator('#add-representative_title').fill('法务经理');
    await desk.locator('#add-representative_idNumber').fill('330106198503120045');
    await desk.getByTestId('add-representative').click();
    await desk.getByText('身份证号不正确').waitFor();
    await desk.locator('#add-representative_idNumber').fill(REP_ID);
    await desk.locator('#add-representative_phone').fill('13812345678');
    await desk.getByTestId('add-representative').click();
    const row = desk.getByTestId('representatives-table').locator('tr').filter({ hasText: REP_NAME });
    await row.waitFor();
    expect(await row.innerText()).toContain('3301**********0044');
    expect(await row.innerText()).not.toContain(REP_ID);
    await desk.screenshot({ path: path.join(SCREENSHOT_DIR, 'protection-desk.png'), fullPage: true });
    await adminContext.close();

    // The website's compliance officer: yes for the registered representative, no for another ID.
    const siteContext = await signedIn(complianceUserId);
    const verify = await open(siteContext, '/workbench/protection/verify', errors);
    await verify.locator('#verify-requester_uscc').fill(USCC);
    await verify.locator('#verify-requester_name').fill(REP_NAME);
    await verify.locator('#verify-requester_idNumber').fill(REP_ID);
    await verify.getByTestId('verify-submit').click();
    const answer = verify.getByTestId('verify-answer');
    await expect.poll(() => answer.getAttribute('data-answer')).toBe('yes');
    expect(await answer.innerText()).toContain('是：');
    await verify.screenshot({ path: path.join(SCREENSHOT_DIR, 'protection-verify-yes.png'), fullPage: true });
    await verify.locator('#verify-requester_idNumber').fill(OTHER_ID);
    await verify.getByTestId('verify-submit').click();
    await expect.poll(() => verify.getByTestId('verify-answer').getAttribute('data-answer')).toBe('no');
    expect(await verify.getByTestId('verify-answer').innerText()).toContain('否：');

    // The rules registry, read by the same person.
    const rules = await open(siteContext, '/workbench/rules', errors);
    await rules.getByTestId('provisions-table').getByText('CL-274').waitFor();
    await rules.getByTestId('criteria-card').getByText('身份核验').waitFor();
    await rules.screenshot({ path: path.join(SCREENSHOT_DIR, 'rules.png'), fullPage: true });
    expect(errors).toEqual([]);
    await siteContext.close();
  }, 120_000);

  it('lets a regulator assign the liaison and a top-level administrator change the criteria', async () => {
    const errors: string[] = [];
    const regulatorContext = await signedIn(provinceAdminId);
    const desk = await open(regulatorContext, `/workbench/protection/${enterpriseId}`, errors);
    await desk.getByTestId('representatives-table').waitFor();
    expect(await desk.getByTestId('add-representative').count()).toBe(0);
    await desk.locator('.protection-liaison-select').click();
    await desk.locator('.ant-select-item-option').first().click();
    await desk.getByRole('button', { name: '指定联络人' }).click();
    await expect.poll(() => desk.getByTestId('protection-liaison').innerText()).toContain('浙江省网信办');
    await regulatorContext.close();

    const adminContext = await signedIn(nationalAdminId);
    const rules = await open(adminContext, '/workbench/rules', errors);
    const card = rules.getByTestId('criteria-card');
    await card.getByText('第 1 版').waitFor();
    await rules.getByRole('button', { name: '修改受理标准' }).click();
    const dialog = rules.locator('.ant-modal-container');
    // A code the registry does not hold: the server's field error, in Chinese, and nothing changes.
    const codes = rules.locator('#criteria_criteria_0_provisionCodes');
    await codes.click();
    await codes.pressSequentially('NOPE-1');
    await codes.press('Enter');
    await rules.locator('#criteria_reason').fill('端到端测试：确认现行标准');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.locator('.form-error').waitFor();
    await rules.screenshot({ path: path.join(SCREENSHOT_DIR, 'rules-criteria-error.png') });
    await codes.press('Backspace');
    await rules.locator('#criteria_criteria_0_en').fill('The requester’s identity is verified (end-to-end test)');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await card.getByText('第 2 版').waitFor();
    await card.getByText('端到端测试：确认现行标准').waitFor();
    expect(errors).toEqual([]);
    await adminContext.close();
  }, 120_000);

  it('shows the public guidance and the workbench pages without sideways scrolling on a phone', async () => {
    const errors: string[] = [];
    const publicContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const home = await open(publicContext, '/', errors);
    await home.getByTestId('nav-guidance').click();
    await home.waitForURL(/\/guidance$/);
    await home.getByRole('link', { name: '遇到敲诈，要保存哪些证据' }).click();
    await home.waitForURL(/\/guidance\/keep-evidence$/);
    await home.getByRole('heading', { level: 1, name: '遇到敲诈，要保存哪些证据' }).waitFor();
    await home.getByText('不要删除任何记录').waitFor();
    expect(await horizontalOverflow(home)).toBeLessThanOrEqual(0);
    await home.screenshot({ path: path.join(SCREENSHOT_DIR, 'guidance-article-phone.png'), fullPage: true });
    const report = home.getByRole('link', { name: '我要举报' }).last();
    expect(await report.getAttribute('href')).toBe('/report');
    await publicContext.close();

    for (const [userId, url, ready] of [
      [enterpriseAdminId, '/workbench/protection', 'representatives-table'],
      [complianceUserId, '/workbench/protection/verify', 'verify-submit'],
      [complianceUserId, '/workbench/rules', 'provisions-table'],
    ] as const) {
      const context = await signedIn(userId, { width: 390, height: 844 });
      const page = await open(context, url, errors);
      await page.getByTestId(ready).waitFor();
      await page.waitForTimeout(300);
      expect(await horizontalOverflow(page), url).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `phone-${url.split('/').pop()}.png`), fullPage: true });
      await context.close();
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
