import type { Address, Customer } from '../../../api/types';

/**
 * The fields a merge chooses between, as the server names them (merges.service.ts MERGE_FIELDS), in
 * the order the customer form shows them. Owner and branch are chosen by id; the profile and the
 * custom fields each move as one set.
 */
const MERGE_FIELDS = [
  'kind',
  'name',
  'gender',
  'birthday',
  'website',
  'phones',
  'emails',
  'address',
  'deliveryAddress',
  'invoiceAddress',
  'externalCodes',
  'industry',
  'customerType',
  'source',
  'purchaseClass',
  'tier',
  'tags',
  'ownerId',
  'branchId',
  'currency',
  'paymentTerms',
  'discountTerms',
  'taxRule',
  'commissionCode',
  'quotationNotes',
  'bankAccount',
  'creditLimit',
  'paymentRecord',
  'profile',
  'custom',
  'notes',
] as const;

/** Fields whose values can be joined instead of chosen: every record's phones, emails, tags or codes. */
export const UNION_FIELDS: ReadonlySet<string> = new Set(['phones', 'emails', 'tags', 'externalCodes']);

/** The choice that joins every record's values of a union field. */
export const ALL = 'all';

export const valueOf = (customer: Customer, field: string): unknown => (customer as unknown as Record<string, unknown>)[field];

const addressText = (a: Address) =>
  a.entered ?? [a.country, a.province, a.city, a.district, a.street, a.postalCode].filter(Boolean).join(' ');

/**
 * A value reduced to what a person compares: phones by number, emails by address, addresses by
 * text, lists in any order. Empty values of every kind are ''. Two records differ in a field only
 * when these differ, so a phone typed two ways is not a choice to make.
 */
export function comparable(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => {
      const record = item as { number?: unknown; address?: unknown };
      if (typeof record?.number === 'string') return record.number;
      if (typeof record?.address === 'string') return record.address;
      return typeof item === 'string' ? item : JSON.stringify(item);
    });
    return items.length ? JSON.stringify(items.sort()) : '';
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('entered' in record && 'street' in record) return addressText(record as Address);
    const entries = Object.entries(record).filter(([, v]) => v !== null && v !== '');
    return entries.length ? JSON.stringify(entries.sort(([a], [b]) => a.localeCompare(b))) : '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields these customers carry (sensitive ones only for readers allowed to see them). */
const fieldsOf = (customers: Customer[]) => MERGE_FIELDS.filter((field) => customers.some((c) => field in c));

/** The fields in which the customers differ: the only ones the person has to decide. */
export function differingFields(customers: Customer[]): string[] {
  return fieldsOf(customers).filter((field) => new Set(customers.map((c) => comparable(valueOf(c, field)))).size > 1);
}

/** Oldest first: the record people have known longest comes first and survives unless they choose otherwise. */
export const byAge = (customers: Customer[]) => [...customers].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

/**
 * Whose value of a field survives unless the person chooses: all of them for phones, emails, tags
 * and codes, since joining loses nothing; otherwise the survivor's, when it has one, and else the
 * first other record's, oldest first, that is not empty.
 */
export function defaultSource(field: string, survivor: Customer, others: Customer[]): string {
  if (UNION_FIELDS.has(field)) return ALL;
  if (comparable(valueOf(survivor, field)) !== '') return survivor.id;
  return byAge(others).find((c) => comparable(valueOf(c, field)) !== '')?.id ?? survivor.id;
}

/** The filled fields of a customer: a rough "how complete" for telling records apart. */
export const filledCount = (customer: Customer) =>
  fieldsOf([customer]).filter((field) => comparable(valueOf(customer, field)) !== '').length;
