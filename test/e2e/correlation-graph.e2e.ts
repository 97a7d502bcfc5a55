import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createUser, fileReport, openSession } from '../factories';
import { SCREENSHOT_DIR, launchChromium, signedInContext, startServedApp, stopServedApp, horizontalOverflow } from './browser';

const SHARED_PHONE = '13812345678';
const SECOND_PHONE = '13955556666';
const CASE_TITLE = '删帖中介收费删帖（关联图谱测试）';

/** The graph's node keys, as its container lists them. */
async function graphNodes(page: Page): Promise<string[]> {
  const nodes = await page.getByTestId('correlation-graph').getAttribute('data-nodes');
  return (nodes ?? '').split(' ').filter(Boolean);
}

describe('the correlation panel and graph in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let analystId: string;
  let entityId: string;
  let secondEntityId: string;
  let caseId: string;
  let otherCaseId: string;

  beforeAll(async () => {
    ({ app, base, dataDir } = await startServedApp('correlation'));
    const centre = await createOrganization(app, { kind: 'reporting_centre', name: '互联网违法和不良信息举报中心', regionCode: '100000' });
    const zj = await createOrganization(app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
    const triage = await openSession(app, (await createUser(app, { orgId: centre.id, roles: ['triage_officer'] })).id);
    analystId = (await createUser(app, { orgId: zj.id, roles: ['analyst'] })).id;
    const analyst = await openSession(app, analystId);

    // Two reports share a phone number; the first also gives a second number.
    const first = await fileReport(app, {
      category: 'paid_deletion',
      description: `某删帖中介声称收费两万元即可删除论坛上的帖子，联系电话 ${SHARED_PHONE}，备用电话 ${SECOND_PHONE}。`,
      reporter: { anonymous: true },
    });
    const second = await fileReport(app, {
      category: 'paid_deletion',
      description: `有人自称公关公司，收费删除负面帖子，电话 ${SHARED_PHONE}，已转账五千元。`,
      reporter: { anonymous: true },
    });
    const openCase = async (reportId: string, title: string) => {
      const opened = await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: triage.headers,
        payload: {
          reportIds: [reportId],
          title,
          category: 'paid_deletion',
          regionCode: '330000',
          priority: 'normal',
          moneyPaid: true,
          override: { leadOrgId: zj.id, assistingOrgIds: [], reason: '测试指定' },
        },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      return opened.json<{ id: string }>().id;
    };
    caseId = await openCase(first.id, CASE_TITLE);
    otherCaseId = await openCase(second.id, '公关公司有偿删帖');

    const createEntity = async (displayName: string, phone: string) => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/registry/entities',
        headers: analyst.headers,
        payload: { kind: 'intermediary', displayName, identifiers: [{ type: 'phone', value: phone }] },
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string }>().id;
    };
    entityId = await createEntity('某删帖中介', SHARED_PHONE);
    secondEntityId = await createEntity('某公关公司', SECOND_PHONE);
    browser = await launchChromium();
  }, 60_000);

  afterAll(() => stopServedApp({ browser, app, dataDir }));

  it('lists what shares a phone number with an entity, draws it, and grows the graph a node at a time', async () => {
    const context = await signedInContext(browser, app, base, analystId);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/workbench/registry/${entityId}`);

    // The panel lists both reports and both cases holding them; cases open, reports (triage's pages) do not.
    const panel = page.getByTestId('correlation-panel');
    const caseItem = panel.locator(`[data-subject="case:${caseId}"]`);
    await caseItem.waitFor();
    expect(await caseItem.innerText()).toContain(CASE_TITLE);
    expect(await caseItem.innerText()).toContain(SHARED_PHONE);
    expect(await caseItem.getByRole('link').getAttribute('href')).toBe(`/workbench/cases/${caseId}`);
    expect(await panel.getByTestId('correlation-link').count()).toBe(4);
    const reportItem = panel.locator('[data-subject^="report:"]').first();
    expect(await reportItem.getByRole('link').count()).toBe(0);
    // The entity's own value, with its count.
    expect(await panel.getByTestId('correlation-value').innerText()).toContain(SHARED_PHONE);

    // The graph: the entity and its four neighbours, on a canvas.
    const graph = page.getByTestId('correlation-graph');
    await graph.locator('canvas').waitFor();
    await expect.poll(() => graphNodes(page)).toHaveLength(5);
    expect(await graphNodes(page)).not.toContain(`entity:${secondEntityId}`);
    expect(await graph.getAttribute('data-labels')).toBe('beside');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'correlation-entity.png'), fullPage: true });

    // Expanding the first case adds the entity holding its second number, and nothing twice.
    await graph.getByRole('button', { name: /图中节点/ }).click();
    const caseNode = graph.locator(`[data-node="case:${caseId}"]`);
    await caseNode.getByTestId('correlation-graph-expand').click();
    await expect.poll(() => graphNodes(page)).toContain(`entity:${secondEntityId}`);
    const nodes = await graphNodes(page);
    expect(nodes).toHaveLength(6);
    expect(new Set(nodes).size).toBe(nodes.length);
    expect(await caseNode.innerText()).toContain('已展开');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'correlation-expanded.png'), fullPage: true });

    // Reset goes back to the entity and its neighbours.
    await graph.getByTestId('correlation-graph-reset').click();
    await expect.poll(() => graphNodes(page)).toHaveLength(5);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows the panel on the case page and fits a 390 px phone', async () => {
    const context = await signedInContext(browser, app, base, analystId, { width: 390, height: 844 });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${base}/workbench/registry/${entityId}`);
    await page.getByTestId('correlation-graph').locator('canvas').waitFor();
    await expect.poll(() => graphNodes(page)).toHaveLength(5);
    // On a phone the labels go under their nodes, shorter, so they stay inside the canvas.
    await expect.poll(() => page.getByTestId('correlation-graph').getAttribute('data-labels')).toBe('below');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'correlation-entity-phone.png'), fullPage: true });

    await page.goto(`${base}/workbench/cases/${caseId}`);
    const panel = page.getByTestId('correlation-panel');
    await panel.locator(`[data-subject="entity:${entityId}"]`).waitFor();
    await panel.locator(`[data-subject="entity:${secondEntityId}"]`).waitFor();
    await panel.locator(`[data-subject="case:${otherCaseId}"]`).waitFor();
    // The case is never its own link, nor is the report it holds.
    expect(await panel.locator(`[data-subject="case:${caseId}"]`).count()).toBe(0);
    await page.getByTestId('correlation-graph').locator('canvas').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'correlation-case-phone.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);
});
