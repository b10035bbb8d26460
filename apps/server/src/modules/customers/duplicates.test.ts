import { beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../db/client.js';
import { createTestContext, type TestBrowser, type TestContext } from '../../db/testing.js';
import { jobDefinitions } from '../../jobs/jobs.js';
import { body, createCustomer, customerTenant } from './customers.testing.js';
import { demoCustomers } from './demo-data.js';
import { alikeAtOneAddress, nameCore, nameSimilarity } from './duplicate-rules.js';
import { fuzzyCandidatesPerCity, namesInCities } from './duplicates.repository.js';
import { cityBatches, type DuplicateEdge, groupEdges, MAX_GROUP } from './duplicates.service.js';

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
  openGroups: number | null;
  customers: number;
  skippedBlocks: { reason: string; value: string; size: number }[];
};
type Page<T> = { data: T[]; nextCursor: string | null };
type Problem = { status: number; reason?: string; duplicates?: { customer: { id: string }; reasons: string[]; score: number }[] };

/**
 * A tenant with its admin signed in (customerTenant), and pg-boss stood in for by a list: `runJobs`
 * runs what the services queued through the real job definitions.
 */
async function setUp() {
  const tenant = await customerTenant(ctx);
  const { admin } = tenant;
  const queued: { name: string; data: object }[] = [];
  ctx.services.jobQueue.attach({ send: (name, data) => Promise.resolve(queued.push({ name, data })) });
  const definitions = jobDefinitions();
  const runJobs = async () => {
    for (let job = queued.shift(); job; job = queued.shift())
      await definitions.find((d) => d.name === job.name)!.handler(job.data, ctx.services);
  };
  /** What the web UI does: start a scan, let the job run, read the groups. */
  async function scan(browser = admin, query = '') {
    const started = await browser.post(`/api/v1/duplicates/scan${query}`);
    expect(started.status, await started.clone().text()).toBe(202);
    await runJobs();
    const status = await scanStatus(browser);
    expect(status).toMatchObject({ id: (await body<{ scanId: string }>(started)).scanId, status: 'done', progress: 1 });
    return status;
  }
  const scanStatus = async (browser = admin) => body<Scan>(await browser.get('/api/v1/duplicates/scan'));
  const groups = async (browser = admin) => (await body<Page<Group>>(await browser.get('/api/v1/duplicates?limit=200'))).data;
  return { ...tenant, scan, scanStatus, groups, runJobs };
}

const create = (b: TestBrowser, input: Record<string, unknown>) => createCustomer<Customer>(b, input);

/** Merges `merged` into `survivor` as the merge dialog does; answers the merge's id. */
async function merge(b: TestBrowser, survivor: Customer, merged: Customer) {
  const res = await b.post('/api/v1/merges', {
    survivorId: survivor.id,
    mergedIds: [merged.id],
    versions: { [survivor.id]: survivor.version, [merged.id]: merged.version },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await body<{ id: string }>(res)).id;
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

  it('groups customers at one address whose names are alike, not the other companies in the tower nor a family in its flat', async () => {
    const { admin, scan, groups } = await setUp();
    const organisation = (name: string, address: string) => create(admin, { kind: 'organisation', name, address });
    const person = (name: string, address: string) => create(admin, { name, address });
    const tower = '深圳市南山区深南大道10000号腾讯大厦15楼';
    // Written with its province and spaces, the same street still.
    const tenda = await organisation('深圳市腾达电子科技有限公司', '广东省深圳市南山区深南大道10000号 腾讯大厦 15楼');
    const tendaShort = await organisation('腾达科技', tower);
    const neighbours = [await organisation('深圳市华强电子有限公司', tower), await organisation('深圳市华强物流有限公司', tower)];
    const flat = '上海市浦东新区世纪大道100号2栋1502室';
    const xiaoming = await person('王小明', flat);
    const homophone = await person('王晓明', flat);
    const family = '北京市朝阳区建国路88号5号楼1201室';
    const brothers = [await person('李建国', family), await person('李建军', family)];
    // A street without a number is an area (a science park), not one building.
    const inPark = [await organisation('腾飞科技', '深圳市南山区科技园南区'), await organisation('腾飞电子科技', '深圳市南山区科技园南区')];

    expect(await scan()).toMatchObject({ groups: 2, skippedBlocks: [] });
    const found = await groups();
    for (const [x, y] of [
      [tenda, tendaShort],
      [xiaoming, homophone],
    ] as const) {
      expect(groupOf(found, x.id)).toMatchObject({
        reasons: ['address'],
        customers: expect.arrayContaining([expect.objectContaining({ id: y.id })]),
      });
      expect(groupOf(found, x.id)!.customers).toHaveLength(2);
    }
    for (const c of [...neighbours, ...brothers, ...inPark]) expect(groupOf(found, c.id)).toBeUndefined();
  });

  it('reports an address shared by more customers than it compares, instead of grouping the look-alikes there', async () => {
    const { admin, scan, groups } = await setUp();
    const building = '北京市海淀区中关村大街27号中关村大厦';
    for (let i = 0; i < 20; i++) await create(admin, { kind: 'organisation', name: `租户${i}`, address: building });
    await create(admin, { name: '王小明', address: building });
    await create(admin, { name: '王晓明', address: building });
    const status = await scan();
    expect(status.skippedBlocks).toEqual([{ reason: 'address', value: '中关村大街27号中关村大厦 (北京市)', size: 22 }]);
    expect(await groups()).toEqual([]);
  });

  it('scans and lists only the customers the user may merge', async () => {
    const { t, admin, userWith, scan, scanStatus, groups } = await setUp();
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
    // Each counts the open groups they may merge, whoever scanned.
    expect((await scanStatus(admin)).openGroups).toBe(2);
    expect((await scanStatus(manager.browser)).openGroups).toBe(1);
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
      openGroups: null,
    });
    const second = await body<{ scanId: string }>(await admin.post('/api/v1/duplicates/scan'));
    expect(second.scanId).toBe(first.scanId);
    await runJobs();
    expect(await body<Scan>(await admin.get('/api/v1/duplicates/scan'))).toMatchObject({ status: 'done' });
  });
});

describe('duplicates on saving', () => {
  it('refuses a look-alike at the same address with 409 likely_duplicates, unless the address is shared by too many', async () => {
    const { admin } = await setUp();
    const flat = '上海市浦东新区世纪大道100号2栋1502室';
    const first = await create(admin, { name: '王小明', address: flat });
    const res = await admin.post('/api/v1/customers', {
      kind: 'person',
      name: '王晓明',
      address: '上海市浦东新区世纪大道100号 2栋 1502室',
    });
    expect(res.status).toBe(409);
    const problem = await body<Problem>(res);
    expect(problem.reason).toBe('likely_duplicates');
    expect(problem.duplicates!.map((d) => ({ id: d.customer.id, reasons: d.reasons }))).toEqual([{ id: first.id, reasons: ['address'] }]);
    // Somebody else in the family is no duplicate; nor the same name at another flat of the building.
    expect((await admin.post('/api/v1/customers', { kind: 'person', name: '王大明', address: flat })).status).toBe(201);
    expect(
      (await admin.post('/api/v1/customers', { kind: 'person', name: '王晓明', address: '上海市浦东新区世纪大道100号2栋1503室' })).status,
    ).toBe(201);
    const check = await body<{ data: { customer: { id: string }; reasons: string[] }[] }>(
      await admin.post('/api/v1/customers/duplicate-check', { name: '王小明', address: flat, excludeId: first.id }),
    );
    expect(check.data).toEqual([]);

    const building = '北京市海淀区中关村大街27号中关村大厦';
    for (let i = 0; i < 18; i++) await create(admin, { kind: 'organisation', name: `租户${i}`, address: building });
    const liJianguo = await create(admin, { name: '李建国', address: building });
    // With the one being saved, 20 at the address: as many as the scan still compares.
    const atLimit = await body<{ data: { customer: { id: string }; reasons: string[] }[] }>(
      await admin.post('/api/v1/customers/duplicate-check', { name: '李健国', address: building }),
    );
    expect(atLimit.data.map((d) => ({ id: d.customer.id, reasons: d.reasons }))).toEqual([{ id: liJianguo.id, reasons: ['address'] }]);
    // With 21 the check, like the scan, takes the address for an office tower's.
    await create(admin, { kind: 'organisation', name: '租户18', address: building });
    expect((await admin.post('/api/v1/customers', { kind: 'person', name: '李健国', address: building })).status).toBe(201);
  });
});

describe('undoing a merge', () => {
  it('reopens exactly the groups its merge closed; a refused undo and a second undo reopen nothing', async () => {
    const { t, admin, scan, groups } = await setUp();
    const a = await create(admin, { name: '赵敏', phones: [{ number: '13600000001' }] });
    const b = await create(admin, { name: '赵敏敏', phones: [{ number: '13600000001' }] });
    const c = await create(admin, { name: '钱多多', emails: [{ address: 'qian@example.com' }] });
    const d = await create(admin, { name: '钱朵朵', emails: [{ address: 'QIAN@example.com' }] });
    const e = await create(admin, { name: '孙悟空', phones: [{ number: '13600000003' }] });
    await create(admin, { name: '孙悟饭', phones: [{ number: '13600000003' }] });
    await scan();
    const found = await groups();
    const [ab, cd, ef] = [groupOf(found, a.id)!.id, groupOf(found, c.id)!.id, groupOf(found, e.id)!.id];
    const statuses = async () =>
      Object.fromEntries(
        (
          await ctx.database.query<{ id: string; status: string }>('select id, status from duplicate_groups where tenant_id = $1', [
            t.tenant.id,
          ])
        ).map((r) => [r.id, r.status]),
      );

    expect((await admin.post(`/api/v1/duplicates/${ef}/dismiss`)).status).toBe(204);
    const abMerge = await merge(admin, a, b);
    await merge(admin, c, d);
    // A scan between the merge and its undo does not touch the closed groups.
    await scan();
    expect(await groups()).toEqual([]);

    const survivor = await body<Customer>(await admin.get(`/api/v1/customers/${a.id}`));
    expect((await admin.patch(`/api/v1/customers/${a.id}`, { notes: '合并后补充' }, { 'if-match': `"${survivor.version}"` })).status).toBe(
      200,
    );
    const refused = await admin.post(`/api/v1/merges/${abMerge}/undo`);
    expect(refused.status).toBe(409);
    expect(await statuses()).toEqual({ [ab]: 'merged', [cd]: 'merged', [ef]: 'dismissed' });

    expect((await admin.post(`/api/v1/merges/${abMerge}/undo?force=true`)).status).toBe(200);
    expect(await statuses()).toEqual({ [ab]: 'open', [cd]: 'merged', [ef]: 'dismissed' });
    expect((await groups()).map((g) => g.id)).toEqual([ab]);

    const again = await admin.post(`/api/v1/merges/${abMerge}/undo`);
    expect(again.status).toBe(409);
    expect((await body<Problem>(again)).reason).toBe('merge_already_undone');
    expect(await statuses()).toEqual({ [ab]: 'open', [cd]: 'merged', [ef]: 'dismissed' });
  });

  it('counts the groups open now in the scan status: merges, undos and dismissals change it, not only scans', async () => {
    const { admin, scan, scanStatus, groups } = await setUp();
    const a = await create(admin, { name: '赵敏', phones: [{ number: '13600000001' }] });
    const b = await create(admin, { name: '赵敏敏', phones: [{ number: '13600000001' }] });
    const c = await create(admin, { name: '钱多多', emails: [{ address: 'qian@example.com' }] });
    await create(admin, { name: '钱朵朵', emails: [{ address: 'QIAN@example.com' }] });
    expect(await scanStatus()).toMatchObject({ status: 'idle', openGroups: 0 });
    expect(await scan()).toMatchObject({ groups: 2, openGroups: 2 });

    const merged = await merge(admin, a, b);
    expect(await scanStatus()).toMatchObject({ groups: 2, openGroups: 1 });
    expect((await admin.post(`/api/v1/merges/${merged}/undo`)).status).toBe(200);
    expect(await scanStatus()).toMatchObject({ groups: 2, openGroups: 2 });
    expect((await admin.post(`/api/v1/duplicates/${groupOf(await groups(), c.id)!.id}/dismiss`)).status).toBe(204);
    expect(await scanStatus()).toMatchObject({ groups: 2, openGroups: 1 });
    // A customer deleted to the recycle bin leaves its group with one: no longer offered, no longer counted.
    expect((await admin.delete(`/api/v1/customers/${b.id}`)).status).toBe(204);
    expect(await scanStatus()).toMatchObject({ openGroups: 0 });
    expect(await groups()).toEqual([]);
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

    // The scan reads names in pages by id, a batch of cities at a time: walking them in small pages sees every one once.
    const read = <T>(work: (tx: Tx) => Promise<T>) => ctx.database.withTenant(t.tenant.id, work);
    const perCity = await read((tx) => fuzzyCandidatesPerCity(tx, t.tenant.id, { all: true }, 5));
    const cities = perCity.map((c) => c.city);
    const everyName = await read((tx) => namesInCities(tx, t.tenant.id, { all: true }, cities, undefined, count, 5));
    expect(everyName.length).toBe(perCity.reduce((sum, c) => sum + c.count, 0));
    const paged: string[] = [];
    for (;;) {
      const afterId = paged.at(-1);
      const page = await read((tx) => namesInCities(tx, t.tenant.id, { all: true }, cities, afterId, 37, 5));
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

  it('takes two names at one address for one customer only for a slip that sounds the same or a word left out', () => {
    expect(alikeAtOneAddress('王小明', '王晓明')).toBe(true);
    expect(alikeAtOneAddress('张伟', '张玮')).toBe(true);
    expect(alikeAtOneAddress('腾达电子科技', '腾达科技')).toBe(true);
    expect(alikeAtOneAddress('腾达电子科技', '腾达电子科枝')).toBe(true);
    expect(alikeAtOneAddress('李建国', '李建军')).toBe(false);
    expect(alikeAtOneAddress('王小明', '王大明')).toBe(false);
    expect(alikeAtOneAddress('华强电子', '华强物流')).toBe(false);
    expect(alikeAtOneAddress('腾达电子科技', '腾达')).toBe(false);
  });

  it('batches the cities for the similar-name pass with both spellings of one city together, and a large city alone', () => {
    const batches = cityBatches(
      [
        { city: '台北市', count: 30 },
        { city: '上海市', count: 150 },
        { city: '深圳市', count: 40 },
        { city: '臺北市', count: 30 },
        { city: '廣州市', count: 20 },
      ],
      100,
    );
    expect(batches).toEqual([
      { cities: ['台北市', '臺北市'], customers: 60 },
      { cities: ['上海市'], customers: 150 },
      { cities: ['深圳市', '廣州市'], customers: 60 },
    ]);
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
