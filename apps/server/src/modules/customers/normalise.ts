/**
 * Normalisation rules of customer data (CUST-4): what names, phones and emails become before they
 * are stored, matched and searched. Pure functions, called for every row of large imports, so each
 * keeps a fast path for the common case and builds its converters once, at module load.
 */
import type { CountryCode } from 'libphonenumber-js';
// The 'max' metadata: with 'min', isValid() accepts any 11 digits starting with 1 as a mainland
// mobile (12345678901) and any 8 digits as a Hong Kong number, because only 'max' knows number types.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ConverterBuilder } from 'opencc-js/core';
import * as TraditionalToSimplifiedPreset from 'opencc-js/preset/t2cn';
import { pinyin } from 'pinyin-pro';
import type { CustomerKind } from './customers.tables.js';

/**
 * Characters whose compatibility form is only a width or presentation variant: full-width ASCII,
 * half-width katakana and hangul, full-width symbols, vertical and small forms, Latin ligatures.
 * NFKC over the whole text would also turn '²' into '2', '½' into '1⁄2' and '㈱' into '(株)',
 * which changes what was written.
 */
const WIDTH_VARIANT = /[\uFF01-\uFFEE\uFE30-\uFE4F\uFE50-\uFE6B\uFB00-\uFB06]/g;
/** Zero-width characters, the byte-order mark and soft hyphens: invisible, but they break matching. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
/** Control characters other than whitespace, which \s below turns into spaces. */
const CONTROL = /(?!\s)\p{Cc}/gu;
/** Printable ASCII words separated by single spaces: nothing to do, which is most of an import. */
const PLAIN_ASCII = /^[\x21-\x7E]+(?: [\x21-\x7E]+)*$/;

/** Full-width ASCII → half-width, ideographic space → space, NFKC where safe, trim, collapse inner whitespace. Keeps CJK as is. */
export function normaliseText(s: string): string {
  if (PLAIN_ASCII.test(s)) return s;
  return s
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(WIDTH_VARIANT, (c) => c.normalize('NFKC'))
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

// Hong Kong → mainland is OpenCC's generic traditional → simplified plus the Hong Kong variants
// (綫, 衞, 敍, 粧…); the Taiwan variants are left out because they also rewrite simplified text
// (显著 → 显着, 干么 → 干幺), and the input may be in either script. Built from 'opencc-js/core' and
// the t2cn preset: the package's main typings import './core' without an extension, which NodeNext
// cannot resolve, and the t2cn preset loads only the dictionaries this direction needs.
const traditionalToSimplified = ConverterBuilder(TraditionalToSimplifiedPreset)({ from: 'hk', to: 'cn' });
/** The first code point of the CJK radicals: text without any character from here on has nothing to convert. */
const MAY_BE_CJK = /[\u2E80-\uFFFF]/;

/** Traditional → simplified Chinese (opencc-js, 'hk' → 'cn'); other text unchanged. Keeps the number of code points. */
export function toSimplified(s: string): string {
  return MAY_BE_CJK.test(s) ? traditionalToSimplified(s) : s;
}

const HAN = /\p{Script=Han}/u;
const STARTS_WITH_HAN = /^\p{Script=Han}/u;
/** A run of Han characters, or a run of other letters and digits (Latin words, kana, numbers). */
const NAME_TOKEN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;
const NOT_KEY_CHARACTER = /[^\p{L}\p{M}\p{N}]+/gu;
const LATIN_WITH_DIACRITICS = /[\u00C0-\u024F\u1E00-\u1EFF]/;
const LATIN_COMBINING_MARK = /[\u0300-\u036F]/g;
const DIGITS_ONLY = /^\d+$/;
/** The Latin words and numbers that pinyin keys keep beside the pinyin of Han characters (kana or hangul are not typed as pinyin). */
const LATIN_WORD = /^[\p{Script=Latin}0-9]+$/u;
/**
 * The shape of a Chinese personal name: two or three Han characters (张三, 单田芳), or four after a compound surname (欧阳娜娜).
 * Other four-character names are mostly organisations (重庆银行).
 */
const PERSONAL_NAME_SHAPE =
  /^(?:\p{Script=Han}{2,3}|(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木|独孤|南宫|西门|万俟|轩辕)\p{Script=Han}{1,2})$/u;
/** Characters pinyin-pro may return beside a-z (ü is asked for as v, but ê, ḿ and ň appear for rare readings). */
const NOT_PINYIN_LETTER = /[^a-z]/;

const firstCharacter = (s: string) => String.fromCodePoint(s.codePointAt(0)!);
const initialOf = (token: string) => (DIGITS_ONLY.test(token) ? token : firstCharacter(token));

function foldLatinDiacritics(s: string): string {
  return LATIN_WITH_DIACRITICS.test(s) ? s.normalize('NFD').replace(LATIN_COMBINING_MARK, '').normalize('NFC') : s;
}

function pinyinSyllables(han: string, asPersonalName: boolean): string[] {
  const syllables = pinyin(han, { toneType: 'none', type: 'array', v: true, nonZh: 'removed', surname: asPersonalName ? 'head' : 'off' });
  return syllables.map((p) => (NOT_PINYIN_LETTER.test(p) ? foldLatinDiacritics(p).replace(/[^a-z]/g, '') : p)).filter(Boolean);
}

/**
 * Keys for matching and search: `key` = toSimplified(normaliseText(name)).toLowerCase() with spaces and punctuation removed
 * (letters and digits of every script kept, Latin diacritics folded: Café → cafe);
 * `pinyin` = full pinyin of the CJK characters without tones or spaces, lower case, ü as v, other letters and digits kept
 * (张三 → 'zhangsan', 張三 → 'zhangsan', 'ACME 上海' → 'acmeshanghai');
 * `initials` = first letters (张三 → 'zs', 上海华为技术有限公司 → 'shhwjsyxgs'), numbers kept whole ('58同城' → '58tc');
 * for names without CJK pinyin='' and initials = first letters of words ('John Smith' → 'js').
 *
 * A polyphonic first character reads as a surname (单田芳 → shantianfang, 曾 → zeng) for persons, and, when the kind is
 * not given, for names shaped like a Chinese personal name (two or three Han characters, four after a compound surname);
 * never for organisations, where the surname reading breaks ordinary words (单位, 解放日报, 重庆银行).
 */
export function nameKeys(name: string, kind?: CustomerKind): { key: string; pinyin: string; initials: string } {
  const text = foldLatinDiacritics(toSimplified(normaliseText(name)).toLowerCase());
  const key = text.replace(NOT_KEY_CHARACTER, '');
  const tokens = text.match(NAME_TOKEN) ?? [];
  if (!HAN.test(key)) {
    return { key, pinyin: '', initials: tokens.map(initialOf).join('') };
  }
  const asPersonalName = kind === 'person' || (kind === undefined && PERSONAL_NAME_SHAPE.test(key));
  let full = '';
  let initials = '';
  tokens.forEach((token, i) => {
    if (STARTS_WITH_HAN.test(token)) {
      for (const syllable of pinyinSyllables(token, asPersonalName && i === 0)) {
        full += syllable;
        initials += syllable[0];
      }
    } else if (LATIN_WORD.test(token)) {
      full += token;
      initials += initialOf(token);
    }
  });
  return { key, pinyin: full, initials };
}

export type NormalisedPhone = { number: string; entered: string; valid: boolean; digits: string };

/**
 * An extension at the end of a number: 分机 / 分機 / 转 / 轉 / 内线 / ext. / x / # / ',' followed by up to six digits.
 * libphonenumber-js knows 'ext.' and 'x' but not the Chinese words.
 */
const EXTENSION = /\s*[(]?\s*(?:分机号?|分機號?|转|轉|内线|內線|ext(?:ension)?\.?|x|#|,)\s*[:.]?\s*(\d{1,6})\s*\)?$/i;
/** '021-61234567-801': a trailing dash group, taken as an extension only when the number is invalid with it and valid without. */
const DASH_EXTENSION = /^(.*\d)\s*-\s*(\d{1,5})$/;
const NON_DIGITS = /\D+/g;

function parseValid(text: string, defaultRegion: CountryCode) {
  const parsed = parsePhoneNumberFromString(text, defaultRegion);
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * libphonenumber-js ('max' metadata, see the import). Accepts +86 138 0013 8000, 0086-13800138000, 138-0013-8000 (default region CN),
 * (02) 2345-6789 (TW), 2345 6789 (HK), full-width digits, 分机/ext./转 extensions.
 * valid → number is E.164 (+8613800138000), followed by ';ext=123' (RFC 3966) when an extension was entered;
 * invalid → number is the entered text cleaned (normaliseText) and valid=false.
 * digits = number without '+' and non-digits, leaving out the extension so that its tail is the national number (for last-digits search).
 */
export function normalisePhone(entered: string, defaultRegion: CountryCode): NormalisedPhone {
  const cleaned = normaliseText(entered);
  const extension = EXTENSION.exec(cleaned);
  let ext = extension?.[1];
  let parsed = parseValid(extension ? cleaned.slice(0, extension.index) : cleaned, defaultRegion);
  if (!parsed && !ext) {
    const dashed = DASH_EXTENSION.exec(cleaned);
    parsed = dashed ? parseValid(dashed[1]!, defaultRegion) : undefined;
    if (parsed) ext = dashed![2];
  }
  if (!parsed) return { number: cleaned, entered, valid: false, digits: cleaned.replace(NON_DIGITS, '') };
  ext ??= parsed.ext;
  return { number: ext ? `${parsed.number};ext=${ext}` : parsed.number, entered, valid: true, digits: parsed.number.slice(1) };
}

/** The digits of a stored phone number (normalisePhone's `number`) without its extension, for last-digits search. */
export function phoneNumberDigits(number: string): string {
  const ext = number.indexOf(';ext=');
  return (ext < 0 ? number : number.slice(0, ext)).replace(NON_DIGITS, '');
}

const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
/** Dot-atom local part of RFC 5322, plus the letters and digits of any script (RFC 6531). */
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{M}\p{N}-]{1,63}(?<!-)$/u;
const TOP_LEVEL_DOMAIN = /^(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+)$/u;
/** 'Name <address>', as mail programs and exports write it. */
const DISPLAY_NAME_FORM = /^[^<>]*<([^<>]+)>$/;
/** Ideographic full stops, which IDNA reads as dots: Chinese keyboards type 'qq。com'. */
const IDEOGRAPHIC_FULL_STOP = /[\u3002\uFF61]/g;

function isValidEmail(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at < 1 || address.length > MAX_EMAIL_LENGTH) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  return (
    local.length <= MAX_LOCAL_PART_LENGTH &&
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL_DOMAIN.test(labels[labels.length - 1]!)
  );
}

/**
 * Lower-cased, trimmed, full-width → half-width ('Name <address>', 'mailto:' and 'qq。com' unwrapped);
 * valid per a pragmatic RFC 5322 subset (local@domain.tld, no spaces, IDN domains allowed).
 */
export function normaliseEmail(entered: string): { address: string; entered: string; valid: boolean } {
  let address = normaliseText(entered).toLowerCase();
  address = (DISPLAY_NAME_FORM.exec(address)?.[1] ?? address).trim();
  if (address.startsWith('mailto:')) address = address.slice('mailto:'.length);
  address = address.replace(IDEOGRAPHIC_FULL_STOP, '.');
  return { address, entered, valid: isValidEmail(address) };
}

const PHONE_QUERY = /^[\d\s+()-]+$/;

/**
 * For search-as-you-type: digits of a query that looks like a phone fragment (≥ 3 digits, only digits/spaces/+-() ), else null.
 * '+86 138' → '86138'.
 */
export function phoneQueryDigits(q: string): string | null {
  const text = normaliseText(q);
  if (!PHONE_QUERY.test(text)) return null;
  const digits = text.replace(NON_DIGITS, '');
  return digits.length >= 3 ? digits : null;
}
