// Only libphonenumber-js here: the server's tests import this file to check it (the web has no test runner).
// Its default ('min') metadata is enough: the server validated the number already, and the formats
// and a number's country are in it.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A phone as the server stores it: `number` is E.164 (`;ext=123` after it for an extension) when `valid`. */
export type StoredPhoneNumber = { number: string; entered: string; valid: boolean };

/**
 * A stored phone as people read it, the same however it was typed: in national format when the
 * number is from `region` (the organisation's default phone region), international otherwise, with
 * its extension. A number the server could not read is shown as it was entered.
 */
export function formatPhone(phone: StoredPhoneNumber, region: string): string {
  const asEntered = phone.entered || phone.number;
  if (!phone.valid) return asEntered;
  // The stored number with its extension is an RFC 3966 number, which the parser reads as a tel: URI.
  const parsed = parsePhoneNumberFromString(`tel:${phone.number}`);
  if (!parsed) return asEntered;
  return parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}

/** Whether a value read from JSON (a change in the history, an import's would-be customer) is a stored phone. */
export function isStoredPhone(value: unknown): value is StoredPhoneNumber {
  const record = value as Partial<Record<keyof StoredPhoneNumber, unknown>> | null;
  return typeof record === 'object' && record !== null && typeof record.number === 'string' && typeof record.valid === 'boolean';
}
