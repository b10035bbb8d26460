import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from './client.js';
import { DatabaseNewerThanCodeError, migrateDatabase } from './migrate.js';
import { createTestContext, newTenant, TEST_PASSWORD, TestBrowser, type TestContext } from './testing.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('row-level security', () => {
  it('keeps a tenant transaction to its own rows even when a query forgets the tenant filter', async () => {
    const a = await newTenant(ctx, 'A');
    const b = await newTenant(ctx, 'B');
    const seen = await ctx.database.withTenant(a.tenant.id, (tx) =>
      queryRows<{ tenant_id: string }>(tx, sql`select distinct tenant_id from users`),
    );
    expect(seen.map((r) => r.tenant_id)).toEqual([a.tenant.id]);
    await expect(
      ctx.database.withTenant(a.tenant.id, (tx) => tx.execute(sql`update users set name = 'hijacked' where tenant_id = ${b.tenant.id}`)),
    ).resolves.toBeDefined();
    const bNames = await ctx.database.query<{ name: string }>('select name from users where tenant_id = $1', [b.tenant.id]);
    expect(bNames.map((r) => r.name)).not.toContain('hijacked');
    await expect(
      ctx.database.withTenant(a.tenant.id, (tx) =>
        tx.execute(sql`insert into org_units (tenant_id, id, kind, name) values (${b.tenant.id}, gen_random_uuid(), 'team', 'planted')`),
      ),
    ).rejects.toThrow();
  });
});

describe('several tenants in one installation', () => {
  it('signs the same email into the organisation whose password matches, or the one named', async () => {
    const a = await newTenant(ctx, 'A');
    const b = await newTenant(ctx, 'B');
    const roles = await ctx.services.organisation.listRoles(b.admin);
    await ctx.services.users.create(b.admin, {
      email: a.email,
      name: 'Same person',
      password: 'Other-Password-77',
      roleIds: [roles[0]!.id],
    });
    const intoA = await new TestBrowser(ctx).login(a.email, TEST_PASSWORD);
    expect(((await intoA.json()) as { user: { tenant: { id: string } } }).user.tenant.id).toBe(a.tenant.id);
    const intoB = await new TestBrowser(ctx).login(a.email, 'Other-Password-77');
    expect(((await intoB.json()) as { user: { tenant: { id: string } } }).user.tenant.id).toBe(b.tenant.id);
  });

  it('asks which organisation when the same email and password fit two', async () => {
    const a = await newTenant(ctx, 'A');
    const b = await newTenant(ctx, 'B');
    const roles = await ctx.services.organisation.listRoles(b.admin);
    await ctx.services.users.create(b.admin, { email: a.email, name: 'Same person', password: TEST_PASSWORD, roleIds: [roles[0]!.id] });
    const ambiguous = await new TestBrowser(ctx).login(a.email);
    expect(ambiguous.status).toBe(409);
    expect(((await ambiguous.json()) as { tenants: string[] }).tenants.sort()).toEqual([a.tenant.slug, b.tenant.slug].sort());
    const chosen = await new TestBrowser(ctx).post('/api/v1/auth/login', {
      email: a.email,
      password: TEST_PASSWORD,
      tenant: b.tenant.slug,
    });
    expect(((await chosen.json()) as { user: { tenant: { id: string } } }).user.tenant.id).toBe(b.tenant.id);
  });
});

describe('migrations', () => {
  // On an in-memory database of its own: the shared test database must never look newer than the code.
  it('refuses a database migrated by a newer version of Rapport', async () => {
    const own = await openDatabase({});
    try {
      await migrateDatabase(own);
      await own.exec(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${Date.now() + 10 ** 12})`);
      await expect(migrateDatabase(own)).rejects.toBeInstanceOf(DatabaseNewerThanCodeError);
    } finally {
      await own.close();
    }
  });
});
