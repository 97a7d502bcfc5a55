import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../contracts/orgs';
import { type TestSmtpServer, startSmtpServer } from '../../server/jobs/test-receivers';
import type { WebhookBody } from '../../server/modules/notify/enqueue-notification';
import { type TestApp, createTestApp } from '../app';
import { testDialects } from '../dialects';
import { createOrganization, createUser, openSession } from '../factories';
import { SCREENSHOT_DIR, chooseOption, launchChromium } from './browser';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PUBLIC_URL = 'https://qinglang.example.cn';
const LEAD_NAME = '杭州市网信办';
const WEBSITE_NAME = '京华资讯网';
const POST_URL = 'https://news.jinghua.example.cn/post/8812';
const PROOF_URL = 'https://news.jinghua.example.cn/notice/2026-001';
const REPORTER_NAME = '王小明';
const REPORTER_EMAIL = 'wang.xiaoming@example.test';
const DESCRIPTION =
  '京华资讯网上的自媒体账号“京华观察”发布了针对我的不实文章，对方要求我支付两万元“删帖费”才肯删除，我已经转账两万元，文章仍未删除。';
const CASE_TITLE = '自媒体有偿删帖敲诈个人（处置端到端测试）';
const LEGAL_BASIS = '《互联网信息服务管理办法》第十五条、第十六条';
const EXECUTION_NOTE = '已删除涉事文章，并对发布账号作禁言处理。';
const RESULT_NOTE = '涉事文章已由网站删除，敲诈线索已通报公安机关。';

/** A webhook request as the receiver got it, its signature checked on arrival. */
interface ReceivedWebhook {
  path: string;
  event: string;
  deliveryId: string;
  body: WebhookBody;
  raw: string;
}

interface WebhookReceiver {
  origin: string;
  /** Signing secret per path, known once the subscription is made. */
  secrets: Map<string, string>;
  received: ReceivedWebhook[];
  /** Requests refused: unknown path, stale timestamp or a signature that does not verify. */
  refused: { path: string; reason: string }[];
  close(): Promise<void>;
}

/**
 * A subscriber's receiver, as a website would write one from the documentation: checks the
 * timestamp and the HMAC-SHA256 signature over `timestamp.body` before accepting (204); anything
 * else is refused (401), which the service would retry.
 */
async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { origin: '', secrets: new Map(), received: [], refused: [], close: async () => {} };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const where = request.url ?? '';
      const refuse = (reason: string) => {
        receiver.refused.push({ path: where, reason });
        response.writeHead(401).end();
      };
      const secret = receiver.secrets.get(where);
      const timestamp = String(request.headers['x-qinglang-timestamp'] ?? '');
      const signature = String(request.headers['x-qinglang-signature'] ?? '');
      if (request.method !== 'POST' || !secret) return refuse('unknown subscription');
      if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return refuse('stale timestamp');
      const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`, 'utf8').digest('hex')}`);
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('bad signature');
      const body = JSON.parse(raw) as WebhookBody;
      receiver.received.push({
        path: where,
        event: String(request.headers['x-qinglang-event'] ?? ''),
        deliveryId: String(request.headers['x-qinglang-delivery'] ?? ''),
        body,
        raw,
      });
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** A due date three days ahead, as typed into the date picker (the browsers run in Asia/Shanghai). */
function dueDateInShanghai(): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(Date.now() + 3 * 24 * 3600 * 1000));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} 18:00`;
}

/** Clicks and waits for the API call the click makes; answers the response, its status checked. */
async function clickForResponse(page: Page, target: Locator, method: string, pathPattern: RegExp, status = 200): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && pathPattern.test(new URL(r.url()).pathname)),
    target.click(),
  ]);
  expect(response.status(), `${method} ${response.url()}`).toBe(status);
  return response;
}

for (const dialect of testDialects())
  describe(`collaborative disposal in a real browser, with real SMTP and webhook receivers (${dialect})`, () => {
    let t: TestApp;
    let app: TestApp['app'];
    let browser: Browser;
    let smtp: TestSmtpServer;
    let receiver: WebhookReceiver;
    let base: string;
    const ids = { website: '', lead: '', police: '' };
    const users = { triage: '', officer: '', police: '', compliance: '' };
    const emails = { officer: '', police: '', compliance: '', triage: '' };

    /** A browser signed in as a user: their session cookie, as if they had just signed in. */
    async function signedIn(userId: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
      const { headers } = await openSession(app, userId);
      const cookie = headers.cookie!;
      const value = cookie.slice(cookie.indexOf('=') + 1);
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
      await context.addCookies([{ name: SESSION_COOKIE, value, url: base }]);
      return context;
    }

    /** An organization's administrator subscribes its system to every event, through the API. */
    async function subscribe(orgId: string, receiverPath: string): Promise<void> {
      const admin = await createUser(app, { orgId, roles: ['admin'] });
      const created = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${orgId}/webhooks`,
        headers: admin.session.headers,
        payload: { url: `${receiver.origin}${receiverPath}`, events: ['*'], description: 'e2e receiver' },
      });
      expect(created.statusCode, created.body).toBe(201);
      receiver.secrets.set(receiverPath, created.json<{ secret: string }>().secret);
    }

    beforeAll(async () => {
      if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) throw new Error('Build the front end first: npm run build:web');
      smtp = await startSmtpServer();
      receiver = await startWebhookReceiver();
      // The test app (challenge and rate limits off) on its own database of this dialect.
      t = await createTestApp(dialect, {
        QINGLANG_WEB_DIST: path.join(ROOT, 'dist/web'),
        // Plain http on 127.0.0.1 in the test; production keeps the Secure flag.
        QINGLANG_COOKIE_SECURE: 'off',
        // The outbox workers run, as in production, delivering to the receivers of this test.
        QINGLANG_WORKERS: 'on',
        QINGLANG_WORKER_INTERVAL_MS: '200',
        QINGLANG_SMTP_URL: smtp.url,
        QINGLANG_MAIL_FROM: 'Qinglang <noreply@qinglang.example.cn>',
        QINGLANG_WEBHOOK_ALLOW_PRIVATE: 'on',
        QINGLANG_PUBLIC_URL: PUBLIC_URL,
      });
      app = t.app;
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      base = `http://127.0.0.1:${address.port}`;

      const centre = await createOrganization(app, {
        kind: 'reporting_centre',
        name: '互联网违法和不良信息举报中心',
        regionCode: '100000',
      });
      const zj = await createOrganization(app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
      const hz = await createOrganization(app, { kind: 'regulator', name: LEAD_NAME, regionCode: '330100', parentId: zj.id });
      const police = await createOrganization(app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: zj.id });
      // A website filed in Beijing: outside the Hangzhou regulator's own tree of organizations.
      const website = await createOrganization(app, {
        kind: 'website',
        name: WEBSITE_NAME,
        regionCode: '110105',
        domains: ['news.jinghua.example.cn'],
      });
      Object.assign(ids, { website: website.id, lead: hz.id, police: police.id });
      const triage = await createUser(app, { orgId: centre.id, roles: ['triage_officer'] });
      const officer = await createUser(app, { orgId: hz.id, roles: ['case_officer'] });
      const policeOfficer = await createUser(app, { orgId: police.id, roles: ['case_officer'] });
      const compliance = await createUser(app, { orgId: website.id, roles: ['website_compliance'] });
      Object.assign(users, { triage: triage.id, officer: officer.id, police: policeOfficer.id, compliance: compliance.id });
      Object.assign(emails, { triage: triage.email, officer: officer.email, police: policeOfficer.email, compliance: compliance.email });
      await subscribe(website.id, '/hooks/website');
      await subscribe(hz.id, '/hooks/lead-agency');
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await t?.close();
      await receiver?.close();
      await smtp?.close();
    });

    it('takes a report through triage, a case, a disposal order executed by the website, to the result the reporter reads', async () => {
      const pageErrors: string[] = [];
      const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

      // ── The reporter files through the public form, agreeing to be contacted by e-mail.
      const reporterContext = await browser.newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 1280, height: 900 },
      });
      const reporter = await reporterContext.newPage();
      watch(reporter);
      await reporter.goto(`${base}/report`);
      await chooseOption(reporter, reporter.getByTestId('report-category'), '网络敲诈');
      await reporter.getByTestId('report-description').fill(DESCRIPTION);
      await reporter.getByTestId('report-target-urls').fill(POST_URL);
      await reporter.getByTestId('report-money-amount').fill('20000');
      await reporter.getByTestId('report-reporter-individual').click();
      await reporter.getByTestId('report-reporter-name').fill(REPORTER_NAME);
      await reporter.getByTestId('report-reporter-email').fill(REPORTER_EMAIL);
      await reporter.getByTestId('report-contact-consent').click();
      await clickForResponse(reporter, reporter.getByTestId('report-submit'), 'POST', /^\/api\/v1\/reports$/, 201);
      await reporter.getByTestId('receipt-tracking-code').waitFor();
      const trackingCode = (await reporter.getByTestId('receipt-tracking-code').innerText()).trim();
      const accessKey = (await reporter.getByTestId('receipt-access-key').innerText()).trim();
      expect(trackingCode).toMatch(/^QL[0-9A-HJKMNP-TV-Z]{10}$/);
      await reporterContext.close();

      // ── Triage opens a case from it; the rules route it to the city regulator, the police assisting.
      const triageContext = await signedIn(users.triage);
      const triage = await triageContext.newPage();
      watch(triage);
      await triage.goto(`${base}/workbench/triage`);
      const queued = triage.getByRole('link', { name: trackingCode });
      await queued.waitFor();
      await queued.click();
      await triage.waitForURL(/\/workbench\/triage\/[^/]+$/);
      await triage.getByText(DESCRIPTION.slice(0, 20)).first().waitFor();
      await triage.getByTestId('open-case').click();
      const openDialog = triage.locator('.ant-modal-container');
      await openDialog.locator('#open-case_title').fill(CASE_TITLE);
      await openDialog.locator('#open-case_regionCode').fill('330106');
      await chooseOption(triage, openDialog.locator('#open-case_targetKind'), /^个人$/);
      const moneyPaid = openDialog.locator('#open-case_moneyPaid');
      if ((await moneyPaid.getAttribute('aria-checked')) !== 'true') await moneyPaid.click();
      await clickForResponse(triage, openDialog.locator('.ant-modal-footer .ant-btn-primary'), 'POST', /^\/api\/v1\/cases$/, 201);
      await triage.waitForURL(/\/workbench\/cases\/[^/]+$/);
      const caseUrl = triage.url();
      const heading = triage.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.innerText()).toMatch(/QL-\d{4}-\d{6}/);
      const caseNumber = (await heading.innerText()).match(/QL-\d{4}-\d{6}/)![0];
      await expect.poll(() => triage.getByTestId('case-status').innerText()).toContain('已交办');
      await expect.poll(() => triage.getByTestId('case-agency-lead').innerText()).toContain(LEAD_NAME);
      await expect.poll(() => triage.getByTestId('case-agency-assisting').innerText()).toContain('浙江省公安厅');
      await triageContext.close();

      // ── The lead agency's case officer accepts, starts the investigation and orders the website to act.
      const officerContext = await signedIn(users.officer);
      const officer = await officerContext.newPage();
      watch(officer);
      const transition = /^\/api\/v1\/cases\/[^/]+\/transitions$/;
      const caseAction = async (action: string, status: string, fill?: () => Promise<void>) => {
        await officer.getByTestId(`case-action-${action}`).click();
        const dialog = officer.locator('.ant-modal-container');
        await dialog.waitFor();
        await fill?.();
        await clickForResponse(officer, dialog.locator('.ant-modal-footer .ant-btn-primary'), 'POST', transition);
        await expect.poll(() => officer.getByTestId('case-status').innerText()).toContain(status);
        await expect.poll(() => officer.locator('.ant-modal-container').count()).toBe(0);
      };
      await officer.goto(caseUrl);
      await caseAction('accept', '已受理');
      await caseAction('investigate', '调查中');

      await officer.getByTestId('issue-order').click();
      const orderDialog = officer.locator('.ant-modal-container');
      await chooseOption(officer, orderDialog.locator('#order_executingOrgId'), WEBSITE_NAME);
      await chooseOption(officer, orderDialog.locator('#order_kind'), /^删除信息$/);
      expect(await orderDialog.locator('#order_targetUrls').inputValue()).toBe(POST_URL);
      await orderDialog.locator('#order_legalBasis').fill(LEGAL_BASIS);
      await orderDialog.locator('#order_instructions').fill('删除涉事文章并保全发布账号的注册信息。');
      const dueAt = orderDialog.locator('#order_dueAt');
      await dueAt.click();
      const due = dueDateInShanghai();
      await dueAt.fill(due);
      await dueAt.press('Enter');
      await expect.poll(() => dueAt.inputValue()).toBe(due);
      await officer.screenshot({ path: path.join(SCREENSHOT_DIR, `disposal-${dialect}-order-issue.png`) });
      await clickForResponse(
        officer,
        orderDialog.locator('.ant-modal-footer .ant-btn-primary'),
        'POST',
        /^\/api\/v1\/cases\/[^/]+\/orders$/,
        201,
      );
      await expect.poll(() => officer.getByTestId('case-status').innerText()).toContain('处置中');

      // ── The website's compliance officer acknowledges the order and reports it executed, with proof.
      const websiteContext = await signedIn(users.compliance);
      const website = await websiteContext.newPage();
      watch(website);
      await website.goto(`${base}/workbench/orders`);
      const orderRow = website.locator('tr').filter({ hasText: POST_URL });
      await orderRow.waitFor();
      expect(await orderRow.innerText()).toContain(LEAD_NAME);
      expect(await orderRow.innerText()).toContain(caseNumber);
      await website.screenshot({ path: path.join(SCREENSHOT_DIR, `disposal-${dialect}-website-orders.png`), fullPage: true });
      await clickForResponse(website, orderRow.getByRole('button', { name: '签收' }), 'POST', /^\/api\/v1\/orders\/[^/]+\/acknowledge$/);
      await expect.poll(() => orderRow.innerText()).toContain('已签收');
      await orderRow.getByRole('button', { name: '报告执行' }).click();
      const executionDialog = website.locator('.ant-modal-container');
      await executionDialog.getByLabel('执行情况').fill(EXECUTION_NOTE);
      await executionDialog.getByLabel('凭证网址').fill(PROOF_URL);
      await clickForResponse(
        website,
        executionDialog.locator('.ant-modal-footer .ant-btn-primary'),
        'POST',
        /^\/api\/v1\/orders\/[^/]+\/execution$/,
      );
      await expect.poll(() => orderRow.innerText()).toContain('已执行');
      await expect.poll(() => website.locator('.ant-modal-container').count()).toBe(0);
      await website.screenshot({ path: path.join(SCREENSHOT_DIR, `disposal-${dialect}-website-executed.png`), fullPage: true });
      await websiteContext.close();

      // ── The case officer verifies the execution and concludes the case with its result.
      await officer.goto(`${base}/workbench/orders`);
      const issuedRow = officer.locator('tr').filter({ hasText: POST_URL });
      await issuedRow.waitFor();
      await expect.poll(() => issuedRow.innerText()).toContain(EXECUTION_NOTE);
      expect(await issuedRow.innerText()).toContain(WEBSITE_NAME);
      await clickForResponse(officer, issuedRow.getByRole('button', { name: '核验通过' }), 'POST', /^\/api\/v1\/orders\/[^/]+\/verify$/);
      await expect.poll(() => issuedRow.innerText()).toContain('已核验');
      await officer.goto(caseUrl);
      await caseAction('conclude', '已办结', async () => {
        const dialog = officer.locator('.ant-modal-container');
        await chooseOption(officer, dialog.locator('#case-action_resultCode'), /^已依法处置$/);
        await dialog.locator('#case-action_resultNote').fill(RESULT_NOTE);
        await dialog.locator('#case-action_legalBasis').fill(LEGAL_BASIS);
        await dialog.locator('#case-action_reason').fill('网站已按指令删除涉事文章，经核验属实。');
      });
      // The timeline tells the order's story, naming the website that acted and linking its proof.
      const timeline = await officer.getByTestId('case-timeline').innerText();
      for (const step of ['下达处置指令', '处置指令已签收', '处置指令已执行', '处置指令已核验', EXECUTION_NOTE, `${WEBSITE_NAME}`])
        expect(timeline).toContain(step);
      expect(
        await officer
          .getByTestId('case-timeline')
          .getByRole('link', { name: new RegExp(PROOF_URL) })
          .count(),
      ).toBe(1);
      await officer.screenshot({ path: path.join(SCREENSHOT_DIR, `disposal-${dialect}-case-concluded.png`), fullPage: true });
      await officerContext.close();

      // ── The reporter looks the report up and reads the result in plain words.
      const trackContext = await browser.newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 390, height: 844 },
      });
      const track = await trackContext.newPage();
      watch(track);
      await track.goto(`${base}/track`);
      await track.getByTestId('track-code').fill(trackingCode);
      await track.getByTestId('track-key').fill(accessKey);
      await clickForResponse(track, track.getByTestId('track-submit'), 'GET', /^\/api\/v1\/reports\/[^/]+$/);
      const outcome = track.getByTestId('track-outcome');
      await outcome.waitFor();
      expect(await outcome.innerText()).toContain('经查属实，相关违法信息已依法处置。');
      expect(await outcome.innerText()).toContain(RESULT_NOTE);
      // The page leads with the conclusion, not with "being handled".
      expect(await track.getByTestId('track-status').innerText()).toContain('已办理完毕');
      expect(await track.getByTestId('track-status-tag').innerText()).toContain('已办结');
      expect(await track.getByTestId('track-steps').innerText()).toContain('办理完毕');
      await track.screenshot({ path: path.join(SCREENSHOT_DIR, `disposal-${dialect}-track-result-phone.png`), fullPage: true });
      expect(await track.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      // And in English, every word of it (the agency's own note stays as written).
      await clickForResponse(track, track.getByTestId('lang-switch'), 'GET', /^\/api\/v1\/reports\/[^/]+$/);
      await expect.poll(() => outcome.innerText()).toContain('Confirmed; the illegal content was dealt with according to law.');
      expect(await track.getByTestId('track-status').innerText()).toContain('has been dealt with');
      expect(await track.getByTestId('track-steps').innerText()).toContain('Dealt with');
      expect(await track.getByTestId('track-steps').innerText()).not.toContain('经查属实');
      await trackContext.close();
      expect(pageErrors).toEqual([]);

      // ── Every notification was delivered: nothing left pending or retrying, nothing given up.
      const outbox = () =>
        app.qinglang.database.db.selectFrom('notifications_outbox').select(['channel', 'event_type', 'status', 'last_error']).execute();
      await expect
        .poll(async () => (await outbox()).filter((row) => row.status !== 'delivered' && row.status !== 'dead').length, { timeout: 30_000 })
        .toBe(0);
      expect((await outbox()).filter((row) => row.status !== 'delivered')).toEqual([]);
      expect(receiver.refused).toEqual([]);

      // ── The webhook receiver: each event once, signed, to the subscribing organization, without reporters' data.
      const hooks = (where: string) =>
        receiver.received
          .filter((r) => r.path === where)
          .map((r) => r.event)
          .sort();
      expect(hooks('/hooks/website')).toEqual(['order.issued', 'order.verified']);
      expect(hooks('/hooks/lead-agency')).toEqual(['case.assigned', 'case.concluded', 'order.acknowledged', 'order.executed']);
      expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(receiver.received.length);
      for (const hook of receiver.received) {
        expect(hook.body.type).toBe(hook.event);
        expect(hook.body.id).toBe(hook.deliveryId);
        expect(hook.body.organizationId).toBe(hook.path === '/hooks/website' ? ids.website : ids.lead);
        expect(hook.body.data.caseNumber).toBe(caseNumber);
        expect(hook.raw).not.toContain(REPORTER_EMAIL);
        expect(hook.raw).not.toContain(REPORTER_NAME);
      }
      const issued = receiver.received.find((r) => r.event === 'order.issued')!;
      expect(issued.body.data).toMatchObject({ kind: 'remove_post', targetUrls: [POST_URL], legalBasis: LEGAL_BASIS });
      const verified = receiver.received.find((r) => r.event === 'order.verified')!;
      expect(verified.body.data).toMatchObject({ orderId: issued.body.data.orderId, status: 'verified' });

      // ── The SMTP server: each person's e-mail once; the reporter's says where to read the result.
      const subjects = (to: string) =>
        smtp.messages
          .filter((m) => m.to.includes(to))
          .map((m) => m.subject.replace(/^【清朗】/, '').replace(/ \|.*$/, ''))
          .sort();
      expect(subjects(emails.officer)).toEqual(
        [
          `新案件待受理：${caseNumber}`,
          `处置指令已签收：${caseNumber}`,
          `处置指令已执行：${caseNumber}`,
          `案件已办结：${caseNumber}`,
        ].sort(),
      );
      expect(subjects(emails.police)).toEqual([`协办案件：${caseNumber}`, `案件已办结：${caseNumber}`].sort());
      expect(subjects(emails.compliance)).toEqual([`处置指令：${caseNumber}`, `处置指令已核验：${caseNumber}`].sort());
      expect(subjects(emails.triage)).toEqual([]);
      expect(subjects(REPORTER_EMAIL)).toEqual(['您的举报有了处理结果']);
      expect(smtp.messages.every((m) => m.to.length === 1)).toBe(true);
      expect(smtp.messages).toHaveLength(9);
      const toReporter = smtp.messages.find((m) => m.to.includes(REPORTER_EMAIL))!;
      expect(toReporter.text).toContain(trackingCode);
      expect(toReporter.text).toContain('经查属实，相关违法信息已依法处置。');
      expect(toReporter.text).toContain(`${PUBLIC_URL}/track/${trackingCode}`);
      // The access key is the reporter's alone: never in an e-mail.
      expect(toReporter.raw).not.toContain(accessKey);
      // The website's people are sent to the orders page (they cannot open the case), with the deadline in Beijing time.
      const orderMail = smtp.messages.find((m) => m.to.includes(emails.compliance) && m.subject.includes(`处置指令：${caseNumber}`))!;
      expect(orderMail.text).toContain(`${PUBLIC_URL}/workbench/orders`);
      expect(orderMail.text).not.toContain('/workbench/cases/');
      expect(orderMail.text).toMatch(/请于 \d{4}-\d{2}-\d{2} 18:00（北京时间）前执行并反馈。/);
      const executedMail = smtp.messages.find((m) => m.to.includes(emails.officer) && m.subject.includes('处置指令已执行'))!;
      expect(executedMail.text).toContain(EXECUTION_NOTE);
    }, 240_000);
  });
