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

/** One cell of an export: lists joined, addresses as entered, nested keys followed. */
export function exportValue(c: PublicCustomer, key: string): unknown {
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
