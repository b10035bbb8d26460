import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedIn, type TestBrowser, type TestContext } from '../../db/testing.js';
import { body, createCustomer, customerTenant } from '../customers/customers.testing.js';
import { nextDue } from './tasks.service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

type Customer = { id: string; name: string; version: number };
type Interaction = {
  id: string;
  channel: string;
  userName: string | null;
  branchName: string | null;
  followUpTaskId: string | null;
  version: number;
};
type Entry = {
  id: string;
  kind: string;
  type: string;
  entityId: string;
  channel: string | null;
  title: string | null;
  summary: string | null;
  userName: string | null;
  branchName: string | null;
  contactIds: string[];
  data: Record<string, unknown>;
};
type Task = {
  id: string;
  title: string;
  status: string;
  dueAt: string | null;
  overdue: boolean;
  customerId: string | null;
  version: number;
};
type Page<T> = { data: T[]; nextCursor: string | null };
type Problem = { status: number; reason?: string; errors?: { path: string; reason?: string }[] };

/** A tenant whose admin works in a branch (so entries say which branch did what), and helpers to read it back. */
async function setUp() {
  const tenant = await customerTenant(ctx);
  const { t, admin } = tenant;
  const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
  const branch = await body<{ id: string }>(
    await admin.post('/api/v1/org-units', { name: '深圳分公司', kind: 'branch', parentId: company.id }),
  );
  const me = await body<{ id: string; version: number }>(await admin.get('/api/v1/users/me'));
  expect((await admin.patch(`/api/v1/users/${me.id}`, { orgUnitId: branch.id })).status).toBe(200);
  /** What the outbox's dispatcher does in the server, until nothing is left. */
  const dispatch = async () => {
    while ((await ctx.services.events.dispatchPending({ tenantId: t.tenant.id })).claimed > 0);
  };
  const timeline = async (b: TestBrowser, customerId: string, query = '') =>
    body<Page<Entry>>(await b.get(`/api/v1/customers/${customerId}/timeline?limit=50${query}`));
  const log = async (b: TestBrowser, input: Record<string, unknown>) => {
    const res = await b.post('/api/v1/interactions', input);
    expect(res.status, await res.clone().text()).toBe(201);
    return body<Interaction>(res);
  };
  return { ...tenant, branch, me, dispatch, timeline, log };
}

const create = (b: TestBrowser, input: Record<string, unknown>) => createCustomer<Customer>(b, input);

describe('logging interactions', () => {
  it('logs a call with a follow-up: on the timeline at once with who and which branch, and the follow-up in my tasks', async () => {
    const { admin, log, timeline, me } = await setUp();
    const customer = await create(admin, { name: '王大明', phones: [{ number: '13800138000' }] });
    const call = await log(admin, {
      customerId: customer.id,
      channel: 'call',
      direction: 'inbound',
      durationSeconds: 185,
      subject: '询价',
      summary: '客户询问 A 型号的价格和交期',
      outcome: 'interested',
      followUp: { title: '发送报价单', dueAt: '2030-01-10T10:00:00+08:00' },
    });
    expect(call).toMatchObject({ channel: 'call', branchName: '深圳分公司' });
    expect(call.followUpTaskId).toBeTruthy();

    const entries = (await timeline(admin, customer.id)).data;
    const callEntry = entries.find((e) => e.kind === 'interaction')!;
    expect(callEntry).toMatchObject({
      entityId: call.id,
      channel: 'call',
      title: '询价',
      summary: '客户询问 A 型号的价格和交期',
      branchName: '深圳分公司',
      data: { durationSeconds: 185, outcome: 'interested' },
    });
    expect(callEntry.userName).toBeTruthy();
    expect(entries.find((e) => e.kind === 'task')).toMatchObject({
      entityId: call.followUpTaskId,
      title: '发送报价单',
      data: { status: 'open' },
    });

    const mine = await body<Page<Task>>(await admin.get('/api/v1/tasks'));
    expect(mine.data.map((t) => t.id)).toEqual([call.followUpTaskId]);
    expect(mine.data[0]).toMatchObject({ customerId: customer.id, dueAt: '2030-01-10T02:00:00.000Z', overdue: false });
    expect((await body<Page<Task>>(await admin.get(`/api/v1/tasks?owner=${me.id}&customerId=${customer.id}`))).data).toHaveLength(1);
  });

  it('logs the same message of an integration once, however often it is sent', async () => {
    const { admin, log, timeline } = await setUp();
    const customer = await create(admin, { name: 'Acme Ltd' });
    const input = { customerId: customer.id, channel: 'email', direction: 'inbound', subject: 'Order', externalId: '<m1@example.com>' };
    const first = await log(admin, input);
    const again = await admin.post('/api/v1/interactions', input);
    expect(again.status).toBe(200);
    expect((await body<Interaction>(again)).id).toBe(first.id);
    expect((await body<Page<Interaction>>(await admin.get(`/api/v1/interactions?customerId=${customer.id}`))).data).toHaveLength(1);
    expect((await timeline(admin, customer.id, '&kind=interaction')).data).toHaveLength(1);
  });

  it('refuses bad input with the field at fault, and writes nothing', async () => {
    const { admin, log } = await setUp();
    const customer = await create(admin, { name: '李四' });
    const other = await create(admin, { kind: 'organisation', name: '别家公司' });
    const stranger = await body<{ id: string }>(await admin.post(`/api/v1/customers/${other.id}/contacts`, { name: '外人' }));

    const unknownCustomer = await admin.post('/api/v1/interactions', {
      customerId: '01900000-0000-7000-8000-000000000000',
      channel: 'call',
    });
    expect(unknownCustomer.status).toBe(404);
    expect((await body<Problem>(unknownCustomer)).reason).toBe('customer_not_found');

    const badChannel = await admin.post('/api/v1/interactions', { customerId: customer.id, channel: 'telegraph' });
    expect(badChannel.status).toBe(400);
    expect((await body<Problem>(badChannel)).errors?.[0]?.path).toBe('channel');

    const wrongContact = await admin.post('/api/v1/interactions', {
      customerId: customer.id,
      channel: 'visit',
      contactIds: [stranger.id],
      followUp: { title: 'should not stay', dueAt: '2030-01-01T00:00:00Z' },
    });
    expect(wrongContact.status).toBe(400);
    expect(await body<Problem>(wrongContact)).toMatchObject({ reason: 'contact_not_of_customer', errors: [{ path: 'contactIds.0' }] });

    const badDuration = await admin.post('/api/v1/interactions', { customerId: customer.id, channel: 'call', durationSeconds: -5 });
    expect(badDuration.status).toBe(400);

    expect((await body<Page<Interaction>>(await admin.get(`/api/v1/interactions?customerId=${customer.id}`))).data).toEqual([]);
    expect((await body<Page<Task>>(await admin.get('/api/v1/tasks?status=open,done,cancelled'))).data).toEqual([]);
    // A valid one still goes through afterwards.
    await log(admin, { customerId: customer.id, channel: 'note', direction: 'inbound', summary: 'ok' });
  });

  it('keeps one timeline entry per interaction through edits; deleting hides it and the recycle bin brings it back', async () => {
    const { admin, log, timeline, dispatch } = await setUp();
    const customer = await create(admin, { name: '赵六' });
    const visit = await log(admin, { customerId: customer.id, channel: 'visit', summary: '初访' });
    const edited = await admin.patch(
      `/api/v1/interactions/${visit.id}`,
      { summary: '初访：已见到采购经理' },
      { 'if-match': `"${visit.version}"` },
    );
    expect(edited.status, await edited.clone().text()).toBe(200);
    const stale = await admin.patch(`/api/v1/interactions/${visit.id}`, { summary: 'lost update' }, { 'if-match': `"${visit.version}"` });
    expect(stale.status).toBe(412);
    // The outbox delivering the same events again adds nothing and overwrites nothing.
    await dispatch();
    let entries = (await timeline(admin, customer.id, '&kind=interaction')).data;
    expect(entries.map((e) => e.summary)).toEqual(['初访：已见到采购经理']);

    expect((await admin.delete(`/api/v1/interactions/${visit.id}`)).status).toBe(204);
    expect((await timeline(admin, customer.id, '&kind=interaction')).data).toEqual([]);
    expect((await admin.get(`/api/v1/interactions/${visit.id}`)).status).toBe(404);
    expect((await admin.post(`/api/v1/recycle-bin/interaction/${visit.id}/restore`)).status).toBe(204);
    await dispatch();
    entries = (await timeline(admin, customer.id, '&kind=interaction')).data;
    expect(entries.map((e) => e.summary)).toEqual(['初访：已见到采购经理']);
  });
});

describe('the timeline', () => {
  it('shows field changes and contacts from the outbox, newest first, in pages, filtered by kind, channel and contact', async () => {
    const { admin, log, timeline, dispatch, me, userWith } = await setUp();
    const rep = await userWith('sales_rep');
    const org = await create(admin, { kind: 'organisation', name: '华南机电有限公司' });
    const contact = await body<{ id: string }>(await admin.post(`/api/v1/customers/${org.id}/contacts`, { name: '周经理' }));
    const patched = await admin.patch(`/api/v1/customers/${org.id}`, { tier: 'key', ownerId: rep.id }, { 'if-match': `"${org.version}"` });
    expect(patched.status).toBe(200);
    for (let i = 0; i < 5; i++)
      await log(admin, {
        customerId: org.id,
        channel: i % 2 ? 'email' : 'call',
        occurredAt: `2026-0${i + 1}-15T10:00:00+08:00`,
        contactIds: i === 4 ? [contact.id] : [],
        subject: `#${i}`,
      });
    await dispatch();

    const all = (await timeline(admin, org.id)).data;
    const updated = all.find((e) => e.type === 'customer.updated')!;
    expect(updated.data.changes).toMatchObject({ tier: { old: null, new: 'key' }, ownerId: { old: me.id, new: rep.id } });
    // Owners are stored as ids and shown by name.
    expect(updated.data.names).toEqual({ [me.id]: 'Admin', [rep.id]: rep.email.slice(0, 12) });
    expect(all.find((e) => e.type === 'customer.created')).toBeTruthy();
    expect(all.find((e) => e.type === 'contact.created')).toMatchObject({ contactIds: [contact.id], title: '周经理' });

    const calls = (await timeline(admin, org.id, '&kind=interaction&channel=call')).data;
    expect(calls.map((e) => e.title)).toEqual(['#4', '#2', '#0']);
    expect((await timeline(admin, org.id, `&contactId=${contact.id}&kind=interaction`)).data.map((e) => e.title)).toEqual(['#4']);
    expect(
      (await timeline(admin, org.id, '&kind=interaction&from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z')).data.map((e) => e.title),
    ).toEqual(['#2', '#1']);

    const paged: string[] = [];
    for (let cursor = ''; ;) {
      const page = await body<Page<Entry>>(await admin.get(`/api/v1/customers/${org.id}/timeline?limit=2&kind=interaction${cursor}`));
      paged.push(...page.data.map((e) => e.title!));
      if (!page.nextCursor) break;
      cursor = `&cursor=${page.nextCursor}`;
    }
    expect(paged).toEqual(['#4', '#3', '#2', '#1', '#0']);
    expect((await admin.get(`/api/v1/customers/${org.id}/timeline?cursor=garbage`)).status).toBe(400);
  });

  it('hides the values of sensitive fields from readers without that permission', async () => {
    const { admin, userWith, timeline, dispatch } = await setUp();
    const customer = await create(admin, { name: '钱七', bankAccount: '6222 0000 1111' });
    const updated = await admin.patch(
      `/api/v1/customers/${customer.id}`,
      { bankAccount: '6222 0000 2222' },
      { 'if-match': `"${customer.version}"` },
    );
    expect(updated.status).toBe(200);
    await dispatch();
    const agent = await userWith('service_agent');
    const seen = (await timeline(agent.browser, customer.id)).data.find((e) => e.type === 'customer.updated')!;
    expect(seen.data.changes).toMatchObject({ bankAccount: { old: '***', new: '***' } });
    const byAdmin = (await timeline(admin, customer.id)).data.find((e) => e.type === 'customer.updated')!;
    expect(JSON.stringify(byAdmin.data)).toContain('6222 0000 2222');
  });

  it('moves interactions, tasks and entries to the survivor of a merge, and back on undo', async () => {
    const { admin, log, timeline, dispatch } = await setUp();
    const survivor = await create(admin, { name: '孙八' });
    const merged = await create(admin, { name: '孫八' });
    const call = await log(admin, {
      customerId: merged.id,
      channel: 'call',
      subject: 'before the merge',
      followUp: { title: 'call back', dueAt: '2030-01-01T00:00:00Z' },
    });
    await dispatch();
    const res = await admin.post('/api/v1/merges', {
      survivorId: survivor.id,
      mergedIds: [merged.id],
      versions: { [survivor.id]: survivor.version, [merged.id]: merged.version },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const mergeId = (await body<{ id: string }>(res)).id;
    await dispatch();
    const onSurvivor = (await timeline(admin, survivor.id)).data;
    expect(onSurvivor.filter((e) => e.kind === 'interaction').map((e) => e.entityId)).toEqual([call.id]);
    expect(onSurvivor.some((e) => e.type === 'customer.merged')).toBe(true);
    expect((await body<Page<Task>>(await admin.get(`/api/v1/tasks?customerId=${survivor.id}`))).data.map((t) => t.id)).toEqual([
      call.followUpTaskId,
    ]);
    // An edit after the merge lands on the survivor's entry, not a new one.
    const now = await body<Interaction>(await admin.get(`/api/v1/interactions/${call.id}`));
    await admin.patch(`/api/v1/interactions/${call.id}`, { subject: 'after the merge' }, { 'if-match': `"${now.version}"` });
    expect((await timeline(admin, survivor.id, '&kind=interaction')).data.map((e) => e.title)).toEqual(['after the merge']);

    expect((await admin.post(`/api/v1/merges/${mergeId}/undo`)).status).toBe(200);
    await dispatch();
    expect((await timeline(admin, survivor.id, '&kind=interaction')).data).toEqual([]);
    expect((await timeline(admin, merged.id, '&kind=interaction')).data.map((e) => e.entityId)).toEqual([call.id]);
  });
});

describe('who may see and log what', () => {
  it('lets a sales rep log on their own customers only, and not in a colleague’s name', async () => {
    const { admin, userWith, log, timeline } = await setUp();
    const rep = await userWith('sales_rep');
    const colleague = await userWith('sales_rep');
    const mine = await create(admin, { name: '我的客户', ownerId: rep.id });
    const theirs = await create(admin, { name: '别人的客户', ownerId: colleague.id });
    await log(rep.browser, { customerId: mine.id, channel: 'visit', summary: 'ok' });
    expect((await rep.browser.post('/api/v1/interactions', { customerId: theirs.id, channel: 'call' })).status).toBe(404);
    expect((await rep.browser.get(`/api/v1/customers/${theirs.id}/timeline`)).status).toBe(404);
    const inTheirName = await rep.browser.post('/api/v1/interactions', { customerId: mine.id, channel: 'call', userId: colleague.id });
    expect(inTheirName.status).toBe(403);
    expect((await body<Problem>(inTheirName)).reason).toBe('user_out_of_scope');
    const taskForThem = await rep.browser.post('/api/v1/tasks', { title: 'x', ownerId: colleague.id });
    expect(taskForThem.status).toBe(403);
    // A service agent reads every customer's timeline; the admin lists interactions across customers.
    const agent = await userWith('service_agent');
    expect((await timeline(agent.browser, mine.id, '&kind=interaction')).data).toHaveLength(1);
    const theirTask = await body<Task>(await colleague.browser.post('/api/v1/tasks', { title: 'private' }));
    expect((await rep.browser.get(`/api/v1/tasks/${theirTask.id}`)).status).toBe(404);
    expect((await rep.browser.get(`/api/v1/tasks?owner=${colleague.id}`)).status).toBe(403);
    expect((await body<Page<Interaction>>(await rep.browser.get('/api/v1/interactions'))).data).toHaveLength(1);
  });
});

describe('collaboration', () => {
  it('notifies the colleagues @mentioned in a note who may see the customer, and nobody else', async () => {
    const { admin, userWith, log } = await setUp();
    const rep = await userWith('sales_rep');
    const agent = await userWith('service_agent');
    const customer = await create(admin, { name: '机密客户', ownerId: rep.id });
    const note = await log(admin, {
      customerId: customer.id,
      channel: 'note',
      summary: '@Rep @Agent @Other 请跟进报价',
      mentions: [rep.id, agent.id],
    });
    expect(note).toMatchObject({ mentions: [rep.id, agent.id] });
    const mentionsOf = async (b: TestBrowser) =>
      (await body<{ data: { kind: string; title: string; link: string }[] }>(await b.get('/api/v1/notifications'))).data.filter(
        (n) => n.kind === 'mention',
      );
    expect(await mentionsOf(rep.browser)).toMatchObject([{ title: '机密客户', link: `/customers/${customer.id}?interaction=${note.id}` }]);
    expect(await mentionsOf(agent.browser)).toHaveLength(1);
    // A colleague who may not see the customer learns nothing of it.
    const outsider = await userWith('sales_rep');
    await log(admin, { customerId: customer.id, channel: 'note', summary: 'fyi', mentions: [outsider.id] });
    const seen = await body<{ data: unknown[] }>(await outsider.browser.get('/api/v1/notifications'));
    expect(seen.data).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('机密客户');
  });
});

describe('contact reports', () => {
  it('counts and times contacts per user, channel and day, within the reader’s scope', async () => {
    const { admin, userWith, log } = await setUp();
    const rep = await userWith('sales_rep');
    const mine = await create(admin, { name: '报表客户', ownerId: rep.id });
    await log(admin, {
      customerId: mine.id,
      channel: 'call',
      direction: 'outbound',
      durationSeconds: 60,
      occurredAt: '2030-01-01T23:30:00+08:00',
    });
    await log(admin, {
      customerId: mine.id,
      channel: 'call',
      direction: 'inbound',
      durationSeconds: 90,
      occurredAt: '2030-01-02T09:00:00+08:00',
    });
    await log(rep.browser, { customerId: mine.id, channel: 'visit', occurredAt: '2030-01-02T10:00:00+08:00' });
    const period = 'from=2030-01-01T00:00:00%2B08:00&to=2030-01-03T00:00:00%2B08:00';
    type Row = { key: string; label: string; count: number; durationSeconds: number; inbound: number; outbound: number };
    const report = async (b: TestBrowser, query: string) =>
      (await body<{ data: Row[] }>(await b.get(`/api/v1/reports/contact-activity?${period}&${query}`))).data;

    expect(await report(admin, 'groupBy=user')).toMatchObject([
      { label: 'Admin', count: 2, durationSeconds: 150, inbound: 1, outbound: 1 },
      { key: rep.id, count: 1, durationSeconds: 0 },
    ]);
    expect((await report(admin, 'groupBy=channel')).map((r) => [r.key, r.count])).toEqual([
      ['call', 2],
      ['visit', 1],
    ]);
    // Days are the organisation's (Asia/Shanghai by default): 23:30 on 1 January is still 1 January.
    expect((await report(admin, 'groupBy=day')).map((r) => [r.key, r.count])).toEqual([
      ['2030-01-01', 1],
      ['2030-01-02', 2],
    ]);
    expect((await report(admin, 'groupBy=branch'))[0]).toMatchObject({ label: '深圳分公司', count: 2 });
    // A sales rep's own scope: only their own contacts.
    expect((await report(rep.browser, 'groupBy=user')).map((r) => r.key)).toEqual([rep.id]);
    expect(
      (await rep.browser.get(`/api/v1/reports/contact-activity?${period}&userId=${(await report(admin, 'groupBy=user'))[0]!.key}`)).status,
    ).toBe(403);
    expect((await admin.get('/api/v1/reports/contact-activity?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z')).status).toBe(400);
    expect((await admin.get('/api/v1/reports/contact-activity?groupBy=user')).status).toBe(400);
  });

  it('lists the customers of a tier not contacted within its plan’s interval, or never, across a merge', async () => {
    const { admin, log } = await setUp();
    const now = ctx.clock.now().getTime();
    const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
    const recent = await create(admin, { name: '最近联系', tier: 'key' });
    const lapsed = await create(admin, { name: '久未联系', tier: 'key' });
    const never = await create(admin, { name: '从未联系', tier: 'key' });
    const other = await create(admin, { name: '普通', tier: 'general' });
    await log(admin, { customerId: recent.id, channel: 'call', occurredAt: daysAgo(3) });
    await log(admin, { customerId: lapsed.id, channel: 'visit', occurredAt: daysAgo(40) });
    await log(admin, { customerId: lapsed.id, channel: 'note', occurredAt: daysAgo(1), summary: 'a note is no contact' });
    await log(admin, { customerId: other.id, channel: 'call', occurredAt: daysAgo(400) });
    type Row = { id: string; lastContactAt: string | null };
    const overdue = async (query: string) =>
      body<{ days: number; data: Row[]; nextCursor: string | null }>(await admin.get(`/api/v1/reports/not-contacted?${query}`));

    const byPlan = await overdue('tier=key');
    expect(byPlan.days).toBe(30);
    expect(new Set(byPlan.data.map((r) => r.id))).toEqual(new Set([lapsed.id, never.id]));
    expect(byPlan.data.find((r) => r.id === never.id)!.lastContactAt).toBeNull();
    expect((await overdue('tier=key&days=60')).data.map((r) => r.id)).toEqual([never.id]);
    const paged: string[] = [];
    for (let cursor = ''; ;) {
      const page = await overdue(`tier=key&limit=1${cursor}`);
      paged.push(...page.data.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = `&cursor=${page.nextCursor}`;
    }
    expect(paged.sort()).toEqual([lapsed.id, never.id].sort());

    // Merging the never-contacted customer into the recent one leaves the lapsed one alone on the list.
    const fresh = async (id: string) => body<Customer>(await admin.get(`/api/v1/customers/${id}`));
    const [survivor, merged] = [await fresh(recent.id), await fresh(never.id)];
    const res = await admin.post('/api/v1/merges', {
      survivorId: survivor.id,
      mergedIds: [merged.id],
      versions: { [survivor.id]: survivor.version, [merged.id]: merged.version },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await overdue('tier=key')).data.map((r) => r.id)).toEqual([lapsed.id]);
    expect((await admin.get('/api/v1/reports/not-contacted?tier=vip')).status).toBe(400);
  });
});

describe('hand-overs', () => {
  it('hands a task over with a reason: on the timeline, and the new owner is told', async () => {
    const { admin, userWith, log, timeline, me } = await setUp();
    const rep = await userWith('sales_rep');
    const agent = await userWith('manager');
    const customer = await create(admin, { name: '移交客户', ownerId: rep.id });
    const call = await log(admin, {
      customerId: customer.id,
      channel: 'call',
      followUp: { title: '回电', dueAt: '2030-01-01T00:00:00Z', ownerId: rep.id },
    });
    const assignments = async (b: TestBrowser) =>
      (
        await body<{ data: { kind: string; title: string; body: string | null; data: Record<string, unknown> }[] }>(
          await b.get('/api/v1/notifications'),
        )
      ).data.filter((n) => n.kind === 'assignment');
    expect(await assignments(rep.browser)).toMatchObject([{ title: '回电', data: { byUserId: me.id } }]);

    const task = await body<Task>(await admin.get(`/api/v1/tasks/${call.followUpTaskId}`));
    const res = await admin.patch(
      `/api/v1/tasks/${task.id}`,
      { ownerId: agent.id, handoverReason: '客户要求经理跟进' },
      { 'if-match': `"${task.version}"` },
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await assignments(agent.browser)).toMatchObject([{ title: '回电', body: '客户要求经理跟进' }]);
    const entry = (await timeline(admin, customer.id, '&kind=task')).data[0]!;
    expect(entry).toMatchObject({
      type: 'task.handed_over',
      data: { handedOverFrom: rep.id, reason: '客户要求经理跟进', ownerId: agent.id },
    });
    // Changing anything else is no hand-over.
    const now = await body<Task>(await admin.get(`/api/v1/tasks/${task.id}`));
    await admin.patch(`/api/v1/tasks/${task.id}`, { priority: 'high' }, { 'if-match': `"${now.version}"` });
    expect((await timeline(admin, customer.id, '&kind=task')).data[0]).toMatchObject({ type: 'task.updated' });
    expect(await assignments(agent.browser)).toHaveLength(1);
  });
});

describe('tasks', () => {
  it('completes a monthly task and makes the next one on the same local day, in the tenant’s time zone', async () => {
    const { admin, t } = await setUp();
    // Taipei is UTC+8: 1 March 00:30 there is still 28 February in UTC, where the server runs.
    expect((await admin.patch('/api/v1/tenant', { timeZone: 'Asia/Taipei' })).status).toBe(200);
    expect((await admin.patch('/api/v1/tenant', { timeZone: 'Asia/Nowhere' })).status).toBe(400);
    // Years ahead, through the services: a session cookie cannot be set that far from the real date.
    const tasks = ctx.services.tasks;
    const actor = t.admin;
    try {
      ctx.clock.set(new Date('2030-03-05T00:00:00Z'));
      const task = await tasks.create(actor, {
        title: '月度回访',
        dueAt: '2030-03-01T00:30:00+08:00',
        remindAt: '2030-02-28T09:00:00+08:00',
        recurrence: { every: 1, unit: 'month' },
      });
      expect(task.overdue).toBe(true);
      expect((await tasks.list(actor, { limit: 50, due: 'overdue' })).data.map((x) => x.id)).toEqual([task.id]);
      const done = await tasks.complete(actor, task.id);
      expect(done.task.status).toBe('done');
      expect(done.next).toMatchObject({
        dueAt: '2030-03-31T16:30:00.000Z',
        remindAt: '2030-03-31T01:00:00.000Z',
        status: 'open',
        overdue: false,
      });
      // Completing it again changes nothing and makes no second next one.
      expect((await tasks.complete(actor, task.id)).next).toBeNull();
      expect((await tasks.list(actor, { limit: 50, status: 'open,done' })).data).toHaveLength(2);
      // “Today” is the tenant's day. At 15:00 UTC on 31 March it is 23:00 in Taipei: the task (00:30 on
      // 1 April there) is due tomorrow, though today in UTC; two hours later it is due today.
      ctx.clock.set(new Date('2030-03-31T15:00:00Z'));
      expect((await tasks.list(actor, { limit: 50, due: 'today' })).data).toEqual([]);
      expect((await tasks.list(actor, { limit: 50, due: 'today', tz: 'UTC' })).data.map((x) => x.id)).toEqual([done.next!.id]);
      ctx.clock.set(new Date('2030-03-31T17:00:00Z'));
      expect((await tasks.list(actor, { limit: 50, due: 'today' })).data.map((x) => x.id)).toEqual([done.next!.id]);
    } finally {
      ctx.clock.set(new Date());
    }
    expect((await admin.get('/api/v1/tasks?tz=Mars/Olympus')).status).toBe(400);
  });

  it('reminds the owner once when the reminder comes due, even when a run crashes half-way', async () => {
    const { admin, userWith } = await setUp();
    const rep = await userWith('sales_rep');
    const now = ctx.clock.now().getTime();
    const soon = await body<Task>(
      await admin.post('/api/v1/tasks', { title: '回访王总', ownerId: rep.id, remindAt: new Date(now - 60_000).toISOString() }),
    );
    await admin.post('/api/v1/tasks', { title: 'later', ownerId: rep.id, remindAt: new Date(now + 3_600_000).toISOString() });
    const reminders = async () =>
      (await body<{ data: { kind: string; entityId: string }[] }>(await rep.browser.get('/api/v1/notifications'))).data.filter(
        (n) => n.kind === 'reminder',
      );

    // The run dies after taking the reminders, before its transaction commits: nothing is lost.
    const notifications = ctx.services.notifications;
    const insert = notifications.insert.bind(notifications);
    notifications.insert = () => Promise.reject(new Error('the process died'));
    try {
      await expect(ctx.services.tasks.sendDueReminders()).rejects.toThrow('the process died');
    } finally {
      notifications.insert = insert;
    }
    expect(await reminders()).toEqual([]);
    await ctx.services.tasks.sendDueReminders();
    await ctx.services.tasks.sendDueReminders();
    expect((await reminders()).map((n) => n.entityId)).toEqual([soon.id]);
  });

  it('plans the next visit after each contact with a customer of a tier that has a follow-up plan', async () => {
    const { admin, userWith, log } = await setUp();
    expect(
      (await body<{ data: { tier: string; intervalDays: number; active: boolean }[] }>(await admin.get('/api/v1/follow-up-plans'))).data,
    ).toEqual([
      { tier: 'key', intervalDays: 30, active: false, title: null },
      { tier: 'strategic', intervalDays: 60, active: false, title: null },
      { tier: 'general', intervalDays: 180, active: false, title: null },
    ]);
    const rep = await userWith('sales_rep');
    expect((await rep.browser.put('/api/v1/follow-up-plans', { plans: [] })).status).toBe(403);
    const twice = await admin.put('/api/v1/follow-up-plans', {
      plans: [
        { tier: 'key', intervalDays: 30, active: true },
        { tier: 'key', intervalDays: 7, active: true },
      ],
    });
    expect(twice.status).toBe(400);
    const saved = await admin.put('/api/v1/follow-up-plans', {
      plans: [
        { tier: 'key', intervalDays: 30, active: true },
        { tier: 'general', intervalDays: 180, active: false },
      ],
    });
    expect(saved.status, await saved.clone().text()).toBe(200);

    const key = await create(admin, { name: '重要客户', tier: 'key', ownerId: rep.id });
    const general = await create(admin, { name: '普通客户', tier: 'general' });
    const planned = async (customerId: string) =>
      (
        await body<Page<Task & { source: string; ownerId: string }>>(await admin.get(`/api/v1/tasks?owner=team&customerId=${customerId}`))
      ).data.filter((t) => t.source === 'follow_up_plan');
    await log(admin, { customerId: key.id, channel: 'visit', occurredAt: '2030-05-01T10:00:00+08:00' });
    let tasks = await planned(key.id);
    expect(tasks).toMatchObject([{ title: '定期回访', dueAt: '2030-05-31T02:00:00.000Z', ownerId: rep.id }]);
    // The next contact moves the same task; a note or an older contact does not.
    await log(admin, { customerId: key.id, channel: 'call', occurredAt: '2030-05-10T09:00:00+08:00' });
    await log(admin, { customerId: key.id, channel: 'note', occurredAt: '2030-06-01T09:00:00+08:00', summary: 'internal' });
    await log(admin, { customerId: key.id, channel: 'email', occurredAt: '2030-04-01T09:00:00+08:00' });
    tasks = await planned(key.id);
    expect(tasks.map((t) => t.dueAt)).toEqual(['2030-06-09T01:00:00.000Z']);
    await log(admin, { customerId: general.id, channel: 'visit' });
    expect(await planned(general.id)).toEqual([]);
  });

  it('steps recurring due dates from the first one, so month ends stay month ends', () => {
    const due = new Date('2030-01-31T02:00:00Z'); // 10:00 in Shanghai
    const monthly = { every: 1, unit: 'month' as const };
    expect(nextDue(due, monthly, 'Asia/Shanghai', due).toISOString()).toBe('2030-02-28T02:00:00.000Z');
    expect(nextDue(due, monthly, 'Asia/Shanghai', new Date('2030-03-01T00:00:00Z')).toISOString()).toBe('2030-03-31T02:00:00.000Z');
    expect(nextDue(due, { every: 2, unit: 'week' }, 'Asia/Shanghai', due).toISOString()).toBe('2030-02-14T02:00:00.000Z');
  });

  it('refuses a task for a customer out of reach and a stale edit, and keeps the task as it was', async () => {
    const { admin, userWith } = await setUp();
    const rep = await userWith('sales_rep');
    const notMine = await create(admin, { name: '不是我的' });
    expect((await rep.browser.post('/api/v1/tasks', { title: 'x', customerId: notMine.id })).status).toBe(404);
    const task = await body<Task>(await rep.browser.post('/api/v1/tasks', { title: '准备方案', priority: 'high' }));
    expect((await rep.browser.patch(`/api/v1/tasks/${task.id}`, { title: 'new' }, { 'if-match': `"${task.version + 1}"` })).status).toBe(
      412,
    );
    expect((await rep.browser.post('/api/v1/tasks', { title: '' })).status).toBe(400);
    expect((await rep.browser.post('/api/v1/tasks', { title: 'x', dueAt: 'tomorrow' })).status).toBe(400);
    expect(await body<Task>(await rep.browser.get(`/api/v1/tasks/${task.id}`))).toMatchObject({ title: '准备方案', version: task.version });
    const signedInAgain = await signedIn(ctx, rep.email);
    expect((await body<Page<Task>>(await signedInAgain.get('/api/v1/tasks'))).data.map((x) => x.title)).toEqual(['准备方案']);
  });
});
