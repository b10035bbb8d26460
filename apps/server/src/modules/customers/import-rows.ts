import { isSupportedCountry } from 'libphonenumber-js';
import { AppError, type FieldError } from '../../http/errors.js';
import { contactValues, customerValues, type CustomerRow, type CustomFieldRow, type RecordContext } from './customer-record.js';
import type { CustomerValues } from './customers.repository.js';
import { ContactInput, CustomerPatch } from './customers.schemas.js';
import { PROFILE_KEYS, type StoredEmail, type StoredPhone } from './customers.tables.js';
import { countryFromName } from './country-names.js';
import type { FileRow } from './import-file.js';
import {
  IMPORT_FIELDS,
  type ParseReason,
  type ParseResult,
  parseDate,
  parseGender,
  parseKind,
  parseMoney,
  parsePurchaseClass,
  parseTags,
  parseTier,
} from './import-mapping.js';

/**
 * One row of an import file becoming a customer (CUST-6): the cells read through the column
 * mapping and the typed-value parsers, checked by the same schema as the API, and normalised by
 * the same rules as a form (customerValues). Every problem names the column as the file's header
 * has it and the cell as it was written, so a person can find and fix it in the original file.
 */

/** Why a row (or one of its cells) was refused: a stable code the web UI words; `describeRowError` words it in English. */
export type RowReason =
  | ParseReason
  | 'ragged_row'
  | 'name_required'
  | 'required'
  | 'invalid_phone'
  | 'invalid_email'
  | 'invalid_number'
  | 'invalid_choice'
  | 'invalid_country'
  | 'invalid_value'
  | 'value_too_long'
  | 'too_many_values'
  | 'owner_not_found'
  | 'branch_not_found'
  | 'unknown_code'
  | 'not_found'
  | 'already_exists'
  | 'duplicate_in_file'
  | 'ambiguous_match'
  | 'permission_denied'
  | 'sensitive_field_forbidden';

export type RowError = { column: string | null; value: string | null; reason: RowReason };

const ROW_REASON_TEXT: Record<RowReason, string> = {
  invalid_tier: 'Not a tier: use key (重要), strategic (战略) or general (普通).',
  invalid_purchase_class: 'Not a purchase class: use prospect (潜在), regular (常客) or lapsed (流失).',
  invalid_kind: 'Neither an organisation (公司) nor a person (个人).',
  invalid_gender: 'Not a gender: use 男/male or 女/female.',
  invalid_date: 'Not a date: write it as 2024-03-05.',
  ambiguous_date: 'This date can be read two ways: write it as 2024-03-05.',
  invalid_money: 'Not an amount.',
  money_out_of_range: 'The amount is too large.',
  ragged_row: 'The row has a different number of cells than the header, so its columns may be shifted.',
  name_required: 'The name is missing.',
  required: 'This value is required.',
  invalid_phone: 'Not a phone number that can be dialled.',
  invalid_email: 'Not an email address.',
  invalid_number: 'Not a number.',
  invalid_choice: 'Not one of the choices of this field.',
  invalid_country: 'Not a country: use a name or a two-letter code such as CN.',
  invalid_value: 'The value is not valid here.',
  value_too_long: 'The value is too long.',
  too_many_values: 'Too many values in one customer.',
  owner_not_found: 'No user has this email.',
  branch_not_found: 'No branch or unit has this name.',
  unknown_code: 'No customer has this code; codes are given by Rapport, so leave the cell empty for a new customer.',
  not_found: 'No existing customer matches this row, and the import only updates.',
  already_exists: 'This customer already exists, and the import only creates.',
  duplicate_in_file: 'An earlier row of the file is the same customer, and the import only creates.',
  ambiguous_match: 'This row matches several existing customers.',
  permission_denied: 'You may not create or change this customer.',
  sensitive_field_forbidden: 'Changing bank account, credit limit or payment record needs the permission customers.sensitive.',
};

/** A row error's reason as a sentence, for the downloadable error report (a code unknown to this version as is). */
export const describeRowReason = (reason: string) => ROW_REASON_TEXT[reason as RowReason] ?? reason;

// ---------------------------------------------------------------------------------------------
// The mapping

/** Fields several columns may fill; each other field takes at most one column. */
const REPEATABLE = new Set(['phone', 'mobile', 'email']);
/** Fields only holders of customers.sensitive may set (DESIGN §5). */
export const SENSITIVE_IMPORT_FIELDS = new Set(['bankAccount', 'creditLimit', 'paymentRecord']);
const STANDARD_FIELDS = new Set<string>(IMPORT_FIELDS);
const EXTERNAL_SYSTEM = /^[a-z][a-z0-9_]{0,29}$/;
const PROFILE_KEY_SET = new Set<string>(PROFILE_KEYS);

export type MappedColumn = { index: number; header: string; field: string };

/** A mapping checked against the file's headers and the tenant's fields, ready to read rows with. */
export type CompiledMapping = {
  headers: string[];
  columns: MappedColumn[];
  /** The first column mapped to `field`. */
  columnOf(field: string): MappedColumn | undefined;
  customFields: Map<string, CustomFieldRow>;
};

/** Whether `field` is something an import column may fill, for this tenant. */
function knownField(field: string, customFields: Map<string, CustomFieldRow>): boolean {
  if (STANDARD_FIELDS.has(field)) return true;
  const [group, key = ''] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
  if (group === 'externalCodes') return EXTERNAL_SYSTEM.test(key);
  if (group === 'profile') return PROFILE_KEY_SET.has(key);
  if (group === 'custom') return customFields.has(key);
  return false;
}

/**
 * Checks a mapping (column index as a string → field or null) and compiles it.
 * @throws AppError validation naming each bad entry as `mapping.<index>`.
 */
export function compileMapping(
  headers: string[],
  mapping: Record<string, string | null>,
  customFieldRows: CustomFieldRow[],
): CompiledMapping {
  const customFields = new Map(customFieldRows.map((f) => [f.key, f]));
  const errors: FieldError[] = [];
  const columns: MappedColumn[] = [];
  const taken = new Map<string, number>();
  for (const [key, field] of Object.entries(mapping)) {
    if (field === null) continue;
    const index = Number(key);
    const path = `mapping.${key}`;
    if (!/^\d+$/.test(key) || index >= headers.length) {
      errors.push({ path, message: `The file has no column ${key}.`, reason: 'invalid_values' });
    } else if (!knownField(field, customFields)) {
      errors.push({ path, message: `"${field}" is not a field a column can be imported into.`, reason: 'invalid_values' });
    } else if (!REPEATABLE.has(field) && taken.has(field)) {
      errors.push({
        path,
        message: `Only one column can fill ${field}; column ${taken.get(field)} does already.`,
        reason: 'invalid_values',
      });
    } else {
      taken.set(field, index);
      columns.push({ index, header: headers[index]!, field });
    }
  }
  if (errors.length) throw new AppError('validation', 'The column mapping is not valid.', { reason: 'invalid_values', errors });
  columns.sort((a, b) => a.index - b.index);
  return { headers, columns, columnOf: (field) => columns.find((c) => c.field === field), customFields };
}

// ---------------------------------------------------------------------------------------------
// Rows

/** What one row asks for, normalised; `values` is absent when the row has errors. */
export type PreparedRow = {
  rowNumber: number;
  errors: RowError[];
  /** Only the fields whose cells are filled: an import never blanks what a file leaves empty. */
  values?: CustomerValues;
  /** The kind was guessed from the name for a new customer, and must not change an existing one's. */
  kindGuessed: boolean;
  /** A customer code to match by (codes are Rapport's; a file only refers to them). */
  code?: string;
  owner?: { email: string; column: string };
  branch?: { name: string; column: string };
  /** The organisation's contact person, normalised (contactValues). */
  contact?: Record<string, unknown> & { name: string; nameKey: string };
  setsSensitive: boolean;
};

type Source = { column: string; value: string };

/** A row being read: the API input it builds, and which cell each part of it came from. */
class RowReader {
  readonly input: Record<string, unknown> = {};
  readonly sources = new Map<string, Source>();
  readonly errors: RowError[] = [];
  readonly phones: { label: StoredPhone['label']; number: string }[] = [];
  readonly emails: { label: StoredEmail['label']; address: string }[] = [];
  readonly contactPhones: { number: string }[] = [];
  readonly contactEmails: { address: string }[] = [];
  readonly contactSources = new Map<string, Source>();
  readonly address: Record<string, string> = {};
  contact: { name?: string; title?: string } = {};
  code?: string;
  owner?: { email: string; column: string };
  branch?: { name: string; column: string };

  refuse(source: Source | undefined, reason: RowReason) {
    this.errors.push({ column: source?.column ?? null, value: source?.value ?? null, reason });
  }

  set(path: string, value: unknown, source: Source) {
    this.input[path] = value;
    this.sources.set(path, source);
  }

  setIn(group: string, key: string, value: unknown, source: Source) {
    const target = (this.input[group] ??= {}) as Record<string, unknown>;
    target[key] = value;
    this.sources.set(`${group}.${key}`, source);
  }

  parsed<T>(result: ParseResult<T>, source: Source, store: (value: T) => void) {
    if (!result.ok) this.refuse(source, result.reason);
    else if (result.value !== null) store(result.value);
  }

  /** The cell an error path (phones.1.number, custom.vip) came from: the nearest registered prefix. */
  sourceOf(path: string, sources = this.sources): Source | undefined {
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const source = sources.get(p);
      if (source) return source;
    }
    return undefined;
  }
}

const LIST_SEPARATORS = /[/;；,，、|｜\n]+/;
const EMAIL_SEPARATORS = /[;；,，、|｜\s]+/;
const splitList = (cell: string, separators: RegExp) =>
  cell
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);

const COUNTRY_WORDS: Record<string, string> = {
  中国: 'CN',
  中國: 'CN',
  中华人民共和国: 'CN',
  中國大陸: 'CN',
  中国大陆: 'CN',
  台湾: 'TW',
  台灣: 'TW',
  臺灣: 'TW',
  香港: 'HK',
  澳门: 'MO',
  澳門: 'MO',
  美国: 'US',
  美國: 'US',
  英国: 'GB',
  英國: 'GB',
  日本: 'JP',
  韩国: 'KR',
  韓國: 'KR',
  新加坡: 'SG',
  德国: 'DE',
  德國: 'DE',
  法国: 'FR',
  法國: 'FR',
  加拿大: 'CA',
  澳大利亚: 'AU',
  澳洲: 'AU',
  马来西亚: 'MY',
  馬來西亞: 'MY',
};

function countryCode(cell: string): string | null {
  const text = cell.normalize('NFKC').trim();
  if (/^[a-z]{2}$/i.test(text)) return text.toUpperCase();
  return COUNTRY_WORDS[text] ?? countryFromName(text);
}

/** Legal forms and words that only organisations carry in their names. */
const ORGANISATION_WORDS =
  /(公司|集团|集團|企业|企業|工厂|工廠|厂$|廠$|商行|商店|工作室|事务所|事務所|医院|醫院|学校|學校|大学|大學|银行|銀行|协会|協會|研究所|中心$|门店|門市)/;
const ORGANISATION_LATIN =
  /\b(co|corp|corporation|inc|ltd|llc|llp|gmbh|ag|plc|limited|company|group|pte|bv|srl|sarl|holdings|trading)\b\.?/i;

/** A new customer needs a kind; without a kind column, its name (or a contact person) says which. */
function guessKind(name: string | undefined, hasContact: boolean): 'organisation' | 'person' {
  if (hasContact) return 'organisation';
  return name && (ORGANISATION_WORDS.test(name) || ORGANISATION_LATIN.test(name)) ? 'organisation' : 'person';
}

function readCell(r: RowReader, column: MappedColumn, cell: string, customFields: Map<string, CustomFieldRow>) {
  const source = { column: column.header, value: cell };
  const field = column.field;
  const dot = field.indexOf('.');
  if (dot > 0) {
    const group = field.slice(0, dot);
    const key = field.slice(dot + 1);
    if (group === 'custom') readCustomCell(r, customFields.get(key)!, cell, source);
    else r.setIn(group, key, cell, source);
    return;
  }
  switch (field) {
    case 'code':
      r.code = cell.normalize('NFKC').trim().toUpperCase();
      break;
    case 'kind':
      r.parsed(parseKind(cell), source, (v) => r.set('kind', v, source));
      break;
    case 'gender':
      r.parsed(parseGender(cell), source, (v) => r.set('gender', v, source));
      break;
    case 'birthday':
      r.parsed(parseDate(cell), source, (v) => r.set('birthday', v, source));
      break;
    case 'tier':
      r.parsed(parseTier(cell), source, (v) => r.set('tier', v, source));
      break;
    case 'purchaseClass':
      r.parsed(parsePurchaseClass(cell), source, (v) => r.set('purchaseClass', v, source));
      break;
    case 'creditLimit':
      r.parsed(parseMoney(cell), source, (v) => r.set('creditLimit', v, source));
      break;
    case 'tags':
      r.parsed(parseTags(cell), source, (v) => r.set('tags', v, source));
      break;
    case 'currency':
      r.set('currency', cell.normalize('NFKC').trim().toUpperCase(), source);
      break;
    case 'phone':
    case 'mobile':
      for (const number of splitList(cell, LIST_SEPARATORS)) {
        r.sources.set(`phones.${r.phones.length}`, source);
        r.phones.push({ label: field === 'mobile' ? 'mobile' : 'work', number });
      }
      break;
    case 'email':
      for (const address of splitList(cell, EMAIL_SEPARATORS)) {
        r.sources.set(`emails.${r.emails.length}`, source);
        r.emails.push({ label: 'work', address });
      }
      break;
    case 'address':
      r.address.entered = cell;
      r.sources.set('address', source);
      break;
    case 'postalCode':
    case 'province':
    case 'city':
    case 'district':
      r.address[field] = cell;
      r.sources.set(`address.${field}`, source);
      break;
    case 'country': {
      const country = countryCode(cell);
      if (country) {
        r.address.country = country;
        r.sources.set('address.country', source);
      } else r.refuse(source, 'invalid_country');
      break;
    }
    case 'ownerEmail':
      r.owner = { email: cell.normalize('NFKC').trim().toLowerCase(), column: column.header };
      break;
    case 'branch':
      r.branch = { name: cell, column: column.header };
      break;
    case 'contactName':
    case 'contactTitle':
      r.contact[field === 'contactName' ? 'name' : 'title'] = cell;
      r.contactSources.set(field === 'contactName' ? 'name' : 'title', source);
      break;
    case 'contactPhone':
      for (const number of splitList(cell, LIST_SEPARATORS)) {
        r.contactSources.set(`phones.${r.contactPhones.length}`, source);
        r.contactPhones.push({ number });
      }
      break;
    case 'contactEmail':
      for (const address of splitList(cell, EMAIL_SEPARATORS)) {
        r.contactSources.set(`emails.${r.contactEmails.length}`, source);
        r.contactEmails.push({ address });
      }
      break;
    default:
      // name, website, industry, notes and the other text fields go in as written; the schema checks their length.
      r.set(field, cell, source);
  }
}

/** Custom fields are typed by the tenant: the cell is read as that type, so the refusal can say what was expected. */
function readCustomCell(r: RowReader, field: CustomFieldRow, cell: string, source: Source) {
  switch (field.type) {
    case 'text':
      r.setIn('custom', field.key, cell, source);
      return;
    case 'number': {
      const n = Number(cell.normalize('NFKC').replace(/[,\s]/g, ''));
      if (Number.isFinite(n)) r.setIn('custom', field.key, n, source);
      else r.refuse(source, 'invalid_number');
      return;
    }
    case 'date':
      r.parsed(parseDate(cell), source, (v) => r.setIn('custom', field.key, v, source));
      return;
    case 'choice':
      if (field.options.includes(cell)) r.setIn('custom', field.key, cell, source);
      else r.refuse(source, 'invalid_choice');
      return;
    case 'multi_choice': {
      const values = splitList(cell, LIST_SEPARATORS);
      if (values.every((v) => field.options.includes(v))) r.setIn('custom', field.key, values, source);
      else r.refuse(source, 'invalid_choice');
      return;
    }
  }
}

/** A FieldError from the schema or the normalisation rules, as a row error on the cell it came from. */
function rowErrorOf(r: RowReader, e: { path: string; reason?: string; code?: string }, sources?: Map<string, Source>): RowError {
  const source = r.sourceOf(e.path, sources);
  const reason: RowReason =
    e.reason === 'invalid_phone' || e.reason === 'invalid_email'
      ? e.reason
      : e.code === 'too_big'
        ? /^(phones|emails|tags)$/.test(e.path)
          ? 'too_many_values'
          : 'value_too_long'
        : 'invalid_value';
  return { column: source?.column ?? null, value: source?.value ?? null, reason };
}

/**
 * The stored row a change is normalised against: customerValues treats a row without `before` as a
 * creation and insists on required custom fields, which an update need not repeat. The import
 * checks those itself, once it knows whether the row creates (see `missingRequired`).
 */
const AS_A_CHANGE = { profile: {}, custom: {} } as unknown as CustomerRow;

/**
 * Reads one file row through the mapping and normalises it. Blank cells are left out entirely; a
 * ragged row is refused whole, because a missing or extra delimiter shifts every later cell into
 * the wrong column.
 */
export function prepareRow(row: FileRow, mapping: CompiledMapping, ctx: RecordContext): PreparedRow {
  const prepared: PreparedRow = { rowNumber: row.rowNumber, errors: [], kindGuessed: false, setsSensitive: false };
  if (row.problem === 'ragged_row') {
    prepared.errors.push({ column: null, value: null, reason: 'ragged_row' });
    return prepared;
  }
  const r = new RowReader();
  for (const column of mapping.columns) {
    const cell = row.cells[column.index]?.trim() ?? '';
    if (cell !== '') readCell(r, column, cell, mapping.customFields);
  }
  if (r.phones.length) r.input.phones = r.phones;
  if (r.emails.length) r.input.emails = r.emails;
  const { entered, ...parts } = r.address;
  if (entered !== undefined || Object.keys(parts).length) r.input.address = Object.keys(parts).length ? { entered, ...parts } : entered;
  prepared.code = r.code;
  prepared.owner = r.owner;
  prepared.branch = r.branch;
  prepared.setsSensitive = [...SENSITIVE_IMPORT_FIELDS].some((f) => r.input[f] !== undefined);

  const name = typeof r.input.name === 'string' ? r.input.name : undefined;
  const hasContact = r.contact.name !== undefined;
  if (r.input.kind === undefined) {
    r.input.kind = guessKind(name, hasContact);
    prepared.kindGuessed = true;
  }
  const checked = CustomerPatch.safeParse(r.input);
  if (!checked.success) {
    for (const issue of checked.error.issues) r.errors.push(rowErrorOf(r, { path: issue.path.join('.'), code: issue.code }));
  }
  let values: CustomerValues | undefined;
  if (checked.success && r.errors.length === 0) {
    try {
      values = customerValues(checked.data, ctx, AS_A_CHANGE);
    } catch (error) {
      if (!(error instanceof AppError) || !error.extra.errors) throw error;
      for (const e of error.extra.errors) r.errors.push(rowErrorOf(r, e));
    }
  }
  if (values && hasContact && values.kind === 'organisation') {
    // The contact's phones are dialled where the customer is, as the customer's own are.
    const country = values.country;
    prepared.contact = readContact(r, country && isSupportedCountry(country) ? { ...ctx, region: country } : ctx);
  }
  prepared.errors = r.errors;
  if (r.errors.length === 0) prepared.values = values;
  return prepared;
}

function readContact(r: RowReader, ctx: RecordContext): PreparedRow['contact'] {
  const checked = ContactInput.safeParse({
    name: r.contact.name,
    ...(r.contact.title !== undefined ? { title: r.contact.title } : {}),
    ...(r.contactPhones.length ? { phones: r.contactPhones } : {}),
    ...(r.contactEmails.length ? { emails: r.contactEmails } : {}),
  });
  if (!checked.success) {
    for (const issue of checked.error.issues)
      r.errors.push(rowErrorOf(r, { path: issue.path.join('.'), code: issue.code }, r.contactSources));
    return undefined;
  }
  try {
    return contactValues(checked.data, ctx.region) as PreparedRow['contact'];
  } catch (error) {
    if (!(error instanceof AppError) || !error.extra.errors) throw error;
    for (const e of error.extra.errors) r.errors.push(rowErrorOf(r, e, r.contactSources));
    return undefined;
  }
}

/** Required custom fields a new customer from this row would lack (an update keeps the stored ones). */
export function missingRequired(values: CustomerValues, mapping: CompiledMapping): RowError[] {
  const missing: RowError[] = [];
  for (const field of mapping.customFields.values()) {
    const value = values.custom?.[field.key];
    if (field.required && (value === undefined || value === null)) {
      missing.push({ column: mapping.columnOf(`custom.${field.key}`)?.header ?? field.label, value: null, reason: 'required' });
    }
  }
  return missing;
}

// ---------------------------------------------------------------------------------------------
// Combining changes

const union = <T>(a: T[], b: T[], key: (x: T) => string) => {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)) && seen.add(key(x)))];
};

/**
 * `next` applied over `base` (stored values or an earlier row's): fields `next` sets replace
 * those of `base`, except lists, which gain what they lack (phones, emails, tags, external
 * codes), and profile and custom fields, which change one by one.
 */
export function applyChange(base: CustomerValues, next: CustomerValues): CustomerValues {
  const merged: CustomerValues = { ...base, ...next };
  if (next.phones && base.phones) {
    merged.phones = union(base.phones, next.phones, (p) => p.number);
    merged.phoneNumbers = merged.phones.map((p) => p.number.replace(/\D/g, ''));
  }
  if (next.emails && base.emails) {
    merged.emails = union(base.emails, next.emails, (e) => e.address);
    merged.emailAddresses = merged.emails.map((e) => e.address);
  }
  if (next.tags && base.tags) merged.tags = union(base.tags, next.tags, (t) => t);
  if (next.externalCodes && base.externalCodes) {
    merged.externalCodes = { ...base.externalCodes, ...next.externalCodes };
    merged.externalKeys = [...new Set(Object.values(merged.externalCodes))];
  }
  if (next.profile && base.profile) merged.profile = { ...base.profile, ...next.profile };
  if (next.custom && base.custom) merged.custom = { ...base.custom, ...next.custom };
  return merged;
}

/** JSON with object keys sorted: jsonb hands objects back in its own key order, which is no change. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The fields of `change` that differ from the stored row: an update with none is not written. */
export function changedFields(before: CustomerRow, change: CustomerValues): CustomerValues {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    if (canonical(value) !== canonical(before[key as keyof CustomerRow])) changed[key] = value;
  }
  return changed;
}
