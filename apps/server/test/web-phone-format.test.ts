// The web has no test runner; its phone formatter depends on libphonenumber-js alone, so it is checked here.
import type { CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { formatPhone, isStoredPhone } from '../../web/src/i18n/phone-format.js';
import { normalisePhone } from '../src/modules/customers/normalise.js';

/** A phone as the server stores what was typed. */
const stored = (entered: string, region: CountryCode = 'CN') => normalisePhone(entered, region);

describe('formatPhone (web)', () => {
  it('shows one number the same however it was typed: national in the default region, international elsewhere', () => {
    const typed = ['138-0013-8000', '+86 138 0013 8000', '0086 13800138000', '１３８００１３８０００'].map((p) => stored(p));
    expect(typed.map((p) => formatPhone(p, 'CN'))).toEqual(Array(4).fill('138 0013 8000'));
    expect(typed.map((p) => formatPhone(p, 'TW'))).toEqual(Array(4).fill('+86 138 0013 8000'));
  });

  it('reads the region of the number, not of whoever typed it', () => {
    const taipei = stored('(02) 2345-6789', 'TW');
    expect(formatPhone(taipei, 'TW')).toBe('02 2345 6789');
    expect(formatPhone(taipei, 'CN')).toBe('+886 2 2345 6789');
    expect(formatPhone(stored('2345 6789', 'HK'), 'HK')).toBe('2345 6789');
    expect(formatPhone(stored('+1 416 555 0100'), 'CA')).toBe('(416) 555-0100');
    expect(formatPhone(stored('+1 416 555 0100'), 'US')).toBe('+1 416 555 0100');
  });

  it('keeps the extension', () => {
    const office = stored('021-61234567 转 801');
    expect(office.number).toBe('+862161234567;ext=801');
    expect(formatPhone(office, 'CN')).toBe('021 6123 4567 ext. 801');
    expect(formatPhone(office, 'HK')).toBe('+86 21 6123 4567 ext. 801');
  });

  it('shows a number stored invalid as it was entered', () => {
    const odd = stored('12345 找前台');
    expect(odd.valid).toBe(false);
    expect(formatPhone(odd, 'CN')).toBe('12345 找前台');
    expect(formatPhone({ number: '12345', entered: '', valid: false }, 'CN')).toBe('12345');
  });

  it('falls back to what was entered when a stored number does not parse, and to international for non-geographic numbers', () => {
    expect(formatPhone({ number: 'garbage', entered: 'as typed', valid: true }, 'CN')).toBe('as typed');
    expect(formatPhone({ number: '+80012345678', entered: '+800 1234 5678', valid: true }, 'CN')).toBe('+800 1234 5678');
  });

  it('tells stored phones from other values read from JSON', () => {
    expect(isStoredPhone(stored('13800138000'))).toBe(true);
    expect(isStoredPhone({ label: 'mobile', number: '+8613800138000', entered: '138', valid: true })).toBe(true);
    expect(isStoredPhone({ address: 'a@b.cn', entered: 'a@b.cn', valid: true })).toBe(false);
    expect(isStoredPhone({ number: '1' })).toBe(false);
    expect(isStoredPhone(null)).toBe(false);
    expect(isStoredPhone('+8613800138000')).toBe(false);
  });
});
