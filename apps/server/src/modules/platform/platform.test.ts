import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, newTenant, signedIn, TEST_PASSWORD, type TestContext, uniqueEmail } from '../../db/testing.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('audit log', () => {
  it('records who changed which fields, old to new, and never a password', async () => {
    const t = await newTenant(ctx);
    const browser = await signedIn(ctx, t.email);
    const roles = await ctx.services.organisation.listRoles(t.admin);
    const created = (await (
      await browser.post('/api/v1/users', { email: uniqueEmail('li'), name: '李雷', password: TEST_PASSWORD, roleIds: [roles[1]!.id] })
    ).json()) as { id: string };
    await browser.patch(`/api/v1/users/${created.id}`, { name: '李磊', phone: '+8613800138000' });
    await browser.post(`/api/v1/users/${created.id}/password`, { newPassword: 'Fresh-Password-8' });

    const page = (await (await browser.get(`/api/v1/audit-log?entityId=${created.id}`)).json()) as {
      data: { action: string; actorLabel: string; changes: Record<string, { old: unknown; new: unknown }> }[];
    };
    expect(page.data.map((e) => e.action)).toEqual(['password_changed', 'updated', 'created']);
    const update = page.data[1]!;
    expect(update.actorLabel).toBe(t.email);
    expect(update.changes).toEqual({ name: { old: '李雷', new: '李磊' }, phone: { old: null, new: '+8613800138000' } });
    const text = JSON.stringify(page);
    expect(text).not.toContain('Fresh-Password-8');
    expect(text).not.toContain('argon2');
  });

  it('filters by action and period and pages newest first', async () => {
    const t = await newTenant(ctx);
    const browser = await signedIn(ctx, t.email);
    for (let i = 0; i < 3; i++) await browser.post('/api/v1/roles', { name: `Role ${i}`, permissions: [] });
    const created = (await (await browser.get('/api/v1/audit-log?entityType=role&action=created&limit=2')).json()) as {
      data: { changes: { name: { new: string } } }[];
      nextCursor: string;
    };
    expect(created.data.map((e) => e.changes.name.new)).toEqual(['Role 2', 'Role 1']);
    const rest = (await (
      await browser.get(`/api/v1/audit-log?entityType=role&action=created&limit=2&cursor=${created.nextCursor}`)
    ).json()) as { data: unknown[]; nextCursor: null };
    expect(rest.data).toHaveLength(1);
    const future = new Date(ctx.clock.now().getTime() + 3_600_000).toISOString();
    expect(
      ((await (await browser.get(`/api/v1/audit-log?from=${encodeURIComponent(future)}`)).json()) as { data: unknown[] }).data,
    ).toHaveLength(0);
  });
});

describe('recycle bin', () => {
  it('lists a deleted unit, restores it intact, and purges what outlived the retention period', async () => {
    const t = await newTenant(ctx);
    const browser = await signedIn(ctx, t.email);
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const unit = (await (
      await browser.post('/api/v1/org-units', { name: '深圳分公司', kind: 'branch', parentId: company.id, code: 'SZ' })
    ).json()) as { id: string };
    expect((await browser.delete(`/api/v1/org-units/${unit.id}`)).status).toBe(204);
    expect((await browser.get(`/api/v1/org-units/${unit.id}`)).status).toBe(404);
    const bin = (await (await browser.get('/api/v1/recycle-bin')).json()) as { data: { entityType: string; id: string; label: string }[] };
    expect(bin.data).toContainEqual(expect.objectContaining({ entityType: 'org_unit', id: unit.id, label: '深圳分公司' }));
    expect((await browser.post(`/api/v1/recycle-bin/org_unit/${unit.id}/restore`)).status).toBe(204);
    expect(await (await browser.get(`/api/v1/org-units/${unit.id}`)).json()).toMatchObject({
      name: '深圳分公司',
      code: 'SZ',
      parentId: company.id,
    });
    expect((await browser.post(`/api/v1/recycle-bin/org_unit/${unit.id}/restore`)).status).toBe(404);

    await browser.delete(`/api/v1/org-units/${unit.id}`);
    const binIds = async () => (await ctx.services.platform.listTrash(t.admin)).map((d) => d.id);
    ctx.clock.advance((ctx.config.trashRetentionDays - 1) * 86_400_000);
    await ctx.services.platform.purgeTrash();
    expect(await binIds()).toContain(unit.id);
    ctx.clock.advance(2 * 86_400_000);
    await ctx.services.platform.purgeTrash();
    expect(await binIds()).not.toContain(unit.id);
  });

  it('refuses to delete a unit that still has people in it', async () => {
    const t = await newTenant(ctx);
    const browser = await signedIn(ctx, t.email);
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const res = await browser.delete(`/api/v1/org-units/${company.id}`);
    expect(res.status).toBe(422);
    const team = (await (await browser.post('/api/v1/org-units', { name: 'Team', kind: 'team', parentId: company.id })).json()) as {
      id: string;
    };
    await browser.patch(`/api/v1/users/${t.user.id}`, { orgUnitId: team.id });
    expect((await browser.delete(`/api/v1/org-units/${team.id}`)).status).toBe(409);
  });
});

describe('organisation chart', () => {
  it('refuses a move that would put a unit under itself', async () => {
    const t = await newTenant(ctx);
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const branch = await ctx.services.organisation.createOrgUnit(t.admin, { name: 'North', kind: 'branch', parentId: company.id });
    const sub = await ctx.services.organisation.createOrgUnit(t.admin, { name: 'North-East', kind: 'branch', parentId: branch.id });
    await expect(ctx.services.organisation.updateOrgUnit(t.admin, branch.id, { parentId: sub.id })).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('serves the placement rule it enforces, so forms can offer only valid parents', async () => {
    const t = await newTenant(ctx);
    const browser = await signedIn(ctx, t.email);
    const rules = ((await (await browser.get('/api/v1/org-unit-kinds')).json()) as { data: { kind: string; parents: string[] }[] }).data;
    expect(rules.find((r) => r.kind === 'company')?.parents).toEqual([]);
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const team = await ctx.services.organisation.createOrgUnit(t.admin, { name: 'Team', kind: 'team', parentId: company.id });
    for (const rule of rules.filter((r) => r.kind !== 'company')) {
      const res = await browser.post('/api/v1/org-units', { name: `A ${rule.kind}`, kind: rule.kind, parentId: team.id });
      expect({ kind: rule.kind, status: res.status }).toEqual({ kind: rule.kind, status: rule.parents.includes('team') ? 201 : 400 });
    }
  });

  it('walks the escalation chain: own manager first, then the managers of the units above', async () => {
    const t = await newTenant(ctx);
    const roles = await ctx.services.organisation.listRoles(t.admin);
    const rep = roles.find((r) => r.key === 'sales_rep')!.id;
    const mk = (name: string, orgUnitId?: string, managerId?: string) =>
      ctx.services.users.create(t.admin, { email: uniqueEmail(name), name, password: TEST_PASSWORD, roleIds: [rep], orgUnitId, managerId });
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const gm = await mk('gm', company.id);
    await ctx.services.organisation.updateOrgUnit(t.admin, company.id, { managerId: gm.id });
    const branch = await ctx.services.organisation.createOrgUnit(t.admin, { name: 'Branch', kind: 'branch', parentId: company.id });
    const director = await mk('director', branch.id);
    await ctx.services.organisation.updateOrgUnit(t.admin, branch.id, { managerId: director.id });
    const team = await ctx.services.organisation.createOrgUnit(t.admin, { name: 'Team', kind: 'team', parentId: branch.id });
    const supervisor = await mk('supervisor', team.id, director.id);
    const agent = await mk('agent', team.id, supervisor.id);
    expect(await ctx.services.users.managerChain(t.tenant.id, agent.id)).toEqual([supervisor.id, director.id, gm.id]);
    await expect(ctx.services.users.update(t.admin, supervisor.id, { managerId: agent.id })).rejects.toMatchObject({ code: 'validation' });
  });
});
