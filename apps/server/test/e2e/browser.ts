import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
