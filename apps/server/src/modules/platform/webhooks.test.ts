import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createTestContext,
  newTenant,
  signedIn,
  TEST_PASSWORD,
  type TestBrowser,
  type TestContext,
  uniqueEmail,
} from '../../db/testing.js';
import { jobDefinitions, startJobs } from '../../jobs/jobs.js';
import type { Actor } from '../identity/actor.js';
import { webhookDeliveryJob } from './webhooks.jobs.js';
import { RETRY_DELAYS_MS } from './webhooks.service.js';
import { NUMERIC_LOOPBACK_FORMS } from './url-guard.fixtures.js';

type Webhook = { id: string; name: string; url: string; eventTypes: string[]; active: boolean; createdAt: string; version: number };
type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
};
type Problem = { status: number; code: string; errors?: { path: string; message: string }[] };

type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
type Reply = { status: number; body?: string; location?: string };

/** A real HTTP receiver on 127.0.0.1; `reply` decides each answer from the request path. */
async function startReceiver(reply: (path: string) => Reply = () => ({ status: 200, body: 'ok' })) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = reply(req.url!);
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  return { received, port, url: (path = '/hook') => `http://127.0.0.1:${port}${path}` };
}

/**
 * A tenant with a signed-in admin, and pg-boss stood in for by a list: jobs the services queue
 * are kept, and `runDueJobs` runs those due by the test clock through their real job definitions.
 */
async function setUp() {
  const ctx = await createTestContext();
  const queued: { name: string; data: object; startAfter: Date }[] = [];
  ctx.services.jobQueue.attach({
    send: (name, data, options) => Promise.resolve(queued.push({ name, data, startAfter: options.startAfter ?? ctx.clock.now() })),
  });
  const definitions = jobDefinitions();
  const runDueJobs = async () => {
    for (
      let i = queued.findIndex((j) => j.startAfter <= ctx.clock.now());
      i >= 0;
      i = queued.findIndex((j) => j.startAfter <= ctx.clock.now())
    ) {
      const [job] = queued.splice(i, 1);
      await definitions.find((d) => d.name === job!.name)!.handler(job!.data, ctx.services);
    }
  };
  const { tenant, admin, email } = await newTenant(ctx);
  const browser = await signedIn(ctx, email);
  return {
    ctx,
    tenant,
    admin,
    browser,
    runDueJobs,
    /** What the server does in the background: dispatch the outbox, then run the jobs it queued. */
    deliverEvents: async () => {
      await ctx.services.events.dispatchPending({ tenantId: tenant.id });
      await runDueJobs();
    },
  };
}

const allowPrivateUrls = async (browser: TestBrowser, allow = true) =>
  expect((await browser.patch('/api/v1/tenant', { allowPrivateWebhookUrls: allow })).status).toBe(200);

async function createWebhook(browser: TestBrowser, body: { url: string; eventTypes?: string[]; name?: string }) {
  const res = await browser.post('/api/v1/webhooks', { name: 'ERP', eventTypes: ['org_unit.*'], ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Webhook & { secret: string };
}

async function deliveriesOf(browser: TestBrowser, webhookId: string, query = '') {
  const res = await browser.get(`/api/v1/webhooks/${webhookId}/deliveries${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { data: Delivery[]; nextCursor: string | null };
}

async function newTeam(ctx: TestContext, admin: Actor, name = 'Team') {
  const company = (await ctx.services.organisation.listOrgUnits(admin)).find((u) => u.kind === 'company')!;
  return ctx.services.organisation.createOrgUnit(admin, { name, kind: 'team', parentId: company.id });
}

const expectedSignature = (secret: string, timestamp: string, body: string) =>
  `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

describe('webhook administration', () => {
  it('creates, lists, reads, changes and deletes a webhook, answering its secret once', async () => {
    const { browser } = await setUp();
    const res = await browser.post('/api/v1/webhooks', {
      name: ' ERP ',
      url: 'https://93.184.215.14/rapport?token=s3cret',
      eventTypes: ['customer.*', 'org_unit.created', 'customer.*'],
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    const created = (await res.json()) as Webhook & { secret: string };
    expect(res.headers.get('location')).toBe(`/api/v1/webhooks/${created.id}`);
    expect(Object.keys(created).sort()).toEqual(['active', 'createdAt', 'eventTypes', 'id', 'name', 'secret', 'url', 'version']);
    expect(created).toMatchObject({
      name: 'ERP',
      url: 'https://93.184.215.14/rapport?token=s3cret',
      eventTypes: ['customer.*', 'org_unit.created'],
      active: true,
      version: 1,
    });
    expect(created.secret).toMatch(/^whsec_[\w-]{32}$/);

    const list = (await (await browser.get('/api/v1/webhooks')).json()) as { data: Webhook[]; nextCursor: string | null };
    expect(list).toEqual({ data: [expect.objectContaining({ id: created.id })], nextCursor: null });
    expect(list.data[0]).not.toHaveProperty('secret');
    const one = await browser.get(`/api/v1/webhooks/${created.id}`);
    expect(one.headers.get('etag')).toBe('"1"');
    expect(await one.json()).not.toHaveProperty('secret');

    expect((await browser.patch(`/api/v1/webhooks/${created.id}`, { eventTypes: ['customer.'] })).status).toBe(400);
    expect((await browser.patch(`/api/v1/webhooks/${created.id}`, { active: false }, { 'if-match': '"7"' })).status).toBe(412);
    const changed = await browser.patch(`/api/v1/webhooks/${created.id}`, { name: 'ERP (new)', active: false }, { 'if-match': '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(await changed.json()).toMatchObject({ name: 'ERP (new)', active: false, version: 2 });

    // The audit log keeps the URL's origin only: its path and query may hold a credential.
    const audit = (await (await browser.get(`/api/v1/audit-log?entityType=webhook&entityId=${created.id}`)).json()) as {
      data: { action: string; changes: Record<string, { new: unknown }> }[];
    };
    expect(audit.data.map((a) => a.action)).toEqual(['updated', 'created']);
    expect(JSON.stringify(audit.data)).not.toContain('s3cret');
    expect(audit.data[1]!.changes.url!.new).toMatch(/^https:\/\/93\.184\.215\.14\/… #[0-9a-f]{8}$/);

    expect((await browser.delete(`/api/v1/webhooks/${created.id}`, { 'if-match': '"2"' })).status).toBe(204);
    expect((await browser.get(`/api/v1/webhooks/${created.id}`)).status).toBe(404);
    const bin = (await (await browser.get('/api/v1/recycle-bin?entityType=webhook')).json()) as { data: { id: string; label: string }[] };
    expect(bin.data).toEqual([expect.objectContaining({ id: created.id, label: 'ERP (new)' })]);
    expect((await browser.post(`/api/v1/recycle-bin/webhook/${created.id}/restore`)).status).toBe(204);
    expect((await browser.get(`/api/v1/webhooks/${created.id}`)).status).toBe(200);
  });

  it('lets only holders of admin.webhooks manage webhooks, and a refusal writes nothing', async () => {
    const { ctx, admin, browser } = await setUp();
    const hook = await createWebhook(browser, { url: 'https://93.184.215.14/hook' });
    const salesRep = (await ctx.services.organisation.listRoles(admin)).find((r) => r.key === 'sales_rep')!;
    const email = uniqueEmail('rep');
    await ctx.services.users.create(admin, { email, name: 'Rep', password: TEST_PASSWORD, roleIds: [salesRep.id] });
    const rep = await signedIn(ctx, email);

    const attempts = [
      rep.get('/api/v1/webhooks'),
      rep.post('/api/v1/webhooks', { name: 'Mine', url: 'https://93.184.215.14/mine', eventTypes: ['*'] }),
      rep.get(`/api/v1/webhooks/${hook.id}`),
      rep.patch(`/api/v1/webhooks/${hook.id}`, { url: 'https://93.184.215.14/stolen' }),
      rep.delete(`/api/v1/webhooks/${hook.id}`),
      rep.get(`/api/v1/webhooks/${hook.id}/deliveries`),
      rep.post(`/api/v1/webhooks/${hook.id}/test`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as Problem).code).toBe('forbidden');
    }
    const list = (await (await browser.get('/api/v1/webhooks')).json()) as { data: Webhook[] };
    expect(list.data).toEqual([expect.objectContaining({ id: hook.id, url: 'https://93.184.215.14/hook', version: 1 })]);
    await ctx.services.events.dispatchPending({ tenantId: admin.tenantId });
    expect((await deliveriesOf(browser, hook.id)).data).toEqual([]);
  });

  it("answers 404 for another tenant's webhook, and leaves it as it was", async () => {
    const a = await setUp();
    const hook = await createWebhook(a.browser, { url: 'https://93.184.215.14/hook' });
    const b = await newTenant(a.ctx, 'Other Co');
    const other = await signedIn(a.ctx, b.email);

    const attempts = [
      other.get(`/api/v1/webhooks/${hook.id}`),
      other.patch(`/api/v1/webhooks/${hook.id}`, { url: 'https://93.184.215.14/stolen' }),
      other.delete(`/api/v1/webhooks/${hook.id}`),
      other.get(`/api/v1/webhooks/${hook.id}/deliveries`),
      other.post(`/api/v1/webhooks/${hook.id}/test`),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(404);
    expect(((await (await other.get('/api/v1/webhooks')).json()) as { data: Webhook[] }).data).toEqual([]);
    expect(await (await a.browser.get(`/api/v1/webhooks/${hook.id}`)).json()).toMatchObject({
      url: 'https://93.184.215.14/hook',
      version: 1,
    });
  });
});

describe('webhook delivery', () => {
  it('posts matching events signed with the secret, and no others', async () => {
    const { ctx, admin, tenant, browser, deliverEvents } = await setUp();
    const receiver = await startReceiver();
    await allowPrivateUrls(browser);
    // A host name, so the connection goes through the pinned lookup.
    const hook = await createWebhook(browser, { url: `http://localhost:${receiver.port}/hook`, eventTypes: ['org_unit.*'] });
    const team = await newTeam(ctx, admin);
    await ctx.services.users.update(admin, admin.userId, { name: 'Boss' });

    await deliverEvents();

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const [delivery] = (await deliveriesOf(browser, hook.id)).data;
    expect(request).toMatchObject({ method: 'POST', path: '/hook' });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-rapport-event': 'org_unit.created',
      'x-rapport-delivery': delivery!.id,
      'x-rapport-timestamp': String(Math.floor(ctx.clock.now().getTime() / 1000)),
    });
    const timestamp = request!.headers['x-rapport-timestamp'] as string;
    expect(request!.headers['x-rapport-signature']).toBe(expectedSignature(hook.secret, timestamp, request!.body));
    expect(request!.headers['x-rapport-signature']).not.toBe(expectedSignature('whsec_someone-else', timestamp, request!.body));
    expect(JSON.parse(request!.body)).toEqual({
      id: delivery!.eventId,
      type: 'org_unit.created',
      occurredAt: expect.any(String),
      tenantId: tenant.id,
      entityType: 'org_unit',
      entityId: team.id,
      data: { changes: expect.objectContaining({ name: { old: null, new: 'Team' }, kind: { old: null, new: 'team' } }) },
    });
    expect(delivery).toMatchObject({
      eventType: 'org_unit.created',
      status: 'succeeded',
      attempts: 1,
      responseStatus: 200,
      error: null,
      nextAttemptAt: null,
    });

    // Delivered once, even if the event reaches the fan-out again.
    await ctx.database.query('update events set dispatched_at = null, next_attempt_at = null where id = $1', [delivery!.eventId]);
    await deliverEvents();
    expect(receiver.received).toHaveLength(1);
  });

  it('runs deliveries as pg-boss jobs in a running server', async () => {
    const receiver = await startReceiver();
    const { ctx, admin, tenant, browser } = await setUp();
    const jobs = await startJobs(ctx.services, [webhookDeliveryJob]);
    onTestFinished(() => jobs.stop());
    await allowPrivateUrls(browser);
    const hook = await createWebhook(browser, { url: receiver.url() });
    await newTeam(ctx, admin);

    await ctx.services.events.dispatchPending({ tenantId: tenant.id });

    await expect.poll(() => receiver.received.length, { timeout: 20_000, interval: 200 }).toBe(1);
    await expect
      .poll(async () => (await deliveriesOf(browser, hook.id)).data[0]?.status, { timeout: 5_000, interval: 100 })
      .toBe('succeeded');
  });

  it('retries a receiver that answers 500 with backoff, recording each attempt, until it succeeds', async () => {
    let failures = 2;
    const receiver = await startReceiver(() =>
      failures-- > 0 ? { status: 500, body: `<html><body>Database  is\n down</body></html>${'.'.repeat(2000)}` } : { status: 204 },
    );
    const { ctx, admin, browser, deliverEvents, runDueJobs } = await setUp();
    await allowPrivateUrls(browser);
    const hook = await createWebhook(browser, { url: receiver.url() });
    await newTeam(ctx, admin);
    const firstAttemptAt = ctx.clock.now();

    await deliverEvents();
    let [delivery] = (await deliveriesOf(browser, hook.id)).data;
    expect(delivery).toMatchObject({ status: 'retrying', attempts: 1, responseStatus: 500, lastAttemptAt: firstAttemptAt.toISOString() });
    expect(delivery!.nextAttemptAt).toBe(new Date(firstAttemptAt.getTime() + RETRY_DELAYS_MS[0]!).toISOString());
    // Only a short excerpt of the answer is kept.
    expect(delivery!.error).toMatch(/^The receiver answered 500: <html><body>Database is down<\/body><\/html>\.+$/);
    expect(delivery!.error!.length).toBeLessThan(400);

    // Nothing is sent again before the backoff has passed.
    await runDueJobs();
    expect(receiver.received).toHaveLength(1);

    ctx.clock.advance(RETRY_DELAYS_MS[0]!);
    await runDueJobs();
    [delivery] = (await deliveriesOf(browser, hook.id)).data;
    expect(delivery).toMatchObject({ status: 'retrying', attempts: 2, responseStatus: 500 });
    expect(new Date(delivery!.nextAttemptAt!).getTime() - new Date(delivery!.lastAttemptAt!).getTime()).toBe(RETRY_DELAYS_MS[1]);

    ctx.clock.advance(RETRY_DELAYS_MS[1]!);
    await runDueJobs();
    [delivery] = (await deliveriesOf(browser, hook.id)).data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, responseStatus: 204, error: null, nextAttemptAt: null });
    expect(receiver.received).toHaveLength(3);
    // Every attempt is the same delivery of the same body, freshly signed.
    expect(new Set(receiver.received.map((r) => r.headers['x-rapport-delivery']))).toEqual(new Set([delivery!.id]));
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    for (const r of receiver.received)
      expect(r.headers['x-rapport-signature']).toBe(expectedSignature(hook.secret, r.headers['x-rapport-timestamp'] as string, r.body));
  });

  it('gives a delivery up after its last retry', async () => {
    const receiver = await startReceiver(() => ({ status: 503 }));
    const { ctx, admin, browser, deliverEvents, runDueJobs } = await setUp();
    await allowPrivateUrls(browser);
    const hook = await createWebhook(browser, { url: receiver.url() });
    await newTeam(ctx, admin);

    await deliverEvents();
    for (const delay of RETRY_DELAYS_MS) {
      ctx.clock.advance(delay);
      await runDueJobs();
    }
    // Hours have passed and the browser's session with them: ask the service.
    const [delivery] = (await ctx.services.webhooks.listDeliveries(admin, hook.id, { limit: 50 })).data;
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: RETRY_DELAYS_MS.length + 1,
      responseStatus: 503,
      error: 'The receiver answered 503.',
      nextAttemptAt: null,
    });
    ctx.clock.advance(86_400_000);
    await runDueJobs();
    expect(receiver.received).toHaveLength(RETRY_DELAYS_MS.length + 1);
  });

  it('lists deliveries newest first, a page at a time', async () => {
    const receiver = await startReceiver();
    const { ctx, admin, browser, deliverEvents } = await setUp();
    await allowPrivateUrls(browser);
    const hook = await createWebhook(browser, { url: receiver.url() });
    for (const name of ['One', 'Two', 'Three']) await newTeam(ctx, admin, name);
    await deliverEvents();

    const first = await deliveriesOf(browser, hook.id, '?limit=2');
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await deliveriesOf(browser, hook.id, `?limit=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ data: [expect.anything()], nextCursor: null });
    const ids = [...first.data, ...second.data].map((d) => d.id);
    expect(ids).toEqual([...ids].sort().reverse());
    // Newest delivery first: the receiver saw them in the other order.
    const sentOrder = receiver.received.map((r) => r.headers['x-rapport-delivery']);
    expect(ids).toEqual([...sentOrder].reverse());
  });

  it('sends a webhook.test event to the tested webhook alone', async () => {
    const receiver = await startReceiver();
    const { browser, deliverEvents } = await setUp();
    await allowPrivateUrls(browser);
    const tested = await createWebhook(browser, { url: receiver.url('/tested'), eventTypes: ['*'] });
    const bystander = await createWebhook(browser, { url: receiver.url('/bystander'), eventTypes: ['*'] });

    const res = await browser.post(`/api/v1/webhooks/${tested.id}/test`);
    expect(res.status).toBe(202);
    await deliverEvents();

    const tests = receiver.received.filter((r) => r.headers['x-rapport-event'] === 'webhook.test');
    expect(tests.map((r) => r.path)).toEqual(['/tested']);
    expect(JSON.parse(tests[0]!.body)).toMatchObject({ type: 'webhook.test', entityType: 'webhook', entityId: tested.id });
    expect((await deliveriesOf(browser, tested.id)).data[0]).toMatchObject({ eventType: 'webhook.test', status: 'succeeded' });

    await browser.patch(`/api/v1/webhooks/${bystander.id}`, { active: false });
    const inactive = await browser.post(`/api/v1/webhooks/${bystander.id}/test`);
    expect(inactive.status).toBe(422);
  });

  it('follows a redirect only to a target the URL guard accepts, and at most three', async () => {
    const receiver = await startReceiver((path) => {
      if (path === '/moved') return { status: 308, location: '/new-home' };
      if (path === '/to-metadata') return { status: 302, location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' };
      if (path.startsWith('/loop')) return { status: 307, location: `/loop${path.length}` };
      return { status: 200 };
    });
    const { ctx, admin, browser, deliverEvents } = await setUp();
    await allowPrivateUrls(browser);
    const moved = await createWebhook(browser, { url: receiver.url('/moved') });
    const toMetadata = await createWebhook(browser, { url: receiver.url('/to-metadata') });
    const looping = await createWebhook(browser, { url: receiver.url('/loop') });
    await newTeam(ctx, admin);

    await deliverEvents();

    const paths = receiver.received.map((r) => r.path);
    expect(paths.filter((p) => p === '/new-home')).toHaveLength(1);
    const followed = receiver.received.find((r) => r.path === '/new-home')!;
    expect(followed.method).toBe('POST');
    expect(followed.headers['x-rapport-signature']).toBe(
      expectedSignature(moved.secret, followed.headers['x-rapport-timestamp'] as string, followed.body),
    );
    expect((await deliveriesOf(browser, moved.id)).data[0]).toMatchObject({ status: 'succeeded', responseStatus: 200 });

    // The redirect to the metadata service is not followed, and not retried either.
    expect(paths.filter((p) => p === '/to-metadata')).toHaveLength(1);
    const refused = (await deliveriesOf(browser, toMetadata.id)).data[0]!;
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null, responseStatus: null });
    expect(refused.error).toMatch(
      /^Redirected to http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/security-credentials\/: 169\.254\.169\.254 .*may never call/,
    );

    expect(paths.filter((p) => p.startsWith('/loop'))).toHaveLength(4);
    expect((await deliveriesOf(browser, looping.id)).data[0]).toMatchObject({
      status: 'retrying',
      responseStatus: 307,
      error: 'More than 3 redirects.',
    });
  });
});

describe('webhook URL guard', () => {
  const ssrfForms = [
    ...NUMERIC_LOOPBACK_FORMS,
    'http://localhost/',
    'http://admin.localhost/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.8/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://224.0.0.1/',
    'http://[::1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[64:ff9b::a00:1]/',
    'ftp://93.184.215.14/',
    'file:///etc/passwd',
    'not a url',
  ];

  it('refuses every SSRF form with 422 on the url field, on create and on update, and writes nothing', async () => {
    const { browser } = await setUp();
    for (const url of ssrfForms) {
      const res = await browser.post('/api/v1/webhooks', { name: 'Sneaky', url, eventTypes: ['*'] });
      expect(res.status, url).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await res.json()) as Problem;
      expect(problem.errors?.[0]?.path, url).toBe('url');
    }
    expect(((await (await browser.get('/api/v1/webhooks')).json()) as { data: Webhook[] }).data).toEqual([]);

    const hook = await createWebhook(browser, { url: 'https://93.184.215.14/hook' });
    const res = await browser.patch(`/api/v1/webhooks/${hook.id}`, { url: 'http://0x7f000001:3000/api/v1/users' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'unprocessable', reason: 'webhook_url_private', params: { host: '127.0.0.1' } });
    expect(await (await browser.get(`/api/v1/webhooks/${hook.id}`)).json()).toMatchObject({
      url: 'https://93.184.215.14/hook',
      version: 1,
    });

    // Allowing private URLs lets in the tenant's own network, never the metadata service.
    await allowPrivateUrls(browser);
    expect(
      (await browser.post('/api/v1/webhooks', { name: 'Metadata', url: 'http://169.254.169.254/latest/meta-data/', eventTypes: ['*'] }))
        .status,
    ).toBe(422);
  });

  it('checks again at delivery time, and fails without sending when the URL is no longer allowed', async () => {
    const receiver = await startReceiver();
    const { ctx, admin, browser, deliverEvents } = await setUp();
    await allowPrivateUrls(browser);
    const forms = ['2130706433', '0177.0.0.1', '0x7f000001', '127.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'localhost'];
    const hooks = [];
    for (const host of forms) hooks.push(await createWebhook(browser, { url: `http://${host}:${receiver.port}/hook` }));
    expect(hooks.map((h) => h.url)).toEqual([
      ...Array(4).fill(`http://127.0.0.1:${receiver.port}/hook`),
      `http://[::ffff:7f00:1]:${receiver.port}/hook`,
      `http://[::ffff:7f00:1]:${receiver.port}/hook`,
      `http://localhost:${receiver.port}/hook`,
    ]);
    await allowPrivateUrls(browser, false);
    await newTeam(ctx, admin);

    await deliverEvents();

    expect(receiver.received).toEqual([]);
    for (const hook of hooks) {
      const [delivery] = (await deliveriesOf(browser, hook.id)).data;
      expect(delivery, hook.url).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(delivery!.error).toMatch(/private network/);
    }
  });
});
