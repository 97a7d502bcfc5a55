import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_KEY_HEADER } from '../../contracts/reports';
import { createOrganization, createUser, fileReport } from '../factories';
import {
  SCREENSHOT_DIR,
  chooseOption,
  launchChromium,
  signedInContext,
  startServedApp,
  stopServedApp,
  horizontalOverflow,
} from './browser';

const LEAD_NAME = '杭州市网信办';
const DESCRIPTION = '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”，联系电话 13812345678，已经转账两万元。';
const CASE_TITLE = '自媒体敲诈企业（端到端测试）';

describe('triage and casework in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let triageUserId: string;
  let officerUserId: string;

  /** A browser signed in as a user: their session cookie, as if they had just signed in. */
  const signedIn = (userId: string, viewport?: { width: number; height: number }) => signedInContext(browser, app, base, userId, viewport);

  beforeAll(async () => {
    ({ app, base, dataDir } = await startServedApp('casework'));

    const centre = await createOrganization(app, { kind: 'reporting_centre', name: '互联网违法和不良信息举报中心', regionCode: '100000' });
    const zj = await createOrganization(app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
    const hz = await createOrganization(app, { kind: 'regulator', name: LEAD_NAME, regionCode: '330100', parentId: zj.id });
    await createOrganization(app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: zj.id });
    triageUserId = (await createUser(app, { orgId: centre.id, roles: ['triage_officer'] })).id;
    officerUserId = (await createUser(app, { orgId: hz.id, roles: ['case_officer'] })).id;
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('takes an anonymous report from the triage queue to a case accepted by the lead agency', async () => {
    // The reporter files, anonymously, and keeps the tracking code and access key.
    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        category: 'online_extortion',
        description: DESCRIPTION,
        money: { amount: 20000, currency: 'CNY', channel: 'alipay' },
        reporter: { anonymous: true },
      },
    });
    expect(filed.statusCode).toBe(201);
    const receipt = filed.json<{ trackingCode: string; accessKey: string }>();

    // Triage: the queue, the report, a case opened from it.
    const triageContext = await signedIn(triageUserId);
    const triage = await triageContext.newPage();
    const pageErrors: string[] = [];
    triage.on('pageerror', (error) => pageErrors.push(error.message));
    await triage.goto(`${base}/workbench/triage`);
    const queued = triage.getByRole('link', { name: receipt.trackingCode });
    await queued.waitFor();
    await triage.screenshot({ path: path.join(SCREENSHOT_DIR, 'casework-triage-queue.png'), fullPage: true });
    await queued.click();
    await triage.waitForURL(/\/workbench\/triage\/[^/]+$/);
    await triage.getByText('13812345678').first().waitFor();
    await triage.getByTestId('open-case').click();

    const dialog = triage.locator('.ant-modal-container');
    await dialog.locator('#open-case_title').fill(CASE_TITLE);
    await dialog.locator('#open-case_regionCode').fill('330106');
    await chooseOption(triage, dialog.locator('#open-case_priority'), /^高$/);
    await chooseOption(triage, dialog.locator('#open-case_targetKind'), /^个人$/);
    // Money was paid: the switch starts on when the report says so.
    const moneyPaid = dialog.locator('#open-case_moneyPaid');
    if ((await moneyPaid.getAttribute('aria-checked')) !== 'true') await moneyPaid.click();
    expect(await moneyPaid.getAttribute('aria-checked')).toBe('true');
    await triage.screenshot({ path: path.join(SCREENSHOT_DIR, 'casework-open-case.png') });
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();

    await triage.waitForURL(/\/workbench\/cases\/[^/]+$/);
    const heading = triage.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.innerText()).toMatch(/QL-\d{4}-\d{6}/);
    const caseNumber = (await heading.innerText()).match(/QL-\d{4}-\d{6}/)![0];
    await expect.poll(() => triage.getByTestId('case-status').innerText()).toContain('已交办');
    await expect.poll(() => triage.getByTestId('case-agency-lead').innerText()).toContain(LEAD_NAME);
    await triage.screenshot({ path: path.join(SCREENSHOT_DIR, 'casework-case-assigned.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await triageContext.close();

    // The lead agency's case officer: the list, the case, accepted.
    const officerContext = await signedIn(officerUserId);
    const officer = await officerContext.newPage();
    officer.on('pageerror', (error) => pageErrors.push(error.message));
    await officer.goto(`${base}/workbench/cases`);
    const row = officer.getByTestId('cases-table').locator('tr').filter({ hasText: caseNumber });
    await row.waitFor();
    await officer.screenshot({ path: path.join(SCREENSHOT_DIR, 'casework-cases.png'), fullPage: true });
    await row.click();
    await officer.waitForURL(/\/workbench\/cases\/[^/]+$/);
    await officer.getByTestId('case-action-accept').click();
    await officer.locator('.ant-modal-container .ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => officer.getByTestId('case-status').innerText()).toContain('已受理');
    await expect.poll(() => officer.locator('.ant-modal-container').count()).toBe(0);
    await expect.poll(() => officer.getByTestId('case-action-accept').count()).toBe(0);
    await officer.waitForTimeout(300);
    await officer.screenshot({ path: path.join(SCREENSHOT_DIR, 'casework-case-accepted.png'), fullPage: true });

    // The same page on a phone.
    const caseUrl = officer.url();
    const phoneContext = await signedIn(officerUserId, { width: 390, height: 844 });
    const phone = await phoneContext.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(caseUrl);
    await expect.poll(() => phone.getByTestId('case-status').innerText()).toContain('已受理');
    await phone.getByTestId('case-agency-lead').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'casework-case-accepted-phone.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await phoneContext.close();
    await officerContext.close();

    // The reporter's tracking page says the report was accepted.
    const tracked = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/${receipt.trackingCode}`,
      headers: { [ACCESS_KEY_HEADER]: receipt.accessKey },
    });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json<{ status: string }>().status).toBe('accepted');
  }, 120_000);

  it('opens a case routed by hand: the lead and assisting agencies chosen in the dialog, and the reason kept', async () => {
    const receipt = await fileReport(app, {
      category: 'paid_deletion',
      description: '有人自称删帖公司，要求我们支付三万元删除网上的负面帖子，微信 wxid_override01，已报警。',
      reporter: { anonymous: true },
    });

    const context = await signedIn(triageUserId, { width: 390, height: 844 });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/workbench/triage`);
    await page.getByRole('link', { name: receipt.trackingCode }).click();
    await page.waitForURL(/\/workbench\/triage\/[^/]+$/);
    await page.getByTestId('open-case').click();

    const dialog = page.locator('.ant-modal-container');
    await dialog.locator('#open-case_title').fill('删帖公司收费删帖（人工指定主办单位）');
    await dialog.locator('#open-case_regionCode').fill('330106');
    await dialog.locator('#open-case_overriding').click();
    // Without a lead agency and a reason the dialog refuses, and says why.
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.getByText('请选择主办单位').waitFor();
    await dialog.getByText('请填写理由').waitFor();
    expect(page.url()).toMatch(/\/workbench\/triage\/[^/]+$/);

    // Both agency lists are searched by name, as a user types it, and the match picked with Enter.
    await dialog.locator('#open-case_override_leadOrgId').click();
    await dialog.locator('#open-case_override_leadOrgId').fill('公安厅');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByText('请选择主办单位').count()).toBe(0);
    await dialog.locator('#open-case_override_assistingOrgIds').click();
    await dialog.locator('#open-case_override_assistingOrgIds').fill('杭州市');
    await page.keyboard.press('Enter');
    await dialog.locator('#open-case_override_reason').fill('涉嫌敲诈勒索犯罪，直接由公安机关主办');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'casework-open-case-override-phone.png') });
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();

    await page.waitForURL(/\/workbench\/cases\/[^/]+$/);
    await expect.poll(() => page.getByTestId('case-agency-lead').innerText()).toContain('浙江省公安厅');
    await expect.poll(() => page.getByTestId('case-agency-assisting').innerText()).toContain(LEAD_NAME);
    await page.getByText('人工指定理由：涉嫌敲诈勒索犯罪，直接由公安机关主办').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);
});
