import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, newTenant, signedIn, TEST_PASSWORD, tokenClient, type TestContext, uniqueEmail } from '../db/testing.js';
import { BUILTIN_ROLES, type BuiltinRoleKey } from '../modules/identity/permissions.js';

/**
 * Access control, checked through the HTTP API over every route of the OpenAPI document, so that
 * routes added later are covered without anyone remembering to add them here.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

type Operation = { method: string; path: string };
async function operations(): Promise<Operation[]> {
  const doc = (await (await ctx.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/** A digest of every row a tenant owns (sessions aside, which each request touches), to prove nothing changed. */
async function fingerprint(tenantId: string): Promise<Record<string, string>> {
  const tables = await ctx.database.query<{ table_name: string }>(
    `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' and table_name <> 'sessions' order by 1`,
  );
  const result: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await ctx.database.query<{ digest: string | null }>(
      `select md5(string_agg(t::text, '|' order by t::text)) as digest from public."${table_name}" t where tenant_id = $1`,
      [tenantId],
    );
    result[table_name] = row?.digest ?? '';
  }
  return result;
}

/** Plausible bodies, so that a refusal comes from the permission check rather than from validation. */
function bodyFor(op: Operation, ids: Record<string, string>): unknown {
  const bodies: Record<string, unknown> = {
    'POST /api/v1/users': { email: uniqueEmail('x'), name: 'X', password: TEST_PASSWORD, roleIds: [ids.role] },
    'PATCH /api/v1/users/{id}': { name: 'Renamed', status: 'disabled' },
    'POST /api/v1/users/{id}/password': { newPassword: 'Brand-New-Pass-1' },
    'POST /api/v1/roles': { name: 'R', permissions: [] },
    'PATCH /api/v1/roles/{id}': { name: 'Renamed' },
    'POST /api/v1/org-units': { name: 'U', kind: 'branch', parentId: ids.orgUnit },
    'PATCH /api/v1/org-units/{id}': { name: 'Renamed' },
    'POST /api/v1/api-tokens': { name: 'T', roleId: ids.role },
    'PATCH /api/v1/tenant': { name: 'Renamed' },
    'POST /api/v1/webhooks': { name: 'W', url: 'https://example.com/hook', eventTypes: ['*'] },
    'PATCH /api/v1/webhooks/{id}': { name: 'Renamed' },
    'POST /api/v1/customers': { kind: 'person', name: 'Somebody' },
    'PATCH /api/v1/customers/{id}': { name: 'Renamed' },
    'POST /api/v1/customers/{id}/handover': { ownerId: ids.user, reason: 'x' },
    'POST /api/v1/customers/{id}/contacts': { name: 'Contact' },
    'PATCH /api/v1/contacts/{id}': { name: 'Renamed' },
    'POST /api/v1/customers/bulk': { action: 'set_tier', ids: [ids.customer], tier: 'key' },
    'POST /api/v1/custom-fields': { key: 'level', label: 'Level', type: 'text' },
    'PATCH /api/v1/custom-fields/{id}': { label: 'Renamed' },
    'POST /api/v1/customer-views': { name: 'V', definition: { filters: {}, sort: null, columns: [] } },
    'PATCH /api/v1/customer-views/{id}': { name: 'Renamed' },
    'POST /api/v1/merges': { survivorId: ids.customer, mergedIds: [ids.user], fields: {}, versions: {} },
    'POST /api/v1/demo/customers': { count: 1 },
    'POST /api/v1/interactions': { customerId: ids.customer, channel: 'call', summary: 'x' },
    'PATCH /api/v1/interactions/{id}': { summary: 'Rewritten' },
    'POST /api/v1/tasks': { title: 'T', customerId: ids.customer },
    'PUT /api/v1/follow-up-plans': { plans: [{ tier: 'key', intervalDays: 7, active: true }] },
    'POST /api/v1/cti/events': { event: 'ringing', callId: 'c-1', from: '+8613800138000' },
    'PATCH /api/v1/tasks/{id}': { title: 'Renamed' },
  };
  return bodies[`${op.method} ${op.path}`] ?? {};
}

function concretePath(path: string, ids: Record<string, string>): string {
  const resource = path.split('/')[3] ?? '';
  const byResource: Record<string, string> = {
    users: ids.user!,
    roles: ids.role!,
    'org-units': ids.orgUnit!,
    'api-tokens': ids.token!,
    webhooks: ids.webhook ?? ids.user!,
    'recycle-bin': ids.deletedRole!,
    customers: ids.customer!,
    contacts: ids.contact!,
    'custom-fields': ids.customField!,
    'customer-views': ids.view!,
    interactions: ids.interaction!,
    tasks: ids.task!,
  };
  return path
    .replace('{entityType}', 'role')
    .replace('/users/me/sessions/{id}', `/users/me/sessions/${ids.session}`)
    .replace('{id}', byResource[resource] ?? ids.user!);
}

/** A tenant with one of everything, so every `{id}` route has a real target. */
async function populatedTenant() {
  const t = await newTenant(ctx);
  const roles = await ctx.services.organisation.listRoles(t.admin);
  const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
  const branch = await ctx.services.organisation.createOrgUnit(t.admin, { name: 'Branch', kind: 'branch', parentId: company.id });
  const rep = await ctx.services.users.create(t.admin, {
    email: uniqueEmail('rep'),
    name: 'Rep',
    password: TEST_PASSWORD,
    roleIds: [roles.find((r) => r.key === 'sales_rep')!.id],
    orgUnitId: branch.id,
  });
  const custom = await ctx.services.organisation.createRole(t.admin, { name: 'Custom', permissions: [] });
  const doomed = await ctx.services.organisation.createRole(t.admin, { name: 'Doomed', permissions: [] });
  await ctx.services.organisation.deleteRole(t.admin, doomed.id);
  const token = await ctx.services.apiTokens.create(t.admin, { name: 'ERP', roleId: custom.id });
  const browser = await signedIn(ctx, t.email);
  const sessions = await ctx.services.auth.listSessions({ ...t.admin, userId: t.user.id });
  const customer = await ctx.services.customers.create(t.admin, { kind: 'organisation', name: 'Admin Customer' }, { force: true });
  const contact = await ctx.services.contacts.create(t.admin, customer.id, { name: 'Contact' });
  const customField = await ctx.services.customFields.create(t.admin, { key: 'grade', label: 'Grade', type: 'text' });
  const view = await ctx.services.customerViews.create(t.admin, { name: 'Mine', definition: { filters: {}, sort: null, columns: [] } });
  const { interaction } = await ctx.services.interactions.create(t.admin, {
    customerId: customer.id,
    channel: 'visit',
    summary: 'Admin visit',
  });
  const task = await ctx.services.tasks.create(t.admin, { title: 'Admin task', customerId: customer.id });
  const ids: Record<string, string> = {
    customer: customer.id,
    contact: contact.id,
    customField: customField.id,
    view: view.id,
    interaction: interaction.id,
    task: task.id,
    user: rep.id,
    role: custom.id,
    orgUnit: branch.id,
    token: token.id,
    deletedRole: doomed.id,
    session: sessions[0]!.id,
  };
  return { ...t, rep, ids, browser, roles };
}

const SELF_SERVICE = /^\/api\/v1\/(auth\/|setup$|users\/me|notifications)/;
/** Records a sales rep may create and change when they are theirs: checked by the next test instead. */
const OWN_RECORDS = /^\/api\/v1\/(customers|contacts|customer-views|interactions|tasks|cti\/dial)(\/|$)/;

describe('permissions', () => {
  it('refuses every administrative write to a sales rep with 403 and leaves the database unchanged', async () => {
    const t = await populatedTenant();
    const rep = await signedIn(ctx, t.rep.email);
    const before = await fingerprint(t.tenant.id);
    const writes = (await operations()).filter((op) => op.method !== 'GET' && !SELF_SERVICE.test(op.path) && !OWN_RECORDS.test(op.path));
    expect(writes.length).toBeGreaterThan(10);
    for (const op of writes) {
      const res = await rep.request(op.method, concretePath(op.path, t.ids), op.method === 'DELETE' ? undefined : bodyFor(op, t.ids));
      expect({ op: `${op.method} ${op.path}`, status: res.status }).toEqual({ op: `${op.method} ${op.path}`, status: 403 });
    }
    expect(await fingerprint(t.tenant.id)).toEqual(before);
  });

  it("lets a sales rep with scope own change nothing of someone else's customer: 404 or 403, database unchanged", async () => {
    const t = await populatedTenant();
    const rep = await signedIn(ctx, t.rep.email);
    const before = await fingerprint(t.tenant.id);
    const writes = (await operations()).filter(
      (op) => op.method !== 'GET' && OWN_RECORDS.test(op.path) && op.path.includes('{id}') && !op.path.startsWith('/api/v1/customer-views'),
    );
    expect(writes.length).toBeGreaterThanOrEqual(6);
    for (const op of writes) {
      const res = await rep.request(op.method, concretePath(op.path, t.ids), op.method === 'DELETE' ? undefined : bodyFor(op, t.ids));
      expect({ op: `${op.method} ${op.path}`, refused: [403, 404].includes(res.status) }).toEqual({
        op: `${op.method} ${op.path}`,
        refused: true,
      });
    }
    const bulk = await rep.post('/api/v1/customers/bulk', bodyFor({ method: 'POST', path: '/api/v1/customers/bulk' }, t.ids));
    expect(await bulk.json()).toEqual({ affected: 0 });
    expect(await fingerprint(t.tenant.id)).toEqual(before);
  });

  it('gives each built-in role exactly the administrative reads its permissions allow', async () => {
    const t = await populatedTenant();
    const checks: [string, string][] = [
      ['/api/v1/users', 'admin.users'],
      ['/api/v1/api-tokens', 'admin.tokens'],
      ['/api/v1/audit-log', 'admin.audit'],
    ];
    for (const key of Object.keys(BUILTIN_ROLES) as BuiltinRoleKey[]) {
      const email = uniqueEmail(key);
      await ctx.services.users.create(t.admin, {
        email,
        name: key,
        password: TEST_PASSWORD,
        roleIds: [t.roles.find((r) => r.key === key)!.id],
      });
      const browser = await signedIn(ctx, email);
      const granted = new Set<string>(BUILTIN_ROLES[key].permissions.map((p) => p.permission));
      for (const [path, permission] of checks) {
        const status = (await browser.get(path)).status;
        expect({ key, path, status }).toEqual({ key, path, status: granted.has(permission) ? 200 : 403 });
      }
    }
  });

  it('acts with the role of an API token, and refuses a revoked token at once', async () => {
    const t = await populatedTenant();
    const limited = await ctx.services.apiTokens.create(t.admin, {
      name: 'Reader',
      roleId: t.roles.find((r) => r.key === 'marketing')!.id,
    });
    const client = tokenClient(ctx, limited.token);
    expect((await client.get('/api/v1/users/me')).status).toBe(200);
    expect((await client.get('/api/v1/users')).status).toBe(403);
    expect((await client.post('/api/v1/roles', { name: 'Sneaky', permissions: [] })).status).toBe(403);
    await ctx.services.apiTokens.revoke(t.admin, limited.id);
    expect((await client.get('/api/v1/users/me')).status).toBe(401);
    expect((await tokenClient(ctx, 'rap_made_up_token_value').get('/api/v1/users/me')).status).toBe(401);
  });

  it('does not let a user without the audit permission probe the audit log through filters', async () => {
    const t = await populatedTenant();
    const rep = await signedIn(ctx, t.rep.email);
    for (const query of ['', `?entityId=${t.rep.id}`, '?action=signed_in', `?actorId=${t.user.id}`]) {
      expect((await rep.get(`/api/v1/audit-log${query}`)).status).toBe(403);
    }
    expect((await rep.get(`/api/v1/users?q=${encodeURIComponent(t.email)}`)).status).toBe(403);
  });
});

describe('authentication', () => {
  it('answers every route called without credentials with 401 problem+json, except the public ones', async () => {
    const t = await populatedTenant();
    const PUBLIC = /^(GET \/api\/v1\/setup|POST \/api\/v1\/(setup|auth\/login|auth\/logout))$/;
    for (const op of (await operations()).filter((o) => !PUBLIC.test(`${o.method} ${o.path}`))) {
      const res = await ctx.app.request(concretePath(op.path, t.ids), {
        method: op.method,
        headers: op.method === 'GET' || op.method === 'DELETE' ? {} : { 'content-type': 'application/json' },
        body: op.method === 'GET' || op.method === 'DELETE' ? undefined : JSON.stringify(bodyFor(op, t.ids)),
      });
      expect({ op: `${op.method} ${op.path}`, status: res.status }).toEqual({ op: `${op.method} ${op.path}`, status: 401 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('tenant isolation', () => {
  it("reads nothing and writes nothing of tenant B when tenant A's admin calls every route with B's ids", async () => {
    const a = await populatedTenant();
    const b = await populatedTenant();
    const before = await fingerprint(b.tenant.id);
    const secrets = [b.rep.email, b.email, b.tenant.name === a.tenant.name ? '' : b.tenant.name].filter(Boolean);
    const targeted = (await operations()).filter((o) => o.path.includes('{'));
    expect(targeted.length).toBeGreaterThanOrEqual(12);
    for (const op of targeted) {
      const res = await a.browser.request(
        op.method,
        concretePath(op.path, b.ids),
        op.method === 'GET' || op.method === 'DELETE' ? undefined : bodyFor(op, b.ids),
      );
      expect({ op: `${op.method} ${op.path}`, ok: res.ok }).toEqual({ op: `${op.method} ${op.path}`, ok: false });
      const text = await res.text();
      for (const s of secrets) expect(text).not.toContain(s);
    }
    expect(await fingerprint(b.tenant.id)).toEqual(before);
  });

  it("does not list another tenant's records", async () => {
    const a = await populatedTenant();
    const b = await populatedTenant();
    for (const path of [
      '/api/v1/users',
      '/api/v1/roles',
      '/api/v1/org-units',
      '/api/v1/api-tokens',
      '/api/v1/audit-log',
      '/api/v1/recycle-bin',
    ]) {
      const text = await (await a.browser.get(path)).text();
      for (const id of Object.values(b.ids)) expect({ path, leaked: text.includes(id) }).toEqual({ path, leaked: false });
    }
  });
});
