/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/main.js';

export const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results');

/** Debian's Chromium, headless, without the background traffic a closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
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

/**
 * Builds the web UI when its sources changed since the last build (as `npm start` does), so a
 * browser test never drives a stale UI; a fresh build costs nothing.
 */
function ensureWebBuilt(): void {
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'apps', 'web', 'scripts', 'ensure-built.mjs')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The web UI did not build: see the output above.');
}

/**
 * The real server on a fresh embedded database and a free port. Background jobs (imports,
 * duplicate scans) run only when asked for: their queue polls the database every couple of seconds.
 */
export async function startTestServer({ jobs = false }: { jobs?: boolean } = {}) {
  ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
  const base = loadConfig();
  const server = await startServer({ ...base, dataDir, databaseUrl: undefined, port: 0, host: '127.0.0.1', jobs });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What a browser test drives: a server of its own, Chromium, and one page in a desk-sized zh-CN
 * context. `dialogs` collects the message of every alert/confirm/prompt the page opened (and
 * dismissed): text rendered as markup would open one.
 */
export async function openBrowserSession(opts: { jobs?: boolean; context?: BrowserContextOptions } = {}) {
  const server = await startTestServer({ jobs: opts.jobs });
  const browser = await launchChromium();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const context: BrowserContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, ...opts.context });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    server,
    browser,
    context,
    page,
    dialogs,
    async close() {
      await context.close();
      await browser.close();
      await server.stop();
    },
  };
}
export type BrowserSession = Awaited<ReturnType<typeof openBrowserSession>>;

export type Locale = 'zh-CN' | 'zh-TW' | 'en';

/** Switches the UI's language from the header's language menu. */
export async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
  await page.getByTestId('lang-switch').click();
  await page.getByTestId(`lang-${locale}`).click();
}

/**
 * A screenshot in test-results/, named for what it shows: the whole page unless `fullPage` is
 * false (a long phone list is better seen a screen at a time), with transitions run to their end.
 */
export async function shot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled' });
}

/** The first administrator's password where a test has no need of its own. */
export const ADMIN_PASSWORD = 'Secret-Pass-2026';

/** Who sets up a fresh server: the organisation and its first administrator. */
export type FirstAdmin = { organisation: string; name: string; email: string; password?: string };

/**
 * Opens the app on a fresh server, which asks to be set up, fills in the set-up form and waits for
 * the signed-in app's navigation; `beforeSubmit` runs on the filled form (to photograph it, say).
 */
export async function setUpOrganisation(
  page: Page,
  serverUrl: string,
  admin: FirstAdmin,
  { beforeSubmit }: { beforeSubmit?: () => Promise<void> } = {},
): Promise<void> {
  await page.goto(serverUrl);
  const { organisation, name, email, password = ADMIN_PASSWORD } = admin;
  await page.getByTestId('setup-org').fill(organisation);
  await page.getByTestId('setup-name').fill(name);
  await page.getByTestId('setup-email').fill(email);
  await page.getByTestId('setup-password').fill(password);
  await page.getByTestId('setup-password2').fill(password);
  await beforeSubmit?.();
  await page.getByTestId('setup-submit').click();
  await expect.poll(() => page.getByTestId('nav').isVisible(), { timeout: 20_000 }).toBe(true);
}

/**
 * A JSON call to the API as the page's signed-in user: its session cookie, and the CSRF header
 * writes need. `version` goes in If-Match, for the writes that check it.
 */
export async function callApi<T>(
  page: Page,
  serverUrl: string,
  method: 'GET' | 'POST' | 'PATCH',
  apiPath: string,
  body?: unknown,
  version?: number,
): Promise<T> {
  const csrf = (await page.context().cookies(serverUrl)).find((cookie) => cookie.name === 'rapport_csrf')?.value;
  const headers: Record<string, string> = csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {};
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  const response = await page.request.fetch(`${serverUrl}/api/v1${apiPath}`, { method, headers, data: body });
  if (!response.ok()) throw new Error(`${method} ${apiPath} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Opens a page of the app as its own links do, without loading the app again: every load asks the
 * server whether set-up is needed, and that question shares the sign-in rate limit (30 a minute).
 */
export async function visit(page: Page, target: string): Promise<void> {
  await page.evaluate((url) => {
    window.history.pushState(null, '', url);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, target);
  await page.waitForURL((url) => url.pathname + url.search === target);
}

/**
 * Translation keys shown as text (`customers.fields.name`) mean a message is missing. `namespaces`
 * are the message files whose keys the screens under test could show.
 */
export async function expectNoRawKeys(page: Page, where: string, namespaces: readonly string[]): Promise<void> {
  const text = await page.locator('body').innerText();
  const raw = text.match(new RegExp(String.raw`\b(?:${namespaces.join('|')})\.[a-z][\w.]*[a-zA-Z]\b`, 'g'));
  expect(raw, `raw message keys on ${where}`).toBeNull();
}

/** How many pixels the page is wider than its window: more than 1 means it scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
