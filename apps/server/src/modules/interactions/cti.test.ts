import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestBrowser, type TestContext, tokenClient } from '../../db/testing.js';
import { body, createCustomer, customerTenant } from '../customers/customers.testing.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

type Customer = { id: string; name: string; code: string };
type CallResult = {
  callId: string;
  state: string;
  number: string;
  customer: { id: string; name: string } | null;
  interactionId: string | null;
};
type Notification = { id: string; kind: string; title: string; link: string | null; data: Record<string, unknown>; readAt: string | null };
type Entry = { kind: string; entityId: string; channel: string | null; data: Record<string, unknown>; userId: string | null };

/**
 * The browser side of GET /notifications/stream: reads server-sent events as they come. `next`
 * answers the next event of a kind, or fails after `ms`.
 */
async function eventStream(browser: TestBrowser) {
  const res = await browser.get('/api/v1/notifications/stream');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const events: { event: string; data: unknown }[] = [];
  async function next(kind: string, ms = 3000): Promise<unknown> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = events.findIndex((e) => e.event === kind);
      if (found >= 0) return events.splice(found, 1)[0]!.data;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${kind} event within ${ms} ms`);
      const chunk = await Promise.race([reader.read(), new Promise<undefined>((r) => setTimeout(r, left))]);
      if (!chunk || chunk.done) continue;
      buffered += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  }
  return { next, pending: () => events, close: () => reader.cancel() };
}

async function setUp() {
  const tenant = await customerTenant(ctx);
  const { t, admin } = tenant;
  // What a PBX is given: a token whose role may log interactions.
  const role = await ctx.services.organisation.createRole(t.admin, {
    name: 'PBX',
    permissions: [{ permission: 'interactions.create', scope: 'all' }],
  });
  const { token } = await ctx.services.apiTokens.create(t.admin, { name: 'PBX', roleId: role.id });
  const pbx = tokenClient(ctx, token);
  const agent = await tenant.userWith('service_agent', { extension: '8001' });
  const call = async (event: Record<string, unknown>) => {
    const res = await pbx.post('/api/v1/cti/events', event);
    expect(res.status, await res.clone().text()).toBe(200);
    return body<CallResult>(res);
  };
  const notifications = async (b: TestBrowser) => body<{ data: Notification[]; unread: number }>(await b.get('/api/v1/notifications'));
  const callsOnTimeline = async (customerId: string) =>
    (await body<{ data: Entry[] }>(await admin.get(`/api/v1/customers/${customerId}/timeline?kind=interaction`))).data;
  return { ...tenant, pbx, agent, call, notifications, callsOnTimeline };
}

describe('call centre: screen pop', () => {
  it('pops the caller’s card on the agent’s screen when it rings, and logs the call on the timeline when it ends', async () => {
    const { admin, agent, call, callsOnTimeline, notifications } = await setUp();
    const customer = await createCustomer<Customer>(admin, { name: '张伟', phones: [{ number: '021-6234 5678' }], tier: 'key' });
    await admin.post('/api/v1/interactions', { customerId: customer.id, channel: 'visit', subject: '上次拜访' });
    const stream = await eventStream(agent.browser);
    expect(await stream.next('ready')).toEqual({ unread: 0 });

    // The PBX writes the number its own way, and names the agent by extension.
    const ringing = await call({ event: 'ringing', callId: 'c-1', from: '+86 21 62345678', to: '4008001234', agent: '8001' });
    expect(ringing).toMatchObject({ state: 'ringing', number: '+862162345678', customer: { id: customer.id, name: '张伟' } });
    const pop = (await stream.next('notification')) as Notification;
    expect(pop).toMatchObject({
      kind: 'screen_pop',
      link: `/customers/${customer.id}`,
      data: { known: true, customer: { id: customer.id, name: '张伟', tier: 'key' }, lastInteractions: [{ subject: '上次拜访' }] },
    });

    await call({ event: 'answered', callId: 'c-1', from: '+86 21 62345678', agent: '8001' });
    ctx.clock.advance(125_000);
    const ended = await call({ event: 'ended', callId: 'c-1', from: '+86 21 62345678', agent: '8001' });
    expect(ended.interactionId).toBeTruthy();
    const asked = (await stream.next('notification')) as Notification;
    expect(asked).toMatchObject({
      kind: 'call_ended',
      link: `/customers/${customer.id}?interaction=${ended.interactionId}`,
      data: { answered: true, durationSeconds: 125 },
    });
    const logged = (await callsOnTimeline(customer.id)).find((e) => e.entityId === ended.interactionId)!;
    expect(logged).toMatchObject({ channel: 'call', userId: agent.id, data: { durationSeconds: 125 } });
    expect((await notifications(agent.browser)).unread).toBe(2);
    await stream.close();
  });

  it('takes each event of a call once, however often the PBX repeats it', async () => {
    const { admin, agent, call, callsOnTimeline, notifications } = await setUp();
    const customer = await createCustomer<Customer>(admin, { name: '李娜', phones: [{ number: '13912345678' }] });
    const event = { callId: 'c-2', from: '139 1234 5678', agent: agent.email };
    await call({ ...event, event: 'ringing' });
    await call({ ...event, event: 'ringing' });
    await call({ ...event, event: 'ended' });
    const again = await call({ ...event, event: 'ended' });
    // A late 'answered' after the end changes nothing either.
    expect((await call({ ...event, event: 'answered' })).state).toBe('ended');
    const calls = await callsOnTimeline(customer.id);
    expect(calls.map((e) => e.entityId)).toEqual([again.interactionId]);
    expect(calls[0]!.data).toMatchObject({ durationSeconds: 0, outcome: 'missed' });
    expect((await notifications(agent.browser)).data.map((n) => n.kind)).toEqual(['call_ended', 'screen_pop']);
  });

  it('pops a new-customer form for an unknown or malformed number, and logs nothing until the caller is filed', async () => {
    const { agent, call, notifications } = await setUp();
    const unknown = await call({ event: 'ringing', callId: 'c-3', from: '0755 8888 9999', agent: agent.email });
    expect(unknown).toMatchObject({ customer: null, number: '+8675588889999' });
    const malformed = await call({ event: 'ringing', callId: 'c-4', from: 'anonymous', agent: agent.email });
    expect(malformed).toMatchObject({ customer: null, number: 'anonymous' });
    expect((await call({ event: 'ended', callId: 'c-4', from: 'anonymous', agent: agent.email })).interactionId).toBeNull();
    const pops = (await notifications(agent.browser)).data.filter((n) => n.kind === 'screen_pop');
    expect(pops.map((n) => n.link)).toEqual(['/customers/new?phone=anonymous', '/customers/new?phone=%2B8675588889999']);
    expect(pops[1]!.data).toMatchObject({ known: false, customer: null });
  });

  it('keeps the pop for an agent who is not connected, in their notifications, until they read it', async () => {
    const { t, admin, agent, call, notifications } = await setUp();
    await createCustomer<Customer>(admin, { name: '王芳', phones: [{ number: '13800000001' }] });
    expect(ctx.services.notifications.listening(t.tenant.id, agent.id)).toBe(0);
    await call({ event: 'ringing', callId: 'c-5', from: '13800000001', agent: agent.email });
    const waiting = await notifications(agent.browser);
    expect(waiting).toMatchObject({ unread: 1, data: [{ kind: 'screen_pop', title: '王芳', readAt: null }] });
    expect(await body(await agent.browser.post('/api/v1/notifications/read', { ids: [waiting.data[0]!.id] }))).toEqual({ unread: 0 });
    // Connecting later says nothing is unread.
    const stream = await eventStream(agent.browser);
    expect(await stream.next('ready')).toEqual({ unread: 0 });
    await stream.close();
  });

  it('shows an agent no details of a caller outside what they may see', async () => {
    const { admin, userWith, call, notifications } = await setUp();
    const rep = await userWith('sales_rep', { extension: '8002' });
    const colleague = await userWith('sales_rep');
    await createCustomer<Customer>(admin, { name: '保密客户', phones: [{ number: '13700000002' }], ownerId: colleague.id });
    await call({ event: 'ringing', callId: 'c-6', from: '13700000002', agent: '8002' });
    const [pop] = (await notifications(rep.browser)).data;
    expect(pop).toMatchObject({ kind: 'screen_pop', link: null, data: { known: true, customer: null } });
    expect(JSON.stringify(pop)).not.toContain('保密客户');
  });
});

describe('call centre: click-to-dial', () => {
  it('publishes a dial request for the PBX with the customer’s number and the user’s extension', async () => {
    const { t, admin, userWith } = await setUp();
    const rep = await userWith('sales_rep', { extension: '8010' });
    const mine = await createCustomer<Customer>(admin, { name: '拨号客户', phones: [{ number: '021-6234 9999' }], ownerId: rep.id });
    const res = await rep.browser.post('/api/v1/cti/dial', { customerId: mine.id });
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await body(res)).toEqual({ number: '+862162349999', extension: '8010', event: 'call.dial_requested' });
    const [event] = await ctx.database.query<{ payload: Record<string, unknown> }>(
      `select payload from events where tenant_id = $1 and type = 'call.dial_requested'`,
      [t.tenant.id],
    );
    expect(event!.payload).toMatchObject({ number: '+862162349999', extension: '8010', userId: rep.id, customerId: mine.id });

    const other = await createCustomer<Customer>(admin, { name: '别人的', phones: [{ number: '13800001111' }] });
    expect((await rep.browser.post('/api/v1/cti/dial', { customerId: other.id })).status).toBe(404);
    expect((await rep.browser.post('/api/v1/cti/dial', { customerId: mine.id, number: 'not a number' })).status).toBe(400);
    const silent = await createCustomer<Customer>(admin, { name: '无电话', ownerId: rep.id });
    const noPhone = await rep.browser.post('/api/v1/cti/dial', { customerId: silent.id });
    expect(noPhone.status).toBe(400);
    expect((await body<{ reason: string }>(noPhone)).reason).toBe('invalid_phone');
  });
});

describe('call centre: bad input', () => {
  it('refuses a wrong token with 401 and records nothing', async () => {
    const { t, admin } = await setUp();
    await createCustomer<Customer>(admin, { name: '赵云', phones: [{ number: '13600000003' }] });
    const res = await tokenClient(ctx, 'rap_wrong_0123456789abcdef').post('/api/v1/cti/events', {
      event: 'ringing',
      callId: 'x',
      from: '13600000003',
    });
    expect(res.status).toBe(401);
    const [row] = await ctx.database.query<{ n: number }>('select count(*)::int as n from cti_calls where tenant_id = $1', [t.tenant.id]);
    expect(row!.n).toBe(0);
  });

  it('refuses a malformed event with the field at fault, and a user without the permission with 403', async () => {
    const { pbx, userWith } = await setUp();
    const bad = await pbx.post('/api/v1/cti/events', { event: 'exploded', callId: 'x', from: '1' });
    expect(bad.status).toBe(400);
    expect((await body<{ errors: { path: string }[] }>(bad)).errors[0]!.path).toBe('event');
    const outboundWithoutNumber = await pbx.post('/api/v1/cti/events', {
      event: 'ringing',
      callId: 'y',
      from: '8001',
      direction: 'outbound',
    });
    expect(outboundWithoutNumber.status).toBe(400);
    // Reporting calls logs them on any customer: a sales rep, who logs on their own customers only, may not.
    const rep = await userWith('sales_rep');
    expect((await rep.browser.post('/api/v1/cti/events', { event: 'ringing', callId: 'z', from: '13600000003' })).status).toBe(403);
  });
});

describe('rapport cti simulate', () => {
  /** Runs the real command in a process of its own, against this test's app served on a port. */
  function simulate(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const bin = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'rapport.mjs');
    return new Promise((resolve) => {
      execFile(process.execPath, [bin, 'cti', 'simulate', ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  }

  it('plays a call as a PBX would: the agent gets the pop and the call lands on the timeline', async () => {
    const { t, admin, agent, notifications, callsOnTimeline } = await setUp();
    const customer = await createCustomer<Customer>(admin, { name: '刘备', phones: [{ number: '13500000004' }] });
    const role = await ctx.services.organisation.createRole(t.admin, {
      name: 'PBX 2',
      permissions: [{ permission: 'interactions.create', scope: 'all' }],
    });
    const { token } = await ctx.services.apiTokens.create(t.admin, { name: 'simulator', roleId: role.id });
    const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = await simulate(['--from', '135 0000 0004', '--agent', '8001', '--ring', '0', '--talk', '1', '--url', url], {
        RAPPORT_API_TOKEN: token,
      });
      expect(run, run.stderr).toMatchObject({ code: 0 });
      expect(run.stdout).toMatch(/ringing from \+8613500000004 — 刘备 \(C\d{6}\)/);
      expect(run.stdout).toContain('logged on the customer’s timeline');
      expect((await notifications(agent.browser)).data.map((n) => n.kind)).toEqual(['call_ended', 'screen_pop']);
      expect((await callsOnTimeline(customer.id)).map((e) => e.channel)).toEqual(['call']);

      const refused = await simulate(['--from', '13500000004', '--url', url], { RAPPORT_API_TOKEN: 'rap_not_a_real_token_000' });
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain('refused the ringing event (401');
      const withoutToken = await simulate(['--from', '13500000004', '--url', url], {});
      expect(withoutToken.code).toBe(2);
      expect(withoutToken.stderr).toContain('--token');
    } finally {
      server.close();
    }
    const nobody = await simulate(['--from', '1', '--url', 'http://127.0.0.1:9', '--ring', '0'], { RAPPORT_API_TOKEN: 'rap_x_0123456789' });
    expect(nobody).toMatchObject({ code: 1, stderr: expect.stringContaining('No Rapport server answers at http://127.0.0.1:9') });
  });
});
