import { toSimplified } from './normalise.js';

/**
 * What the columns of an import file mean (CUST-6): the fields a column may fill, the mapping
 * suggested from headers written in simplified Chinese, traditional Chinese or English, and the
 * parsers that turn a typed cell (tier, date, money…) into a stored value or a reason to reject it.
 */

export const IMPORT_FIELDS = [
  'code',
  'kind',
  'name',
  'gender',
  'birthday',
  'website',
  'phone',
  'mobile',
  'email',
  'address',
  'postalCode',
  'country',
  'province',
  'city',
  'district',
  'deliveryAddress',
  'invoiceAddress',
  'externalCodes.erp',
  'externalCodes.ecommerce',
  'industry',
  'customerType',
  'source',
  'purchaseClass',
  'tier',
  'tags',
  'ownerEmail',
  'branch',
  'currency',
  'paymentTerms',
  'discountTerms',
  'taxRule',
  'commissionCode',
  'quotationNotes',
  'bankAccount',
  'creditLimit',
  'paymentRecord',
  'notes',
  'contactName',
  'contactTitle',
  'contactPhone',
  'contactEmail',
] as const;

export type StandardImportField = (typeof IMPORT_FIELDS)[number];
/** A standard field, a tenant's custom field (`custom.<key>`) or a profile attribute (`profile.<key>`). */
export type ImportField = StandardImportField | `custom.${string}` | `profile.${string}`;

/** Fields that several columns may fill (a customer has several phones and emails); every other field takes one column. */
const REPEATABLE_FIELDS: ReadonlySet<ImportField> = new Set<ImportField>(['phone', 'mobile', 'email']);

/**
 * Header names each field answers to, most specific first: when two columns name the same
 * field, the one named by the earlier synonym gets it ("客户名称" beats "名称"). Traditional
 * spellings are matched through their simplified form, so only forms that differ in wording
 * (行動電話, 郵遞區號) are listed.
 */
const SYNONYMS: Partial<Record<ImportField, string[]>> = {
  code: [
    '客户编号',
    '客户代码',
    '客户编码',
    '客户号',
    'customer code',
    'customer no',
    'customer number',
    'customer id',
    '编号',
    '代码',
    'code',
  ],
  kind: ['客户性质', '客户种类', '个人/企业', '企业/个人', 'kind', 'customer kind'],
  name: [
    '客户名称',
    '客户名',
    '客户姓名',
    '公司名称',
    '单位名称',
    '企业名称',
    '名称',
    '姓名',
    'customer name',
    'company name',
    'company',
    'name',
  ],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', '出生年月日', 'birthday', 'date of birth', 'birth date', 'dob'],
  website: ['网址', '网站', '公司网址', '主页', 'website', 'url', 'homepage'],
  mobile: ['手机', '手机号', '手机号码', '移动电话', '行动电话', 'mobile', 'mobile phone', 'cell', 'cell phone'],
  phone: ['电话', '联系电话', '电话号码', '座机', '固定电话', '办公电话', '公司电话', 'phone', 'phone number', 'tel', 'telephone'],
  email: ['邮箱', '电子邮件', '电子邮箱', '电子信箱', '邮件', 'email', 'email address', 'mail'],
  address: ['地址', '详细地址', '联系地址', '公司地址', '通讯地址', '通信地址', 'address', 'street address'],
  postalCode: ['邮编', '邮政编码', '邮递区号', 'postal code', 'postcode', 'zip', 'zip code'],
  country: ['国家', '国家/地区', '国别', 'country'],
  province: ['省', '省份', '省/直辖市', '所在省份', 'province', 'state'],
  city: ['城市', '市', '所在城市', '县市', 'city'],
  district: ['区', '区县', '县区', '乡镇市区', 'district', 'county'],
  deliveryAddress: ['收货地址', '送货地址', '配送地址', '发货地址', 'delivery address', 'shipping address'],
  invoiceAddress: ['发票地址', '开票地址', '账单地址', 'invoice address', 'billing address'],
  'externalCodes.erp': ['erp编号', 'erp编码', 'erp代码', 'erp客户编号', 'erp id', 'erp code'],
  'externalCodes.ecommerce': ['电商id', '电商编号', '店铺会员号', '会员号', '会员id', 'e-commerce id', 'shop member id'],
  industry: ['行业', '所属行业', '行业类别', 'industry', 'sector'],
  customerType: ['客户类型', '客户类别', '客户分类', '类型', '类别', 'customer type', 'type'],
  source: ['来源', '客户来源', '渠道', '来源渠道', 'source', 'channel', 'lead source'],
  purchaseClass: ['购买类别', '购买行为', '购买状态', '客户状态', 'purchase class', 'purchase status'],
  tier: ['等级', '价值等级', '客户等级', '客户级别', '级别', 'tier', 'customer tier', 'level'],
  tags: ['标签', '客户标签', 'tags', 'tag', 'labels'],
  ownerEmail: ['负责人邮箱', '销售邮箱', '业务员邮箱', '负责人email', 'owner email', 'sales rep email'],
  branch: ['分公司', '所属分公司', '网点', '门店', '所属网点', 'branch', 'office'],
  currency: ['币种', '币别', '货币', '结算币种', 'currency'],
  paymentTerms: ['付款条件', '付款方式', '账期', '结算方式', 'payment terms'],
  discountTerms: ['折扣条件', '折扣', '折扣条款', 'discount terms', 'discount'],
  taxRule: ['税务规则', '税率', '税则', '税务', 'tax rule', 'tax'],
  commissionCode: ['佣金代码', '提成代码', '佣金编号', 'commission code'],
  quotationNotes: ['报价记录', '报价备注', '报价说明', 'quotation notes', 'quotation'],
  bankAccount: ['银行账号', '银行账户', '开户账号', '账号', 'bank account', 'account number'],
  creditLimit: ['信用额度', '信用限额', '销售限额', '授信额度', 'credit limit'],
  paymentRecord: ['付款记录', '回款记录', '信用记录', 'payment record', 'payment history'],
  notes: ['备注', '说明', '附注', 'notes', 'note', 'remarks', 'remark', 'comments'],
  contactName: ['联系人', '联系人姓名', '联络人', '对接人', 'contact', 'contact name', 'contact person'],
  contactTitle: ['职务', '职位', '联系人职务', '职称', 'title', 'job title', 'position'],
  contactPhone: ['联系人电话', '联系人手机', '联络人电话', 'contact phone', 'contact mobile'],
  contactEmail: ['联系人邮箱', '联系人email', '联络人邮箱', 'contact email'],
  'profile.ageBand': ['年龄段', '年龄', 'age band', 'age'],
  'profile.incomeBand': ['收入', '收入水平', '年收入', 'income band', 'income'],
  'profile.household': ['家庭', '家庭状况', '家庭结构', 'household'],
  'profile.occupation': ['职业', 'occupation'],
  'profile.education': ['学历', '教育程度', 'education'],
  'profile.lifestyle': ['生活方式', 'lifestyle'],
  'profile.preferences': ['偏好', '喜好', '兴趣爱好', 'preferences'],
  'profile.opinions': ['意见', '客户意见', 'opinions'],
  'profile.attitude': ['态度', '评价', '对公司评价', 'attitude'],
  'profile.contractNotes': ['合同履行', '合同情况', 'contract notes'],
  'profile.competitors': ['竞争对手', '竞品', 'competitors'],
  'profile.needs': ['需求', '客户需求', 'needs'],
  'profile.potential': ['潜力', '发展潜力', 'potential'],
  'profile.relationshipNotes': ['关系备注', '关系情况', 'relationship notes'],
};

/**
 * A header reduced to what identifies it: full-width forms folded (NFKC), lower case,
 * simplified script, without spaces, punctuation, a required-field star or a bracketed
 * remark ("手机号码（必填）" is "手机号码").
 */
export function normaliseHeader(header: string): string {
  return toSimplified(header.normalize('NFKC').toLowerCase())
    .replace(/[([【<《].*?[)\]】>》]/g, '')
    .replace(/帐/g, '账')
    .replace(/[\s_\-.:：*#/\\、'"]/g, '');
}

type Candidate = { field: ImportField; rank: number };

const STANDARD_HEADERS: ReadonlyMap<string, Candidate> = (() => {
  const map = new Map<string, Candidate>();
  for (const [field, names] of Object.entries(SYNONYMS) as [ImportField, string[]][]) {
    names.forEach((name, rank) => {
      const key = normaliseHeader(name);
      if (!map.has(key)) map.set(key, { field, rank });
    });
  }
  return map;
})();

/**
 * The suggested mapping: column index (as a string, like Import.mapping) → field, or null when no
 * rule names the header. A custom field's label or key wins over a standard synonym, since the
 * tenant chose it. A field other than phone, mobile and email goes to one column only: the one
 * whose header names it most specifically, then the leftmost.
 */
export function suggestMapping(headers: string[], customFields: { key: string; label: string }[]): Record<string, ImportField | null> {
  const customHeaders = new Map<string, Candidate>();
  for (const { key, label } of customFields) {
    for (const name of [label, key]) {
      const normalised = normaliseHeader(name);
      if (normalised && !customHeaders.has(normalised)) customHeaders.set(normalised, { field: `custom.${key}`, rank: -1 });
    }
  }
  const candidates = headers.map((header) => {
    const normalised = normaliseHeader(header);
    return normalised ? (customHeaders.get(normalised) ?? STANDARD_HEADERS.get(normalised) ?? null) : null;
  });

  const winners = new Map<ImportField, number>();
  candidates.forEach((candidate, index) => {
    if (!candidate || REPEATABLE_FIELDS.has(candidate.field)) return;
    const current = winners.get(candidate.field);
    if (current === undefined || candidate.rank < candidates[current]!.rank) winners.set(candidate.field, index);
  });

  const mapping: Record<string, ImportField | null> = {};
  candidates.forEach((candidate, index) => {
    const keeps = candidate && (REPEATABLE_FIELDS.has(candidate.field) || winners.get(candidate.field) === index);
    mapping[String(index)] = keeps ? candidate.field : null;
  });
  return mapping;
}

// ---------------------------------------------------------------------------------------------
// Value parsers. Each takes a trimmed or untrimmed cell; a blank cell is a valid "no value".

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: ParseReason };
export type ParseReason =
  | 'invalid_tier'
  | 'invalid_purchase_class'
  | 'invalid_kind'
  | 'invalid_gender'
  | 'invalid_date'
  | 'ambiguous_date'
  | 'invalid_money'
  | 'money_out_of_range';

/** A word as choice tables hold it: full-width folded, lower case, simplified, no spaces. */
function normaliseWord(s: string): string {
  return toSimplified(s.normalize('NFKC').toLowerCase()).replace(/\s+/g, '');
}

function choiceParser<T extends string>(choices: Record<T, string[]>, reason: ParseReason): (s: string) => ParseResult<T | null> {
  const byWord = new Map<string, T>();
  for (const [value, words] of Object.entries(choices) as [T, string[]][]) {
    for (const word of words) byWord.set(normaliseWord(word), value);
  }
  return (s) => {
    const word = normaliseWord(s);
    if (word === '') return { ok: true, value: null };
    const value = byWord.get(word);
    return value === undefined ? { ok: false, reason } : { ok: true, value };
  };
}

/** 重要 / key / A → key; 战略 / strategic / B → strategic; 普通 / general / C → general (CUST-8). */
export const parseTier = choiceParser(
  {
    key: ['重要', '重要客户', 'key', 'key account', 'a', 'a类', 'a级'],
    strategic: ['战略', '战略客户', 'strategic', 'b', 'b类', 'b级'],
    general: ['普通', '普通客户', '一般', '一般客户', 'general', 'c', 'c类', 'c级'],
  },
  'invalid_tier',
);

/** Purchase behaviour (CUST-8): prospect, regular or lapsed. */
export const parsePurchaseClass = choiceParser(
  {
    prospect: ['潜在', '潜在客户', '意向', '意向客户', 'prospect'],
    regular: ['常客', '活跃', '活跃客户', '老客户', '回头客', 'regular', 'active'],
    lapsed: ['流失', '流失客户', '沉睡', '沉睡客户', 'lapsed', 'churned', 'inactive', 'dormant'],
  },
  'invalid_purchase_class',
);

export const parseKind = choiceParser(
  {
    organisation: [
      '公司',
      '企业',
      '组织',
      '机构',
      '单位',
      '法人',
      '企业客户',
      'organisation',
      'organization',
      'company',
      'business',
      'b2b',
    ],
    person: ['个人', '个人客户', '自然人', 'person', 'individual', 'b2c'],
  },
  'invalid_kind',
);

export const parseGender = choiceParser(
  {
    male: ['男', '男性', '先生', 'm', 'male', 'man'],
    female: ['女', '女性', '女士', 'f', 'female', 'woman'],
    other: ['其他', 'other'],
  },
  'invalid_gender',
);

/** The 1900 date system's day zero, counting Excel's phantom 1900-02-29 (serial 60). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

/**
 * A date as YYYY-MM-DD from year-first forms (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日,
 * 20240305, with any time after it dropped), Taiwan's Minguo years (民國113年3月5日, 113/3/5) and
 * Excel serial numbers. Day-first or month-first forms such as 05/03/2024 are refused as
 * ambiguous rather than guessed, and a bare year is not a date.
 */
export function parseDate(s: string): ParseResult<string | null> {
  const text = s.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: true, value: null };
  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (yearFirst) return calendarDate(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
  const chinese = /^(民国|民國)?\s*(\d{2,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text);
  if (chinese) {
    const [, minguoEra, year, month, day] = chinese as unknown as [string, string | undefined, string, string, string];
    // Without the era, a three-digit year can only be Minguo, but 24年 might be 1935 or 2024.
    if (minguoEra || year.length === 3) return calendarDate(Number(year) + 1911, Number(month), Number(day));
    if (year.length === 2) return { ok: false, reason: 'ambiguous_date' };
    return calendarDate(Number(year), Number(month), Number(day));
  }
  const minguo = /^(\d{3})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(text);
  if (minguo) return calendarDate(Number(minguo[1]) + 1911, Number(minguo[2]), Number(minguo[3]));
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return calendarDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(text)) return { ok: false, reason: 'ambiguous_date' };
  if (/^\d+(\.\d+)?$/.test(text)) return excelSerialDate(Number(text));
  return { ok: false, reason: 'invalid_date' };
}

function calendarDate(year: number, month: number, day: number): ParseResult<string> {
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1000 && year <= 9999 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!valid) return { ok: false, reason: 'invalid_date' };
  return { ok: true, value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

function excelSerialDate(serial: number): ParseResult<string> {
  const day = Math.floor(serial);
  // 1900–2100 as a whole number is a year someone typed, not a day of 1905.
  const looksLikeYear = day === serial && day >= 1900 && day <= 2100;
  if (day < 1 || day > MAX_EXCEL_SERIAL || day === 60 || looksLikeYear) return { ok: false, reason: 'invalid_date' };
  // Before the phantom 29 February the serials run one day ahead of the calendar.
  const date = new Date(EXCEL_EPOCH + (day < 60 ? day + 1 : day) * 86_400_000);
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

const MULTIPLIERS: Record<string, number> = { 千: 3, 万: 4, 萬: 4, 亿: 8, 億: 8 };
/** numeric(18,2): sixteen digits before the point. */
const MAX_INTEGER_DIGITS = 16;

/**
 * An amount as a decimal string with two places ('¥12,000.50' → '12000.50', '1.2万' → '12000.00'),
 * computed on digits, never through floating point. Takes currency signs and codes, 元, the
 * multipliers 千 万 亿, a leading minus or accounting parentheses; commas only as thousands
 * separators. More than two decimals round half away from zero.
 */
export function parseMoney(s: string): ParseResult<string | null> {
  let text = s.normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return { ok: true, value: null };
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised) {
    negative = true;
    text = parenthesised[1]!;
  }
  // The minus may come before or after the currency sign: -¥100 and ¥-100.
  const prefix = /^-?(?:[a-z]{2,3}\$|rmb|cny|usd|hkd|twd|ntd|eur|gbp|jpy|[¥$€£])?-?/i.exec(text)![0];
  const minusSigns = prefix.split('-').length - 1;
  if (minusSigns > 1) return { ok: false, reason: 'invalid_money' };
  if (minusSigns === 1) negative = !negative;
  text = text.slice(prefix.length).replace(/(?:元|圆|块|rmb|cny|usd|hkd|twd|ntd|eur|gbp|jpy)$/i, '');
  const exponent = MULTIPLIERS[text.at(-1) ?? ''] ?? 0;
  if (exponent) text = text.slice(0, -1);
  const number = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(text);
  if (!number || (number[1] === '' && !number[2])) return { ok: false, reason: 'invalid_money' };
  const digits = (number[1] ?? '').replace(/,/g, '') + (number[2] ?? '');
  // Shift the decimal point: the value is digits × 10^(exponent − fraction length), rounded to cents.
  const scale = exponent - (number[2] ?? '').length + 2;
  let cents = BigInt(digits || '0');
  if (scale >= 0) cents *= 10n ** BigInt(scale);
  else {
    const divisor = 10n ** BigInt(-scale);
    cents = (cents + divisor / 2n) / divisor;
  }
  const whole = (cents / 100n).toString();
  if (whole.length > MAX_INTEGER_DIGITS) return { ok: false, reason: 'money_out_of_range' };
  const value = `${whole}.${(cents % 100n).toString().padStart(2, '0')}`;
  return { ok: true, value: negative && cents !== 0n ? `-${value}` : value };
}

/** Tags split on commas, semicolons, 、 and | (full-width too), trimmed, blanks and repeats dropped. */
export function parseTags(s: string): ParseResult<string[]> {
  const tags = s
    .split(/[,，;；、|｜]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return { ok: true, value: [...new Set(tags)] };
}
