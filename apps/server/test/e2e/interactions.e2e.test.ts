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
 * Issue 4 in the browser: a call logged on a customer's timeline with a follow-up, the follow-up
 * found and completed on the tasks page, a recurring task that comes back, and the screens in three
 * languages on a desk and a phone.
 */

const CUSTOMER_NAME = '深圳前海星河科技有限公司';
const CONTACT_NAME = '李明';
const SUMMARY = '客户询问 200 台扫码枪的报价，希望下周三前收到。';
const FOLLOW_UP = '发送扫码枪报价';
const RECURRING = '每周回访星河科技';
// The office the reps work in: "tomorrow" and "this week" are Shanghai's.
const TIME_ZONE = 'Asia/Shanghai';
/** The message files whose keys these screens could show as raw text. */
const MESSAGE_NAMESPACES = ['interactions', 'customers', 'common', 'errors', 'shell', 'nav', 'audit'];

let server: BrowserSession['server'];
let page: Page;
/** Messages of any alert/confirm/prompt the page opened: text rendered as markup would open one. */
let dialogs: string[];
let session: BrowserSession;

// What the steps learn and later steps use.
let customerId: string;

beforeAll(async () => {
  // The event dispatcher, which writes customers' changes onto their timelines, runs with the jobs.
  session = await openBrowserSession({ jobs: true, context: { timezoneId: TIME_ZONE } });
  ({ server, page, dialogs } = session);
});
afterAll(async () => {
  await session?.close();
});

type TaskJson = { id: string; title: string; status: string; dueAt: string | null; customerId: string | null; recurrence: unknown };
type InteractionJson = {
  id: string;
  channel: string;
  direction: string | null;
  summary: string | null;
  durationSeconds: number | null;
  contactIds: string[];
  followUpTaskId: string | null;
};

/** Tomorrow's date in the office's time zone, as the UI writes dates. */
function tomorrow(): string {
  const inShanghai = new Date(Date.now() + 24 * 3600_000).toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });
  return inShanghai; // YYYY-MM-DD
}

/** The text box of an Ant Design picker or number field, whichever element carries the test id. */
const inputOf = (testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

const entryTitled = (text: string) => page.getByTestId('timeline-entry').filter({ hasText: text });
/** A task of the tasks page's list (a customer's page lists its open tasks as well). */
const taskTitled = (text: string) => page.getByTestId('tasks').getByTestId('task-item').filter({ hasText: text });

it('sets up an organisation in 简体中文 and creates a customer with a contact', async () => {
  await setUpOrganisation(page, server.url, { organisation: '星河贸易有限公司', name: '周婷', email: 'zhou.ting@example.com' });
  await chooseLanguage(page, 'zh-CN');
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');
  // Tasks have their own entry in the navigation, right after customers.
  await expect.poll(() => page.getByTestId('nav-tasks').textContent()).toContain('任务');

  const created = await callApi<{ id: string; version: number }>(page, server.url, 'POST', '/customers?force=true', {
    kind: 'organisation',
    name: CUSTOMER_NAME,
    phones: [{ label: 'work', number: '0755-8888 6666' }],
    tier: 'general',
  });
  customerId = created.id;
  await callApi(page, server.url, 'POST', `/customers/${customerId}/contacts`, { name: CONTACT_NAME, title: '采购经理', isPrimary: true });
  // A change of a field, which the timeline shows as "field: old → new".
  await callApi(page, server.url, 'PATCH', `/customers/${customerId}`, { tier: 'key' }, created.version);
});

it('opens the customer on its timeline, with the change of tier', async () => {
  await visit(page, `/customers/${customerId}`);
  await page.getByTestId('timeline-tab').waitFor({ timeout: 15_000 });
  // The timeline is the first tab, so it is what opens.
  expect(await page.locator('.ant-tabs-tab-active').innerText()).toContain('时间线');
  // The change reaches the timeline through an event: it may take a moment, and a reload.
  await expect
    .poll(
      async () => {
        const text = await page.getByTestId('timeline-tab').innerText();
        if (!text.includes('价值等级')) await page.reload();
        return text;
      },
      { timeout: 20_000, interval: 2000 },
    )
    .toMatch(/价值等级[\s\S]*普通[\s\S]*→[\s\S]*重要/);
});

it('logs a call with the keyboard, with a contact, a duration and a follow-up due tomorrow', async () => {
  await page.getByTestId('timeline-log').click();
  const drawer = page.getByTestId('log-interaction');
  await drawer.waitFor();
  // The cursor starts in the summary: a rep on the phone types at once.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('log-summary');
  await page.keyboard.type(SUMMARY);
  expect(await page.getByTestId('log-channel-call').getAttribute('aria-checked')).toBe('true');
  await page.getByTestId('log-duration').fill('4:30');
  await page.getByTestId('log-contacts').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: CONTACT_NAME })
    .click();
  await page.keyboard.press('Escape');
  await page.getByTestId('log-next-step').fill(FOLLOW_UP);
  await page.getByTestId('log-follow-up').click();
  // The follow-up takes the next step as its title, and tomorrow morning as its due time.
  await expect.poll(() => page.getByTestId('log-follow-up-title').inputValue()).toBe(FOLLOW_UP);
  expect(await inputOf('log-follow-up-due').inputValue()).toBe(`${tomorrow()} 09:00`);
  await shot(page, 'interactions-log-zh-CN', { fullPage: false });

  await page.getByTestId('log-summary').click();
  await page.keyboard.press('Control+Enter');
  await drawer.waitFor({ state: 'detached', timeout: 10_000 });

  // On the timeline at once, with who logged it and the details.
  const entry = entryTitled(SUMMARY);
  await entry.waitFor({ timeout: 10_000 });
  const text = await entry.innerText();
  expect(text).toContain('电话');
  expect(text).toContain('我方发起');
  expect(text).toContain('周婷');
  expect(text).toContain('4:30');
  expect(text).toContain(CONTACT_NAME);
  // The follow-up shows among the customer's open tasks.
  await expect.poll(() => page.getByTestId('customer-open-tasks').innerText(), { timeout: 10_000 }).toContain(FOLLOW_UP);

  const logged = await callApi<{ data: InteractionJson[] }>(page, server.url, 'GET', `/interactions?customerId=${customerId}`);
  expect(logged.data).toHaveLength(1);
  expect(logged.data[0]).toMatchObject({ channel: 'call', direction: 'outbound', summary: SUMMARY, durationSeconds: 270 });
  expect(logged.data[0]!.contactIds).toHaveLength(1);
  expect(logged.data[0]!.followUpTaskId).toBeTruthy();
  const followUp = await callApi<TaskJson>(page, server.url, 'GET', `/tasks/${logged.data[0]!.followUpTaskId}`);
  expect(followUp).toMatchObject({ title: FOLLOW_UP, status: 'open', customerId });
  expect(new Date(followUp.dueAt!).toLocaleString('sv-SE', { timeZone: TIME_ZONE })).toBe(`${tomorrow()} 09:00:00`);

  await page.waitForLoadState('networkidle');
  await expectNoRawKeys(page, 'the timeline (zh-CN)', MESSAGE_NAMESPACES);
  expect(await horizontalOverflow(page), 'the timeline fits 1280 px').toBeLessThanOrEqual(1);
  await shot(page, 'interactions-timeline-zh-CN');
});

it('filters the timeline by channel', async () => {
  await page.getByTestId('timeline-filter-kind').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: '联系记录' })
    .click();
  await page.keyboard.press('Escape');
  await expect
    .poll(() => page.getByTestId('timeline-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))))
    .toEqual(['interaction']);
  await page.getByTestId('timeline-filter-clear').click();
  await expect.poll(() => page.getByTestId('timeline-entry').count()).toBeGreaterThan(1);
});

it('edits the call from the timeline: the form opens as it was saved', async () => {
  await entryTitled(SUMMARY).getByTestId('timeline-entry-edit').click();
  await page.getByTestId('log-interaction').waitFor();
  expect(await page.getByTestId('log-duration').inputValue()).toBe('4:30');
  expect(await page.getByTestId('log-summary').inputValue()).toBe(SUMMARY);
  await page.getByTestId('log-outcome').fill('已答应周三前报价');
  await page.getByTestId('log-save').click();
  await page.getByTestId('log-interaction').waitFor({ state: 'detached', timeout: 10_000 });
  await expect.poll(() => entryTitled(SUMMARY).innerText(), { timeout: 10_000 }).toContain('结果：已答应周三前报价');
  const [call] = (await callApi<{ data: InteractionJson[] }>(page, server.url, 'GET', `/interactions?customerId=${customerId}`)).data;
  expect(call).toMatchObject({ summary: SUMMARY, durationSeconds: 270 });
});

it('finds the follow-up on the tasks page and completes it', async () => {
  await page.getByTestId('nav-tasks').click();
  await page.waitForURL(/\/tasks$/);
  const task = taskTitled(FOLLOW_UP);
  await task.waitFor({ timeout: 10_000 });
  expect(await task.innerText()).toContain(CUSTOMER_NAME);
  expect(await task.innerText()).toContain(`${tomorrow()} 09:00`);
  // Due tomorrow: not overdue, so not in red.
  expect(await task.getAttribute('data-overdue')).toBeNull();

  // A task that repeats every week, overdue since yesterday, made through the dialog.
  await page.getByTestId('task-new').click();
  await page.getByTestId('task-title').fill(RECURRING);
  await page.getByTestId('task-customer').click();
  await page.keyboard.type('深圳前海');
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: CUSTOMER_NAME })
    .click();
  const due = inputOf('task-due');
  await due.click();
  await due.fill(new Date(Date.now() - 24 * 3600_000).toLocaleDateString('sv-SE', { timeZone: TIME_ZONE }) + ' 10:00');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-ok button').click();
  await page.getByTestId('task-repeats').click();
  // Every 1 week is what a new repeat starts with.
  await expect.poll(() => inputOf('task-every').inputValue()).toBe('1');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const recurring = taskTitled(RECURRING);
  await recurring.waitFor({ timeout: 10_000 });
  // Overdue tasks come first and are in red.
  await expect.poll(() => recurring.getAttribute('data-overdue')).toBe('true');
  expect(await recurring.innerText()).toContain('已逾期');
  expect(await recurring.innerText()).toContain('每周');
  expect(await page.getByTestId('tasks').getByTestId('task-item').first().innerText()).toContain(RECURRING);

  await page.waitForLoadState('networkidle');
  await expectNoRawKeys(page, 'the tasks page (zh-CN)', MESSAGE_NAMESPACES);
  expect(await horizontalOverflow(page), 'the tasks page fits 1280 px').toBeLessThanOrEqual(1);
  await shot(page, 'interactions-tasks-zh-CN');

  // Completing the follow-up takes it off the open list.
  await task.getByTestId('task-item-complete').click();
  await expect.poll(() => taskTitled(FOLLOW_UP).count(), { timeout: 10_000 }).toBe(0);
  const tasks = await callApi<{ data: TaskJson[] }>(page, server.url, 'GET', `/tasks?status=done&customerId=${customerId}`);
  expect(tasks.data.map((t) => t.title)).toContain(FOLLOW_UP);

  // Completing the weekly one brings the next week's.
  await recurring.getByTestId('task-item-complete').click();
  await expect.poll(() => page.locator('.ant-message').innerText(), { timeout: 10_000 }).toContain('下一次截止于');
  await expect.poll(() => taskTitled(RECURRING).getAttribute('data-overdue'), { timeout: 10_000 }).toBeNull();
  const open = await callApi<{ data: TaskJson[] }>(page, server.url, 'GET', `/tasks?customerId=${customerId}`);
  expect(open.data.map((t) => t.title)).toEqual([RECURRING]);

  // The done ones are a click away.
  await page.getByTestId('tasks-status').getByText('已完成').click();
  await expect.poll(() => taskTitled(FOLLOW_UP).count(), { timeout: 10_000 }).toBe(1);
  await page.getByTestId('tasks-status').getByText('未完成').click();
});

it('shows the timeline and the tasks in 繁體中文 on a phone and in English on a desk', async () => {
  await page.setViewportSize({ width: 375, height: 812 });
  await visit(page, `/customers/${customerId}`);
  await chooseLanguage(page, 'zh-TW');
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-TW');
  await entryTitled(SUMMARY).waitFor({ timeout: 15_000 });
  await expect.poll(() => entryTitled(SUMMARY).innerText()).toContain('電話');
  await page.waitForLoadState('networkidle');
  await expectNoRawKeys(page, 'the timeline (zh-TW, phone)', MESSAGE_NAMESPACES);
  expect(await horizontalOverflow(page), 'the timeline fits a 375 px phone').toBeLessThanOrEqual(1);
  await shot(page, 'interactions-timeline-phone-zh-TW');

  await visit(page, '/tasks');
  await taskTitled(RECURRING).waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  await expectNoRawKeys(page, 'the tasks page (zh-TW, phone)', MESSAGE_NAMESPACES);
  expect(await horizontalOverflow(page), 'the tasks page fits a 375 px phone').toBeLessThanOrEqual(1);
  await shot(page, 'interactions-tasks-phone-zh-TW');

  // The log form on a phone: one column, nothing to scroll sideways.
  await visit(page, `/customers/${customerId}`);
  await page.getByTestId('timeline-log').click();
  await page.getByTestId('log-interaction').waitFor();
  await page.getByTestId('log-channel-note').click();
  // A note has no direction.
  await expect.poll(() => page.getByTestId('log-direction').count()).toBe(0);
  await expectNoRawKeys(page, 'the log form (zh-TW, phone)', MESSAGE_NAMESPACES);
  await shot(page, 'interactions-log-phone-zh-TW', { fullPage: false });
  await page.keyboard.press('Escape');
  await page.getByTestId('log-interaction').waitFor({ state: 'detached' });

  await page.setViewportSize({ width: 1280, height: 800 });
  await chooseLanguage(page, 'en');
  await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
  await expect.poll(() => entryTitled(SUMMARY).innerText(), { timeout: 15_000 }).toContain('Call');
  await page.waitForLoadState('networkidle');
  await expectNoRawKeys(page, 'the timeline (en)', MESSAGE_NAMESPACES);
  expect(await horizontalOverflow(page), 'the timeline fits 1280 px (en)').toBeLessThanOrEqual(1);
  await shot(page, 'interactions-timeline-en');
  expect(dialogs).toEqual([]);
});
