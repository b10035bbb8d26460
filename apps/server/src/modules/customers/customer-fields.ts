import type { CustomFieldRow } from './customer-record.js';
import type { PublicCustomer } from './customers.service.js';
import { PROFILE_KEYS, type StoredAddress } from './customers.tables.js';

type Group = 'basic' | 'addresses' | 'finance' | 'sales' | 'classification' | 'profile' | 'custom';
export type FieldInfo = { key: string; group: Group; type: string; sensitive: boolean; listable: boolean; label?: string };

const f = (group: Group, type: string, keys: string[], extra: Partial<FieldInfo> = {}): FieldInfo[] =>
  keys.map((key) => ({ key, group, type, sensitive: false, listable: true, ...extra }));

/**
 * The customer's fields as the column chooser, exports and imports name them (CUST-3). Nested
 * values use dots: `externalCodes.erp`, `profile.needs`, `custom.vip_level`.
 */
export const STANDARD_FIELDS: FieldInfo[] = [
  ...f('basic', 'text', ['code', 'name']),
  ...f('basic', 'enum', ['kind', 'gender']),
  ...f('basic', 'date', ['birthday']),
  ...f('basic', 'text', ['website']),
  ...f('basic', 'phones', ['phones']),
  ...f('basic', 'emails', ['emails']),
  ...f('basic', 'text', ['notes'], { listable: false }),
  ...f('basic', 'codes', ['externalCodes']),
  ...f('addresses', 'address', ['address', 'deliveryAddress', 'invoiceAddress']),
  ...f('addresses', 'text', ['country', 'province', 'city']),
  ...f('finance', 'text', ['currency', 'paymentTerms', 'discountTerms', 'taxRule', 'commissionCode', 'quotationNotes']),
  ...f('finance', 'text', ['bankAccount', 'paymentRecord'], { sensitive: true }),
  ...f('finance', 'money', ['creditLimit'], { sensitive: true }),
  ...f('sales', 'user', ['ownerName']),
  ...f('sales', 'unit', ['branchName']),
  ...f('classification', 'text', ['industry', 'customerType', 'source']),
  ...f('classification', 'enum', ['purchaseClass', 'tier']),
  ...f('classification', 'tags', ['tags']),
  ...f('basic', 'datetime', ['createdAt', 'updatedAt']),
  ...PROFILE_KEYS.map((k): FieldInfo => ({ key: `profile.${k}`, group: 'profile', type: 'text', sensitive: false, listable: false })),
];

export function fieldCatalogue(customFields: CustomFieldRow[]): FieldInfo[] {
  return [
    ...STANDARD_FIELDS,
    ...customFields.map((c): FieldInfo => ({
      key: `custom.${c.key}`,
      group: 'custom',
      type: c.type,
      sensitive: false,
      listable: true,
      label: c.label,
    })),
  ];
}

export const DEFAULT_EXPORT_COLUMNS = [
  'code',
  'name',
  'kind',
  'phones',
  'emails',
  'address',
  'industry',
  'tier',
  'tags',
  'ownerName',
  'branchName',
];

const addressText = (a: StoredAddress | null) =>
  a ? (a.entered ?? [a.country, a.province, a.city, a.district, a.street, a.postalCode].filter(Boolean).join(' ')) : null;

/** Coded values as readers (and imports) know them: 重要 rather than key. */
const VALUE_LABELS: Record<string, Record<string, [zhCN: string, zhTW: string, en: string]>> = {
  tier: { key: ['重要', '重要', 'Key'], strategic: ['战略', '戰略', 'Strategic'], general: ['普通', '普通', 'General'] },
  purchaseClass: { prospect: ['潜在', '潛在', 'Prospect'], regular: ['常客', '常客', 'Regular'], lapsed: ['流失', '流失', 'Lapsed'] },
  kind: { organisation: ['公司', '公司', 'Organisation'], person: ['个人', '個人', 'Person'] },
  gender: { male: ['男', '男', 'Male'], female: ['女', '女', 'Female'], other: ['其他', '其他', 'Other'] },
};

/** One cell of an export: lists joined, addresses as entered, coded values in the reader's language, nested keys followed. */
export function exportValue(c: PublicCustomer, key: string, locale: ExportLocale = 'zh-CN'): unknown {
  const labels = VALUE_LABELS[key];
  if (labels) {
    const value = (c as Record<string, unknown>)[key];
    return typeof value === 'string' ? (labels[value]?.[EXPORT_LOCALES.indexOf(locale)] ?? value) : null;
  }
  if (key.startsWith('custom.')) return c.custom[key.slice(7)] ?? null;
  if (key.startsWith('profile.')) return c.profile[key.slice(8) as keyof typeof c.profile] ?? null;
  if (key.startsWith('externalCodes.')) return c.externalCodes[key.slice(14)] ?? null;
  switch (key) {
    case 'phones':
      return c.phones.map((p) => p.number);
    case 'emails':
      return c.emails.map((e) => e.address);
    case 'externalCodes':
      return Object.entries(c.externalCodes).map(([k, v]) => `${k}:${v}`);
    case 'address':
    case 'deliveryAddress':
    case 'invoiceAddress':
      return addressText(c[key]);
    case 'country':
      return c.address?.country ?? null;
    case 'province':
      return c.address?.province ?? null;
    case 'city':
      return c.address?.city ?? null;
    default:
      return (c as Record<string, unknown>)[key] ?? null;
  }
}

export const EXPORT_LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type ExportLocale = (typeof EXPORT_LOCALES)[number];

/**
 * Column headers of exports, in the reader's language; the Chinese ones are the names imports
 * recognise, so an exported file imports back unchanged.
 */
const HEADERS: Record<string, [zhCN: string, zhTW: string, en: string]> = {
  code: ['客户编号', '客戶編號', 'Customer code'],
  name: ['客户名称', '客戶名稱', 'Name'],
  kind: ['客户性质', '客戶性質', 'Kind'],
  gender: ['性别', '性別', 'Gender'],
  birthday: ['生日', '生日', 'Birthday'],
  website: ['网址', '網址', 'Website'],
  phones: ['电话', '電話', 'Phone'],
  emails: ['邮箱', '電子郵件', 'Email'],
  notes: ['备注', '備註', 'Notes'],
  externalCodes: ['外部编号', '外部編號', 'External codes'],
  address: ['地址', '地址', 'Address'],
  deliveryAddress: ['收货地址', '收貨地址', 'Delivery address'],
  invoiceAddress: ['发票地址', '發票地址', 'Invoice address'],
  country: ['国家', '國家', 'Country'],
  province: ['省份', '省份', 'Province'],
  city: ['城市', '城市', 'City'],
  currency: ['币种', '幣別', 'Currency'],
  paymentTerms: ['付款条件', '付款條件', 'Payment terms'],
  discountTerms: ['折扣条件', '折扣條件', 'Discount terms'],
  taxRule: ['税务规则', '稅務規則', 'Tax rule'],
  commissionCode: ['佣金代码', '佣金代碼', 'Commission code'],
  quotationNotes: ['报价记录', '報價記錄', 'Quotation notes'],
  bankAccount: ['银行账号', '銀行帳號', 'Bank account'],
  creditLimit: ['信用额度', '信用額度', 'Credit limit'],
  paymentRecord: ['付款记录', '付款記錄', 'Payment record'],
  ownerName: ['负责人', '負責人', 'Owner'],
  branchName: ['分公司', '分公司', 'Branch'],
  industry: ['行业', '行業', 'Industry'],
  customerType: ['客户类型', '客戶類型', 'Customer type'],
  source: ['来源', '來源', 'Source'],
  purchaseClass: ['购买类别', '購買類別', 'Purchase class'],
  tier: ['价值等级', '價值等級', 'Tier'],
  tags: ['标签', '標籤', 'Tags'],
  createdAt: ['创建时间', '建立時間', 'Created'],
  updatedAt: ['更新时间', '更新時間', 'Updated'],
  'profile.ageBand': ['年龄段', '年齡層', 'Age band'],
  'profile.incomeBand': ['收入水平', '收入水準', 'Income band'],
  'profile.household': ['家庭状况', '家庭狀況', 'Household'],
  'profile.occupation': ['职业', '職業', 'Occupation'],
  'profile.education': ['学历', '學歷', 'Education'],
  'profile.lifestyle': ['生活方式', '生活方式', 'Lifestyle'],
  'profile.preferences': ['偏好', '偏好', 'Preferences'],
  'profile.opinions': ['客户意见', '客戶意見', 'Opinions'],
  'profile.attitude': ['对公司评价', '對公司評價', 'Attitude'],
  'profile.contractNotes': ['合同履行', '合約履行', 'Contract notes'],
  'profile.competitors': ['竞争对手', '競爭對手', 'Competitors'],
  'profile.needs': ['客户需求', '客戶需求', 'Needs'],
  'profile.potential': ['发展潜力', '發展潛力', 'Potential'],
  'profile.relationshipNotes': ['关系备注', '關係備註', 'Relationship notes'],
};

export function exportHeader(key: string, locale: ExportLocale, customFields: CustomFieldRow[]): string {
  if (key.startsWith('custom.')) return customFields.find((c) => c.key === key.slice(7))?.label ?? key;
  const labels = HEADERS[key];
  return labels ? labels[EXPORT_LOCALES.indexOf(locale)]! : key;
}
