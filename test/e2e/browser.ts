import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { SESSION_COOKIE } from '../../contracts/orgs';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openSession } from '../factories';

/** Where browser tests leave screenshots for people to look at. */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The built application listening on a free port of 127.0.0.1, on SQLite in a fresh data folder. */
export async function startServedApp(name: string): Promise<{ app: FastifyInstance; base: string; dataDir: string }> {
  if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) throw new Error('Build the front end first: npm run build:web');
  const dataDir = mkdtempSync(path.join(tmpdir(), `qinglang-e2e-${name}-`));
  const config = loadConfig(
    {
      QINGLANG_DATA_DIR: dataDir,
      QINGLANG_RATE_LIMIT: 'off',
      QINGLANG_CHALLENGE: 'off',
      // Plain http on 127.0.0.1 in the test; production keeps the Secure flag.
      QINGLANG_COOKIE_SECURE: 'off',
      LOG_LEVEL: 'warn',
    },
    { cwd: ROOT },
  );
  const app = await buildApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, base: `http://127.0.0.1:${address.port}`, dataDir };
}

/** Closes what a browser test started: the browser, the served app, and its data folder. Each may be missing when start-up failed. */
export async function stopServedApp(started: {
  browser?: Browser | undefined;
  app?: FastifyInstance | undefined;
  dataDir?: string | undefined;
}) {
  await started.browser?.close();
  await started.app?.close();
  if (started.dataDir) rmSync(started.dataDir, { recursive: true, force: true });
}

/** A browser context signed in as a user: their session cookie, as if they had just signed in. */
export async function signedInContext(
  browser: Browser,
  app: FastifyInstance,
  base: string,
  userId: string,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const { headers } = await openSession(app, userId);
  const cookie = headers.cookie!;
  const value = cookie.slice(cookie.indexOf('=') + 1);
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  await context.addCookies([{ name: SESSION_COOKIE, value, url: base }]);
  return context;
}

/** How far the page scrolls sideways (px); 0 when it fits the viewport, as every page must on a phone. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Opens a page at `base + url`, collecting its script errors into `errors` (tests expect none). */
export async function openPage(context: BrowserContext, base: string, url: string, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${base}${url}`);
  return page;
}

/**
 * Chooses an option of an Ant Design single select as a person would: opens the select, clicks the
 * option, and waits until the list has closed on the choice. A click that lands while the list is
 * still opening or re-rendering (its options arriving from the server) can be lost; the list then
 * stays open over the fields below and swallows the next click. So the option is clicked again,
 * up to three times, until the list closes.
 */
export async function chooseOption(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  const openLists = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
  await select.click();
  for (let attempt = 1; ; attempt++) {
    await page.locator(openLists).locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    const closed = await page
      .waitForFunction((lists) => !document.querySelector(lists), openLists, { timeout: 3_000 })
      .then(
        () => true,
        () => false,
      );
    if (closed) return;
    if (attempt === 3) throw new Error(`The select's list stayed open after choosing ${String(option)} three times`);
  }
}
