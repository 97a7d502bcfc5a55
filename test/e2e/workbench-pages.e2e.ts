import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createUser, openSession } from '../factories';
import {
  SCREENSHOT_DIR,
  chooseOption,
  launchChromium,
  signedInContext,
  startServedApp,
  stopServedApp,
  horizontalOverflow,
} from './browser';

const DESCRIPTION = '某自媒体账号威胁发布我公司的负面文章，要求支付五万元“公关费”，联系电话 13812345678，已经转账两万元。';
const RENAMED = '假冒新闻单位 → 新闻出版部门主办（端到端修改）';

describe('inbox, routing rules and statistics in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  const users: Record<'triage' | 'admin' | 'officer' | 'lead', string> = { triage: '', admin: '', officer: '', lead: '' };
  const pageErrors: string[] = [];
  let firstCase = '';
  let policeOrgId = '';

  /** A browser signed in as a user: their session cookie, as if they had just signed in. */
  const signedIn = (userId: string, viewport?: { width: number; height: number }) => signedInContext(browser, app, base, userId, viewport);

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  /** An API call as a user, with a fresh session. */
  async function api(userId: string, method: 'GET' | 'POST', url: string, payload?: object) {
    const { headers } = await openSession(app, userId);
    return app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  }

  /** A report filed anonymously and opened as a case by triage: the lead agency's people are notified. */
  async function openCase(title: string): Promise<string> {
    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { category: 'online_extortion', description: DESCRIPTION, reporter: { anonymous: true } },
    });
    expect(filed.statusCode).toBe(201);
    const { trackingCode } = filed.json<{ trackingCode: string }>();
    const report = await app.qinglang.database.db
      .selectFrom('reports')
      .select('id')
      .where('tracking_code', '=', trackingCode)
      .executeTakeFirstOrThrow();
    const created = await api(users.triage, 'POST', '/api/v1/cases', {
      reportIds: [report.id],
      title,
      category: 'online_extortion',
      regionCode: '330106',
      priority: 'high',
      targetKind: 'person',
      moneyPaid: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string }>().id;
  }

  beforeAll(async () => {
    ({ app, base, dataDir } = await startServedApp('pages'));

    const centre = await createOrganization(app, { kind: 'reporting_centre', name: '互联网违法和不良信息举报中心', regionCode: '100000' });
    const zj = await createOrganization(app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
    const hz = await createOrganization(app, { kind: 'regulator', name: '杭州市网信办', regionCode: '330100', parentId: zj.id });
    policeOrgId = (await createOrganization(app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: zj.id })).id;
    users.triage = (await createUser(app, { orgId: centre.id, roles: ['triage_officer'] })).id;
    users.admin = (await createUser(app, { orgId: centre.id, roles: ['admin'] })).id;
    users.officer = (await createUser(app, { orgId: hz.id, roles: ['case_officer'] })).id;
    users.lead = (await createUser(app, { orgId: hz.id, roles: ['agency_lead'] })).id;
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('shows the case officer the notifications of new cases, marks one read, then all, and follows one', async () => {
    firstCase = await openCase('自媒体敲诈企业（消息测试一）');
    await openCase('自媒体敲诈企业（消息测试二）');
    const before = (await api(users.officer, 'GET', '/api/v1/inbox')).json<{ unreadCount: number }>();
    expect(before.unreadCount).toBe(2);

    const context = await signedIn(users.officer);
    const page = await newPage(context);
    await page.goto(`${base}/workbench/inbox`);
    const items = page.getByTestId('inbox-item');
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('data-unread')).toBe('2');
    expect(await page.locator('[data-testid="inbox-item"][data-unread="true"]').count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-inbox-unread.png'), fullPage: true });

    // The newest first: the second case's notification, marked read by its button.
    await items.first().getByTestId('inbox-mark-read').click();
    await expect.poll(() => items.first().getAttribute('data-unread')).toBe('false');
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('data-unread')).toBe('1');
    const afterOne = (await api(users.officer, 'GET', '/api/v1/inbox')).json<{ unreadCount: number; items: { readAt: string | null }[] }>();
    expect(afterOne.unreadCount).toBe(1);
    expect(afterOne.items[0]!.readAt).not.toBeNull();
    expect(afterOne.items[1]!.readAt).toBeNull();

    await page.getByTestId('inbox-read-all').click();
    await expect.poll(() => page.locator('[data-testid="inbox-item"][data-unread="true"]').count()).toBe(0);
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('data-unread')).toBe('0');
    expect((await api(users.officer, 'GET', '/api/v1/inbox')).json<{ unreadCount: number }>().unreadCount).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-inbox-read.png'), fullPage: true });

    // The older notification leads to the first case.
    await items.nth(1).getByTestId('inbox-open').click();
    await page.waitForURL(`${base}/workbench/cases/${firstCase}`);
    await context.close();

    const phoneContext = await signedIn(users.officer, { width: 390, height: 844 });
    const phone = await newPage(phoneContext);
    await phone.goto(`${base}/workbench/inbox`);
    await expect.poll(() => phone.getByTestId('inbox-item').count()).toBe(2);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-inbox-phone.png'), fullPage: true });
    await phoneContext.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('lets a top-level administrator edit, reorder and save the routing rules, and shows triage them read-only', async () => {
    const context = await signedIn(users.admin);
    const page = await newPage(context);
    await page.goto(`${base}/workbench/routing-rules`);
    const table = page.getByTestId('routing-table');
    await table.locator('tr.ant-table-row').first().waitFor();
    await expect.poll(() => page.getByTestId('routing-source').innerText()).toContain('默认');
    const defaults = (await api(users.admin, 'GET', '/api/v1/routing-rules')).json<{ rules: { id: string; priority: number }[] }>();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-routing-rules.png'), fullPage: true });

    // Without the catch-all rule the draft cannot be saved, and the page says why in Chinese.
    await page.getByTestId('routing-edit').click();
    await page.getByTestId(`routing-remove-${defaults.rules.length - 1}`).click();
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await expect.poll(() => page.getByTestId('routing-draft-problems').innerText()).toContain('没有启用的兜底规则');
    expect(await page.getByTestId('routing-save').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-routing-rules-draft-problem.png'), fullPage: true });
    await page.getByTestId('routing-cancel').click();

    await page.getByTestId('routing-edit').click();
    await expect.poll(() => table.locator('tr.ant-table-row').count()).toBe(defaults.rules.length);
    await page.getByTestId('routing-edit-0').click();
    const dialog = page.locator('.ant-modal-container');
    const name = dialog.locator('#routing-rule_name');
    await name.waitFor();
    await name.fill(RENAMED);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-routing-rule-editor.png') });
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => table.locator('tr.ant-table-row').first().innerText()).toContain(RENAMED);
    // Moved below the next rule: it takes a priority just after that rule's.
    await page.getByTestId('routing-down-0').click();
    await expect.poll(() => table.locator('tr.ant-table-row').nth(1).innerText()).toContain(RENAMED);
    await page.getByTestId('routing-save').click();
    await expect.poll(() => page.getByTestId('routing-source').innerText()).toContain('管理员保存');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-routing-rules-saved.png'), fullPage: true });

    const stored = (await api(users.admin, 'GET', '/api/v1/routing-rules')).json<{
      source: string;
      rules: { id: string; name: string; priority: number }[];
      problems: unknown[];
    }>();
    expect(stored.source).toBe('stored');
    expect(stored.problems).toEqual([]);
    expect(stored.rules).toHaveLength(defaults.rules.length);
    expect(stored.rules.slice(0, 2)).toMatchObject([
      { id: defaults.rules[1]!.id, priority: defaults.rules[1]!.priority },
      { id: defaults.rules[0]!.id, name: RENAMED, priority: defaults.rules[1]!.priority + 1 },
    ]);

    // A new rule naming the provincial police; the organization is disabled before the save, so
    // the server refuses the whole set and the page names the rule and the problem in Chinese.
    await page.getByTestId('routing-edit').click();
    await page.getByTestId('routing-add').click();
    await dialog.locator('#routing-rule_name').fill('指定省公安厅主办（端到端）');
    await chooseOption(page, dialog.locator('#routing-rule_lead_orgKind'), /^公安机关$/);
    await chooseOption(page, dialog.locator('#routing-rule_lead_region'), /^指定单位$/);
    await chooseOption(page, dialog.locator('#routing-rule_lead_orgId'), '浙江省公安厅');
    await chooseOption(page, dialog.locator('#routing-rule_moneyPaid'), /^已付款$/);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => table.locator('tr.ant-table-row').count()).toBe(defaults.rules.length + 1);
    await app.qinglang.database.db.updateTable('organizations').set({ status: 'disabled' }).where('id', '=', policeOrgId).execute();
    await page.getByTestId('routing-save').click();
    const refused = page.getByTestId('routing-save-problems');
    await expect.poll(() => refused.innerText()).toMatch(/第 \d+ 条规则：主办单位：指定的单位已停用/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-routing-rules-refused.png'), fullPage: true });
    expect((await api(users.admin, 'GET', '/api/v1/routing-rules')).json<{ rules: unknown[] }>().rules).toHaveLength(defaults.rules.length);
    await page.getByTestId('routing-cancel').click();
    await context.close();

    // Triage reads the saved rules and cannot edit them.
    const triageContext = await signedIn(users.triage, { width: 390, height: 844 });
    const triage = await newPage(triageContext);
    await triage.goto(`${base}/workbench/routing-rules`);
    await expect.poll(() => triage.getByTestId('routing-table').innerText()).toContain(RENAMED);
    expect(await triage.getByTestId('routing-edit').count()).toBe(0);
    expect(await horizontalOverflow(triage)).toBeLessThanOrEqual(0);
    await triage.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-routing-rules-phone.png'), fullPage: true });
    await triageContext.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows the agency lead the statistics of the region as charts', async () => {
    // One case is past its due date: it counts as late, so the rate is 0 %.
    await app.qinglang.database.db
      .updateTable('cases')
      .set({ conclude_due: '2021-01-01T00:00:00.000Z' })
      .where('id', '=', firstCase)
      .execute();
    const context = await signedIn(users.lead);
    const page = await newPage(context);
    await page.goto(`${base}/workbench/statistics`);
    await page.getByTestId('statistics-chart-status').locator('canvas').waitFor();
    await page.getByTestId('statistics-chart-on-time').locator('canvas').waitFor();
    await page.getByTestId('statistics-chart-category').locator('canvas').waitFor();
    await expect.poll(() => page.getByTestId('statistics-rate').innerText()).toContain('0%');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-statistics.png'), fullPage: true });
    await context.close();

    const phoneContext = await signedIn(users.lead, { width: 390, height: 844 });
    const phone = await newPage(phoneContext);
    await phone.goto(`${base}/workbench/statistics`);
    await phone.getByTestId('statistics-chart-status').locator('canvas').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.waitForTimeout(500);
    await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-statistics-phone.png'), fullPage: true });
    await phoneContext.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
