import { describe, expect, it } from 'vitest';
import {
  normaliseHeader,
  parseDate,
  parseGender,
  parseKind,
  parseMoney,
  parsePurchaseClass,
  parseTags,
  parseTier,
  suggestMapping,
} from './import-mapping.js';

describe('suggestMapping', () => {
  it('maps simplified Chinese headers', () => {
    const headers = [
      '客户编号',
      '客户名称',
      '手机',
      '联系电话',
      '邮箱',
      '地址',
      '邮编',
      '省份',
      '城市',
      '区县',
      '行业',
      '客户类型',
      '来源',
      '等级',
      '标签',
      '备注',
    ];
    expect(Object.values(suggestMapping(headers, []))).toEqual([
      'code',
      'name',
      'mobile',
      'phone',
      'email',
      'address',
      'postalCode',
      'province',
      'city',
      'district',
      'industry',
      'customerType',
      'source',
      'tier',
      'tags',
      'notes',
    ]);
  });

  it('maps traditional Chinese headers through their simplified form', () => {
    const headers = ['客戶編號', '客戶名稱', '手機', '電話', '電子郵件', '郵遞區號', '行業', '聯絡人', '職務', '銀行帳號'];
    expect(Object.values(suggestMapping(headers, []))).toEqual([
      'code',
      'name',
      'mobile',
      'phone',
      'email',
      'postalCode',
      'industry',
      'contactName',
      'contactTitle',
      'bankAccount',
    ]);
  });

  it('maps English headers whatever their case, spacing or width', () => {
    const headers = [
      'Customer Code',
      'NAME',
      'E-mail',
      'Tel',
      'ZIP',
      'postal_code',
      'Ｃｉｔｙ',
      'Credit Limit',
      'ERP ID',
      'e-commerce id',
      'Owner Email',
    ];
    expect(suggestMapping(headers, [])).toEqual({
      '0': 'code',
      '1': 'name',
      '2': 'email',
      '3': 'phone',
      '4': null, // postal_code names the field more specifically than ZIP
      '5': 'postalCode',
      '6': 'city',
      '7': 'creditLimit',
      '8': 'externalCodes.erp',
      '9': 'externalCodes.ecommerce',
      '10': 'ownerEmail',
    });
  });

  it('ignores required-field stars and bracketed remarks', () => {
    expect(suggestMapping(['*客户名称', '手机号码（必填）', '信用额度(元)'], [])).toEqual({
      '0': 'name',
      '1': 'mobile',
      '2': 'creditLimit',
    });
  });

  it('gives a single-use field to the most specific header, then the leftmost', () => {
    expect(suggestMapping(['名称', '客户名称', '客户名'], [])).toEqual({ '0': null, '1': 'name', '2': null });
    expect(suggestMapping(['地址', '地址'], [])).toEqual({ '0': 'address', '1': null });
  });

  it('lets several columns map to phone, mobile and email', () => {
    expect(suggestMapping(['电话', '办公电话', '手机', '手机号', '邮箱', '电子邮件'], [])).toEqual({
      '0': 'phone',
      '1': 'phone',
      '2': 'mobile',
      '3': 'mobile',
      '4': 'email',
      '5': 'email',
    });
  });

  it('maps custom fields by label or key, ahead of standard synonyms', () => {
    const custom = [
      { key: 'vip_level', label: 'VIP等级' },
      { key: 'wechat', label: '微信号' },
      { key: 'region_code', label: '等级' },
    ];
    expect(suggestMapping(['VIP 等級', 'wechat', '等级', '不认识的列', ''], custom)).toEqual({
      '0': 'custom.vip_level',
      '1': 'custom.wechat',
      '2': 'custom.region_code',
      '3': null,
      '4': null,
    });
  });

  it('maps profile attributes', () => {
    expect(suggestMapping(['职业', '学历', '竞争对手'], [])).toEqual({
      '0': 'profile.occupation',
      '1': 'profile.education',
      '2': 'profile.competitors',
    });
  });

  it('normalises headers to compare them', () => {
    expect(normaliseHeader(' 客戶 編號（必填） ')).toBe('客户编号');
    expect(normaliseHeader('E-Mail')).toBe('email');
  });
});

describe('value parsers', () => {
  it.each([
    ['重要', 'key'],
    ['key', 'key'],
    ['A', 'key'],
    ['重要客户', 'key'],
    ['战略', 'strategic'],
    ['戰略', 'strategic'],
    ['Strategic', 'strategic'],
    ['B', 'strategic'],
    ['普通', 'general'],
    ['general', 'general'],
    ['Ｃ', 'general'],
    ['', null],
  ])('parseTier(%j) → %j', (input, value) => {
    expect(parseTier(input)).toEqual({ ok: true, value });
  });

  it('rejects an unknown tier', () => {
    expect(parseTier('D')).toEqual({ ok: false, reason: 'invalid_tier' });
  });

  it.each([
    ['潜在', 'prospect'],
    ['prospect', 'prospect'],
    ['常客', 'regular'],
    ['活跃', 'regular'],
    ['Regular', 'regular'],
    ['流失', 'lapsed'],
    ['沉睡', 'lapsed'],
    ['lapsed', 'lapsed'],
  ])('parsePurchaseClass(%j) → %j', (input, value) => {
    expect(parsePurchaseClass(input)).toEqual({ ok: true, value });
  });

  it('rejects an unknown purchase class', () => {
    expect(parsePurchaseClass('VIP')).toEqual({ ok: false, reason: 'invalid_purchase_class' });
  });

  it.each([
    ['公司', 'organisation'],
    ['企业', 'organisation'],
    ['組織', 'organisation'],
    ['organisation', 'organisation'],
    ['Company', 'organisation'],
    ['B2B', 'organisation'],
    ['个人', 'person'],
    ['person', 'person'],
    ['Individual', 'person'],
  ])('parseKind(%j) → %j', (input, value) => {
    expect(parseKind(input)).toEqual({ ok: true, value });
  });

  it('rejects an unknown kind', () => {
    expect(parseKind('政府')).toEqual({ ok: false, reason: 'invalid_kind' });
  });

  it.each([
    ['男', 'male'],
    ['M', 'male'],
    ['male', 'male'],
    ['女', 'female'],
    ['f', 'female'],
    ['Female', 'female'],
    [' ', null],
  ])('parseGender(%j) → %j', (input, value) => {
    expect(parseGender(input)).toEqual({ ok: true, value });
  });

  it('rejects an unknown gender', () => {
    expect(parseGender('X')).toEqual({ ok: false, reason: 'invalid_gender' });
  });

  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 号', '2024-03-05'],
    ['２０２４－０３－０５', '2024-03-05'],
    ['2024-03-05 14:30:00', '2024-03-05'],
    ['2024-03-05T14:30:00Z', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['45356', '2024-03-05'],
    ['45356.75', '2024-03-05'],
    ['1', '1900-01-01'],
    ['61', '1900-03-01'],
    ['民國113年3月5日', '2024-03-05'],
    ['113/03/05', '2024-03-05'],
    ['2000-02-29', '2000-02-29'],
    ['', null],
  ])('parseDate(%j) → %j', (input, value) => {
    expect(parseDate(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['05/03/2024', 'ambiguous_date'],
    ['3/5/2024', 'ambiguous_date'],
    ['24年3月5日', 'ambiguous_date'],
    ['2023-02-29', 'invalid_date'],
    ['2024-13-01', 'invalid_date'],
    ['2024', 'invalid_date'],
    ['60', 'invalid_date'],
    ['yesterday', 'invalid_date'],
    ['2024-03', 'invalid_date'],
  ])('parseDate(%j) refuses with %s', (input, reason) => {
    expect(parseDate(input)).toEqual({ ok: false, reason });
  });

  it.each([
    ['¥12,000.50', '12000.50'],
    ['￥12,000.5', '12000.50'],
    ['12000', '12000.00'],
    ['1.2万', '12000.00'],
    ['1.2万元', '12000.00'],
    ['3亿', '300000000.00'],
    ['5千', '5000.00'],
    ['RMB 1,000', '1000.00'],
    ['US$99.99', '99.99'],
    ['100元', '100.00'],
    ['-50', '-50.00'],
    ['¥-50', '-50.00'],
    ['(1,234.5)', '-1234.50'],
    ['0.005', '0.01'],
    ['-0.005', '-0.01'],
    ['.5', '0.50'],
    ['１２３', '123.00'],
    ['9999999999999999.99', '9999999999999999.99'],
    ['', null],
  ])('parseMoney(%j) → %j', (input, value) => {
    expect(parseMoney(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['12,5', 'invalid_money'],
    ['1,2345', 'invalid_money'],
    ['abc', 'invalid_money'],
    ['¥', 'invalid_money'],
    ['1e5', 'invalid_money'],
    ['--5', 'invalid_money'],
    ['12.3.4', 'invalid_money'],
    ['99999999999999999', 'money_out_of_range'],
    ['1亿亿', 'invalid_money'],
  ])('parseMoney(%j) refuses with %s', (input, reason) => {
    expect(parseMoney(input)).toEqual({ ok: false, reason });
  });

  it('splits tags on every usual separator, dropping blanks and repeats', () => {
    expect(parseTags('VIP, 华东;展会、老客户|VIP ；线上，｜ 微信')).toEqual({
      ok: true,
      value: ['VIP', '华东', '展会', '老客户', '线上', '微信'],
    });
    expect(parseTags('  ')).toEqual({ ok: true, value: [] });
  });
});
