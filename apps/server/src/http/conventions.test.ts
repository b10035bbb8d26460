import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, newTenant, signedIn, TEST_PASSWORD, tokenClient, type TestContext, uniqueEmail } from '../db/testing.js';
import { MAX_JSON_BODY } from '../app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

type Problem = { type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[] };
const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Problem;
};

async function adminBrowser() {
  const t = await newTenant(ctx);
  return { ...t, browser: await signedIn(ctx, t.email) };
}

describe('problem+json errors', () => {
  it('lists the field path of each validation error', async () => {
    const { browser } = await adminBrowser();
    const res = await browser.post('/api/v1/users', { email: 'not-an-email', name: '', password: TEST_PASSWORD, roleIds: ['nope'] });
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.errors?.map((e) => e.path).sort()).toEqual(['email', 'name', 'roleIds.0']);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const { browser } = await adminBrowser();
    const malformed = await browser.request('POST', '/api/v1/roles', '{"name": "x",', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    await problemOf(malformed);
    const huge = JSON.stringify({ name: 'x', description: 'y'.repeat(MAX_JSON_BODY + 10), permissions: [] });
    const tooLarge = await browser.request('POST', '/api/v1/roles', huge, { 'content-type': 'application/json' });
    expect(tooLarge.status).toBe(413);
    await problemOf(tooLarge);
    const roles = (await (await browser.get('/api/v1/roles')).json()) as { data: unknown[] };
    expect(roles.data).toHaveLength(5);
  });

  it('answers a body that is not JSON with a 4xx problem, not a 500', async () => {
    const { browser } = await adminBrowser();
    const res = await browser.request('POST', '/api/v1/roles', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await problemOf(res);
  });

  it('answers an unknown API route with 404 problem+json to a signed-in caller, and 401 to a stranger', async () => {
    const { browser } = await adminBrowser();
    const res = await browser.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    await problemOf(res);
    expect((await ctx.app.request('/api/v1/no-such-thing')).status).toBe(401);
    expect((await ctx.app.request('/api/no-such-thing')).status).toBe(404);
  });

  it('answers a malformed id with 400, not a database error', async () => {
    const { browser } = await adminBrowser();
    const res = await browser.get('/api/v1/users/not-a-uuid');
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors?.[0]?.path).toBe('param.id');
  });
});

describe('ETag and If-Match', () => {
  it('refuses a write with a stale If-Match with 412 and changes nothing', async () => {
    const { browser } = await adminBrowser();
    const created = await browser.post('/api/v1/roles', {
      name: 'Field sales',
      permissions: [{ permission: 'customers.read', scope: 'own' }],
    });
    const etag = created.headers.get('etag')!;
    const role = (await created.json()) as { id: string };
    expect(etag).toBe('"1"');
    const first = await browser.patch(`/api/v1/roles/${role.id}`, { name: 'Field sales North' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await browser.patch(`/api/v1/roles/${role.id}`, { name: 'Overwritten' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    await problemOf(stale);
    const now = (await (await browser.get(`/api/v1/roles/${role.id}`)).json()) as { name: string; version: number };
    expect(now).toMatchObject({ name: 'Field sales North', version: 2 });
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, creating nothing new', async () => {
    const { browser } = await adminBrowser();
    const body = { name: 'Telesales', permissions: [] };
    const first = await browser.post('/api/v1/roles', body, { 'idempotency-key': 'k-1' });
    const again = await browser.post('/api/v1/roles', body, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const roles = (await (await browser.get('/api/v1/roles')).json()) as { data: { name: string }[] };
    expect(roles.data.filter((r) => r.name === 'Telesales')).toHaveLength(1);
  });

  it('refuses the same key with a different body with 422', async () => {
    const { browser } = await adminBrowser();
    await browser.post('/api/v1/roles', { name: 'A', permissions: [] }, { 'idempotency-key': 'k-2' });
    const res = await browser.post('/api/v1/roles', { name: 'B', permissions: [] }, { 'idempotency-key': 'k-2' });
    expect(res.status).toBe(422);
    const roles = (await (await browser.get('/api/v1/roles')).json()) as { data: { name: string }[] };
    expect(roles.data.map((r) => r.name)).not.toContain('B');
  });

  it('runs a refused request again on retry instead of replaying the refusal', async () => {
    const { browser } = await adminBrowser();
    const bad = await browser.post(
      '/api/v1/roles',
      { name: 'C', permissions: [{ permission: 'nope', scope: 'all' }] },
      { 'idempotency-key': 'k-3' },
    );
    expect(bad.status).toBe(400);
    const retry = await browser.post(
      '/api/v1/roles',
      { name: 'C', permissions: [{ permission: 'nope', scope: 'all' }] },
      { 'idempotency-key': 'k-3' },
    );
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps keys apart per caller', async () => {
    const { browser, admin } = await adminBrowser();
    const roles = await ctx.services.organisation.listRoles(admin);
    const token = await ctx.services.apiTokens.create(admin, { name: 'ERP', roleId: roles.find((r) => r.key === 'admin')!.id });
    const erp = tokenClient(ctx, token.token);
    const a = await browser.post('/api/v1/roles', { name: 'Mine', permissions: [] }, { 'idempotency-key': 'shared' });
    const b = await erp.post('/api/v1/roles', { name: 'Theirs', permissions: [] }, { 'idempotency-key': 'shared' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('cursor pagination', () => {
  it('walks a list page by page without repeats, defaulting to 50 and refusing more than 200', async () => {
    const { browser, admin } = await adminBrowser();
    const roles = await ctx.services.organisation.listRoles(admin);
    const rep = roles.find((r) => r.key === 'sales_rep')!.id;
    for (let i = 0; i < 6; i++)
      await ctx.services.users.create(admin, { email: uniqueEmail('page'), name: `P${i}`, password: TEST_PASSWORD, roleIds: [rep] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await browser.get(`/api/v1/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect((await browser.get('/api/v1/users?limit=201')).status).toBe(400);
    expect((await browser.get('/api/v1/users?cursor=garbage')).status).toBe(400);
  });
});

describe('service endpoints', () => {
  it('reports health with the database kind', async () => {
    const res = await ctx.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: ctx.database.kind });
  });

  it('publishes an OpenAPI 3.1 document with the routes and a docs page', async () => {
    const doc = (await (await ctx.app.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/me', '/api/v1/users/{id}', '/api/v1/api-tokens', '/api/v1/audit-log']),
    );
    const docs = await ctx.app.request('/api/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    expect((await ctx.app.request('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
  });
});
