import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  newTenant,
  signedIn,
  TEST_PASSWORD,
  type TestBrowser,
  type TestContext,
  uniqueEmail,
} from '../../db/testing.js';
import { jobDefinitions } from '../../jobs/jobs.js';
import { demoCustomers } from './demo-data.js';
import { namesWithCity } from './duplicates.repository.js';
import { type DuplicateEdge, groupEdges, MAX_GROUP, nameCore, nameSimilarity } from './duplicates.service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

type Customer = { id: string; code: string; name: string; version: number; phones: { number: string }[] };
type Group = { id: string; score: number; reasons: string[]; capped: boolean; customers: Customer[] };
type Scan = {
  id: string | null;
  status: string;
  progress: number;
  groups: number;
  customers: number;
  skippedBlocks: { reason: string; value: string; size: number }[];
};
type Page<T> = { data: T[]; nextCursor: string | null };
const body = async <T>(res: Response) => (await res.json()) as T;

/**
 * A tenant with its admin signed in, and pg-boss stood in for by a list: `runJobs` runs what the
 * services queued through the real job definitions.
 */
async function setUp() {
  const t = await newTenant(ctx);
  const admin = await signedIn(ctx, t.email);
  const queued: { name: string; data: object }[] = [];
  ctx.services.jobQueue.attach({ send: (name, data) => Promise.resolve(queued.push({ name, data })) });
  const definitions = jobDefinitions();
  const runJobs = async () => {
    for (let job = queued.shift(); job; job = queued.shift())
      await definitions.find((d) => d.name === job.name)!.handler(job.data, ctx.services);
  };
  const roles = await ctx.services.organisation.listRoles(t.admin);
  async function userWith(role: string, extra: Record<string, unknown> = {}) {
    const email = uniqueEmail(role);
    const res = await admin.post('/api/v1/users', {
      email,
      name: role,
      password: TEST_PASSWORD,
      roleIds: [roles.find((r) => r.key === role)!.id],
      ...extra,
    });
    expect(res.status).toBe(201);
    return { id: (await body<{ id: string }>(res)).id, browser: await signedIn(ctx, email) };
  }
  /** What the web UI does: start a scan, let the job run, read the groups. */
  async function scan(browser = admin, query = '') {
    const started = await browser.post(`/api/v1/duplicates/scan${query}`);
    expect(started.status, await started.clone().text()).toBe(202);
    await runJobs();
    const status = await body<Scan>(await browser.get('/api/v1/duplicates/scan'));
    expect(status).toMatchObject({ id: (await body<{ scanId: string }>(started)).scanId, status: 'done', progress: 1 });
    return status;
  }
  const groups = async (browser = admin) => (await body<Page<Group>>(await browser.get('/api/v1/duplicates?limit=200'))).data;
  return { t, admin, userWith, scan, groups, runJobs };
}

async function create(b: TestBrowser, input: Record<string, unknown>) {
  const res = await b.post('/api/v1/customers?force=true', { kind: 'person', ...input });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return body<Customer>(res);
}

const idsOf = (g: Group) => g.customers.map((c) => c.id).sort();
const groupOf = (all: Group[], id: string) => all.find((g) => g.customers.some((c) => c.id === id));

describe('duplicate scan', () => {
  it('groups the same phone in other formats, an email in other case, a name in traditional script, a typo in a company name and a shared ERP code', async () => {
    const { admin, scan, groups } = await setUp();
    const phoneA = await create(admin, { name: '王小明', phones: [{ number: '13800138000' }] });
    const phoneB = await create(admin, { name: '王晓明', phones: [{ number: '+86 138-0013-8000' }] });
    const emailA = await create(admin, { name: 'Li Hua', emails: [{ address: 'Li.Hua@Example.com' }] });
    const emailB = await create(admin, { name: 'Hua Li', emails: [{ address: 'li.hua@example.com' }] });
    const traditional = await create(admin, { name: '張偉', address: '上海市浦东新区世纪大道100号' });
    const simplified = await create(admin, { name: '张伟', address: '上海市浦东新区世纪大道200号' });
    const namesake = await create(admin, { name: '张伟', address: '北京市朝阳区建国路88号' });
    const company = await create(admin, {
      kind: 'organisation',
      name: '深圳市腾达电子科技有限公司',
      address: '广东省深圳市南山区科技园南区',
    });
    const typo = await create(admin, { kind: 'organisation', name: '深圳市腾达电子科枝有限公司', address: '深圳市福田区深南大道1号' });
    const erpA = await create(admin, { kind: 'organisation', name: 'Acme Trading Ltd', externalCodes: { erp: 'K-1002' } });
    const erpB = await create(admin, { kind: 'organisation', name: '艾克美贸易', externalCodes: { erp: 'K-1002' } });
    const unrelated = [
      await create(admin, { name: '李四', phones: [{ number: '13912345678' }], address: '北京市朝阳区建国路88号' }),
      await create(admin, { kind: 'organisation', name: '深圳市华强电子有限公司', address: '深圳市福田区华强北路1号' }),
      await create(admin, { kind: 'organisation', name: '深圳市腾飞物流有限公司', address: '深圳市宝安区' }),
      await create(admin, { kind: 'organisation', name: '广州市腾达电子科技有限公司', address: '广州市天河区天河路1号' }),
    ];

    const status = await scan();
    expect(status).toMatchObject({ groups: 5, customers: 15 });
    const found = await groups();
    const expected: [Customer, Customer, string][] = [
      [phoneA, phoneB, 'phone'],
      [emailA, emailB, 'email'],
      [traditional, simplified, 'same_name_other_script'],
      [company, typo, 'similar_name_same_city'],
      [erpA, erpB, 'external_code'],
    ];
    for (const [a, b, reason] of expected) {
      const group = groupOf(found, a.id);
      expect({ reason, ids: group && idsOf(group) }).toEqual({ reason, ids: [a.id, b.id].sort() });
      expect(group!.reasons).toContain(reason);
    }
    for (const c of [namesake, ...unrelated]) expect(groupOf(found, c.id)).toBeUndefined();
    expect(found.map((g) => g.score)).toEqual([...found.map((g) => g.score)].sort((x, y) => y - x));
    expect(found[0]!.reasons).toContain('external_code');
    const paged: Group[] = [];
    for (let cursor: string | null = null; ;) {
      const page: Page<Group> = await body(await admin.get(`/api/v1/duplicates?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      paged.push(...page.data);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(paged.map((g) => g.id)).toEqual(found.map((g) => g.id));
  });

  it('reports a value shared by too many customers instead of making one group of them', async () => {
    const { admin, scan, groups } = await setUp();
    const switchboard = '0755-8612 3456';
    for (let i = 0; i < 21; i++) await create(admin, { kind: 'organisation', name: `门店${i}号`, phones: [{ number: switchboard }] });
    const a = await create(admin, { name: '陈明', phones: [{ number: switchboard }, { number: '13700000001' }] });
    const b = await create(admin, { name: '陈铭', phones: [{ number: '137 0000 0001' }] });
    const status = await scan();
    expect(status.skippedBlocks).toEqual([{ reason: 'phone', value: '8675586123456', size: 22 }]);
    expect((await groups()).map(idsOf)).toEqual([[a.id, b.id].sort()]);
  });

  it('replaces the open groups at each scan; a dismissed set is not offered again, and a merge closes its group', async () => {
    const { admin, scan, groups, t } = await setUp();
    const a = await create(admin, { name: '赵敏', phones: [{ number: '13600000001' }] });
    const b = await create(admin, { name: '赵敏敏', phones: [{ number: '13600000001' }] });
    const c = await create(admin, { name: '钱多多', emails: [{ address: 'qian@example.com' }] });
    const d = await create(admin, { name: '钱朵朵', emails: [{ address: 'QIAN@example.com' }] });
    await scan();
    const first = await groups();
    expect(first).toHaveLength(2);
    await scan();
    const second = await groups();
    expect(second.map(idsOf).sort()).toEqual(first.map(idsOf).sort());

    const ab = groupOf(second, a.id)!;
    expect(idsOf(ab)).toEqual([a.id, b.id].sort());
    expect((await admin.post(`/api/v1/duplicates/${ab.id}/dismiss`)).status).toBe(204);
    expect((await groups()).map(idsOf)).toEqual([[c.id, d.id].sort()]);
    await scan();
    expect((await groups()).map(idsOf)).toEqual([[c.id, d.id].sort()]);

    const cd = groupOf(await groups(), c.id)!;
    const merged = await admin.post('/api/v1/merges', {
      survivorId: c.id,
      mergedIds: [d.id],
      versions: { [c.id]: c.version, [d.id]: d.version },
    });
    expect(merged.status).toBe(201);
    const [row] = await ctx.database.query<{ status: string }>('select status from duplicate_groups where tenant_id = $1 and id = $2', [
      t.tenant.id,
      cd.id,
    ]);
    expect(row?.status).toBe('merged');
    expect(await groups()).toEqual([]);
  });

  it('scans and lists only the customers the user may merge', async () => {
    const { t, admin, userWith, scan, groups } = await setUp();
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const branch = await body<{ id: string }>(
      await admin.post('/api/v1/org-units', { name: '上海分公司', kind: 'branch', parentId: company.id }),
    );
    const manager = await userWith('manager', { orgUnitId: branch.id });
    const rep = await userWith('sales_rep');
    const inBranch = await create(admin, { name: '孙丽', phones: [{ number: '13500000001' }], branchId: branch.id });
    const alsoInBranch = await create(admin, { name: '孙莉', phones: [{ number: '13500000001' }], branchId: branch.id });
    const headOffice = await create(admin, { name: '周杰', phones: [{ number: '13500000002' }] });
    const mixed = await create(admin, { name: '周洁', phones: [{ number: '13500000002' }], branchId: branch.id });

    await scan(manager.browser);
    expect((await groups(manager.browser)).map(idsOf)).toEqual([[inBranch.id, alsoInBranch.id].sort()]);
    await scan(admin);
    expect((await groups(admin)).map(idsOf).sort()).toEqual(
      [[inBranch.id, alsoInBranch.id].sort(), [headOffice.id, mixed.id].sort()].sort(),
    );
    expect((await groups(manager.browser)).map(idsOf)).toEqual([[inBranch.id, alsoInBranch.id].sort()]);
    // The manager's next scan replaces only the groups wholly theirs: the admin still has the other one.
    await scan(manager.browser);
    expect(await groups(admin)).toHaveLength(2);
    const mixedGroup = groupOf(await groups(admin), headOffice.id)!;
    expect((await manager.browser.post(`/api/v1/duplicates/${mixedGroup.id}/dismiss`)).status).toBe(404);

    for (const res of [
      await rep.browser.post('/api/v1/duplicates/scan'),
      await rep.browser.get('/api/v1/duplicates/scan'),
      await rep.browser.get('/api/v1/duplicates'),
      await rep.browser.post(`/api/v1/duplicates/${mixedGroup.id}/dismiss`),
    ]) {
      expect(res.status).toBe(403);
    }
  });

  it('answers the running scan instead of starting a second one, and idle before the first', async () => {
    const { admin, runJobs } = await setUp();
    expect(await body<Scan>(await admin.get('/api/v1/duplicates/scan'))).toMatchObject({ status: 'idle', id: null });
    const first = await body<{ scanId: string }>(await admin.post('/api/v1/duplicates/scan'));
    expect(await body<Scan>(await admin.get('/api/v1/duplicates/scan'))).toMatchObject({
      id: first.scanId,
      status: 'running',
      progress: 0,
    });
    const second = await body<{ scanId: string }>(await admin.post('/api/v1/duplicates/scan'));
    expect(second.scanId).toBe(first.scanId);
    await runJobs();
    expect(await body<Scan>(await admin.get('/api/v1/duplicates/scan'))).toMatchObject({ status: 'done' });
  });
});

describe('demo data', () => {
  it('creates the customers asked for, with contacts, and the scan finds most of their planted duplicates', async () => {
    const { t, admin, userWith, scan, groups } = await setUp();
    const count = 400;
    // A seed whose 400 customers are all valid (a few in 10,000 are not), so code C00000n is the n-th of the stream.
    const seed = 3;
    const res = await admin.post('/api/v1/demo/customers', { count, seed });
    expect(res.status, await res.clone().text()).toBe(200);
    const { created } = await body<{ created: number }>(res);
    expect(created).toBe(count);
    let listed = 0;
    let firstOrganisation: Customer | undefined;
    for (let cursor: string | null = ''; cursor !== null;) {
      const page: Page<Customer & { kind: string }> = await body(
        await admin.get(`/api/v1/customers?limit=200&sort=code${cursor ? `&cursor=${cursor}` : ''}`),
      );
      listed += page.data.length;
      firstOrganisation ??= page.data.find((c) => c.kind === 'organisation');
      cursor = page.nextCursor;
    }
    expect(listed).toBe(count);
    expect((await body<Page<unknown>>(await admin.get(`/api/v1/customers/${firstOrganisation!.id}/contacts`))).data.length).toBeGreaterThan(
      0,
    );

    // The scan reads names in pages by id: walking them in small pages sees every one once.
    const everyName = await ctx.database.withTenant(t.tenant.id, (tx) =>
      namesWithCity(tx, t.tenant.id, { all: true }, undefined, count, 5),
    );
    const paged: string[] = [];
    for (;;) {
      const afterId = paged.at(-1);
      const page = await ctx.database.withTenant(t.tenant.id, (tx) => namesWithCity(tx, t.tenant.id, { all: true }, afterId, 37, 5));
      if (page.length === 0) break;
      paged.push(...page.map((r) => r.id));
    }
    expect(paged).toEqual(everyName.map((r) => r.id));

    await scan();
    const found = await groups();
    const codeOf = (position: number) => `C${String(position + 1).padStart(6, '0')}`;
    const planted = [...demoCustomers(count, { seed })].flatMap((c, i) =>
      c.duplicateOf === undefined ? [] : [[codeOf(c.duplicateOf), codeOf(i)]],
    );
    expect(planted.length).toBeGreaterThan(3);
    const grouped = planted.filter(([original, copy]) =>
      found.some((g) => g.customers.some((c) => c.code === original) && g.customers.some((c) => c.code === copy)),
    );
    expect(grouped.length / planted.length).toBeGreaterThanOrEqual(0.7);

    const rep = await userWith('sales_rep');
    expect((await rep.browser.post('/api/v1/demo/customers', { count: 1 })).status).toBe(403);
    expect((await admin.post('/api/v1/demo/customers', { count: 5001 })).status).toBe(400);
  });
});

describe('matching rules', () => {
  it('reads the distinctive core of a company name, without its place and legal form', () => {
    expect(nameCore('深圳市腾达电子科技有限公司', '深圳市', '广东省')).toBe('腾达电子科技');
    expect(nameCore('广东省深圳市腾达电子科技股份有限公司', '深圳市', '广东省')).toBe('腾达电子科技');
    expect(nameCore('深圳腾达电子科技', '深圳市', '广东省')).toBe('腾达电子科技');
    expect(nameCore('acmetradingcoltd', 'London', null)).toBe('acmetrading');
    expect(nameCore('张伟', '上海市', '上海市')).toBe('张伟');
    expect(nameCore('香港永信国际贸易有限公司', '香港岛', null)).toBe('永信国际贸易');
  });

  it('scores one typo in six characters above the threshold and another company below it', () => {
    expect(nameSimilarity('腾达电子科技', '腾达电子科枝')).toBeGreaterThanOrEqual(0.8);
    expect(nameSimilarity('腾达电子科技', '华强电子')).toBeLessThan(0.8);
    // A different trade name is a different company, unless it sounds the same (a pinyin keyboard's typo).
    expect(nameSimilarity('恒德供应链', '恒吉供应链')).toBe(0);
    expect(nameSimilarity('腾达电子科技', '藤达电子科技')).toBeGreaterThanOrEqual(0.8);
    expect(nameSimilarity('same', 'same')).toBe(1);
  });

  it('never lets a chain of look-alikes grow a group beyond its limit, and flags the groups it cut', () => {
    const chain: DuplicateEdge[] = Array.from({ length: 50 }, (_, i) => ({
      a: `c${i}`,
      b: `c${i + 1}`,
      score: 60,
      reasons: ['similar_name_same_city'],
    }));
    const strong: DuplicateEdge = { a: 'x', b: 'y', score: 90, reasons: ['phone'] };
    const found = groupEdges([...chain, strong]);
    expect(found[0]).toEqual({ ids: ['x', 'y'], score: 90, reasons: ['phone'], capped: false });
    expect(found.slice(1).every((g) => g.ids.length <= MAX_GROUP && g.capped)).toBe(true);
    expect(found.slice(1).reduce((n, g) => n + g.ids.length, 0)).toBe(51);
  });
});
