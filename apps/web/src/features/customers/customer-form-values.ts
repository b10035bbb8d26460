import dayjs, { type Dayjs } from 'dayjs';
import type { Customer, CustomerKind, CustomField, Gender, ProfileKey, PurchaseClass, Tier } from '../../api/types';
import { PROFILE_KEYS } from '../../api/types';
import { blankToNull } from '../../components/form-rules';
import { emailRows, emailsInput, phoneRows, phonesInput, type EmailRow, type PhoneRow } from './contact-point-fields';
import { addressLine } from './customer-values';

type CodeRow = { system?: string; code?: string };
type CustomFormValue = string | number | string[] | Dayjs | null | undefined;

/** The customer form's values: dates as Dayjs, addresses as one line each, lists as rows. */
export type CustomerFormValues = {
  kind: CustomerKind;
  name: string;
  gender?: Gender | null;
  birthday?: Dayjs | null;
  website?: string | null;
  phones?: PhoneRow[];
  emails?: EmailRow[];
  externalCodes?: CodeRow[];
  notes?: string | null;
  address?: string;
  deliveryAddress?: string;
  invoiceAddress?: string;
  currency?: string | null;
  paymentTerms?: string | null;
  discountTerms?: string | null;
  taxRule?: string | null;
  commissionCode?: string | null;
  quotationNotes?: string | null;
  bankAccount?: string | null;
  creditLimit?: string | null;
  paymentRecord?: string | null;
  ownerId?: string | null;
  branchId?: string | null;
  industry?: string | null;
  customerType?: string | null;
  source?: string | null;
  purchaseClass?: PurchaseClass | null;
  tier?: Tier | null;
  tags?: string[];
  profile?: Partial<Record<ProfileKey, string | null>>;
  custom?: Record<string, CustomFormValue>;
};

/** The body of POST/PATCH /customers; empty fields are null so that emptying a field clears it. */
export type CustomerInput = Record<string, unknown>;

const TEXT_FIELDS = [
  'website',
  'notes',
  'paymentTerms',
  'discountTerms',
  'taxRule',
  'commissionCode',
  'quotationNotes',
  'industry',
  'customerType',
  'source',
] as const;
const SENSITIVE_TEXT_FIELDS = ['bankAccount', 'paymentRecord'] as const;
const ADDRESS_FIELDS = ['address', 'deliveryAddress', 'invoiceAddress'] as const;

export function formValuesOf(customer: Customer, customFields: CustomField[]): CustomerFormValues {
  const custom: Record<string, CustomFormValue> = {};
  for (const field of customFields) {
    const value = customer.custom[field.key];
    custom[field.key] = field.type === 'date' && typeof value === 'string' ? dayjs(value) : value;
  }
  return {
    ...customer,
    birthday: customer.birthday ? dayjs(customer.birthday) : null,
    phones: phoneRows(customer.phones),
    emails: emailRows(customer.emails),
    externalCodes: Object.entries(customer.externalCodes).map(([system, code]) => ({ system, code })),
    address: addressLine(customer.address),
    deliveryAddress: addressLine(customer.deliveryAddress),
    invoiceAddress: addressLine(customer.invoiceAddress),
    profile: { ...customer.profile },
    custom,
  };
}

function customInput(values: CustomerFormValues['custom'], customFields: CustomField[]): Record<string, string | number | string[] | null> {
  const result: Record<string, string | number | string[] | null> = {};
  for (const field of customFields) {
    const value = values?.[field.key];
    if (dayjs.isDayjs(value)) result[field.key] = value.format('YYYY-MM-DD');
    else if (Array.isArray(value)) result[field.key] = value.length ? value : null;
    else if (typeof value === 'string') result[field.key] = blankToNull(value);
    else result[field.key] = value ?? null;
  }
  return result;
}

/**
 * The API body for the form's values. Sensitive fields are sent only by those allowed to see them:
 * the server refuses them from anyone else.
 */
export function customerInput(values: CustomerFormValues, customFields: CustomField[], sensitive: boolean): CustomerInput {
  const body: CustomerInput = {
    kind: values.kind,
    name: values.name.trim(),
    gender: values.kind === 'person' ? (values.gender ?? null) : null,
    birthday: values.kind === 'person' && values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
    phones: phonesInput(values.phones),
    emails: emailsInput(values.emails),
    externalCodes: Object.fromEntries(
      (values.externalCodes ?? []).filter((r) => r.system?.trim() && r.code?.trim()).map((r) => [r.system!.trim(), r.code!.trim()]),
    ),
    currency: values.currency?.trim() ? values.currency.trim().toUpperCase() : null,
    ownerId: values.ownerId ?? null,
    branchId: values.branchId ?? null,
    purchaseClass: values.purchaseClass ?? null,
    tier: values.tier ?? null,
    tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
    profile: Object.fromEntries(PROFILE_KEYS.map((key) => [key, blankToNull(values.profile?.[key])])),
    custom: customInput(values.custom, customFields),
  };
  for (const key of TEXT_FIELDS) body[key] = blankToNull(values[key]);
  for (const key of ADDRESS_FIELDS) body[key] = blankToNull(values[key]);
  if (sensitive) {
    for (const key of SENSITIVE_TEXT_FIELDS) body[key] = blankToNull(values[key]);
    body.creditLimit = blankToNull(values.creditLimit === null || values.creditLimit === undefined ? null : String(values.creditLimit));
  }
  return body;
}

/**
 * The fields of `next` that differ from `before`: an edit sends only what the person changed, so
 * an untouched address is not parsed again and a colleague's change elsewhere is not overwritten.
 */
export function changedFields(next: CustomerInput, before: CustomerInput): CustomerInput {
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
}

/** Fields whose change may make the customer look like another one. */
export const IDENTITY_FIELDS = ['name', 'phones', 'emails', 'externalCodes'];

/** What the duplicate check compares: name, phones, emails, codes and where the customer is. */
export function duplicateCheckBody(input: CustomerInput): CustomerInput {
  const { kind, name, phones, emails, externalCodes, address } = input;
  return Object.fromEntries(
    Object.entries({ kind, name, phones, emails, externalCodes, address }).filter(([, v]) => v !== null && v !== undefined),
  );
}
