import { type CountryCode, isSupportedCountry } from 'libphonenumber-js';
import { AppError, type FieldError } from '../../http/errors.js';
import { parseAddress } from './address.js';
import type { ContactInput, CustomerPatch } from './customers.schemas.js';
import type { CustomerValues } from './customers.repository.js';
import type { CustomerKind, CustomValue, StoredAddress, StoredEmail, StoredPhone, customFields, customers } from './customers.tables.js';
import { nameKeys, normaliseEmail, normalisePhone, normaliseText, phoneNumberDigits } from './normalise.js';

export type CustomerRow = typeof customers.$inferSelect;
export type CustomFieldRow = typeof customFields.$inferSelect;

/** The rules a tenant's data is normalised with, and the custom fields its customers may carry. */
export type RecordContext = { region: CountryCode; customFields: CustomFieldRow[] };

/** Thrown with every invalid field of one record at once, so a form (or an import row) shows them all. */
export function invalidFields(errors: FieldError[]): AppError {
  return new AppError('validation', 'Some values are missing or invalid.', { reason: 'invalid_values', errors });
}

/**
 * Phones read in `region`; one that does not read there is tried in `fallback` too — a Taipei
 * customer's 00886 2 2345 6789 dialled from the tenant's own country.
 */
export function phonesOf(
  inputs: { label?: StoredPhone['label']; number: string }[],
  region: CountryCode,
  path: string,
  errors: FieldError[],
  fallback?: CountryCode,
) {
  const phones: StoredPhone[] = [];
  inputs.forEach((p, i) => {
    let n = normalisePhone(p.number, region);
    if (!n.valid && fallback && fallback !== region) n = normalisePhone(p.number, fallback);
    if (!n.valid) {
      errors.push({
        path: `${path}.${i}.number`,
        message: `"${p.number}" is not a phone number we can dial.`,
        reason: 'invalid_phone',
        params: { value: p.number },
      });
    } else if (!phones.some((x) => x.number === n.number)) {
      phones.push({ label: p.label ?? 'mobile', number: n.number, entered: p.number, valid: true });
    }
  });
  return phones;
}

export function emailsOf(inputs: { label?: StoredEmail['label']; address: string }[], path: string, errors: FieldError[]) {
  const emails: StoredEmail[] = [];
  inputs.forEach((e, i) => {
    const n = normaliseEmail(e.address);
    if (!n.valid) {
      errors.push({
        path: `${path}.${i}.address`,
        message: `"${e.address}" is not an email address.`,
        reason: 'invalid_email',
        params: { value: e.address },
      });
    } else if (!emails.some((x) => x.address === n.address)) {
      emails.push({ label: e.label ?? 'work', address: n.address, entered: e.address, valid: true });
    }
  });
  return emails;
}

/** Digits as searched: the E.164 digits, which also hold the national number as their tail. */
const phoneDigits = (phones: StoredPhone[]) => phones.map((p) => phoneNumberDigits(p.number));

export function addressOf(input: CustomerPatch['address'], region: string): StoredAddress | null | undefined {
  if (input === undefined) return undefined;
  if (input === null) return null;
  if (typeof input === 'string') return input.trim() ? parseAddress(input, region) : null;
  const parsed = input.entered ? parseAddress(input.entered, region) : undefined;
  const part = (v: string | null | undefined, fallback: string | null | undefined) => (v ? normaliseText(v) : (fallback ?? null));
  return {
    entered: input.entered ?? null,
    country: part(input.country?.toUpperCase(), parsed?.country),
    province: part(input.province, parsed?.province),
    city: part(input.city, parsed?.city),
    district: part(input.district, parsed?.district),
    street: part(input.street, parsed?.street),
    postalCode: part(input.postalCode, parsed?.postalCode),
  };
}

export function nameColumns(entered: string, kind?: CustomerKind) {
  const name = normaliseText(entered);
  // Surname readings (单 as shan) only for people: in company names they break ordinary words.
  const keys = nameKeys(name, kind);
  return { name, nameEntered: entered, nameKey: keys.key, namePinyin: keys.pinyin, nameInitials: keys.initials };
}

/** One text searched by trigrams: name key and pinyin, code, emails, phone digits and external codes. */
export function searchTextOf(r: Pick<CustomerRow, 'nameKey' | 'namePinyin' | 'code' | 'emailAddresses' | 'phoneNumbers' | 'externalKeys'>) {
  return [
    r.nameKey,
    r.namePinyin,
    r.code.toLowerCase(),
    ...r.emailAddresses,
    ...r.phoneNumbers,
    ...r.externalKeys.map((k) => k.toLowerCase()),
  ]
    .filter(Boolean)
    .join(' ');
}

function customValue(field: CustomFieldRow, value: CustomValue, path: string, errors: FieldError[]): CustomValue {
  const bad = (message: string) => {
    errors.push({ path, message, reason: 'custom_field_invalid', params: { field: field.label } });
    return null;
  };
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  switch (field.type) {
    case 'text':
      return typeof value === 'string' ? normaliseText(value).slice(0, 2000) : bad('Expected text.');
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/,/g, '')) : NaN;
      return Number.isFinite(n) ? n : bad('Expected a number.');
    }
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? value
        : bad('Expected a date as YYYY-MM-DD.');
    case 'choice':
      return typeof value === 'string' && field.options.includes(value) ? value : bad(`Expected one of: ${field.options.join(', ')}.`);
    case 'multi_choice': {
      const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
      return values.length > 0 && values.every((v) => field.options.includes(v))
        ? [...new Set(values)]
        : bad(`Expected some of: ${field.options.join(', ')}.`);
    }
  }
}

function customOf(
  input: Record<string, CustomValue>,
  before: Record<string, CustomValue>,
  ctx: RecordContext,
  creating: boolean,
  errors: FieldError[],
) {
  const result: Record<string, CustomValue> = { ...before };
  for (const [key, value] of Object.entries(input)) {
    const field = ctx.customFields.find((f) => f.key === key);
    if (!field) {
      errors.push({
        path: `custom.${key}`,
        message: `There is no custom field "${key}".`,
        reason: 'custom_field_invalid',
        params: { field: key },
      });
      continue;
    }
    const v = customValue(field, value, `custom.${key}`, errors);
    if (v === null) delete result[key];
    else result[key] = v;
  }
  if (creating) {
    for (const f of ctx.customFields) {
      if (f.required && (result[f.key] === undefined || result[f.key] === null)) {
        errors.push({
          path: `custom.${f.key}`,
          message: `${f.label} is required.`,
          reason: 'custom_field_invalid',
          params: { field: f.label },
        });
      }
    }
  }
  return result;
}

const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v && normaliseText(v) ? normaliseText(v) : null);
const proseOrNull = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() ? v.trim() : null);

/**
 * Turns what a user sent into stored values: normalised (CUST-4), with the entered text kept, and
 * the derived matching and search columns. `before` is the stored row when updating. Throws one
 * validation error naming every invalid field.
 */
export function customerValues(input: CustomerPatch, ctx: RecordContext, before?: CustomerRow): CustomerValues {
  const errors: FieldError[] = [];
  const v: CustomerValues = {};
  if (input.kind !== undefined) v.kind = input.kind;
  if (input.name !== undefined) Object.assign(v, nameColumns(input.name, input.kind ?? before?.kind));
  if (input.gender !== undefined) v.gender = input.gender;
  if (input.birthday !== undefined) v.birthday = input.birthday;
  // Values people filter and match on are width-folded like names; prose keeps its own punctuation and lines.
  for (const key of ['website', 'industry', 'customerType', 'source', 'commissionCode', 'bankAccount'] as const) {
    const value = blankToNull(input[key]);
    if (value !== undefined) v[key] = value;
  }
  for (const key of ['paymentTerms', 'discountTerms', 'taxRule', 'quotationNotes', 'paymentRecord', 'notes'] as const) {
    const value = proseOrNull(input[key]);
    if (value !== undefined) v[key] = value;
  }
  if (input.purchaseClass !== undefined) v.purchaseClass = input.purchaseClass;
  if (input.tier !== undefined) v.tier = input.tier;
  if (input.currency !== undefined) v.currency = input.currency;
  if (input.creditLimit !== undefined) v.creditLimit = input.creditLimit === null ? null : twoDecimals(input.creditLimit);
  if (input.ownerId !== undefined) v.ownerId = input.ownerId;
  if (input.branchId !== undefined) v.branchId = input.branchId;
  if (input.tags !== undefined) v.tags = [...new Set(input.tags.map(normaliseText).filter(Boolean))];

  if (input.emails !== undefined) {
    v.emails = emailsOf(input.emails, 'emails', errors);
    v.emailAddresses = v.emails.map((e) => e.address);
  }
  const address = addressOf(input.address, ctx.region);
  if (address !== undefined) {
    v.address = address;
    v.country = address?.country ?? null;
    v.province = address?.province ?? null;
    v.city = address?.city ?? null;
  }
  if (input.phones !== undefined) {
    // A Taipei customer's 02-2345-6789 is a Taipei number, whatever the tenant's own region.
    const country = (address ?? before?.address)?.country;
    const region = country && isSupportedCountry(country) ? country : ctx.region;
    v.phones = phonesOf(input.phones, region, 'phones', errors, ctx.region);
    v.phoneNumbers = phoneDigits(v.phones);
  }
  const delivery = addressOf(input.deliveryAddress, ctx.region);
  if (delivery !== undefined) v.deliveryAddress = delivery;
  const invoice = addressOf(input.invoiceAddress, ctx.region);
  if (invoice !== undefined) v.invoiceAddress = invoice;
  if (input.externalCodes !== undefined) {
    const codes = Object.fromEntries(
      Object.entries(input.externalCodes)
        .map(([k, c]) => [k, normaliseText(c)] as const)
        .filter(([, c]) => c),
    );
    v.externalCodes = codes;
    v.externalKeys = [...new Set(Object.values(codes))];
  }
  if (input.profile !== undefined) {
    const profile = { ...(before?.profile ?? {}) };
    for (const [k, value] of Object.entries(input.profile)) {
      const clean = proseOrNull(value);
      if (clean) profile[k as keyof typeof profile] = clean;
      else delete profile[k as keyof typeof profile];
    }
    v.profile = profile;
  }
  if (input.custom !== undefined || !before) v.custom = customOf(input.custom ?? {}, before?.custom ?? {}, ctx, !before, errors);
  if (errors.length) throw invalidFields(errors);
  return v;
}

const SHORTEST_PHONE_TAIL = 3;
const LONGEST_PHONE_TAIL = 8;

/** What `phone_tails` holds for these normalised numbers: the last 3 … 8 digits of each. */
export function phoneTailsOf(phoneNumbers: string[]): string[] {
  const tails = new Set<string>();
  for (const number of phoneNumbers) {
    const digits = phoneNumberDigits(number);
    for (let n = SHORTEST_PHONE_TAIL; n <= Math.min(LONGEST_PHONE_TAIL, digits.length); n++) tails.add(digits.slice(-n));
  }
  return [...tails];
}

/** Whether a search for these digits is a last-digits search that `phone_tails` answers. */
export const isPhoneTail = (digits: string) => digits.length >= SHORTEST_PHONE_TAIL && digits.length <= LONGEST_PHONE_TAIL;

/** The derived search columns (search text, phone tails) of a row after `values` are applied to `before`. */
export function withSearchColumns(values: CustomerValues, before: Partial<CustomerRow> & { code: string }): CustomerValues {
  const merged = { ...before, ...values };
  return {
    ...values,
    phoneTails: phoneTailsOf(merged.phoneNumbers ?? []),
    searchText: searchTextOf({
      nameKey: merged.nameKey ?? '',
      namePinyin: merged.namePinyin ?? '',
      code: merged.code,
      emailAddresses: merged.emailAddresses ?? [],
      phoneNumbers: merged.phoneNumbers ?? [],
      externalKeys: merged.externalKeys ?? [],
    }),
  };
}

export function contactValues(input: Partial<ContactInput>, region: CountryCode) {
  const errors: FieldError[] = [];
  const v: Record<string, unknown> = {};
  if (input.name !== undefined) {
    const n = nameColumns(input.name, 'person');
    Object.assign(v, { name: n.name, nameKey: n.nameKey, namePinyin: n.namePinyin });
  }
  if (input.title !== undefined) v.title = blankToNull(input.title);
  if (input.notes !== undefined) v.notes = proseOrNull(input.notes);
  for (const key of ['role', 'influence', 'isPrimary', 'birthday'] as const) if (input[key] !== undefined) v[key] = input[key];
  if (input.phones !== undefined) {
    const phones = phonesOf(input.phones, region, 'phones', errors);
    Object.assign(v, { phones, phoneNumbers: phoneDigits(phones) });
  }
  if (input.emails !== undefined) {
    const emails = emailsOf(input.emails, 'emails', errors);
    Object.assign(v, { emails, emailAddresses: emails.map((e) => e.address) });
  }
  if (errors.length) throw invalidFields(errors);
  return v;
}

/** A money amount as numeric(18,2) shows it: 50000 → 50000.00, without going through floating point. */
export function twoDecimals(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** Customer codes as people see them: C000001; more digits once a tenant passes a million. */
export const customerCode = (n: number) => `C${String(n).padStart(6, '0')}`;
