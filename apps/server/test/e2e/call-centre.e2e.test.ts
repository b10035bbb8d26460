/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callApi,
  chooseLanguage,
  expectNoRawKeys,
  horizontalOverflow,
  setUpOrganisation,
  shot,
  visit,
  openBrowserSession,
  type BrowserSession,
} from './browser.js';

/**
 * INT-4 in the browser: a PBX reports calls with an API token, and the agent's screen pops the
 * caller's card (or, for an unknown number, the way to file them) while the page stays usable; the
 * end of the call reaches the bell. In three languages, on a desk and a phone.
 */

const ADMIN_EMAIL = 'li.na@example.com';
const CUSTOMER_NAME = '上海明达机电设备有限公司';
const STORED_PHONE = '021-6234 5678';
/** The same number as a PBX writes it. */
const PBX_PHONE = '+86 21 6234 5678';
const UNKNOWN_PHONE = '0755 8888 9999';
const OTHER_UNKNOWN = '+86 10 6500 1234';
const LAST_VISIT = '上门检修 3 号生产线';
const OPEN_TASK = '寄送维修报价';
/** The message files whose keys these screens could show as raw text. */
const MESSAGE_NAMESPACES = ['notifications', 'interactions', 'customers', 'common', 'errors', 'shell', 'nav'];

let server: BrowserSession['server'];
let page: Page;
/** Messages of any alert/confirm/prompt the page opened: text rendered as markup would open one. */
let dialogs: string[];
let session: BrowserSession;
/** How often the page opened its notification stream. */
let streamsOpened = 0;

// What the steps learn and later steps use.
let customerId: string;
let pbxToken: string;

beforeAll(async () => {
  session = await openBrowserSession({ context: { timezoneId: 'Asia/Shanghai' } });
  ({ server, page, dialogs } = session);
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/v1/notifications/stream' && response.ok()) streamsOpened++;
  });
});
afterAll(async () => {
  await session?.close();
});

type CallJson = {
  callId: string;
  state: string;
  number: string;
  customer: { id: string; name: string } | null;
  interactionId: string | null;
};

/** What the PBX does: one call event, with its own API token, from outside the browser. */
async function pbx(event: Record<string, unknown>): Promise<CallJson> {
  const response = await fetch(`${server.url}/api/v1/cti/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${pbxToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ agent: ADMIN_EMAIL, ...event }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as CallJson;
}

/** The pop of one call, by the PBX's call id. */
const popOf = (callId: string) => page.locator(`[data-testid="screen-pop"][data-call-id="${callId}"]`);

/** The unread count the bell shows. */
const bellCount = async () => Number(await page.getByTestId('notification-bell').getAttribute('data-unread'));

it('sets up an organisation, a customer with a phone, and a PBX with its API token', async () => {
  await setUpOrganisation(page, server.url, { organisation: '明达呼叫中心', name: '李娜', email: ADMIN_EMAIL });
  await chooseLanguage(page, 'zh-CN');
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');
  await page.getByTestId('notification-bell').waitFor();

  const customer = await callApi<{ id: string }>(page, server.url, 'POST', '/customers?force=true', {
    kind: 'organisation',
    name: CUSTOMER_NAME,
    phones: [{ label: 'work', number: STORED_PHONE }],
    tier: 'key',
  });
  customerId = customer.id;
  await callApi(page, server.url, 'POST', '/interactions', { customerId, channel: 'visit', direction: 'outbound', subject: LAST_VISIT });
  await callApi(page, server.url, 'POST', '/tasks', {
    customerId,
    title: OPEN_TASK,
    dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  });

  // What a PBX is given: a role that may log interactions on every customer, and a token of it.
  const role = await callApi<{ id: string }>(page, server.url, 'POST', '/roles', {
    name: '呼叫中心交换机',
    permissions: [{ permission: 'interactions.create', scope: 'all' }],
  });
  const token = await callApi<{ token: string }>(page, server.url, 'POST', '/api-tokens', { name: 'PBX', roleId: role.id });
  pbxToken = token.token;
  expect(pbxToken).toBeTruthy();
  // The pop reaches browsers that are listening: this one is, once its stream is open.
  await expect.poll(() => streamsOpened, { timeout: 10_000 }).toBeGreaterThan(0);
});

it('pops the caller’s card on the agent’s screen when the phone rings, with the page still usable', async () => {
  const ringing = await pbx({ event: 'ringing', callId: 'e2e-1', from: PBX_PHONE });
  expect(ringing.customer?.id).toBe(customerId);

  const pop = popOf('e2e-1');
  await pop.waitFor({ timeout: 5_000 });
  await expect.poll(() => pop.getByTestId('screen-pop-customer').innerText()).toBe(CUSTOMER_NAME);
  const text = await pop.innerText();
  expect(text).toContain('来电');
  // The number as people here write it, whatever format the PBX used.
  expect(await pop.getByTestId('screen-pop-number').innerText()).toBe('021 6234 5678');
  expect(text).toContain('重要');
  expect(text).toContain('负责人：李娜');
  expect(text).toContain(OPEN_TASK);
  expect(text).toContain(LAST_VISIT);
  await expect.poll(bellCount).toBe(1);
  await expectNoRawKeys(page, 'the screen pop (zh-CN)', MESSAGE_NAMESPACES);
  await shot(page, 'call-centre-pop-zh-CN', { fullPage: false });

  // The agent keeps working while the call rings: the navigation still answers.
  await page.getByTestId('nav-customers').click();
  await page.waitForURL(/\/customers$/);
  expect(await pop.isVisible()).toBe(true);
});

it('turns the pop into a request for a summary when the call ends, and lists it under the bell', async () => {
  await pbx({ event: 'answered', callId: 'e2e-1', from: PBX_PHONE });
  // A short conversation: the call's length is whole seconds.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const ended = await pbx({ event: 'ended', callId: 'e2e-1', from: PBX_PHONE });
  expect(ended.interactionId).toBeTruthy();

  const pop = popOf('e2e-1');
  await expect.poll(() => pop.innerText(), { timeout: 5_000 }).toContain('通话已结束');
  await pop.getByTestId('screen-pop-summary').waitFor();
  expect(await pop.innerText()).toMatch(/通话 0:0[1-9]/);
  await expect.poll(bellCount).toBe(2);

  // The bell lists the call's end first, unread, in the reader's words.
  await page.getByTestId('notification-bell').click();
  const list = page.getByTestId('notification-list');
  await list.waitFor();
  const item = list.getByTestId('notification-call_ended');
  await expect.poll(() => item.innerText()).toContain('通话结束，请填写摘要');
  expect(await item.getAttribute('data-unread')).toBe('true');
  expect(await item.innerText()).toContain('021 6234 5678 · 通话 0:0');
  const items = await list.locator('button[data-testid^="notification-"]').allInnerTexts();
  expect(items[0]).toContain('通话结束');
  expect(items[1]).toContain(`来电 · ${CUSTOMER_NAME}`);
  await expectNoRawKeys(page, 'the notifications (zh-CN)', MESSAGE_NAMESPACES);
  await shot(page, 'call-centre-bell-zh-CN', { fullPage: false });

  // A click marks it read and opens the customer, at the call to summarise.
  await item.click();
  await page.waitForURL((url) => url.pathname === `/customers/${customerId}`);
  expect(new URL(page.url()).searchParams.get('interaction')).toBe(ended.interactionId);
  await expect.poll(bellCount).toBe(1);
  // The logged call opens for its summary: the agent writes it and saves.
  const drawer = page.getByTestId('log-interaction');
  await drawer.waitFor();
  await page.getByTestId('log-summary').fill('客户报修 3 号线，已约周五上门');
  await page.getByTestId('log-save').click();
  await drawer.waitFor({ state: 'hidden' });
  const summarised = await callApi<{ summary: string; channel: string }>(page, server.url, 'GET', `/interactions/${ended.interactionId}`);
  expect(summarised).toMatchObject({ channel: 'call', summary: '客户报修 3 号线，已约周五上门' });
  expect(new URL(page.url()).searchParams.get('interaction')).toBeNull();

  // Dismissing the pop settles the ringing too.
  await popOf('e2e-1').getByTestId('screen-pop-dismiss').click();
  await popOf('e2e-1').waitFor({ state: 'detached' });
  await expect.poll(bellCount).toBe(0);
});

it('offers to file an unknown caller, or to add the number to a customer on file', async () => {
  await pbx({ event: 'ringing', callId: 'e2e-2', from: UNKNOWN_PHONE });
  const pop = popOf('e2e-2');
  await pop.getByTestId('screen-pop-unknown').waitFor({ timeout: 5_000 });
  expect(await pop.getByTestId('screen-pop-number').innerText()).toBe('0755 8888 9999');
  expect(await pop.innerText()).toContain('未知号码');
  await pop.getByTestId('screen-pop-link-start').click();
  await expectNoRawKeys(page, 'the unknown caller’s pop (zh-CN)', MESSAGE_NAMESPACES);
  await shot(page, 'call-centre-pop-unknown-zh-CN', { fullPage: false });

  // Linking: the number joins the customer's phones, and the customer opens.
  await pop.getByTestId('screen-pop-link-customer').click();
  await page.keyboard.type('明达机电');
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: CUSTOMER_NAME })
    .first()
    .click();
  await pop.getByTestId('screen-pop-link-submit').click();
  await page.waitForURL((url) => url.pathname === `/customers/${customerId}`);
  await popOf('e2e-2').waitFor({ state: 'detached' });
  const customer = await callApi<{ phones: { number: string; entered: string }[] }>(page, server.url, 'GET', `/customers/${customerId}`);
  expect(customer.phones.map((p) => p.number)).toEqual(['+862162345678', '+8675588889999']);
  expect(customer.phones[0]!.entered).toBe(STORED_PHONE);
  // The next call from that number finds the customer.
  expect((await pbx({ event: 'ringing', callId: 'e2e-3', from: UNKNOWN_PHONE })).customer?.id).toBe(customerId);
  await popOf('e2e-3').waitFor({ timeout: 5_000 });
  await popOf('e2e-3').getByTestId('screen-pop-dismiss').click();

  // A withheld number can only be filed without it.
  await pbx({ event: 'ringing', callId: 'e2e-anonymous', from: 'anonymous' });
  const withheld = popOf('e2e-anonymous');
  await withheld.getByTestId('screen-pop-unknown').waitFor({ timeout: 5_000 });
  expect(await withheld.getByTestId('screen-pop-number').innerText()).toBe('号码未显示');
  expect(await withheld.getByTestId('screen-pop-link-start').count()).toBe(0);
  await withheld.getByTestId('screen-pop-dismiss').click();
  await withheld.waitFor({ state: 'detached' });

  // Filing: the new-customer form opens with the caller's number in it.
  await pbx({ event: 'ringing', callId: 'e2e-4', from: OTHER_UNKNOWN });
  await popOf('e2e-4').getByTestId('screen-pop-new').click();
  await page.waitForURL((url) => url.pathname === '/customers/new');
  expect(new URL(page.url()).searchParams.get('phone')).toBe('+861065001234');
  await expect.poll(() => page.getByTestId('customer-phone-0').inputValue()).toBe('010 6500 1234');
  await popOf('e2e-4').waitFor({ state: 'detached' });
});

it('pops on a phone in 繁體中文 and stacks several calls in English on a desk', async () => {
  await page.setViewportSize({ width: 375, height: 812 });
  await visit(page, '/customers');
  await chooseLanguage(page, 'zh-TW');
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-TW');
  await pbx({ event: 'ringing', callId: 'e2e-5', from: PBX_PHONE });
  const pop = popOf('e2e-5');
  await expect.poll(() => pop.getByTestId('screen-pop-customer').innerText(), { timeout: 5_000 }).toBe(CUSTOMER_NAME);
  expect(await pop.innerText()).toContain('來電');
  await expectNoRawKeys(page, 'the screen pop (zh-TW, phone)', MESSAGE_NAMESPACES);
  expect(await horizontalOverflow(page), 'the pop fits a 375 px phone').toBeLessThanOrEqual(1);
  const box = (await pop.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(375);
  await shot(page, 'call-centre-pop-phone-zh-TW', { fullPage: false });
  await pop.getByTestId('screen-pop-dismiss').click();

  // The bell's list fills the phone's screen.
  await page.getByTestId('notification-bell').click();
  const list = page.getByTestId('notification-list');
  await list.waitFor();
  await expect.poll(() => list.innerText()).toContain('通話結束，請填寫摘要');
  expect(await horizontalOverflow(page), 'the list fits a 375 px phone').toBeLessThanOrEqual(1);
  await expectNoRawKeys(page, 'the notifications (zh-TW, phone)', MESSAGE_NAMESPACES);
  await shot(page, 'call-centre-bell-phone-zh-TW', { fullPage: false });
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden' });

  await page.setViewportSize({ width: 1280, height: 800 });
  await chooseLanguage(page, 'en');
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
  await pbx({ event: 'ringing', callId: 'e2e-6', from: PBX_PHONE });
  await pbx({ event: 'ringing', callId: 'e2e-7', from: '+86 20 8888 0000' });
  await popOf('e2e-7').getByTestId('screen-pop-unknown').waitFor({ timeout: 5_000 });
  await popOf('e2e-6').waitFor();
  // The newest nearest the corner, the one before it above.
  expect((await popOf('e2e-7').boundingBox())!.y).toBeGreaterThan((await popOf('e2e-6').boundingBox())!.y);
  expect(await popOf('e2e-6').innerText()).toContain('Incoming call');
  expect(await popOf('e2e-6').innerText()).toContain('Key');
  expect(await popOf('e2e-7').innerText()).toContain('Unknown number');
  await expectNoRawKeys(page, 'the screen pops (en)', MESSAGE_NAMESPACES);
  await shot(page, 'call-centre-pops-en', { fullPage: false });

  // Log this call goes to the customer's page.
  await popOf('e2e-6').getByTestId('screen-pop-log').click();
  await page.waitForURL((url) => url.pathname === `/customers/${customerId}`);
  await popOf('e2e-6').waitFor({ state: 'detached' });
  await popOf('e2e-7').getByTestId('screen-pop-dismiss').click();
  await page.getByTestId('screen-pops').waitFor({ state: 'detached' });
  expect(dialogs).toEqual([]);
});
