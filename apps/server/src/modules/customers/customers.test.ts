import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedIn, type TestBrowser, type TestContext } from '../../db/testing.js';
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
  phones: { number: string; entered: string }[];
  emails: { address: string }[];
  address: { province: string | null; city: string | null; entered: string | null } | null;
  ownerId: string | null;
  tier: string | null;
  tags: string[];
  bankAccount?: string | null;
  creditLimit?: string | null;
  custom: Record<string, unknown>;
};
type Page<T> = { data: T[]; nextCursor: string | null };

const setUp = () => customerTenant(ctx);
const create = (b: TestBrowser, input: Record<string, unknown>) => createCustomer<Customer>(b, input);

describe('customer records', () => {
  it('creates a customer with a system code, normalised phones, emails and address, and keeps what was entered', async () => {
    const { admin } = await setUp();
    const c = await create(admin, {
      name: '  张三　',
      phones: [{ number: '138-0013-8000' }, { number: '+86 138 0013 8000' }],
      emails: [{ address: ' Zhang.San@Example.COM ' }],
      address: '广东省深圳市南山区科技园南区深南大道9988号',
    });
    expect(c.code).toMatch(/^C\d{6}$/);
    expect(c.name).toBe('张三');
    expect(c.phones).toEqual([expect.objectContaining({ number: '+8613800138000', entered: '138-0013-8000' })]);
    expect(c.emails[0]!.address).toBe('zhang.san@example.com');
    expect(c.address).toMatchObject({ province: '广东省', city: '深圳市', entered: '广东省深圳市南山区科技园南区深南大道9988号' });
    const second = await create(admin, { name: '李四' });
    expect(Number(second.code.slice(1))).toBe(Number(c.code.slice(1)) + 1);
  });

  it('refuses every invalid field at once with its path, and stores nothing', async () => {
    const { admin } = await setUp();
    const res = await admin.post('/api/v1/customers?force=true', {
      kind: 'person',
      name: '王五',
      phones: [{ number: '123' }],
      emails: [{ address: 'not-an-email' }],
      birthday: '1990-13-45',
    });
    expect(res.status).toBe(400);
    const problem = await body<{ errors: { path: string; reason?: string }[] }>(res);
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['birthday']);
    const res2 = await admin.post('/api/v1/customers?force=true', {
      kind: 'person',
      name: '王五',
      phones: [{ number: '123' }],
      emails: [{ address: 'a b@c' }],
    });
    expect(res2.status).toBe(400);
    const p2 = await body<{ errors: { path: string; reason?: string }[] }>(res2);
    expect(p2.errors.map((e) => [e.path, e.reason]).sort()).toEqual([
      ['emails.0.address', 'invalid_email'],
      ['phones.0.number', 'invalid_phone'],
    ]);
    expect((await body<Page<Customer>>(await admin.get('/api/v1/customers'))).data).toHaveLength(0);
  });

  it('shows likely duplicates before saving: same phone in another format, same name in traditional script', async () => {
    const { admin } = await setUp();
    const first = await create(admin, { name: '張偉', phones: [{ number: '13912345678' }], address: '上海市浦东新区世纪大道100号' });
    const res = await admin.post('/api/v1/customers', { kind: 'person', name: '张伟', phones: [{ number: '+86 139 1234 5678' }] });
    expect(res.status).toBe(409);
    const problem = await body<{ reason: string; duplicates: { customer: { id: string }; reasons: string[]; score: number }[] }>(res);
    expect(problem.reason).toBe('likely_duplicates');
    expect(problem.duplicates[0]!.customer.id).toBe(first.id);
    expect(problem.duplicates[0]!.reasons).toEqual(expect.arrayContaining(['phone', 'same_name_other_script']));
    const check = await body<{ data: { reasons: string[] }[] }>(
      await admin.post('/api/v1/customers/duplicate-check', { name: '张伟', excludeId: first.id }),
    );
    expect(check.data).toHaveLength(0);
    expect((await admin.post('/api/v1/customers?force=true', { kind: 'person', name: '张伟' })).status).toBe(201);
  });

  it('updates with If-Match, refuses a stale version with 412 and keeps the field history', async () => {
    const { admin } = await setUp();
    const c = await create(admin, { name: 'Acme Trading', kind: 'organisation', tier: 'general' });
    const ok = await admin.patch(`/api/v1/customers/${c.id}`, { tier: 'key', tags: ['VIP'] }, { 'if-match': `"${c.version}"` });
    expect(ok.status).toBe(200);
    const stale = await admin.patch(`/api/v1/customers/${c.id}`, { tier: 'general' }, { 'if-match': `"${c.version}"` });
    expect(stale.status).toBe(412);
    expect((await body<Customer>(await admin.get(`/api/v1/customers/${c.id}`))).tier).toBe('key');
    const history = await body<Page<{ action: string; changes: Record<string, { old: unknown; new: unknown }> }>>(
      await admin.get(`/api/v1/customers/${c.id}/history`),
    );
    expect(history.data.map((h) => h.action)).toEqual(['updated', 'created']);
    expect(history.data[0]!.changes.tier).toEqual({ old: 'general', new: 'key' });
  });

  it('deletes to the recycle bin and restores the customer intact', async () => {
    const { admin } = await setUp();
    const c = await create(admin, { name: '赵六', phones: [{ number: '13700000001' }], tags: ['老客户'] });
    expect((await admin.delete(`/api/v1/customers/${c.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
    const bin = await body<{ data: { entityType: string; id: string }[] }>(await admin.get('/api/v1/recycle-bin?entityType=customer'));
    expect(bin.data.map((d) => d.id)).toContain(c.id);
    expect((await admin.post(`/api/v1/recycle-bin/customer/${c.id}/restore`)).status).toBeLessThan(300);
    const back = await body<Customer>(await admin.get(`/api/v1/customers/${c.id}`));
    expect(back).toMatchObject({ code: c.code, name: '赵六', tags: ['老客户'] });
  });

  it('renders names as data: markup and SQL in names and searches are just text', async () => {
    const { admin } = await setUp();
    const c = await create(admin, { name: "<script>alert(1)</script>'; drop table customers; --" });
    expect(c.name).toBe("<script>alert(1)</script>'; drop table customers; --");
    const res = await admin.get(`/api/v1/customers?q=${encodeURIComponent("'; drop table customers; --")}`);
    expect(res.status).toBe(200);
    expect((await body<Page<Customer>>(res)).data.map((d) => d.id)).toContain(c.id);
    expect((await admin.get('/api/v1/customers?q=%25_%5C')).status).toBe(200);
  });
});

describe('search and lists', () => {
  it('finds customers by code, name fragment in any script, pinyin, initials, phone tail, email and external code', async () => {
    const { admin } = await setUp();
    const zhang = await create(admin, { name: '张三丰', phones: [{ number: '13800138000' }], emails: [{ address: 'zsf@wudang.cn' }] });
    const acme = await create(admin, { kind: 'organisation', name: '深圳市腾达电子科技有限公司', externalCodes: { erp: 'K-1002' } });
    await create(admin, { name: '李四' });
    const find = async (q: string) =>
      (await body<Page<Customer>>(await admin.get(`/api/v1/customers?q=${encodeURIComponent(q)}`))).data.map((c) => c.id);
    expect(await find(zhang.code)).toEqual([zhang.id]);
    expect(await find('张三')).toContain(zhang.id);
    expect(await find('張三豐')).toContain(zhang.id);
    expect(await find('zs')).toContain(zhang.id);
    expect(await find('zhangsan')).toContain(zhang.id);
    expect(await find('8000')).toContain(zhang.id);
    expect(await find('138 0013')).toContain(zhang.id);
    expect(await find('zsf@wudang.cn')).toContain(zhang.id);
    expect(await find('腾达电子')).toContain(acme.id);
    expect(await find('K-1002')).toContain(acme.id);
    const hits = await body<{ data: { type: string; id: string; url: string }[] }>(await admin.get('/api/v1/search?q=zs'));
    // The phone comes apart from the subtitle, as stored, for the UI to format as it does everywhere.
    expect(hits.data).toContainEqual({
      type: 'customer',
      id: zhang.id,
      title: '张三丰',
      subtitle: zhang.code,
      phone: { number: '+8613800138000', entered: '13800138000', valid: true },
      url: `/customers/${zhang.id}`,
    });
    // The last digits follow a changed phone number.
    expect((await admin.patch(`/api/v1/customers/${zhang.id}`, { phones: [{ number: '139 1234 5678' }] })).status).toBe(200);
    expect(await find('5678')).toContain(zhang.id);
    expect(await find('45678')).toContain(zhang.id);
    expect(await find('38000')).not.toContain(zhang.id);
  });

  it('filters on classification, tags and custom fields, sorts, and pages with a cursor', async () => {
    const { admin } = await setUp();
    expect(
      (await admin.post('/api/v1/custom-fields', { key: 'vip_level', label: 'VIP 等级', type: 'choice', options: ['金', '银'] })).status,
    ).toBe(201);
    for (let i = 0; i < 5; i++) {
      await create(admin, {
        name: `客户${i}`,
        tier: i % 2 ? 'key' : 'general',
        tags: i < 2 ? ['展会'] : [],
        custom: i === 3 ? { vip_level: '金' } : {},
      });
    }
    const list = async (query: string) => body<Page<Customer>>(await admin.get(`/api/v1/customers?${query}`));
    expect((await list('tier=key')).data).toHaveLength(2);
    expect((await list('tag=展会')).data).toHaveLength(2);
    expect((await list(`cf.vip_level=${encodeURIComponent('金')}`)).data.map((c) => c.name)).toEqual(['客户3']);
    expect((await admin.get('/api/v1/customers?cf.nope=1')).status).toBe(400);
    const first = await list('sort=name&limit=2');
    expect(first.data.map((c) => c.name)).toEqual(['客户0', '客户1']);
    const second = await list(`sort=name&limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((c) => c.name)).toEqual(['客户2', '客户3']);
    const newest = await list('sort=-createdAt&limit=3');
    const rest = await list(`sort=-createdAt&limit=3&cursor=${newest.nextCursor}`);
    expect([...newest.data, ...rest.data].map((c) => c.name)).toEqual(['客户4', '客户3', '客户2', '客户1', '客户0']);
    const bad = await admin.patch(`/api/v1/customers/${first.data[0]!.id}`, { custom: { vip_level: '铜' } });
    expect(bad.status).toBe(400);
  });

  it('saves views privately or shared; only the owner changes one', async () => {
    const { admin, userWith } = await setUp();
    const manager = await userWith('manager');
    const view = await body<{ id: string }>(
      await admin.post('/api/v1/customer-views', {
        name: '重要客户',
        shared: true,
        definition: { filters: { tier: 'key' }, sort: 'name', columns: ['code', 'name'] },
      }),
    );
    await admin.post('/api/v1/customer-views', { name: '我的', definition: { filters: {}, sort: null, columns: [] } });
    const seen = await body<{ data: { name: string; mine: boolean }[] }>(await manager.browser.get('/api/v1/customer-views'));
    expect(seen.data).toEqual([expect.objectContaining({ name: '重要客户', mine: false })]);
    expect((await manager.browser.patch(`/api/v1/customer-views/${view.id}`, { name: 'x' })).status).toBe(403);
    expect((await manager.browser.delete(`/api/v1/customer-views/${view.id}`)).status).toBe(403);
  });
});

describe('permissions', () => {
  it('lets a sales rep with scope "own" see and export only their customers, and never a bank account', async () => {
    const { admin, userWith } = await setUp();
    const rep = await userWith('sales_rep', { name: '小王' });
    const theirs = await create(rep.browser, { name: '王的客户' });
    expect(theirs.ownerId).toBe(rep.id);
    const other = await create(admin, { name: '别人的客户', bankAccount: '6222 0000 1111', creditLimit: '50000' });
    expect(other.bankAccount).toBe('6222 0000 1111');
    expect(other.creditLimit).toBe('50000.00');

    const list = await body<Page<Customer>>(await rep.browser.get('/api/v1/customers'));
    expect(list.data.map((c) => c.id)).toEqual([theirs.id]);
    expect(list.data[0]).not.toHaveProperty('bankAccount');
    expect((await rep.browser.get(`/api/v1/customers/${other.id}`)).status).toBe(404);
    expect((await rep.browser.patch(`/api/v1/customers/${other.id}`, { name: 'x' })).status).toBe(404);
    expect((await body<Page<Customer>>(await rep.browser.get(`/api/v1/customers?q=${encodeURIComponent('别人')}`))).data).toHaveLength(0);

    const csv = await (await rep.browser.get('/api/v1/customers/export?format=csv&columns=code,name')).text();
    expect(csv).toContain('王的客户');
    expect(csv).not.toContain('别人的客户');
    expect((await rep.browser.get('/api/v1/customers/export?format=csv&columns=code,bankAccount')).status).toBe(400);
    const write = await rep.browser.patch(`/api/v1/customers/${theirs.id}`, { bankAccount: '1' });
    expect(write.status).toBe(403);
    expect((await body<{ reason: string }>(write)).reason).toBe('sensitive_field_forbidden');
    const history = JSON.stringify(await body<unknown>(await admin.get(`/api/v1/customers/${other.id}/history`)));
    expect(history).toContain('6222 0000 1111');
  });

  it('lets a manager see the customers of their branch', async () => {
    const { t, admin, userWith } = await setUp();
    const company = (await ctx.services.organisation.listOrgUnits(t.admin))[0]!;
    const branch = await body<{ id: string }>(
      await admin.post('/api/v1/org-units', { name: '上海分公司', kind: 'branch', parentId: company.id }),
    );
    const manager = await userWith('manager');
    await admin.patch(`/api/v1/users/${manager.id}`, { orgUnitId: branch.id });
    const inBranch = await create(admin, { name: '上海客户', branchId: branch.id });
    await create(admin, { name: '总部客户' });
    const browser = await signedIn(ctx, manager.email);
    const seen = await body<Page<Customer>>(await browser.get('/api/v1/customers'));
    expect(seen.data.map((c) => c.id)).toEqual([inBranch.id]);
  });
});

describe('contacts, hand-overs, bulk actions and exports', () => {
  it('keeps contacts with role and influence, one primary', async () => {
    const { admin } = await setUp();
    const org = await create(admin, { kind: 'organisation', name: '上海恒信贸易有限公司' });
    const a = await body<{ id: string; isPrimary: boolean; version: number }>(
      await admin.post(`/api/v1/customers/${org.id}/contacts`, {
        name: '陈经理',
        role: 'decision_maker',
        influence: 'high',
        isPrimary: true,
        phones: [{ number: '021-6888 1234' }],
      }),
    );
    const b = await body<{ id: string; version: number }>(
      await admin.post(`/api/v1/customers/${org.id}/contacts`, { name: '刘助理', role: 'gatekeeper' }),
    );
    await admin.patch(`/api/v1/contacts/${b.id}`, { isPrimary: true }, { 'if-match': `"${b.version}"` });
    const list = await body<Page<{ id: string; isPrimary: boolean; phones: { number: string }[] }>>(
      await admin.get(`/api/v1/customers/${org.id}/contacts`),
    );
    expect(list.data.map((c) => [c.id, c.isPrimary])).toEqual([
      [b.id, true],
      [a.id, false],
    ]);
    expect(list.data[1]!.phones[0]!.number).toBe('+862168881234');
    expect((await admin.delete(`/api/v1/contacts/${a.id}`)).status).toBe(204);
  });

  it('hands a customer over with a reason and keeps the hand-over history', async () => {
    const { admin, userWith } = await setUp();
    const rep = await userWith('sales_rep', { name: '小李' });
    const c = await create(admin, { name: '交接客户' });
    const res = await admin.post(`/api/v1/customers/${c.id}/handover`, { ownerId: rep.id, reason: '区域调整' });
    expect(res.status).toBe(200);
    const handovers = await body<{ data: { toOwnerName: string; reason: string }[] }>(
      await admin.get(`/api/v1/customers/${c.id}/handovers`),
    );
    expect(handovers.data).toEqual([expect.objectContaining({ toOwnerName: '小李', reason: '区域调整' })]);
    expect((await rep.browser.get(`/api/v1/customers/${c.id}`)).status).toBe(200);
    // The new owner reads the history with names, though reps may not list users.
    const history = await body<{ data: { action: string; names: Record<string, string> }[] }>(
      await rep.browser.get(`/api/v1/customers/${c.id}/history`),
    );
    expect(history.data[0]).toMatchObject({ action: 'handed_over', names: { [rep.id]: '小李' } });
  });

  it('applies bulk actions to a selection or to all matches', async () => {
    const { admin } = await setUp();
    const cs = [];
    for (let i = 0; i < 4; i++) cs.push(await create(admin, { name: `批量${i}`, tier: 'general', industry: i < 3 ? '零售' : '金融' }));
    const tagged = await admin.post('/api/v1/customers/bulk', { action: 'add_tags', ids: [cs[0]!.id, cs[1]!.id], tags: ['展会'] });
    expect(await body(tagged)).toEqual({ affected: 2 });
    const tiered = await admin.post('/api/v1/customers/bulk', { action: 'set_tier', filter: { industry: '零售' }, tier: 'key' });
    expect(await body(tiered)).toEqual({ affected: 3 });
    const list = await body<Page<Customer>>(await admin.get('/api/v1/customers?tier=key'));
    expect(list.data).toHaveLength(3);
    expect((await admin.post('/api/v1/customers/bulk', { action: 'delete' })).status).toBe(400);
    expect(await body(await admin.post('/api/v1/customers/bulk', { action: 'delete', ids: [cs[3]!.id] }))).toEqual({ affected: 1 });
    expect((await admin.get(`/api/v1/customers/${cs[3]!.id}`)).status).toBe(404);
  });

  it('exports CSV with a BOM and Excel files, neutralising formulas', async () => {
    const { admin } = await setUp();
    await create(admin, { name: '=HYPERLINK("http://evil")', tags: ['+1'] });
    await create(admin, { name: '正常客户' });
    const res = await admin.get('/api/v1/customers/export?format=csv&columns=code,name,tags');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="customers-.*\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('正常客户');
    expect(text).toContain(`'=HYPERLINK`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    const xlsx = await admin.get('/api/v1/customers/export?format=xlsx&tier=key');
    expect(xlsx.status).toBe(200);
    const zip = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(...zip.slice(0, 2))).toBe('PK');
  });
});
