import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseLanguage, horizontalOverflow, launchChromium, SCREENSHOTS, setUpOrganisation, shot, startTestServer } from './browser.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('sets up the first administrator, signs in, switches language to 繁體中文 and back, and shows the navigation', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await setUpOrganisation(
    page,
    server.url,
    { organisation: '华东贸易有限公司', name: '王芳', email: 'wang.fang@example.com', password: 'Secret-Pass-2026' },
    { beforeSubmit: () => shot(page, 'setup-zh-CN') },
  );
  await expect.poll(() => page.getByTestId('nav-customers').textContent()).toContain('客户');
  await shot(page, 'home-zh-CN');

  await chooseLanguage(page, 'zh-TW');
  await expect.poll(() => page.getByTestId('nav-customers').textContent()).toContain('客戶');
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-TW');
  await shot(page, 'home-zh-TW');

  await chooseLanguage(page, 'en');
  await expect.poll(() => page.getByTestId('nav-customers').textContent()).toContain('Customers');
  for (const item of ['customers', 'sales', 'service', 'marketing', 'analytics', 'settings']) {
    expect(await page.getByTestId(`nav-${item}`).isVisible()).toBe(true);
  }
  await shot(page, 'home-en');

  // Sign out, and back in: the language chosen is remembered for the user.
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-email').fill('wang.fang@example.com');
  await page.getByTestId('login-password').fill('Secret-Pass-2026');
  await page.getByTestId('login-submit').click();
  await expect.poll(() => page.getByTestId('nav-customers').textContent(), { timeout: 20_000 }).toContain('Customers');

  await chooseLanguage(page, 'zh-CN');
  await expect.poll(() => page.getByTestId('nav-customers').textContent()).toContain('客户');
  await context.close();
});

it('works on a phone-sized screen: the navigation opens from the menu button', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('login-email').fill('wang.fang@example.com');
  await page.getByTestId('login-password').fill('Secret-Pass-2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-toggle').click();
  await expect.poll(() => page.getByTestId('nav-settings').isVisible(), { timeout: 20_000 }).toBe(true);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
  await shot(page, 'phone-nav');
  await context.close();
});
