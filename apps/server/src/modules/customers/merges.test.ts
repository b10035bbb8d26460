import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestBrowser, type TestContext } from '../../db/testing.js';
import { body, createCustomer, customerTenant } from './customers.testing.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

type Customer = {
  id: string;
  code: string;
  name: string;
  version: number;
  tier: string | null;
  tags: string[];
  phones: { number: string }[];
  emails: { address: string }[];
  externalCodes: Record<string, string>;
  bankAccount?: string | null;
};
type Merge = {
  id: string;
  survivorId: string;
  mergedIds: string[];
  at: string;
  actorLabel: string;
  undoneAt: string | null;
  moved: Record<string, number>;
};
type Problem = { status: number; reason?: string; params?: Record<string, unknown> };
type Page<T> = { data: T[]; nextCursor: string | null };

const setUp = () => customerTenant(ctx);
const create = (b: TestBrowser, input: Record<string, unknown>) => createCustomer<Customer>(b, input, 'organisation');

async function addContact(b: TestBrowser, customerId: string, name: string) {
  const res = await b.post(`/api/v1/customers/${customerId}/contacts`, { name });
  expect(res.status).toBe(201);
  return body<{ id: string }>(res);
}

const get = async (b: TestBrowser, id: string) => body<Customer>(await b.get(`/api/v1/customers/${id}`));
const contactIds = async (b: TestBrowser, id: string) =>
  (await body<Page<{ id: string }>>(await b.get(`/api/v1/customers/${id}/contacts`))).data.map((c) => c.id).sort();

/** Two records of one company, each with a contact. */
async function twoRecords(admin: TestBrowser) {
  const a = await create(admin, {
    name: '上海恒信贸易有限公司',
    phones: [{ number: '021-6888 1234' }],
    emails: [{ address: 'info@hengxin.cn' }],
    tier: 'general',
    tags: ['展会'],
    externalCodes: { erp: 'K-1' },
    address: '上海市浦东新区世纪大道100号',
  });
  const b = await create(admin, {
    name: '上海恒信贸易有限责任公司',
    phones: [{ number: '13912345678' }, { number: '+86 21 6888 1234' }],
    emails: [{ address: 'sales@hengxin.cn' }],
    tier: 'key',
    tags: ['VIP'],
    externalCodes: { erp: 'K-2', ecommerce: 'TB88' },
    bankAccount: '6222 0000 1111',
  });
  const contactA = await addContact(admin, a.id, '陈经理');
  const contactB = await addContact(admin, b.id, '刘助理');
  return { a: await get(admin, a.id), b: await get(admin, b.id), contactA, contactB };
}

describe('merging duplicates', () => {
  it('keeps the chosen value of each field, moves the contacts, hides the merged customer and audits both', async () => {
    const { admin } = await setUp();
    const { a, b, contactA, contactB } = await twoRecords(admin);
    const res = await admin.post('/api/v1/merges', {
      survivorId: a.id,
      mergedIds: [b.id],
      fields: { name: b.id, tier: b.id, phones: 'all', tags: 'all', externalCodes: 'all', emails: a.id, bankAccount: b.id },
      versions: { [a.id]: a.version, [b.id]: b.version },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const merge = await body<Merge>(res);
    expect(merge).toMatchObject({ survivorId: a.id, mergedIds: [b.id], undoneAt: null, moved: { contacts: 1 } });

    const survivor = await get(admin, a.id);
    expect(survivor).toMatchObject({ name: b.name, tier: 'key', bankAccount: '6222 0000 1111', emails: [{ address: 'info@hengxin.cn' }] });
    expect(survivor.phones.map((p) => p.number)).toEqual(['+862168881234', '+8613912345678']);
    expect(survivor.tags.sort()).toEqual(['VIP', '展会']);
    expect(survivor.externalCodes).toEqual({ erp: 'K-1', erp_2: 'K-2', ecommerce: 'TB88' });
    expect(await contactIds(admin, a.id)).toEqual([contactA.id, contactB.id].sort());

    expect((await admin.get(`/api/v1/customers/${b.id}`)).status).toBe(404);
    const list = await body<Page<Customer>>(await admin.get('/api/v1/customers?limit=200'));
    expect(list.data.map((c) => c.id)).toEqual([a.id]);
    const found = await body<Page<Customer>>(await admin.get(`/api/v1/customers?q=${b.code}`));
    expect(found.data.map((c) => c.id)).not.toContain(b.id);
    // The survivor is found by the merged record's external code now, since it took them all.
    expect((await body<Page<Customer>>(await admin.get('/api/v1/customers?q=TB88'))).data.map((c) => c.id)).toEqual([a.id]);
    const bin = await body<{ data: { id: string }[] }>(await admin.get('/api/v1/recycle-bin?entityType=customer'));
    expect(bin.data.map((d) => d.id)).not.toContain(b.id);

    const history = await body<Page<{ action: string; changes: Record<string, { old: unknown; new: unknown }> }>>(
      await admin.get(`/api/v1/customers/${a.id}/history`),
    );
    expect(history.data[0]).toMatchObject({
      action: 'merged',
      changes: { name: { old: a.name, new: b.name }, mergedIds: { old: null, new: [b.id] } },
    });
    const audit = await body<{ data: { action: string }[] }>(await admin.get(`/api/v1/audit-log?entityId=${b.id}`));
    expect(audit.data[0]!.action).toBe('merged_into');
    const merges = await body<Page<Merge>>(await admin.get(`/api/v1/merges?customerId=${a.id}`));
    expect(merges.data.map((m) => m.id)).toEqual([merge.id]);
  });

  it('undoes a merge: fields, contacts and the merged customer come back, audited', async () => {
    const { admin } = await setUp();
    const { a, b, contactA, contactB } = await twoRecords(admin);
    const merge = await body<Merge>(
      await admin.post('/api/v1/merges', {
        survivorId: a.id,
        mergedIds: [b.id],
        fields: { name: b.id, phones: 'all', tier: b.id },
        versions: { [a.id]: a.version, [b.id]: b.version },
      }),
    );
    const res = await admin.post(`/api/v1/merges/${merge.id}/undo`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await body<Merge>(res)).undoneAt).not.toBeNull();

    const survivor = await get(admin, a.id);
    expect(survivor).toMatchObject({ name: a.name, tier: a.tier, phones: a.phones, tags: a.tags, externalCodes: a.externalCodes });
    const back = await get(admin, b.id);
    expect(back).toMatchObject({ name: b.name, tier: 'key', code: b.code });
    expect(await contactIds(admin, a.id)).toEqual([contactA.id]);
    expect(await contactIds(admin, b.id)).toEqual([contactB.id]);
    const list = await body<Page<Customer>>(await admin.get('/api/v1/customers?limit=200'));
    expect(list.data.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect((await body<Page<Customer>>(await admin.get(`/api/v1/customers?q=${b.code}`))).data.map((c) => c.id)).toEqual([b.id]);
    const history = await body<Page<{ action: string }>>(await admin.get(`/api/v1/customers/${a.id}/history`));
    expect(history.data.slice(0, 2).map((h) => h.action)).toEqual(['unmerged', 'merged']);

    const again = await admin.post(`/api/v1/merges/${merge.id}/undo`);
    expect(again.status).toBe(409);
    expect((await body<Problem>(again)).reason).toBe('merge_already_undone');
  });

  it('refuses to undo when the survivor changed after the merge, unless forced', async () => {
    const { admin } = await setUp();
    const { a, b } = await twoRecords(admin);
    const merge = await body<Merge>(
      await admin.post('/api/v1/merges', {
        survivorId: a.id,
        mergedIds: [b.id],
        fields: { tier: b.id },
        versions: { [a.id]: a.version, [b.id]: b.version },
      }),
    );
    const merged = await get(admin, a.id);
    expect((await admin.patch(`/api/v1/customers/${a.id}`, { notes: '合并后补充' }, { 'if-match': `"${merged.version}"` })).status).toBe(
      200,
    );
    const refused = await admin.post(`/api/v1/merges/${merge.id}/undo`);
    expect(refused.status).toBe(409);
    expect(await body<Problem>(refused)).toMatchObject({ reason: 'merge_survivor_changed', params: { code: a.code } });
    expect((await admin.get(`/api/v1/customers/${b.id}`)).status).toBe(404);

    expect((await admin.post(`/api/v1/merges/${merge.id}/undo?force=true`)).status).toBe(200);
    expect(await get(admin, a.id)).toMatchObject({ tier: 'general' });
    expect((await admin.get(`/api/v1/customers/${b.id}`)).status).toBe(200);
  });

  it('refuses a stale version with 412 and changes nothing', async () => {
    const { admin } = await setUp();
    const { a, b, contactB } = await twoRecords(admin);
    expect((await admin.patch(`/api/v1/customers/${b.id}`, { tier: 'strategic' }, { 'if-match': `"${b.version}"` })).status).toBe(200);
    const res = await admin.post('/api/v1/merges', {
      survivorId: a.id,
      mergedIds: [b.id],
      fields: { tier: b.id },
      versions: { [a.id]: a.version, [b.id]: b.version },
    });
    expect(res.status).toBe(412);
    expect((await body<Problem>(res)).reason).toBe('stale_version');
    expect(await get(admin, a.id)).toMatchObject({ version: a.version, tier: 'general' });
    expect(await contactIds(admin, b.id)).toEqual([contactB.id]);
    expect((await body<Page<Merge>>(await admin.get(`/api/v1/merges?customerId=${a.id}`))).data).toHaveLength(0);
  });

  it('lets only one of two concurrent merges of the same customer win; the other is refused whole', async () => {
    const { admin } = await setUp();
    const { a, b, contactB } = await twoRecords(admin);
    const c = await create(admin, { name: '恒信贸易', phones: [{ number: '021-6888 1234' }] });
    const contactC = await addContact(admin, c.id, '王会计');
    const [first, second] = await Promise.all([
      admin.post('/api/v1/merges', { survivorId: a.id, mergedIds: [b.id], versions: { [a.id]: a.version, [b.id]: b.version } }),
      admin.post('/api/v1/merges', { survivorId: a.id, mergedIds: [c.id], versions: { [a.id]: a.version, [c.id]: c.version } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 412]);
    const [winner, loser] = first.status === 201 ? [b, { ...c, contact: contactC }] : [c, { ...b, contact: contactB }];
    expect((await admin.get(`/api/v1/customers/${winner.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/customers/${loser.id}`)).status).toBe(200);
    expect(await contactIds(admin, loser.id)).toEqual([loser.contact.id]);
    expect((await get(admin, a.id)).version).toBe(a.version + 1);
  });

  it('lets either a merge or a concurrent edit of the merged customer win, never both', async () => {
    const { admin } = await setUp();
    const { a, b } = await twoRecords(admin);
    const [merge, edit] = await Promise.all([
      admin.post('/api/v1/merges', {
        survivorId: a.id,
        mergedIds: [b.id],
        fields: { tier: b.id },
        versions: { [a.id]: a.version, [b.id]: b.version },
      }),
      admin.patch(`/api/v1/customers/${b.id}`, { tier: 'strategic' }, { 'if-match': `"${b.version}"` }),
    ]);
    if (merge.status === 201) {
      expect([404, 412]).toContain(edit.status);
      expect(await get(admin, a.id)).toMatchObject({ tier: 'key' });
    } else {
      expect({ merge: merge.status, edit: edit.status }).toEqual({ merge: 412, edit: 200 });
      expect(await get(admin, b.id)).toMatchObject({ tier: 'strategic' });
      expect(await get(admin, a.id)).toMatchObject({ version: a.version, tier: 'general' });
    }
  });

  it('refuses a request that names no other customer, a union of a single-value field, or a value from outside the merge', async () => {
    const { admin } = await setUp();
    const { a, b } = await twoRecords(admin);
    const versions = { [a.id]: a.version, [b.id]: b.version };
    const self = await admin.post('/api/v1/merges', { survivorId: a.id, mergedIds: [a.id], versions });
    expect((await body<Problem>(self)).reason).toBe('merge_needs_two');
    const union = await admin.post('/api/v1/merges', { survivorId: a.id, mergedIds: [b.id], fields: { tier: 'all' }, versions });
    expect(union.status).toBe(400);
    const outsider = await admin.post('/api/v1/merges', {
      survivorId: a.id,
      mergedIds: [b.id],
      fields: { tier: crypto.randomUUID() },
      versions,
    });
    expect(outsider.status).toBe(400);
    const noVersion = await admin.post('/api/v1/merges', { survivorId: a.id, mergedIds: [b.id], versions: { [a.id]: a.version } });
    expect(noVersion.status).toBe(400);
    expect(await get(admin, a.id)).toMatchObject({ version: a.version });
  });
});

describe('who may merge', () => {
  it('refuses a sales rep without customers.merge with 403', async () => {
    const { admin, userWith, roleId } = await setUp();
    const rep = await userWith(roleId('sales_rep'));
    const a = await create(rep.browser, { name: '甲公司' });
    const b = await create(rep.browser, { name: '甲公司分部' });
    const res = await rep.browser.post('/api/v1/merges', {
      survivorId: a.id,
      mergedIds: [b.id],
      versions: { [a.id]: a.version, [b.id]: b.version },
    });
    expect(res.status).toBe(403);
    expect((await rep.browser.get(`/api/v1/customers/${b.id}`)).status).toBe(200);
    const merge = await body<Merge>(
      await admin.post('/api/v1/merges', { survivorId: a.id, mergedIds: [b.id], versions: { [a.id]: a.version, [b.id]: b.version } }),
    );
    expect((await rep.browser.post(`/api/v1/merges/${merge.id}/undo`)).status).toBe(403);
  });

  it("refuses a manager's merge that reaches a customer outside their branch, as if it did not exist", async () => {
    const { t, admin, userWith, roleId } = await setUp();
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const branch = await body<{ id: string }>(
      await admin.post('/api/v1/org-units', { name: '上海分公司', kind: 'branch', parentId: company.id }),
    );
    const manager = await userWith(roleId('manager'), { orgUnitId: branch.id });
    const mine = await create(admin, { name: '上海客户', branchId: branch.id });
    const theirs = await create(admin, { name: '总部客户' });
    const res = await manager.browser.post('/api/v1/merges', {
      survivorId: mine.id,
      mergedIds: [theirs.id],
      versions: { [mine.id]: mine.version, [theirs.id]: theirs.version },
    });
    expect(res.status).toBe(404);
    expect(await body<Problem>(res)).toMatchObject({ reason: 'merge_customer_missing', params: { id: theirs.id } });
    expect((await admin.get(`/api/v1/customers/${theirs.id}`)).status).toBe(200);
    expect(await get(admin, mine.id)).toMatchObject({ version: mine.version });
  });

  it('needs customers.sensitive to take a sensitive value from another record', async () => {
    const { admin, userWith } = await setUp();
    const role = await body<{ id: string }>(
      await admin.post('/api/v1/roles', {
        name: 'Data steward',
        permissions: [
          { permission: 'customers.read', scope: 'all' },
          { permission: 'customers.merge', scope: 'all' },
        ],
      }),
    );
    const steward = await userWith(role.id);
    const { a, b } = await twoRecords(admin);
    const versions = { [a.id]: a.version, [b.id]: b.version };
    const res = await steward.browser.post('/api/v1/merges', {
      survivorId: a.id,
      mergedIds: [b.id],
      fields: { bankAccount: b.id },
      versions,
    });
    expect(res.status).toBe(403);
    expect((await body<Problem>(res)).reason).toBe('sensitive_field_forbidden');
    const ok = await steward.browser.post('/api/v1/merges', { survivorId: a.id, mergedIds: [b.id], fields: { tier: b.id }, versions });
    expect(ok.status).toBe(201);
  });
});
