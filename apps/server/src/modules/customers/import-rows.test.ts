import { describe, expect, it } from 'vitest';
import type { CustomerRow, CustomFieldRow, RecordContext } from './customer-record.js';
import { applyChange, changedFields, compileMapping, describeRowReason, missingRequired, prepareRow } from './import-rows.js';

const field = (key: string, type: CustomFieldRow['type'], extra: Partial<CustomFieldRow> = {}): CustomFieldRow => ({
  tenantId: 't',
  id: key,
  key,
  label: key.toUpperCase(),
  type,
  options: [],
  required: false,
  position: 0,
  createdAt: new Date(),
  updatedAt: new Date(),
  version: 1,
  deletedAt: null,
  ...extra,
});
const customFields = [field('vip_level', 'choice', { options: ['gold', 'silver'] }), field('visits', 'number'), field('since', 'date')];
const ctx: RecordContext = { region: 'CN', customFields };

/** A mapping from header → field, in header order. */
function mapped(columns: Record<string, string | null>) {
  const headers = Object.keys(columns);
  return compileMapping(headers, Object.fromEntries(headers.map((h, i) => [String(i), columns[h]!])), customFields);
}
const row = (cells: string[], rowNumber = 2) => ({ rowNumber, cells });

describe('compileMapping', () => {
  it('accepts standard, external-code, profile and existing custom fields, and several phone and email columns', () => {
    const m = mapped({
      名称: 'name',
      手机: 'mobile',
      电话: 'phone',
      电话2: 'phone',
      ERP: 'externalCodes.erp',
      SAP: 'externalCodes.sap',
      需求: 'profile.needs',
      VIP: 'custom.vip_level',
      备用: null,
    });
    expect(m.columns.map((c) => c.field)).toEqual([
      'name',
      'mobile',
      'phone',
      'phone',
      'externalCodes.erp',
      'externalCodes.sap',
      'profile.needs',
      'custom.vip_level',
    ]);
    expect(m.columnOf('phone')?.header).toBe('电话');
  });

  it('names every bad entry: unknown fields, missing columns, a single field mapped twice', () => {
    let problem: unknown;
    try {
      compileMapping(['a', 'b', 'c'], { 0: 'name', 1: 'name', 2: 'custom.nope', 7: 'email', x: 'tier' }, customFields);
    } catch (e) {
      problem = e;
    }
    expect(problem).toMatchObject({ code: 'validation', extra: { reason: 'invalid_values' } });
    const paths = (problem as { extra: { errors: { path: string }[] } }).extra.errors.map((e) => e.path).sort();
    expect(paths).toEqual(['mapping.1', 'mapping.2', 'mapping.7', 'mapping.x']);
  });
});

describe('prepareRow', () => {
  const m = mapped({
    客户名称: 'name',
    手机: 'mobile',
    电话: 'phone',
    邮箱: 'email',
    地址: 'address',
    生日: 'birthday',
    等级: 'tier',
    标签: 'tags',
    ERP编号: 'externalCodes.erp',
    信用额度: 'creditLimit',
    VIP: 'custom.vip_level',
    来访: 'custom.visits',
  });

  it('normalises a good row like a form: phones to E.164, emails lower case, address parsed, typed cells parsed', () => {
    const r = prepareRow(
      row([
        '張三',
        '138-0013-8000 / 13900139000',
        '010-8888 6666',
        'Zhang@Example.COM',
        '广东省深圳市南山区深南大道9988号',
        '1990/3/5',
        '重要',
        'VIP、老客户',
        'K-1002',
        '¥12,000.50',
        'gold',
        '1,234',
      ]),
      m,
      ctx,
    );
    expect(r.errors).toEqual([]);
    expect(r.values).toMatchObject({
      kind: 'person',
      name: '張三',
      phones: [
        { label: 'mobile', number: '+8613800138000', entered: '138-0013-8000' },
        { label: 'mobile', number: '+8613900139000' },
        { label: 'work', number: '+861088886666' },
      ],
      phoneNumbers: ['8613800138000', '8613900139000', '861088886666'],
      emailAddresses: ['zhang@example.com'],
      address: { province: '广东省', city: '深圳市' },
      birthday: '1990-03-05',
      tier: 'key',
      tags: ['VIP', '老客户'],
      externalCodes: { erp: 'K-1002' },
      externalKeys: ['K-1002'],
      creditLimit: '12000.50',
      custom: { vip_level: 'gold', visits: 1234 },
    });
    expect(r.kindGuessed).toBe(true);
    expect(r.setsSensitive).toBe(true);
  });

  it('leaves blank cells out, so an update never blanks a field the file leaves empty', () => {
    const r = prepareRow(row(['李四', '', '', '', '', '', '', '', '', '', '', '']), m, ctx);
    expect(Object.keys(r.values!).sort()).toEqual(['kind', 'name', 'nameEntered', 'nameInitials', 'nameKey', 'namePinyin']);
  });

  it('refuses each bad cell with its column header, its value and a reason code', () => {
    const r = prepareRow(row(['王五', '123', '', 'foo@', '', '1990-13-45', '钻石', '', '', '1.2.3', 'platinum', 'many']), m, ctx);
    expect(r.values).toBeUndefined();
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { column: '生日', value: '1990-13-45', reason: 'invalid_date' },
        { column: '等级', value: '钻石', reason: 'invalid_tier' },
        { column: '信用额度', value: '1.2.3', reason: 'invalid_money' },
        { column: 'VIP', value: 'platinum', reason: 'invalid_choice' },
        { column: '来访', value: 'many', reason: 'invalid_number' },
      ]),
    );
    // Phones and emails are checked by the normalisation rules once the typed cells are right.
    const r2 = prepareRow(row(['王五', '123', '', 'foo@', '', '', '', '', '', '', '', '']), m, ctx);
    expect(r2.errors).toHaveLength(2);
    expect(r2.errors).toEqual(
      expect.arrayContaining([
        { column: '手机', value: '123', reason: 'invalid_phone' },
        { column: '邮箱', value: 'foo@', reason: 'invalid_email' },
      ]),
    );
    expect(describeRowReason('invalid_phone')).toMatch(/phone/);
  });

  it('reads phones written as dialled in the country of the address (Taipei, Hong Kong) with that country numbering', () => {
    const m2 = mapped({ name: 'name', mobile: 'mobile', address: 'address' });
    const taipei = prepareRow(row(['陳志明', '0988-315-620', '台北市信義區信義路五段7號']), m2, ctx);
    expect(taipei.errors).toEqual([]);
    expect(taipei.values?.phones).toEqual([{ label: 'mobile', number: '+886988315620', entered: '0988-315-620', valid: true }]);
    const hongKong = prepareRow(row(['黃美玲', '6371 3989', '香港九龍尖沙咀彌敦道100號']), m2, ctx);
    expect(hongKong.values?.phoneNumbers).toEqual(['85263713989']);
    // Without an address in another country, a number that is not one of the tenant's region stays refused.
    expect(prepareRow(row(['王五', '0988-315-620', '']), m2, ctx).errors).toEqual([
      { column: 'mobile', value: '0988-315-620', reason: 'invalid_phone' },
    ]);
  });

  it('refuses a ragged row whole: its cells may sit in the wrong columns', () => {
    const r = prepareRow({ rowNumber: 7, cells: ['a', 'b'], problem: 'ragged_row' }, m, ctx);
    expect(r.errors).toEqual([{ column: null, value: null, reason: 'ragged_row' }]);
  });

  it('refuses values longer than the API takes', () => {
    const r = prepareRow(row(['x'.repeat(201)]), mapped({ name: 'name' }), ctx);
    expect(r.errors).toEqual([{ column: 'name', value: 'x'.repeat(201), reason: 'value_too_long' }]);
  });

  it('guesses organisations from their names or a contact person, and reads the contact', () => {
    const m2 = mapped({ name: 'name', contact: 'contactName', title: 'contactTitle', phone: 'contactPhone' });
    expect(prepareRow(row(['深圳市腾达电子科技有限公司', '', '', '']), m2, ctx).values?.kind).toBe('organisation');
    expect(prepareRow(row(['Acme Trading Ltd', '', '', '']), m2, ctx).values?.kind).toBe('organisation');
    expect(prepareRow(row(['陈志明', '', '', '']), m2, ctx).values?.kind).toBe('person');
    const withContact = prepareRow(row(['腾达', '刘经理', '采购经理', '13800138000']), m2, ctx);
    expect(withContact.values?.kind).toBe('organisation');
    expect(withContact.contact).toMatchObject({ name: '刘经理', title: '采购经理', phoneNumbers: ['8613800138000'] });
    const badContact = prepareRow(row(['腾达', '刘经理', '', '12']), m2, ctx);
    expect(badContact.errors).toEqual([{ column: 'phone', value: '12', reason: 'invalid_phone' }]);
  });

  it('takes an explicit kind, code, owner email, branch and country name', () => {
    const m3 = mapped({
      code: 'code',
      kind: 'kind',
      name: 'name',
      owner: 'ownerEmail',
      branch: 'branch',
      country: 'country',
      city: 'city',
    });
    const r = prepareRow(row([' c000123 ', '个人', 'Ann', 'Rep@Example.com', '上海分公司', '中國', '上海']), m3, ctx);
    expect(r).toMatchObject({ code: 'C000123', kindGuessed: false, owner: { email: 'rep@example.com' }, branch: { name: '上海分公司' } });
    expect(r.values).toMatchObject({ kind: 'person', country: 'CN', city: '上海' });
    expect(prepareRow(row(['', '', 'Ann', '', '', 'Atlantis', '']), m3, ctx).errors).toEqual([
      { column: 'country', value: 'Atlantis', reason: 'invalid_country' },
    ]);
  });

  it('lists required custom fields only a new customer must have', () => {
    const required = compileMapping(['name'], { 0: 'name' }, [field('region', 'text', { required: true, label: '区域' })]);
    const r = prepareRow(row(['Ann']), required, { region: 'CN', customFields: [] });
    expect(r.errors).toEqual([]);
    expect(missingRequired(r.values!, required)).toEqual([{ column: '区域', value: null, reason: 'required' }]);
  });
});

describe('applyChange and changedFields', () => {
  it('adds to lists and replaces the rest', () => {
    const base = {
      name: 'A',
      phones: [{ label: 'mobile' as const, number: '+8613800138000', entered: 'x', valid: true }],
      tags: ['VIP'],
      externalCodes: { erp: '1' },
      custom: { a: 1 },
    };
    const next = {
      name: 'B',
      phones: [{ label: 'work' as const, number: '+861088886666', entered: 'y', valid: true }],
      tags: ['VIP', '展会'],
      externalCodes: { ecommerce: 'T' },
      custom: { b: 2 },
    };
    expect(applyChange(base, next)).toMatchObject({
      name: 'B',
      phoneNumbers: ['8613800138000', '861088886666'],
      tags: ['VIP', '展会'],
      externalCodes: { erp: '1', ecommerce: 'T' },
      externalKeys: ['1', 'T'],
      custom: { a: 1, b: 2 },
    });
  });

  it('sees no change in objects whose keys come back from the database in another order', () => {
    const stored = { address: { street: 's', city: 'c', entered: 'e' }, tier: 'key', tags: ['a'] } as unknown as CustomerRow;
    expect(changedFields(stored, { address: { entered: 'e', city: 'c', street: 's' } as never, tier: 'key', tags: ['a'] })).toEqual({});
    expect(changedFields(stored, { tier: 'general' })).toEqual({ tier: 'general' });
  });
});
