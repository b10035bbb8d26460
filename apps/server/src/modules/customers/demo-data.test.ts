import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { distance } from 'fastest-levenshtein';
import iconv from 'iconv-lite';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCustomers, writeDemoCsv, type DemoCustomer } from './demo-data.js';
import { INDUSTRIES } from './demo-data.names.js';
import { toSimplified } from './normalise.js';

const take = (count: number, options?: Parameters<typeof demoCustomers>[1]): DemoCustomer[] => [...demoCustomers(count, options)];
const isRealDate = (text: string): boolean => {
  const date = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};
const share = (items: readonly unknown[], predicate: (item: never) => boolean): number =>
  items.filter((item) => predicate(item as never)).length / items.length;

describe('demoCustomers', () => {
  const sample = take(5000, { seed: 1 });

  it('yields the same customers for the same seed and others for another seed', () => {
    expect(take(300, { seed: 1 })).toEqual(sample.slice(0, 300));
    expect(take(300, { seed: 2 }).map((customer) => customer.name)).not.toEqual(sample.slice(0, 300).map((customer) => customer.name));
  });

  it('streams: asking for an endless number of customers still yields the first ones at once', () => {
    const iterator = demoCustomers(Number.MAX_SAFE_INTEGER, { seed: 1 });
    const first = [iterator.next().value, iterator.next().value];
    expect(first).toEqual(sample.slice(0, 2));
  });

  it('fills every customer with the fields a customer input needs, well formed', () => {
    const industries = new Set(INDUSTRIES.map((industry) => industry.label));
    for (const customer of sample) {
      expect(['organisation', 'person']).toContain(customer.kind);
      expect(customer.name.trim()).not.toBe('');
      expect(customer.address.trim()).not.toBe('');
      expect(industries).toContain(customer.industry);
      expect(['key', 'strategic', 'general']).toContain(customer.tier);
      expect(['prospect', 'regular', 'lapsed']).toContain(customer.purchaseClass);
      expect(customer.currency).toMatch(/^[A-Z]{3}$/);
      expect(customer.customerType).not.toBe('');
      expect(customer.source).not.toBe('');
      expect(new Set(customer.tags).size).toBe(customer.tags.length);
      for (const phone of customer.phones) expect(['mobile', 'work', 'home', 'fax']).toContain(phone.label);
      for (const email of customer.emails) expect(email.address.toLowerCase()).toMatch(/^[^\s@]+@[a-z0-9.-]+\.[a-z]{2,}$/);
      if (customer.creditLimit !== undefined) expect(customer.creditLimit).toMatch(/^\d+\.\d{2}$/);
      if (customer.website !== undefined) expect(customer.website).toMatch(/^https:\/\/www\.[a-z0-9.-]+$/);
      if (customer.birthday !== undefined) expect(isRealDate(customer.birthday)).toBe(true);
      if (customer.kind === 'person') {
        expect(customer.contacts).toEqual([]);
        expect(['male', 'female']).toContain(customer.gender);
      } else {
        expect(customer.contacts.length).toBeGreaterThanOrEqual(1);
        expect(customer.contacts.length).toBeLessThanOrEqual(4);
        for (const contact of customer.contacts) {
          expect(contact.name.trim()).not.toBe('');
          expect(contact.title.trim()).not.toBe('');
          expect(['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion', 'other']).toContain(contact.role);
          expect(['high', 'medium', 'low']).toContain(contact.influence);
        }
      }
    }
  });

  it('mixes kinds, tiers, regions and scripts in about the planned shares', () => {
    const originals = sample.filter((customer) => customer.duplicateOf === undefined);
    expect(share(originals, (customer: DemoCustomer) => customer.kind === 'organisation')).toBeCloseTo(0.4, 1);
    expect(share(originals, (customer: DemoCustomer) => customer.tier === 'key')).toBeCloseTo(0.1, 1);
    expect(share(originals, (customer: DemoCustomer) => customer.tier === 'strategic')).toBeCloseTo(0.25, 1);
    expect(share(originals, (customer: DemoCustomer) => customer.currency === 'CNY')).toBeCloseTo(0.7, 1);
    expect(share(originals, (customer: DemoCustomer) => customer.currency === 'TWD')).toBeCloseTo(0.12, 1);
    expect(share(originals, (customer: DemoCustomer) => customer.currency === 'HKD')).toBeCloseTo(0.08, 1);
    // Taiwan, Hong Kong and Macau customers are written in traditional script; people abroad in Latin letters.
    const traditional = share(originals, (customer: DemoCustomer) => toSimplified(customer.name) !== customer.name);
    expect(traditional).toBeGreaterThan(0.1);
    expect(share(originals, (customer: DemoCustomer) => /^[\p{Script=Latin}\s.,&'-]+$/u.test(customer.name))).toBeGreaterThan(0.05);
    const compoundSurnames = originals.filter((customer) => /^(欧阳|司马|上官|诸葛|司徒|皇甫|慕容|令狐)/.test(customer.name));
    expect(compoundSurnames.length).toBeGreaterThan(0);
    expect(originals.some((customer) => /^[^\s]+市.+有限公司$/.test(customer.name))).toBe(true);
    expect(originals.some((customer) => /股份有限公司$/.test(customer.name) && toSimplified(customer.name) !== customer.name)).toBe(true);
  });

  it('writes phones that libphonenumber-js accepts, in the many formats people use', () => {
    const phones = sample.flatMap((customer) => [...customer.phones, ...customer.contacts.flatMap((contact) => contact.phones)]);
    const valid = phones.filter((phone) => parsePhoneNumberFromString(phone.number, 'CN')?.isValid());
    // The rest are Taiwan/Hong Kong/Macau numbers written locally (valid with their own default region) and 转 extensions.
    expect(valid.length / phones.length).toBeGreaterThanOrEqual(0.95);
    const mainlandMobileShapes = new Set(
      phones
        .filter((phone) => {
          const parsed = parsePhoneNumberFromString(phone.number, 'CN');
          return parsed?.country === 'CN' && parsed.getType() === 'MOBILE';
        })
        .map((phone) => phone.number.replace(/\d/g, '9')),
    );
    expect([...mainlandMobileShapes]).toEqual(
      expect.arrayContaining(['99999999999', '999-9999-9999', '+99 999 9999 9999', '9999 99999999999']),
    );
    const countries = new Set(valid.map((phone) => parsePhoneNumberFromString(phone.number, 'CN')!.country));
    expect([...countries]).toEqual(expect.arrayContaining(['CN', 'TW', 'HK', 'MO', 'US', 'GB', 'SG', 'JP', 'DE']));
  });

  it('plants duplicates at about the requested rate, each a recognisable variation of an earlier customer', () => {
    const customers = take(6000, { seed: 3, duplicateRate: 0.05 });
    const duplicates = customers.flatMap((customer, index) => (customer.duplicateOf === undefined ? [] : [{ customer, index }]));
    expect(duplicates.length / customers.length).toBeGreaterThan(0.04);
    expect(duplicates.length / customers.length).toBeLessThan(0.06);
    const e164 = (customer: DemoCustomer) =>
      new Set(customer.phones.map((phone) => parsePhoneNumberFromString(phone.number, 'CN')?.number ?? phone.number));
    const variations = new Set<string>();
    for (const { customer, index } of duplicates) {
      const original = customers[customer.duplicateOf!]!;
      expect(customer.duplicateOf).toBeLessThan(index);
      expect(original.duplicateOf).toBeUndefined();
      expect(customer.kind).toBe(original.kind);
      const samePhone = [...e164(customer)].some((number) => e164(original).has(number));
      const sameEmail = customer.emails.some((email) => original.emails.some((other) => other.address === email.address.toLowerCase()));
      const otherScript = customer.name !== original.name && toSimplified(customer.name) === toSimplified(original.name);
      const nearName = distance(customer.name, original.name) <= 2;
      const companyForm = customer.name.includes(original.name.slice(2, 6)) || original.name.includes(customer.name.slice(2, 6));
      expect(samePhone || sameEmail || otherScript || nearName || companyForm).toBe(true);
      if (otherScript) variations.add('script');
      if (customer.name !== original.name && nearName && !otherScript) variations.add('typo');
      if (customer.emails.some((email) => email.address !== email.address.toLowerCase())) variations.add('email_case');
      if (customer.phones.some((phone, i) => phone.number !== original.phones[i]?.number)) variations.add('phone_format');
      if (customer.kind === 'organisation' && customer.name.length !== original.name.length && !otherScript) variations.add('company_name');
    }
    expect([...variations].sort()).toEqual(['company_name', 'email_case', 'phone_format', 'script', 'typo']);
    expect(take(2000, { seed: 3, duplicateRate: 0 }).some((customer) => customer.duplicateOf !== undefined)).toBe(false);
  });

  it('gives every company its own web domain', () => {
    const domains = new Map<string, string>();
    for (const customer of take(20_000, { seed: 4, duplicateRate: 0 })) {
      if (!customer.website) continue;
      expect(domains.get(customer.website), `${customer.name} and ${domains.get(customer.website)}`).toBeUndefined();
      domains.set(customer.website, customer.name);
    }
    expect(domains.size).toBeGreaterThan(3000);
  });
});

describe('writeDemoCsv', () => {
  const files: string[] = [];
  const tempFile = (name: string) => {
    const path = join(tmpdir(), `rapport-demo-${process.pid}-${name}`);
    files.push(path);
    return path;
  };
  afterAll(async () => {
    await Promise.all(files.map((path) => rm(path, { force: true })));
  });
  const rowsOf = (text: string): string[][] => parse(text);

  it('writes one row per customer under Chinese headers, with bad rows where it says', async () => {
    const path = tempFile('utf8.csv');
    const result = await writeDemoCsv(path, 400, { seed: 5, badRowRate: 0.1, duplicateRate: 0.05 });
    const rows = rowsOf(await readFile(path, 'utf8'));
    const [header, ...data] = rows;
    expect(header!.slice(0, 8)).toEqual(['客户名称', '客户性质', '性别', '生日', '手机', '电话', '邮箱', '地址']);
    expect(header).toEqual(expect.arrayContaining(['行业', '客户类别', '来源', '价值等级', '标签', 'ERP编号', '信用额度']));
    expect(result.rows).toBe(400);
    expect(data).toHaveLength(400);

    const customers = take(400, { seed: 5, duplicateRate: 0.05 });
    const bad = new Map(result.badRows.map((row, i) => [row, result.badRowDefects[i]!]));
    expect(bad.size).toBeGreaterThan(20);
    expect(bad.size).toBeLessThan(70);
    const column = (name: string) => header!.indexOf(name);
    data.forEach((cells, i) => {
      const rowNumber = i + 2;
      const customer = customers[i]!;
      switch (bad.get(rowNumber)) {
        case 'empty_name':
          expect(cells[column('客户名称')]).toBe('');
          break;
        case 'malformed_email':
          expect(cells[column('邮箱')]).not.toMatch(/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i);
          break;
        case 'impossible_phone':
          expect(parsePhoneNumberFromString(cells[column('手机')]!, 'CN')?.isValid() ?? false).toBe(false);
          break;
        case 'impossible_date':
          expect(isRealDate(cells[column('生日')]!)).toBe(false);
          break;
        case 'unknown_tier':
          expect(['重要', '战略', '普通']).not.toContain(cells[column('价值等级')]);
          break;
        case undefined:
          expect(cells[column('客户名称')]).toBe(customer.name);
          expect(cells[column('地址')]).toBe(customer.address);
          expect(['重要', '战略', '普通']).toContain(cells[column('价值等级')]);
          break;
      }
    });
    expect(result.duplicateRows).toEqual(customers.flatMap((customer, i) => (customer.duplicateOf === undefined ? [] : [i + 2])));
  });

  it('round-trips through GB18030 and UTF-8 with BOM to the same text as UTF-8', async () => {
    const options = { seed: 6, badRowRate: 0.05 } as const;
    const utf8 = tempFile('plain.csv');
    const gb18030 = tempFile('gb18030.csv');
    const withBom = tempFile('bom.csv');
    const results = await Promise.all([
      writeDemoCsv(utf8, 500, options),
      writeDemoCsv(gb18030, 500, { ...options, encoding: 'gb18030' }),
      writeDemoCsv(withBom, 500, { ...options, encoding: 'utf-8-bom' }),
    ]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const expected = await readFile(utf8, 'utf8');
    expect(expected).toMatch(/[\u4e00-\u9fff]/);

    const gbBytes = await readFile(gb18030);
    expect(gbBytes.equals(Buffer.from(expected, 'utf8'))).toBe(false);
    expect(iconv.decode(gbBytes, 'gb18030')).toBe(expected);

    const bomBytes = await readFile(withBom);
    expect([...bomBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(iconv.decode(bomBytes, 'utf-8', { stripBOM: true })).toBe(expected);
  });

  it('writes Big5 in traditional script, and English headers when asked', async () => {
    const big5 = tempFile('big5.csv');
    await writeDemoCsv(big5, 500, { seed: 7, encoding: 'big5', headers: 'en' });
    const text = iconv.decode(await readFile(big5), 'big5');
    const [header, ...data] = rowsOf(text);
    expect(header!.slice(0, 4)).toEqual(['Name', 'Kind', 'Gender', 'Birthday']);
    expect(data).toHaveLength(500);
    expect(text).not.toContain('?');
    expect(text).toMatch(/有限公司/);
    expect(text).not.toMatch(/[们个国华东贸]/);

    const zhBig5 = tempFile('big5-zh.csv');
    await writeDemoCsv(zhBig5, 10, { seed: 7, encoding: 'big5' });
    expect(iconv.decode(await readFile(zhBig5), 'big5').startsWith('客戶名稱,')).toBe(true);
  });
});
