import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PROFILE_KEYS, type CustomField } from '../../../api/types';
import { useCustomFields } from '../customer-queries';

/**
 * The standard fields a column may fill, grouped as the person thinks of them. The keys are the
 * server's import fields (apps/server/src/modules/customers/import-mapping.ts).
 */
const FIELD_GROUPS: { group: string; fields: readonly string[] }[] = [
  { group: 'basic', fields: ['code', 'kind', 'name', 'gender', 'birthday', 'website', 'notes'] },
  { group: 'channels', fields: ['mobile', 'phone', 'email'] },
  {
    group: 'address',
    fields: ['address', 'country', 'province', 'city', 'district', 'postalCode', 'deliveryAddress', 'invoiceAddress'],
  },
  { group: 'externalCodes', fields: ['externalCodes.erp', 'externalCodes.ecommerce'] },
  { group: 'classification', fields: ['industry', 'customerType', 'source', 'purchaseClass', 'tier', 'tags'] },
  { group: 'sales', fields: ['ownerEmail', 'branch'] },
  {
    group: 'finance',
    fields: [
      'currency',
      'paymentTerms',
      'discountTerms',
      'taxRule',
      'commissionCode',
      'quotationNotes',
      'bankAccount',
      'creditLimit',
      'paymentRecord',
    ],
  },
  { group: 'contact', fields: ['contactName', 'contactTitle', 'contactPhone', 'contactEmail'] },
  { group: 'profile', fields: PROFILE_KEYS.map((key) => `profile.${key}`) },
];

/** Fields several columns may fill at once: a file often has a mobile and a landline column, or two emails. */
export const REPEATABLE_FIELDS: ReadonlySet<string> = new Set(['phone', 'mobile', 'email']);

/** Fields without which a new customer cannot be created. */
export const REQUIRED_FOR_CREATE = 'name';

/** The label of a field key: a standard one in the person's language, a custom one by its own label. */
export function fieldLabel(t: TFunction, key: string, customFields: CustomField[]): string {
  if (key.startsWith('custom.')) {
    const custom = customFields.find((f) => `custom.${f.key}` === key);
    return custom?.label ?? key.slice('custom.'.length);
  }
  if (key.startsWith('externalCodes.')) {
    // Any system may have its codes imported; the UI knows the names of the common ones.
    const system = key.slice('externalCodes.'.length);
    return t(`imports.fields.${key}`, { defaultValue: t('imports.externalCodeOther', { system }) });
  }
  return t(`imports.fields.${key}`, { defaultValue: key });
}

export type FieldOptionGroup = { label: string; options: { value: string; label: string }[] };

/**
 * The choices of the mapping selects, grouped: standard fields, the tenant's custom fields, and any
 * field the server suggested that this UI does not know yet (so a newer server's choice still shows).
 */
export function useFieldOptions(suggested: (string | null)[]): FieldOptionGroup[] {
  const { t } = useTranslation();
  const custom = useCustomFields().rows;
  const groups: FieldOptionGroup[] = FIELD_GROUPS.map(({ group, fields }) => ({
    label: t(`imports.fieldGroups.${group}`),
    options: fields.map((key) => ({ value: key, label: fieldLabel(t, key, custom) })),
  }));
  if (custom.length) {
    groups.push({
      label: t('imports.fieldGroups.custom'),
      options: custom.map((f) => ({ value: `custom.${f.key}`, label: f.label })),
    });
  }
  const known = new Set(groups.flatMap((g) => g.options.map((o) => o.value)));
  const unknown = [...new Set(suggested.filter((key): key is string => key !== null && !known.has(key)))];
  if (unknown.length) {
    groups.push({
      label: t('imports.fieldGroups.other'),
      options: unknown.map((key) => ({ value: key, label: fieldLabel(t, key, custom) })),
    });
  }
  return groups;
}
