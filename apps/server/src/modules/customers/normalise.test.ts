import type { CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { phoneTailsOf } from './customer-record.js';
import { nameKeys, normaliseEmail, normalisePhone, normaliseText, phoneNumberDigits, phoneQueryDigits, toSimplified } from './normalise.js';

/** Inputs no rule should throw on, by a readable name. */
const GARBAGE: [label: string, input: string][] = [
  ['empty text', ''],
  ['spaces', '   '],
  ['a word', 'abc'],
  ['punctuation', '!!!'],
  ['invisible characters', '\u0000\u200B\uFEFF'],
  ['a character outside the BMP', '𠮷'],
  ['a lone plus', '+'],
  ['brackets', '()'],
  ['a lone surrogate', '\uD800'],
  ['10,000 characters', 'x'.repeat(10_000)],
];

describe('normaliseText', () => {
  it.each([
    ['ＡＢＣ　公司', 'ABC 公司'],
    ['１３８００１３８０００', '13800138000'],
    ['（北京）科技有限公司', '(北京)科技有限公司'],
    ['  a \t b\n\nc  ', 'a b c'],
    ['\uFEFFabc\u200B', 'abc'],
    ['ｶﾞｲﾄﾞ', 'ガイド'],
    ['ﬁne', 'fine'],
    ['张三', '张三'],
    ['張三', '張三'],
    ['m² ½ ㈱', 'm² ½ ㈱'],
    ['Cafe\u0301', 'Café'],
    ['plain ASCII text', 'plain ASCII text'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it.each(GARBAGE)('does not throw on %s', (_label, input) => {
    expect(() => normaliseText(input)).not.toThrow();
  });
});

describe('toSimplified', () => {
  it.each([
    ['張三', '张三'],
    ['臺北市信義區', '台北市信义区'],
    ['上海華為技術有限公司', '上海华为技术有限公司'],
    ['綫路', '线路'],
    ['衞生', '卫生'],
    ['什么', '什么'],
    ['显著', '显著'],
    ['ACME Ltd.', 'ACME Ltd.'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(toSimplified(input)).toBe(expected);
  });
});

describe('nameKeys', () => {
  it.each([
    ['张三', { key: '张三', pinyin: 'zhangsan', initials: 'zs' }],
    ['張三', { key: '张三', pinyin: 'zhangsan', initials: 'zs' }],
    ['ACME 上海', { key: 'acme上海', pinyin: 'acmeshanghai', initials: 'ash' }],
    ['上海华为技术有限公司', { key: '上海华为技术有限公司', pinyin: 'shanghaihuaweijishuyouxiangongsi', initials: 'shhwjsyxgs' }],
    ['John Smith', { key: 'johnsmith', pinyin: '', initials: 'js' }],
    ['ＡＢＣ　公司', { key: 'abc公司', pinyin: 'abcgongsi', initials: 'ags' }],
    ['58同城', { key: '58同城', pinyin: '58tongcheng', initials: '58tc' }],
    ['绿地集团', { key: '绿地集团', pinyin: 'lvdijituan', initials: 'ldjt' }],
    ['Café Müller GmbH', { key: 'cafemullergmbh', pinyin: '', initials: 'cmg' }],
    ["O'Brien & Sons, Ltd.", { key: 'obriensonsltd', pinyin: '', initials: 'obsl' }],
    ['欧阳娜娜', { key: '欧阳娜娜', pinyin: 'ouyangnana', initials: 'oynn' }],
    ['トヨタ自動車', { key: 'トヨタ自动车', pinyin: 'zidongche', initials: 'zdc' }],
  ])('%j', (name, expected) => {
    expect(nameKeys(name)).toEqual(expected);
  });

  it.each([
    ['張三', '张三'],
    ['上海華為技術有限公司', '上海华为技术有限公司'],
    ['臺灣積體電路製造股份有限公司', '台湾积体电路制造股份有限公司'],
    ['陳大文', '陈大文'],
    ['ＡＢＣ 貿易（香港）有限公司', 'abc贸易(香港)有限公司'],
  ])('gives %j the same keys as %j', (traditional, simplified) => {
    expect(nameKeys(traditional)).toEqual(nameKeys(simplified));
  });

  it.each([
    ['单田芳', 'shantianfang', 'person'],
    ['单田芳', 'shantianfang', undefined],
    ['曾志伟', 'zengzhiwei', 'person'],
    ['解晓东', 'xiexiaodong', undefined],
    ['欧阳娜娜', 'ouyangnana', undefined],
    ['单位', 'danwei', 'organisation'],
    ['解放日报社', 'jiefangribaoshe', undefined],
    ['重庆银行', 'chongqingyinhang', undefined],
  ] as const)('reads %j as %j when the kind is %s', (name, pinyin, kind) => {
    expect(nameKeys(name, kind).pinyin).toBe(pinyin);
  });

  it.each(GARBAGE)('does not throw on %s', (_label, input) => {
    expect(() => nameKeys(input)).not.toThrow();
  });

  it('gives empty keys for blank and punctuation-only names', () => {
    for (const blank of ['', '   ', '!!!', '（）']) expect(nameKeys(blank)).toEqual({ key: '', pinyin: '', initials: '' });
  });
});

describe('normalisePhone', () => {
  it.each<[string, CountryCode, string, string]>([
    ['+86 138 0013 8000', 'CN', '+8613800138000', '8613800138000'],
    ['0086-13800138000', 'CN', '+8613800138000', '8613800138000'],
    ['138-0013-8000', 'CN', '+8613800138000', '8613800138000'],
    ['8613800138000', 'CN', '+8613800138000', '8613800138000'],
    ['１３８００１３８０００', 'CN', '+8613800138000', '8613800138000'],
    ['（０２１）６１２３－４５６７', 'CN', '+862161234567', '862161234567'],
    ['010-12345678', 'CN', '+861012345678', '861012345678'],
    ['400-810-8888', 'CN', '+864008108888', '864008108888'],
    ['(02) 2345-6789', 'TW', '+886223456789', '886223456789'],
    ['0912 345 678', 'TW', '+886912345678', '886912345678'],
    ['2345 6789', 'HK', '+85223456789', '85223456789'],
    ['9123 4567', 'HK', '+85291234567', '85291234567'],
    ['6612 3456', 'MO', '+85366123456', '85366123456'],
    ['+852 6123 4567', 'CN', '+85261234567', '85261234567'],
    ['+1 650 253 0000', 'CN', '+16502530000', '16502530000'],
    ['021-61234567 分机 801', 'CN', '+862161234567;ext=801', '862161234567'],
    ['021-61234567转801', 'CN', '+862161234567;ext=801', '862161234567'],
    ['0755-8601 3388（轉 8001）', 'CN', '+8675586013388;ext=8001', '8675586013388'],
    ['021-61234567 ext. 12', 'CN', '+862161234567;ext=12', '862161234567'],
    ['021-61234567-801', 'CN', '+862161234567;ext=801', '862161234567'],
  ])('%j (%s) → %s', (entered, region, number, digits) => {
    expect(normalisePhone(entered, region)).toEqual({ number, entered, valid: true, digits });
  });

  it.each<[string, CountryCode, string]>([
    ['12345678901', 'CN', '12345678901'],
    ['1380013800', 'CN', '1380013800'],
    ['4123 4567', 'HK', '4123 4567'],
    ['1234 5678', 'MO', '1234 5678'],
    ['ｃａｌｌ　ｍｅ', 'CN', 'call me'],
    ['  ', 'CN', ''],
  ])('rejects %j (%s), keeping the cleaned text %j', (entered, region, number) => {
    expect(normalisePhone(entered, region)).toEqual({ number, entered, valid: false, digits: number.replace(/\D/g, '') });
  });

  it.each(GARBAGE)('does not throw on %s', (_label, input) => {
    expect(normalisePhone(input, 'CN').valid).toBe(false);
  });

  it('reads the digits of a stored number without its extension', () => {
    expect(phoneNumberDigits('+862161234567;ext=801')).toBe('862161234567');
    expect(phoneNumberDigits('+8613800138000')).toBe('8613800138000');
    expect(phoneTailsOf(['+8613800138000', '+852212;ext=9'])).toEqual([
      '000',
      '8000',
      '38000',
      '138000',
      '0138000',
      '00138000',
      '212',
      '2212',
      '52212',
      '852212',
    ]);
  });
});

describe('normaliseEmail', () => {
  it.each([
    [' John.Doe@Example.COM ', 'john.doe@example.com'],
    ['ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'john@example.com'],
    ['x@qq。com', 'x@qq.com'],
    ['Zhang San <ZS@Corp.cn>', 'zs@corp.cn'],
    ['mailto:a@b.cn', 'a@b.cn'],
    ['first+tag@sub.example.co.uk', 'first+tag@sub.example.co.uk'],
    ['用户@例子.中国', '用户@例子.中国'],
    ['info@example.xn--fiqs8s', 'info@example.xn--fiqs8s'],
  ])('accepts %j as %j', (entered, address) => {
    expect(normaliseEmail(entered)).toEqual({ address, entered, valid: true });
  });

  it.each([
    'a@b',
    'a b@c.com',
    'a@b c.com',
    '.a@b.com',
    'a.@b.com',
    'a..b@c.com',
    'a@-b.com',
    'a@b-.com',
    'a@b..com',
    'a@b.c',
    '@b.com',
    'a@',
    'ab.com',
    'a@b@c.com',
  ])('rejects %j', (entered) => {
    expect(normaliseEmail(entered).valid).toBe(false);
  });

  it.each(GARBAGE)('does not throw on %s', (_label, input) => {
    expect(normaliseEmail(input).valid).toBe(false);
  });
});

describe('phoneQueryDigits', () => {
  it.each([
    ['+86 138', '86138'],
    ['138', '138'],
    ['(021) 6123-4567', '02161234567'],
    ['１３８', '138'],
    ['13', null],
    ['abc 123', null],
    ['张三', null],
    ['', null],
    ['   ', null],
  ])('%j → %j', (query, digits) => {
    expect(phoneQueryDigits(query)).toBe(digits);
  });
});
