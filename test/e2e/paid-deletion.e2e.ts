import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM, createOrganization, createProvince, createUser } from '../factories';
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
const WEBSITE = '钱塘论坛';
const REP_NAME = '李华';
const REP_ID = '330106198503120044';
const AGENT = '速删网络公关有限公司';

/** The server's words for the signals this request must raise (`deletion-requests.ts`). */
const INTERMEDIARY_WORDS = '请求人是中介或公关公司，而不是信息涉及的当事人本人。';
const NOT_AUTHORIZED_WORDS = `请求人不是${ENTERPRISE}在企业保护登记中登记的授权代表。`;
const MONEY_WORDS = '请求中提到了金钱或付款，可能是有偿删帖。';

describe('paid deletion: an intermediary’s request flagged by the website and sent to triage, in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let enterpriseAdminId: string;
  let complianceId: string;
  let secondReviewerId: string;
  let triageId: string;
  let regulatorId: string;
  let websiteToken: string;

  const signedIn = (userId: string, viewport?: { width: number; height: number }) => signedInContext(browser, app, base, userId, viewport);

  /** Opens a page, collecting script errors; the test expects none. */
  const open = (context: BrowserContext, url: string, errors: string[]) => openPage(context, base, url, errors);

  beforeAll(async () => {
    ({ app, base, dataDir } = await startServedApp('paid-deletion'));
    const { national: centre, province } = await createProvince(app);
    const enterprise = await createOrganization(app, {
      kind: 'enterprise',
      name: ENTERPRISE,
      parentId: province.id,
      regionCode: '330203',
      uscc: USCC,
    });
    const site = await createOrganization(app, {
      kind: 'website',
      name: WEBSITE,
      regionCode: '330100',
      parentId: province.id,
      domains: ['bbs.example.cn'],
    });
    enterpriseAdminId = (await createUser(app, { orgId: enterprise.id, roles: ['admin'] })).id;
    complianceId = (await createUser(app, { orgId: site.id, roles: ['website_compliance'] })).id;
    secondReviewerId = (await createUser(app, { orgId: site.id, roles: ['website_compliance'] })).id;
    regulatorId = (await createUser(app, { orgId: province.id, roles: ['agency_lead'] })).id;
    triageId = (await createUser(app, { orgId: centre.id, roles: ['triage_officer'] })).id;
    // The website's own system files the requests it receives by e-mail with this token.
    websiteToken = (await app.qinglang.orgs.createApiToken(SYSTEM, site.id, { name: '删帖台账', scopes: ['deletion_requests:write'] }))
      .token;
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('takes an unauthorized, paid deletion request from the website’s log to the triage queue', async () => {
    const errors: string[] = [];

    // 1. The enterprise registers its authorized representative on its protection desk.
    const enterpriseContext = await signedIn(enterpriseAdminId);
    const desk = await open(enterpriseContext, '/workbench/protection', errors);
    await desk.getByTestId('representatives-table').waitFor();
    await desk.locator('#add-representative_name').fill(REP_NAME);
    await desk.locator('#add-representative_title').fill('法务经理');
    await desk.locator('#add-representative_idNumber').fill(REP_ID);
    await desk.getByTestId('add-representative').click();
    await desk.getByTestId('representatives-table').locator('tr').filter({ hasText: REP_NAME }).waitFor();
    await enterpriseContext.close();

    // 2. A PR firm asks the website to delete a post about the enterprise, offering money; the
    // website's system records it through the API, as an intermediary's e-mail reaches it.
    const filed = await fetch(`${base}/api/v1/deletion-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${websiteToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        requesterKind: 'agent',
        requesterName: AGENT,
        requesterContact: '微信 susan-pr-2026',
        principalName: ENTERPRISE,
        principalUscc: USCC,
        targetUrls: ['https://bbs.example.cn/thread/1001'],
        reason: '帖子内容失实，影响企业声誉，请尽快删除。',
        money: '删除一条 8000 元，可先付一半',
      }),
    });
    expect(filed.status, await filed.clone().text()).toBe(201);
    const requestId = ((await filed.json()) as { request: { id: string } }).request.id;

    // 3. The website's compliance officer finds it in the log, high risk.
    const siteContext = await signedIn(complianceId);
    const log = await open(siteContext, '/workbench', errors);
    await log.getByTestId('nav-deletionRequests').click();
    await log.waitForURL(/\/workbench\/deletion-requests$/);
    const row = log.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: AGENT });
    await row.waitFor();
    expect(await row.innerText()).toContain('高风险');
    expect(await row.innerText()).toContain('中介或公关公司');
    await log.getByTestId('high-risk-only').click();
    await expect.poll(() => log.getByTestId('deletion-counts').innerText()).toContain('共 1 件');
    await log.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-requests.png'), fullPage: true });
    await row.getByRole('link').click();
    await log.waitForURL(new RegExp(`/workbench/deletion-requests/${requestId}$`));

    // The signals, in words: an intermediary, not the enterprise's registered representative, money.
    const signals = log.getByTestId('signals');
    await signals.getByText(NOT_AUTHORIZED_WORDS).waitFor();
    await signals.getByText(INTERMEDIARY_WORDS).waitFor();
    await signals.getByText(MONEY_WORDS).waitFor();
    expect(await log.getByTestId('authority-answer').getAttribute('data-answer')).toBe('no');
    expect(await log.getByTestId('authority-answer').innerText()).toContain('否：请求人不是该企业登记的授权代表');
    // The server referred it as a clue on arrival: its risk reached the referral mark.
    await expect.poll(() => log.getByTestId('referred').innerText()).toContain('已自动转为线索');
    expect(await log.getByTestId('refer').count()).toBe(0);

    // The review: identity checked, authority refused (the registry says no), the request rejected.
    const identity = log.getByTestId('review-form-identity');
    for (const box of await identity.locator('input[type=checkbox]').all()) await box.check();
    await log.getByTestId('record-step-identity').click();
    const authority = log.getByTestId('review-form-authority');
    await authority.waitFor();
    expect(await authority.locator('.ant-radio-button-wrapper-checked').innerText()).toBe('不通过');
    await authority.locator('textarea').fill('企业保护登记答复：请求人不是授权代表；请求人提出付费删帖。');
    await log.getByTestId('record-step-authority').click();
    await log.getByTestId('step-authority').getByText('未通过').waitFor();
    const decision = log.getByTestId('decision-form');
    await decision.locator('.ant-select').click();
    await log.locator('.ant-select-item-option').first().click();
    await log.keyboard.press('Escape');
    await log.getByTestId('reject').click();
    await log.getByTestId('step-decision').getByText('已驳回').waitFor();
    await log.getByTestId('timeline').getByText('驳回').waitFor();
    await log.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-request-flagged.png'), fullPage: true });

    // 4. The same firm calls again about another post, naming the enterprise but no code; the
    // officer records it in the workbench form and turns it into a clue.
    await log.goto(`${base}/workbench/deletion-requests`);
    // The received-date filter is the server's: days long past list nothing, and the query says which days.
    await log.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: AGENT }).first().waitFor();
    const dated = log.waitForRequest((request) => request.url().includes('receivedFrom=2020-01-01&receivedTo=2020-01-31'));
    await log.locator('.dr-filters .ant-picker-range input').first().click();
    await log.locator('.dr-filters .ant-picker-range input').first().fill('2020-01-01');
    await log.keyboard.press('Enter');
    await log.locator('.dr-filters .ant-picker-range input').nth(1).fill('2020-01-31');
    await log.keyboard.press('Enter');
    await dated;
    await expect.poll(() => log.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: AGENT }).count()).toBe(0);
    await log.locator('.dr-filters .ant-picker-range').hover();
    await log.locator('.dr-filters .ant-picker-clear').click();
    await log.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: AGENT }).first().waitFor();
    await log.getByTestId('record-request').click();
    await chooseOption(log, log.locator('#record-request_requesterKind'), '中介或公关公司');
    await log.locator('#record-request_requesterName').fill(AGENT);
    await log.locator('#record-request_requesterContact').fill('电话 0571-88886666');
    await chooseOption(log, log.locator('#record-request_contactChannel'), /^电话$/);
    await log.locator('#record-request_principalName').fill(ENTERPRISE);
    await log.locator('#record-request_targetUrls').fill('https://bbs.example.cn/thread/1002');
    await log.locator('#record-request_reason').fill('代企业处理不实信息，请删除。');
    await log.locator('#record-request_money').fill('可支付 2 万元“服务费”');
    await log.locator('.ant-modal-footer .ant-btn-primary').click();
    await log.waitForURL(/\/workbench\/deletion-requests\/(?!compliance)[^/]+$/);
    const manualSignals = log.getByTestId('signals');
    await manualSignals.getByText(MONEY_WORDS).waitFor();
    await manualSignals.getByText(INTERMEDIARY_WORDS).waitFor();
    expect(await log.getByTestId('contact-channel').innerText()).toBe('电话');
    expect(await log.getByTestId('referred').count()).toBe(0);
    await log.getByTestId('refer').click();
    await log.locator('.ant-modal-container textarea').fill('中介以付费方式要求删除企业负面信息，移送核查。');
    await log.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => log.getByTestId('referred').innerText()).toContain('已转为线索，进入举报中心分拣队列');
    expect(await log.getByTestId('refer').count()).toBe(0);
    await log.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-request-referred.png'), fullPage: true });

    // The compliance evaluation counts both high-risk requests as referred.
    const compliance = await open(siteContext, '/workbench/deletion-requests/compliance', errors);
    const complianceRow = compliance.getByTestId('compliance-table').locator('tr').filter({ hasText: WEBSITE });
    await complianceRow.waitFor();
    await compliance.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-compliance.png'), fullPage: true });
    await siteContext.close();

    // 5. Both clues are in the reporting centre's triage queue, as paid deletion from the website.
    const triageContext = await signedIn(triageId);
    const triage = await open(triageContext, '/workbench/triage', errors);
    const clues = triage.locator('tr').filter({ hasText: WEBSITE }).filter({ hasText: '有偿删帖' });
    await clues.first().waitFor();
    await expect.poll(() => clues.count()).toBe(2);
    // Marked as referred by a website, not filed by the public.
    expect(await clues.first().getByTestId('triage-source').textContent()).toBe('网站移送');
    await triage.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-clues-triage.png'), fullPage: true });
    await clues.first().getByRole('link').first().click();
    await triage.waitForURL(/\/workbench\/triage\/[^/]+$/);
    await triage.getByText(`请求人（中介或公关公司）：${AGENT}`, { exact: false }).first().waitFor();
    await triage.getByText(`信号：${MONEY_WORDS}`, { exact: false }).first().waitFor();
    await triage.locator('.ant-descriptions-item-content').filter({ hasText: '网站移送' }).first().waitFor();
    await triageContext.close();
    expect(errors).toEqual([]);
  }, 180_000);

  it('shows the deletion-request pages without sideways scrolling on a phone', async () => {
    const errors: string[] = [];
    const context = await signedIn(complianceId, { width: 390, height: 844 });
    const list = await open(context, '/workbench/deletion-requests', errors);
    await list.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: AGENT }).first().waitFor();
    await list.waitForTimeout(300);
    expect(await horizontalOverflow(list)).toBeLessThanOrEqual(0);
    await list.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-deletion-requests.png'), fullPage: true });
    await list.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: AGENT }).first().getByRole('link').click();
    await list.getByTestId('signals').waitFor();
    await list.waitForTimeout(300);
    expect(await horizontalOverflow(list)).toBeLessThanOrEqual(0);
    await list.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-deletion-request.png'), fullPage: true });
    const compliance = await open(context, '/workbench/deletion-requests/compliance', errors);
    await compliance.getByTestId('compliance-table').locator('tr').filter({ hasText: WEBSITE }).waitFor();
    await compliance.waitForTimeout(300);
    expect(await horizontalOverflow(compliance)).toBeLessThanOrEqual(0);
    await compliance.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-deletion-compliance.png'), fullPage: true });
    await context.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it('imports a file of requests, listing every problem by row when one is wrong', async () => {
    const errors: string[] = [];
    const context = await signedIn(complianceId);
    const page = await open(context, '/workbench/deletion-requests', errors);
    await page.getByTestId('import-requests').click();
    const header = 'requesterKind,requesterName,principalName,principalUscc,targetUrls,reason,money';
    const bad = `${header}\nindividual,王小明,,,https://bbs.example.cn/thread/2001,帖子公开了我的手机号,\nagent,某公关,${ENTERPRISE},123,not-a-url,请删除,\n`;
    await page
      .locator('.ant-modal-container input[type=file]')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const report = page.getByTestId('import-errors');
    await report.waitFor();
    expect(await report.innerText()).toContain('第 2 条');
    expect(await report.innerText()).toContain('principalUscc');
    expect(await report.innerText()).toContain('targetUrls.0');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-import-errors.png') });
    const good = `${header}\nindividual,王小明,,,https://bbs.example.cn/thread/2001 https://bbs.example.cn/thread/2002,帖子公开了我的手机号,\n`;
    await page
      .locator('.ant-modal-container input[type=file]')
      .setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await expect.poll(() => page.getByTestId('import-done').innerText()).toContain('已导入 1 / 1 件');
    await page.locator('.ant-modal-footer .ant-btn').click();
    await page.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: '王小明' }).waitFor();
    await context.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it('needs a second reviewer to approve a deletion, then records it carried out (four eyes)', async () => {
    const errors: string[] = [];
    const filed = await fetch(`${base}/api/v1/deletion-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${websiteToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        requesterKind: 'individual',
        requesterName: '陈静',
        targetUrls: ['https://bbs.example.cn/thread/3001'],
        reason: '帖子公开了我的家庭住址和身份证号。',
        legalBasisCited: '个人信息保护法第四十七条',
      }),
    });
    expect(filed.status).toBe(201);
    const requestId = ((await filed.json()) as { request: { id: string } }).request.id;

    // The first reviewer takes every step, then may not approve: only reject is offered.
    const firstContext = await signedIn(complianceId);
    const first = await open(firstContext, `/workbench/deletion-requests/${requestId}`, errors);
    await first.getByTestId('signals').getByText('没有发现有偿删帖的迹象。').waitFor();
    for (const step of ['identity', 'authority', 'legal_basis']) {
      const form = first.getByTestId(`review-form-${step}`);
      await form.waitFor();
      for (const box of await form.locator('input[type=checkbox]').all()) await box.check();
      await first.getByTestId(`record-step-${step}`).click();
      await first.getByTestId(`step-${step}`).getByText('通过').first().waitFor();
    }
    await first.getByTestId('four-eyes').waitFor();
    expect(await first.getByTestId('approve').count()).toBe(0);
    expect(await first.getByTestId('reject').count()).toBe(1);
    await first.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-four-eyes.png'), fullPage: true });
    await firstContext.close();

    // The second reviewer approves, citing a provision, and records the deletion.
    const secondContext = await signedIn(secondReviewerId);
    const second = await open(secondContext, `/workbench/deletion-requests/${requestId}`, errors);
    const decision = second.getByTestId('decision-form');
    await decision.waitFor();
    await decision.locator('.ant-select').click();
    await second.locator('.ant-select-item-option').first().click();
    await second.keyboard.press('Escape');
    await second.getByTestId('approve').click();
    await second.getByTestId('step-decision').getByText('已批准删除').waitFor();
    await second.getByTestId('execute').click();
    await second.locator('.ant-modal-container textarea').fill('已删除帖子及其快照。');
    await second.locator('.ant-modal-footer .ant-btn-primary').click();
    await second.getByTestId('step-decision').getByText('已删除帖子及其快照。', { exact: false }).waitFor();
    expect(await second.getByTestId('execute').count()).toBe(0);
    await secondContext.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows the regulator the requests and compliance of the websites below it, read only', async () => {
    const errors: string[] = [];
    const context = await signedIn(regulatorId);
    const page = await open(context, '/workbench', errors);
    await page.getByTestId('nav-deletionRequests').click();
    const rows = page.getByTestId('deletion-requests-table').locator('tr').filter({ hasText: WEBSITE });
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('record-request').count()).toBe(0);
    await rows.filter({ hasText: AGENT }).first().getByRole('link').click();
    await page.getByTestId('signals').getByText(MONEY_WORDS).waitFor();
    expect(await page.getByTestId('refer').count()).toBe(0);
    expect(await page.getByTestId('decision-form').count()).toBe(0);
    const compliance = await open(context, '/workbench/deletion-requests/compliance', errors);
    await compliance.getByTestId('compliance-table').locator('tr').filter({ hasText: WEBSITE }).waitFor();
    const exported = await compliance.evaluate(async () => {
      const href = document.querySelector('[data-testid="export-csv"]')?.getAttribute('href') ?? '';
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    });
    expect(exported.status).toBe(200);
    expect(exported.type).toContain('text/csv');
    expect(exported.text).toContain(WEBSITE);
    await compliance.screenshot({ path: path.join(SCREENSHOT_DIR, 'deletion-compliance-region.png'), fullPage: true });
    await context.close();
    expect(errors).toEqual([]);
  }, 120_000);
});
