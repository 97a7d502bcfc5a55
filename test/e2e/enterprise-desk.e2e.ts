import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createProvince, createUser, openSession } from '../factories';
import { tinyPng } from '../multipart';
import {
  SCREENSHOT_DIR,
  chooseOption,
  launchChromium,
  signedInContext,
  startServedApp,
  stopServedApp,
  horizontalOverflow,
  openPage,
} from './browser';

const USCC = '91330200MA2H4K7P3T';
const ENTERPRISE = '宁波海曙示例科技有限公司';
const DESCRIPTION = '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”才肯删除，联系电话 13812345678。';

describe('the enterprise desk in a real browser: report an extortion attempt and follow it', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let enterpriseUserId: string;
  let triageUserId: string;
  let liaisonId: string;

  const signedIn = (userId: string, viewport?: { width: number; height: number }) => signedInContext(browser, app, base, userId, viewport);

  /** Opens a page, collecting script errors; the test expects none. */
  const open = (context: BrowserContext, url: string, errors: string[]) => openPage(context, base, url, errors);

  beforeAll(async () => {
    ({ app, base, dataDir } = await startServedApp('enterprise-desk'));
    const { national: centre, province } = await createProvince(app);
    await createOrganization(app, { kind: 'regulator', name: '宁波市网信办', regionCode: '330200', parentId: province.id });
    const enterprise = await createOrganization(app, {
      kind: 'enterprise',
      name: ENTERPRISE,
      parentId: province.id,
      regionCode: '330203',
      uscc: USCC,
    });
    enterpriseUserId = (await createUser(app, { orgId: enterprise.id, roles: ['enterprise_liaison'], email: 'fawu@haishu.example.cn' })).id;
    triageUserId = (await createUser(app, { orgId: centre.id, roles: ['triage_officer'] })).id;
    liaisonId = (await createUser(app, { orgId: province.id, roles: ['enterprise_liaison'] })).id;
    const lead = await createUser(app, { orgId: province.id, roles: ['agency_lead'] });
    const assigned = await app.inject({
      method: 'PUT',
      url: `/api/v1/protection/enterprises/${enterprise.id}/liaison`,
      headers: (await openSession(app, lead.id)).headers,
      payload: { userId: liaisonId },
    });
    expect(assigned.statusCode).toBe(200);
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('files from the desk with the details pre-filled, and shows the case number once triage opens a case', async () => {
    const errors: string[] = [];

    // The enterprise's person: the reporter is shown from the registration, not typed.
    const enterpriseContext = await signedIn(enterpriseUserId);
    const desk = await open(enterpriseContext, '/workbench/protection/reports', errors);
    await desk.getByTestId('desk-new-report').click();
    await desk.waitForURL(/\/workbench\/protection\/reports\/new$/);
    const reporter = desk.getByTestId('desk-reporter');
    await reporter.waitFor();
    expect(await reporter.innerText()).toContain(ENTERPRISE);
    expect(await reporter.innerText()).toContain(USCC);
    expect(await reporter.innerText()).toContain('fawu@haishu.example.cn');

    await desk.locator('#desk-report_category').click();
    // Each category is offered with what it covers, as on the public form.
    const extortion = desk.locator('.ant-select-item-option').filter({ hasText: /^网络敲诈/ });
    expect(await extortion.innerText()).toContain('索要钱财');
    await extortion.click();
    // Too short first: the public form's check refuses it before anything is sent.
    await desk.locator('#desk-report_description').fill('太短了');
    await desk.getByTestId('desk-submit').click();
    await desk.locator('.ant-form-item-explain-error').first().waitFor();
    await desk.locator('#desk-report_description').fill(DESCRIPTION);
    await desk.locator('#desk-report_targetUrls').fill('https://bbs.example.cn/t/88');
    await desk.locator('#desk-report_reporter_phone').fill('0574-87654321');
    // Evidence, with the public form's picker and limits.
    const imagePath = path.join(dataDir, '威胁截图.png');
    writeFileSync(imagePath, tinyPng(17));
    await desk.locator('#desk-report input[type=file]').setInputFiles(imagePath);
    await desk.locator('.ant-upload-list').getByText('威胁截图.png').waitFor();
    await desk.screenshot({ path: path.join(SCREENSHOT_DIR, 'enterprise-desk-report.png'), fullPage: true });
    await desk.getByTestId('desk-submit').click();

    await desk.waitForURL(/\/workbench\/protection\/reports\/[^/]+$/);
    await desk.getByTestId('desk-filed').waitFor();
    const reportId = desk.url().split('/').pop()!;
    expect(await desk.getByTestId('desk-status').innerText()).toContain('已收到');
    expect(await desk.getByTestId('desk-case-number').innerText()).toContain('尚未立案');
    // The file went with the report and is listed on it.
    expect(await desk.getByTestId('desk-evidence').innerText()).toContain('威胁截图.png');
    const evidence = await app.qinglang.database.db
      .selectFrom('report_evidence')
      .select(['file_name', 'media_type'])
      .where('report_id', '=', desk.url().split('/').pop()!)
      .execute();
    expect(evidence).toEqual([{ file_name: '威胁截图.png', media_type: 'image/png' }]);

    const stored = await app.qinglang.database.db
      .selectFrom('reports')
      .select(['tracking_code', 'source', 'reporter_kind'])
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ source: 'enterprise', reporter_kind: 'enterprise' });
    // The liaison at the regulator was told.
    const told = await app.qinglang.database.db.selectFrom('inbox_items').select('id').where('user_id', '=', liaisonId).execute();
    expect(told).toHaveLength(1);

    // "My reports" lists it.
    await desk.goto(`${base}/workbench/protection/reports`);
    const row = desk.getByTestId('desk-report-row').filter({ hasText: stored.tracking_code });
    await row.waitFor();
    expect(await row.innerText()).toContain('已收到');

    // Triage opens a case from it.
    const triageContext = await signedIn(triageUserId);
    const triage = await open(triageContext, `/workbench/triage/${reportId}`, errors);
    await triage.getByTestId('open-case').click();
    const dialog = triage.locator('.ant-modal-container');
    await dialog.locator('#open-case_title').fill('自媒体敲诈宁波企业');
    await dialog.locator('#open-case_regionCode').fill('330203');
    await chooseOption(triage, dialog.locator('#open-case_priority'), /^高$/);
    await chooseOption(triage, dialog.locator('#open-case_targetKind'), /^个人$/);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await triage.waitForURL(/\/workbench\/cases\/[^/]+$/);
    const heading = triage.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.innerText()).toMatch(/QL-\d{4}-\d{6}/);
    const caseNumber = (await heading.innerText()).match(/QL-\d{4}-\d{6}/)![0];
    await triageContext.close();

    // The enterprise sees the case number and the new status, in the list and on the report.
    await desk.reload();
    await expect
      .poll(() => desk.getByTestId('desk-report-row').filter({ hasText: stored.tracking_code }).innerText())
      .toContain(caseNumber);
    expect(await desk.getByTestId('desk-report-row').filter({ hasText: stored.tracking_code }).innerText()).toContain('已受理');
    await desk.getByRole('link', { name: stored.tracking_code }).click();
    await desk.waitForURL(/\/workbench\/protection\/reports\/[^/]+$/);
    await expect.poll(() => desk.getByTestId('desk-case-number').innerText()).toBe(caseNumber);
    expect(await desk.getByTestId('desk-status').innerText()).toContain('已受理');
    // The public steps in plain words: received, then accepted.
    expect((await desk.getByTestId('desk-steps').locator('.ant-timeline-item').count()) >= 2).toBe(true);
    await enterpriseContext.close();

    // On a phone: the list and the report fit 390 px.
    const phoneContext = await signedIn(enterpriseUserId, { width: 390, height: 844 });
    const phone = await open(phoneContext, '/workbench/protection/reports', errors);
    await phone.getByTestId('desk-report-row').first().waitFor();
    expect(await phone.getByTestId('desk-case-number').first().innerText()).toBe(caseNumber);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'enterprise-desk-reports-phone.png'), fullPage: true });
    await phone.getByRole('link', { name: stored.tracking_code }).click();
    await expect.poll(() => phone.getByTestId('desk-case-number').innerText()).toBe(caseNumber);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'enterprise-desk-report-phone.png'), fullPage: true });
    await phone.goto(`${base}/workbench/protection/reports/new`);
    await phone.getByTestId('desk-reporter').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phoneContext.close();

    expect(errors).toEqual([]);
  });
});
