/**
 * Realistic demo customers (issue 3 item 12): for `rapport demo --customers N`, the empty-state button, and
 * the CSV files the import benchmarks read. Deterministic for a seed, streaming (memory does not grow with N),
 * and about five microseconds of CPU per customer.
 *
 * Customers are ~70% mainland China, 12% Taiwan, 8% Hong Kong, 2% Macau and 8% abroad, persons and
 * organisations (with contacts), with phones valid for libphonenumber-js written the many ways people write
 * them, and a share of duplicates: a later record that re-enters an earlier customer with the variations real
 * data has (traditional vs simplified script, a homophone typo, another phone format, an upper-case email,
 * a company name with or without its legal form or city).
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { ConverterBuilder } from 'opencc-js/core';
import * as SimplifiedToTraditionalPreset from 'opencc-js/preset/cn2t';
import { pinyin } from 'pinyin-pro';
import {
  ABROAD_COUNTRIES,
  BRAND_CHARS,
  CHINESE_NOTES,
  CHINESE_PAYMENT_TERMS,
  CN_LEGAL_FORMS,
  CN_SURNAMES,
  COMMON_ROADS,
  ENGLISH_NAMES,
  ENGLISH_NOTES,
  ENGLISH_PAYMENT_TERMS,
  ESTATE_WORDS,
  FEMALE_GIVEN,
  GERMAN_NAMES,
  HISPANIC_NAMES,
  HK_LEGAL_FORMS,
  HK_SURNAME_ROMANISATION,
  HK_SURNAMES,
  HONG_KONG_AREAS,
  HONG_KONG_EMAIL_DOMAINS,
  INDUSTRIES,
  JAPANESE_NAMES,
  JOB_TITLES,
  LATIN_BRAND_QUALIFIERS,
  LATIN_BRAND_WORDS,
  MACAU_EMAIL_DOMAINS,
  MACAU_STREETS,
  MAINLAND_CITIES,
  MAINLAND_EMAIL_DOMAINS,
  MALE_GIVEN,
  OFFICE_BUILDINGS,
  ORGANISATION_TYPES,
  PERSON_TYPES,
  RESIDENTIAL_ESTATES,
  SINGAPORE_NAMES,
  SOURCES,
  TAGS,
  TAIWAN_CITIES,
  TAIWAN_EMAIL_DOMAINS,
  TW_LEGAL_FORMS,
  TW_SURNAMES,
  type AbroadCountry,
  type ContactRole,
  type Industry,
  type Influence,
  type JobTitle,
  type WesternNames,
} from './demo-data.names.js';

export type DemoPhoneLabel = 'mobile' | 'work' | 'home' | 'fax' | 'other';
export type DemoEmailLabel = 'work' | 'personal' | 'other';
/** The customer fields the generator fills, shaped like the service's CustomerInput (the caller maps it). */
export type CustomerInputLike = {
  kind: 'organisation' | 'person';
  name: string;
  gender?: 'male' | 'female';
  /** YYYY-MM-DD */
  birthday?: string;
  phones: { label: DemoPhoneLabel; number: string }[];
  emails: { label: DemoEmailLabel; address: string }[];
  /** One line, as people type it. */
  address: string;
  externalCodes?: Record<string, string>;
  /** The Chinese label (制造业, 零售 …). */
  industry: string;
  customerType: string;
  source: string;
  purchaseClass: 'prospect' | 'regular' | 'lapsed';
  tier: 'key' | 'strategic' | 'general';
  tags: string[];
  currency: string;
  paymentTerms: string;
  /** Decimal string, "50000.00". */
  creditLimit?: string;
  notes?: string;
  website?: string;
};
export type DemoContact = {
  name: string;
  title: string;
  role: ContactRole;
  influence: Influence;
  phones: { label: 'mobile' | 'work'; number: string }[];
  emails: { label: 'work'; address: string }[];
};
export type DemoCustomer = CustomerInputLike & {
  contacts: DemoContact[];
  /** Set on planted duplicates: the 0-based position in the stream of the customer this one re-enters (for measuring dedupe recall). */
  duplicateOf?: number;
};
export type DemoOptions = {
  seed?: number;
  /** Share of records that re-enter an earlier customer with a realistic variation; default 0.03. */
  duplicateRate?: number;
};

const DEFAULT_SEED = 20240601;
const DEFAULT_DUPLICATE_RATE = 0.03;
/**
 * Duplicates copy one of RECENT_CAPACITY originals: the first ones, then a sample of one in RECENT_SAMPLING of
 * the last few thousand.
 * Keeping every recent original would cost twice the time: objects that outlive a young-generation collection
 * are promoted, and old-generation collections are expensive.
 */
const RECENT_CAPACITY = 256;
const RECENT_SAMPLING = 8;

/**
 * Yields `count` demo customers. The same seed and options give the same customers, in the same order.
 * Duplicates re-enter one of the last few thousand originals and carry `duplicateOf`. Later duplicates are made
 * from the yielded objects: map them to new objects rather than changing them.
 */
export function* demoCustomers(count: number, options: DemoOptions = {}): Generator<DemoCustomer> {
  const rng = new Random(options.seed ?? DEFAULT_SEED);
  const duplicateRate = options.duplicateRate ?? DEFAULT_DUPLICATE_RATE;
  const vocabulary = getVocabulary();
  const brands = new BrandAllocator(rng.int(1 << 30));
  const recent: Draft[] = [];
  let nextSlot = 0;
  for (let index = 0; index < count; index++) {
    if (recent.length > 0 && rng.chance(duplicateRate)) {
      yield duplicateOf(rng.pick(recent), vocabulary, rng);
      continue;
    }
    const draft = newDraft(index, brands, vocabulary, rng);
    if (recent.length < RECENT_CAPACITY || rng.chance(1 / RECENT_SAMPLING)) {
      if (recent.length < RECENT_CAPACITY) recent.push(draft);
      else recent[nextSlot] = draft;
      nextSlot = (nextSlot + 1) % RECENT_CAPACITY;
    }
    yield draft.customer;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: tiny, fast, and good enough for test data; Math.random cannot be seeded. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Favours the start of a list ordered by frequency (surnames): the first tenth gets about a third of the picks. */
  pickFrequent<T>(items: readonly T[]): T {
    const u = this.next();
    return items[Math.floor(u * u * items.length)]!;
  }
  /** `count` distinct items (fewer if the list is shorter), in list order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen: T[] = [];
    let needed = Math.min(count, items.length);
    for (let i = 0; i < items.length && needed > 0; i++) {
      if (this.next() * (items.length - i) < needed) {
        chosen.push(items[i]!);
        needed--;
      }
    }
    return chosen;
  }
  digits(length: number): string {
    let text = '';
    for (let remaining = length; remaining > 0; remaining -= 8) {
      const chunk = Math.min(8, remaining);
      text += String(this.int(10 ** chunk)).padStart(chunk, '0');
    }
    return text;
  }
  /** A digit string whose first digit is one of `firstDigits`. */
  digitsStartingWith(firstDigits: string, length: number): string {
    return firstDigits[this.int(firstDigits.length)]! + this.digits(length - 1);
  }
}

class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;
  constructor(entries: readonly (readonly [T, number])[]) {
    for (const [item, weight] of entries) {
      this.total += weight;
      this.items.push(item);
      this.cumulative.push(this.total);
    }
  }
  pick(rng: Random): T {
    const target = rng.next() * this.total;
    let i = 0;
    while (this.cumulative[i]! <= target) i++;
    return this.items[i]!;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary prepared once: pinyin of every character we use (ü written v, as in email addresses), homophones for typos, weighted tables.

type Region = 'CN' | 'TW' | 'HK' | 'MO' | AbroadCountry['code'];
type Script = 'simplified' | 'taiwan' | 'hongkong';

type Vocabulary = {
  pinyinOf: Map<string, string>;
  /** Other characters of the same list that sound the same: what a pinyin input method offers by mistake. */
  homophones: Map<string, string[]>;
  /** Two-character brands whose pinyin differ, so that a brand and its number make a unique web domain. */
  chineseBrands: { chars: string[]; pinyin: string }[];
  latinBrands: Map<AbroadCountry['code'], string[]>;
  /** Traditional forms of list words (names, brands, business words): converted once, then looked up. */
  traditional: Record<'taiwan' | 'hongkong', { convert: (text: string) => string; known: Map<string, string> }>;
  regions: Weighted<Region>;
  mainlandCities: Weighted<(typeof MAINLAND_CITIES)[number]>;
  taiwanCities: Weighted<(typeof TAIWAN_CITIES)[number]>;
  industries: Weighted<Industry>;
  abroad: Map<AbroadCountry['code'], { country: AbroadCountry; cities: Weighted<AbroadCountry['cities'][number]> }>;
};

let vocabularyCache: Vocabulary | undefined;

function getVocabulary(): Vocabulary {
  if (vocabularyCache) return vocabularyCache;
  const pinyinOf = new Map<string, string>();
  for (const surname of [...CN_SURNAMES, ...TW_SURNAMES, ...HK_SURNAMES]) {
    pinyinOf.set(surname, pinyin(surname, { toneType: 'none', mode: 'surname', separator: '', v: true }));
  }
  const homophones = new Map<string, string[]>();
  for (const list of [MALE_GIVEN, FEMALE_GIVEN, BRAND_CHARS]) {
    const bySound = new Map<string, string[]>();
    for (const char of list) {
      const sound = pinyin(char, { toneType: 'none', v: true });
      if (!pinyinOf.has(char)) pinyinOf.set(char, sound);
      bySound.set(sound, [...(bySound.get(sound) ?? []), char]);
    }
    for (const chars of bySound.values()) {
      for (const char of chars) {
        const others = chars.filter((other) => other !== char);
        if (others.length > 0) homophones.set(char, [...(homophones.get(char) ?? []), ...others]);
      }
    }
  }
  const chineseBrands = new Map<string, string[]>();
  for (const first of BRAND_CHARS) {
    for (const second of BRAND_CHARS) {
      const sound = pinyinOf.get(first)! + pinyinOf.get(second)!;
      if (first !== second && !chineseBrands.has(sound)) chineseBrands.set(sound, [first, second]);
    }
  }
  const latinBrands = new Map<AbroadCountry['code'], string[]>();
  for (const country of ABROAD_COUNTRIES) {
    const { first, second } = LATIN_BRAND_WORDS[country.code];
    latinBrands.set(
      country.code,
      first.flatMap((word) => second.map((next) => (next ? `${word} ${next}` : word))),
    );
  }
  vocabularyCache = {
    pinyinOf,
    homophones,
    chineseBrands: [...chineseBrands].map(([sound, chars]) => ({ chars, pinyin: sound })),
    latinBrands,
    traditional: {
      // From 'opencc-js/core' and the cn2t preset: the package's main typings do not resolve under NodeNext.
      taiwan: { convert: ConverterBuilder(SimplifiedToTraditionalPreset)({ from: 'cn', to: 'tw' }), known: new Map() },
      hongkong: { convert: ConverterBuilder(SimplifiedToTraditionalPreset)({ from: 'cn', to: 'hk' }), known: new Map() },
    },
    regions: new Weighted<Region>([
      ['CN', 70],
      ['TW', 12],
      ['HK', 8],
      ['MO', 2],
      ['US', 3],
      ['GB', 1.5],
      ['SG', 1.5],
      ['JP', 1],
      ['DE', 1],
    ]),
    mainlandCities: new Weighted(MAINLAND_CITIES.map((city) => [city, city.weight] as const)),
    taiwanCities: new Weighted(TAIWAN_CITIES.map((city) => [city, city.weight] as const)),
    industries: new Weighted(INDUSTRIES.map((industry) => [industry, industry.weight] as const)),
    abroad: new Map(
      ABROAD_COUNTRIES.map((country) => [
        country.code,
        { country, cities: new Weighted(country.cities.map((city) => [city, city.weight] as const)) },
      ]),
    ),
  };
  return vocabularyCache;
}

// ---------------------------------------------------------------------------------------------------------
// Phones: kept as parts so that a duplicate can write the same number another way.

type PhoneStyle =
  | 'national_plain'
  | 'national_dashed'
  | 'national_spaced'
  | 'area_dashed'
  | 'area_dashed_compact'
  | 'area_parenthesised'
  | 'international_spaced'
  | 'international_dashed'
  | 'international_plain'
  | 'international_parenthesised'
  | 'idd';

type PhoneParts = {
  label: DemoPhoneLabel;
  callingCode: string;
  /** National trunk prefix written before national formats: 0 in CN/TW/GB/JP/DE, none in HK/MO/SG/US. */
  trunk: string;
  /** National significant number, split in the groups people write. */
  groups: string[];
  styles: Weighted<PhoneStyle>;
  extension: string | null;
};

/** How mainland people write mobiles: mostly as bare 11 digits. Foreign formats are rare but real. */
const CN_MOBILE_STYLES = new Weighted<PhoneStyle>([
  ['national_plain', 45],
  ['national_dashed', 14],
  ['national_spaced', 10],
  ['international_spaced', 14],
  ['international_plain', 7],
  ['international_dashed', 5],
  ['idd', 5],
]);
const CN_LANDLINE_STYLES = new Weighted<PhoneStyle>([
  ['area_dashed', 35],
  ['area_dashed_compact', 30],
  ['area_parenthesised', 10],
  ['national_plain', 10],
  ['international_spaced', 10],
  ['idd', 5],
]);
/** Taiwan, Hong Kong, Macau numbers: mostly with their country code, sometimes local (then only valid with the right default region). */
const GREATER_CHINA_STYLES = new Weighted<PhoneStyle>([
  ['international_spaced', 45],
  ['international_dashed', 18],
  ['international_plain', 10],
  ['international_parenthesised', 12],
  ['idd', 5],
  ['national_dashed', 4],
  ['national_spaced', 3],
]);
const TW_LANDLINE_STYLES = new Weighted<PhoneStyle>([
  ['international_spaced', 45],
  ['international_dashed', 20],
  ['international_parenthesised', 15],
  ['idd', 12],
  ['area_parenthesised', 8],
]);
const ABROAD_STYLES = new Weighted<PhoneStyle>([
  ['international_spaced', 60],
  ['international_dashed', 15],
  ['international_plain', 10],
  ['idd', 15],
]);

/** Mobile prefixes of mainland China; 174 (satellite) is left out because libphonenumber does not accept it. */
const CN_MOBILE_PREFIXES = [
  ...'130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166'.split(' '),
  ...'170 171 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199'.split(' '),
];
/** Prefixes that the full libphonenumber metadata accepts over their whole range. */
const HK_MOBILE_PREFIXES = ['61', '63', '64', '65', '69', '94', '96', '97'];
const HK_LANDLINE_PREFIXES = ['21', '23', '24', '25', '26', '27', '28', '29'];
const MO_MOBILE_PREFIXES = ['62', '63', '65'];

function formatPhone(phone: PhoneParts, style: PhoneStyle): string {
  const { callingCode, trunk, groups } = phone;
  const nsn = groups.join('');
  const [first, ...rest] = groups;
  let text: string;
  switch (style) {
    case 'national_plain':
      text = trunk + nsn;
      break;
    case 'national_dashed':
      text = trunk + groups.join('-');
      break;
    case 'national_spaced':
      text = trunk + groups.join(' ');
      break;
    case 'area_dashed':
      text = `${trunk}${first}-${rest.join(' ')}`;
      break;
    case 'area_dashed_compact':
      text = `${trunk}${first}-${rest.join('')}`;
      break;
    case 'area_parenthesised':
      text = `(${trunk}${first}) ${rest.join('-')}`;
      break;
    case 'international_spaced':
      // North Americans write the area code in parentheses even in international form.
      text = callingCode === '1' ? `+1 (${first}) ${rest.join('-')}` : `+${callingCode} ${groups.join(' ')}`;
      break;
    case 'international_dashed':
      text = `+${callingCode}-${groups.join('-')}`;
      break;
    case 'international_plain':
      text = `+${callingCode}${nsn}`;
      break;
    case 'international_parenthesised':
      text = `(+${callingCode}) ${groups.join(' ')}`;
      break;
    case 'idd':
      text = `00${callingCode} ${nsn}`;
      break;
  }
  return phone.extension ? `${text}${phone.extension}` : text;
}

function writePhone(phone: PhoneParts, rng: Random): { label: DemoPhoneLabel; number: string } {
  return { label: phone.label, number: formatPhone(phone, phone.styles.pick(rng)) };
}

function mobilePhone(region: Region, vocabulary: Vocabulary, rng: Random, label: DemoPhoneLabel = 'mobile'): PhoneParts {
  switch (region) {
    case 'CN': {
      const number = rng.pick(CN_MOBILE_PREFIXES) + rng.digits(8);
      return phoneParts(label, '86', '', [number.slice(0, 3), number.slice(3, 7), number.slice(7)], CN_MOBILE_STYLES);
    }
    case 'TW': {
      const number = `9${rng.between(1, 8)}${rng.digits(7)}`;
      return phoneParts(label, '886', '0', [number.slice(0, 3), number.slice(3, 6), number.slice(6)], GREATER_CHINA_STYLES);
    }
    case 'HK':
      return phoneParts(label, '852', '', [rng.pick(HK_MOBILE_PREFIXES) + rng.digits(2), rng.digits(4)], GREATER_CHINA_STYLES);
    case 'MO':
      return phoneParts(label, '853', '', [rng.pick(MO_MOBILE_PREFIXES) + rng.digits(2), rng.digits(4)], GREATER_CHINA_STYLES);
    case 'US':
    case 'GB':
    case 'SG':
    case 'JP':
    case 'DE': {
      const { country, cities } = vocabulary.abroad.get(region)!;
      // North American mobiles share area codes with landlines.
      if (country.mobilePrefixes.length === 0) return usNumber(cities.pick(rng).landlinePrefix, country, rng, label);
      // A 0 right after the prefix is unassigned in several countries (Japan's 090-0…).
      const prefix = rng.pick(country.mobilePrefixes);
      const number = prefix + rng.digitsStartingWith('123456789', country.mobileLength - prefix.length);
      return phoneParts(label, country.callingCode, trunkOf(country), splitGroups(number, country.mobileGroups), ABROAD_STYLES);
    }
  }
}

/** A fixed line in the customer's city. */
function landlinePhone(region: Region, place: Place, vocabulary: Vocabulary, rng: Random, label: DemoPhoneLabel): PhoneParts {
  const { areaCode } = place.landline;
  switch (region) {
    case 'CN':
      return phoneParts(
        label,
        '86',
        '0',
        [areaCode, rng.digitsStartingWith(place.landline.firstDigits, place.landline.length - 4), rng.digits(4)],
        CN_LANDLINE_STYLES,
      );
    case 'TW': {
      const local = rng.digitsStartingWith(place.landline.firstDigits, place.landline.length);
      return phoneParts(label, '886', '0', [areaCode, local.slice(0, -4), local.slice(-4)], TW_LANDLINE_STYLES);
    }
    case 'HK':
      return phoneParts(label, '852', '', [rng.pick(HK_LANDLINE_PREFIXES) + rng.digits(2), rng.digits(4)], GREATER_CHINA_STYLES);
    case 'MO':
      return phoneParts(label, '853', '', [`28${rng.between(2, 9)}${rng.digits(1)}`, rng.digits(4)], GREATER_CHINA_STYLES);
    case 'US':
    case 'GB':
    case 'SG':
    case 'JP':
    case 'DE': {
      const { country } = vocabulary.abroad.get(region)!;
      if (region === 'US') return usNumber(areaCode, country, rng, label);
      // Local numbers starting with 0, 1 or 9 are mostly unassigned (Singapore's 69…).
      const number = areaCode + rng.digitsStartingWith('2345678', country.landlineLength - areaCode.length);
      return phoneParts(label, country.callingCode, trunkOf(country), splitGroups(number, country.landlineGroups), ABROAD_STYLES);
    }
  }
}

/** North American exchanges never start with 0 or 1. */
function usNumber(areaCode: string, country: AbroadCountry, rng: Random, label: DemoPhoneLabel): PhoneParts {
  return phoneParts(label, country.callingCode, '', [areaCode, rng.digitsStartingWith('23456789', 3), rng.digits(4)], ABROAD_STYLES);
}

function phoneParts(label: DemoPhoneLabel, callingCode: string, trunk: string, groups: string[], styles: Weighted<PhoneStyle>): PhoneParts {
  return { label, callingCode, trunk, groups, styles, extension: null };
}

function trunkOf(country: AbroadCountry): string {
  return country.code === 'US' || country.code === 'SG' ? '' : '0';
}

function splitGroups(digits: string, sizes: readonly number[]): string[] {
  const groups: string[] = [];
  let start = 0;
  for (const size of sizes) {
    groups.push(digits.slice(start, start + size));
    start += size;
  }
  if (start < digits.length) groups[groups.length - 1] += digits.slice(start);
  return groups;
}

// ---------------------------------------------------------------------------------------------------------
// Names

type ChineseName = { kind: 'chinese'; surname: string; given: string[]; script: Script };
type LatinName = { kind: 'latin'; first: string; last: string; surnameFirst: boolean };
type PersonName = ChineseName | LatinName;

function personName(region: Region, gender: 'male' | 'female', rng: Random): PersonName {
  switch (region) {
    case 'CN':
      return chineseName(CN_SURNAMES, gender, 'simplified', rng);
    case 'TW':
      return chineseName(TW_SURNAMES, gender, 'taiwan', rng);
    case 'HK':
    case 'MO': {
      const name = chineseName(HK_SURNAMES, gender, 'hongkong', rng);
      if (!rng.chance(0.15)) return name;
      // Many Hongkongers go by an English given name and the Cantonese spelling of their surname: David Chan.
      const first = rng.pick(gender === 'male' ? ENGLISH_NAMES.male : ENGLISH_NAMES.female);
      return { kind: 'latin', first, last: HK_SURNAME_ROMANISATION[name.surname] ?? 'Chan', surnameFirst: false };
    }
    case 'US':
      return westernName(rng.chance(0.2) ? HISPANIC_NAMES : ENGLISH_NAMES, gender, false, rng);
    case 'GB':
      return westernName(ENGLISH_NAMES, gender, false, rng);
    case 'DE':
      return westernName(GERMAN_NAMES, gender, false, rng);
    case 'SG':
      return westernName(SINGAPORE_NAMES, gender, rng.chance(0.2), rng);
    case 'JP':
      return westernName(JAPANESE_NAMES, gender, rng.chance(0.3), rng);
  }
}

/** A surname (the common ones more often) and a given name of one or two characters. */
function chineseName(surnames: readonly string[], gender: 'male' | 'female', script: Script, rng: Random): ChineseName {
  const givenChars = gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN;
  const given = rng.chance(0.25) ? [rng.pick(givenChars)] : [rng.pick(givenChars), rng.pick(givenChars)];
  return { kind: 'chinese', surname: rng.pickFrequent(surnames), given, script };
}

function westernName(names: WesternNames, gender: 'male' | 'female', surnameFirst: boolean, rng: Random): LatinName {
  return { kind: 'latin', first: rng.pick(gender === 'male' ? names.male : names.female), last: rng.pick(names.last), surnameFirst };
}

function writePersonName(name: PersonName, vocabulary: Vocabulary): string {
  if (name.kind === 'latin') return name.surnameFirst ? `${name.last} ${name.first}` : `${name.first} ${name.last}`;
  // OpenCC reads 余 and 于 as the words "remainder" and "at" (餘, 於); as surnames they stay as they are.
  const surname = name.surname === '余' || name.surname === '于' ? name.surname : inScript(name.surname, name.script, vocabulary);
  return surname + inScript(name.given.join(''), name.script, vocabulary);
}

/** `simplified` is a word from the lists (or a few of them joined), so the set of conversions stays small. */
function inScript(simplified: string, script: Script, vocabulary: Vocabulary): string {
  if (script === 'simplified') return simplified;
  const { convert, known } = vocabulary.traditional[script];
  let converted = known.get(simplified);
  if (converted === undefined) {
    converted = convert(simplified);
    known.set(simplified, converted);
  }
  return converted;
}

/** Romanised name parts for email addresses: pinyin for Chinese names, accents dropped for Western ones. */
function romanised(name: PersonName, vocabulary: Vocabulary): { first: string; last: string } {
  if (name.kind === 'latin') return { first: asciiLower(name.first), last: asciiLower(name.last) };
  let first = '';
  for (const char of name.given) first += vocabulary.pinyinOf.get(char) ?? '';
  return { first, last: vocabulary.pinyinOf.get(name.surname) ?? '' };
}

function asciiLower(text: string): string {
  return text
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------
// Companies

type PlaceStyle = 'prefix' | 'prefix_with_shi' | 'in_brackets' | 'none';
type ChineseCompanyName = {
  kind: 'chinese';
  /** City or region without 市, in simplified script (深圳, 台湾, 香港), or '' for none. */
  place: string;
  placeStyle: PlaceStyle;
  brand: string[];
  businessWord: string;
  legalForm: string;
  script: Script;
};
type LatinCompanyName = { kind: 'latin'; brand: string; businessWord: string; legalForm: string; upperCase: boolean };
type CompanyName = ChineseCompanyName | LatinCompanyName;

function writeCompanyName(name: CompanyName, vocabulary: Vocabulary): string {
  if (name.kind === 'latin') {
    const text = `${name.brand} ${name.businessWord}${name.legalForm ? ` ${name.legalForm}` : ''}`;
    return name.upperCase ? text.toUpperCase() : text;
  }
  const place = inScript(name.place, name.script, vocabulary);
  const core = inScript(name.brand.join(''), name.script, vocabulary) + inScript(name.businessWord, name.script, vocabulary);
  const legalForm = inScript(name.legalForm, name.script, vocabulary);
  switch (name.placeStyle) {
    case 'prefix':
      return place + core + legalForm;
    case 'prefix_with_shi':
      return `${place}市${core}${legalForm}`;
    case 'in_brackets':
      // The form registries use when the place comes after the brand: 恒信贸易（上海）有限公司.
      return legalForm ? `${core}（${place}）${legalForm}` : place + core;
    case 'none':
      return core + legalForm;
  }
}

/**
 * Hands out company brands by a permutation of the companies' order, so that a brand comes back only after all
 * others were used, and numbers its reuses: brand and number make a web domain no other company has
 * (tengda.com, tengda2.com), and company names rarely repeat by accident.
 */
class BrandAllocator {
  private chineseCompanies = 0;
  private readonly latinCompanies = new Map<AbroadCountry['code'], number>();
  constructor(private readonly offset: number) {}

  chinese(vocabulary: Vocabulary): { brand: { chars: string[]; pinyin: string }; reuse: number } {
    const brands = vocabulary.chineseBrands;
    const ordinal = this.chineseCompanies++;
    return { brand: brands[permuted(ordinal, this.offset, brands.length)]!, reuse: Math.floor(ordinal / brands.length) };
  }

  latin(country: AbroadCountry['code'], vocabulary: Vocabulary): { brand: string; reuse: number } {
    const brands = vocabulary.latinBrands.get(country)!;
    const ordinal = this.latinCompanies.get(country) ?? 0;
    this.latinCompanies.set(country, ordinal + 1);
    return { brand: brands[permuted(ordinal, this.offset, brands.length)]!, reuse: Math.floor(ordinal / brands.length) };
  }
}

/** 7919 is a prime larger than any brand list, so each run of `size` ordinals maps onto all `size` positions. */
function permuted(ordinal: number, offset: number, size: number): number {
  return ((((ordinal % size) * 7919 + offset) % size) + size) % size;
}

// ---------------------------------------------------------------------------------------------------------
// Addresses: kept as parts so that a duplicate can write the same place another way.

type Address =
  | { region: 'CN'; province: string | null; city: string; district: string; street: string; postalCode: string }
  | { region: 'TW'; city: string; cityAlternative: string | null; district: string; street: string; postalCode: string }
  | { region: 'HK'; chinese: string; english: string }
  | { region: 'MO' | 'abroad'; text: string };

function writeAddress(address: Address, rng: Random): string {
  switch (address.region) {
    case 'CN': {
      const { province, city, district, street, postalCode } = address;
      const postal = rng.chance(0.3) ? ` ${postalCode}` : '';
      switch (rng.int(5)) {
        case 0:
          return `${province ?? ''}${city}${district}${street}${postal}`;
        case 1:
          return `${province ? `${province} ` : ''}${city} ${district} ${street}${postal}`;
        case 2:
          // Without 市 and province, as people type it: 上海浦东新区世纪大道100号
          return `${city.replace(/市$/, '')}${district}${street}${postal}`;
        default:
          return `${city}${district}${street}${postal}`;
      }
    }
    case 'TW': {
      const city = address.cityAlternative && rng.chance(0.4) ? address.cityAlternative : address.city;
      return `${rng.chance(0.5) ? address.postalCode : ''}${city}${address.district}${address.street}`;
    }
    case 'HK':
      return rng.chance(0.25) ? address.english : address.chinese;
    case 'MO':
    case 'abroad':
      return address.text;
  }
}

type Place = {
  address: Address;
  city: string;
  currency: string;
  /** Where fixed lines there begin: the area code (or foreign landline prefix), then the local number's first digits and length. */
  landline: { areaCode: string; firstDigits: string; length: number };
  abroad: AbroadCountry | null;
};
/** Hong Kong and Macau have no area codes; their landline prefixes are chosen in landlinePhone. */
const NO_AREA_CODE = { areaCode: '', firstDigits: '', length: 8 };

function newPlace(region: Region, kind: 'organisation' | 'person', vocabulary: Vocabulary, rng: Random): Place {
  const floor = rng.between(2, 38);
  switch (region) {
    case 'CN': {
      const city = vocabulary.mainlandCities.pick(rng);
      const [district, postalCode] = rng.pick(city.districts);
      const road = rng.chance(0.4) ? rng.pick(city.roads) : rng.pick(COMMON_ROADS);
      const number = `${rng.between(1, 999)}号`;
      const premises =
        kind === 'organisation'
          ? rng.chance(0.6)
            ? `${rng.pick(ESTATE_WORDS)}${rng.pick(OFFICE_BUILDINGS)}${rng.chance(0.5) ? `${floor}楼` : `${floor}${rng.digits(2)}室`}`
            : rng.chance(0.5)
              ? `${rng.between(1, 12)}栋`
              : ''
          : `${rng.pick(ESTATE_WORDS)}${rng.pick(RESIDENTIAL_ESTATES)}${rng.between(1, 30)}栋${rng.chance(0.5) ? `${rng.between(1, 4)}单元` : ''}${floor}0${rng.between(1, 6)}室`;
      return {
        address: { region: 'CN', province: city.province, city: city.city, district, street: road + number + premises, postalCode },
        city: city.city,
        currency: 'CNY',
        landline: { areaCode: city.areaCode, firstDigits: '2345678', length: city.localLength ?? 8 },
        abroad: null,
      };
    }
    case 'TW': {
      const city = vocabulary.taiwanCities.pick(rng);
      const [district, postalCode] = rng.pick(city.districts);
      const lane = rng.chance(0.3) ? `${rng.between(1, 300)}巷` : '';
      const street = `${rng.pick(city.roads)}${lane}${rng.between(1, 200)}號${rng.chance(0.7) ? `${rng.between(2, 20)}樓` : ''}`;
      return {
        address: { region: 'TW', city: city.city, cityAlternative: city.alternative, district, street, postalCode },
        city: city.city,
        currency: 'TWD',
        landline: { areaCode: city.areaCode, firstDigits: city.localFirstDigits, length: city.localLength },
        abroad: null,
      };
    }
    case 'HK': {
      const area = rng.pick(HONG_KONG_AREAS);
      const [street, streetEnglish] = rng.pick(area.streets);
      const number = rng.between(1, 300);
      const flat = String.fromCharCode(65 + rng.int(8));
      const regionPrefix = area.region === '香港' ? '香港' : rng.chance(0.5) ? `香港${area.region}` : area.region;
      return {
        address: {
          region: 'HK',
          chinese: `${regionPrefix}${area.area}${street}${number}號${floor}樓${kind === 'person' ? `${flat}室` : ''}`,
          english: `${kind === 'person' ? `Flat ${flat}, ` : ''}${floor}/F, ${number} ${streetEnglish}, ${area.areaEnglish}, ${area.regionEnglish}, Hong Kong`,
        },
        city: '香港',
        currency: 'HKD',
        landline: NO_AREA_CODE,
        abroad: null,
      };
    }
    case 'MO':
      return {
        address: {
          region: 'MO',
          text: `澳門${rng.pick(MACAU_STREETS)}${rng.between(1, 200)}號${rng.chance(0.6) ? `${rng.between(2, 25)}樓` : ''}`,
        },
        city: '澳門',
        currency: 'MOP',
        landline: NO_AREA_CODE,
        abroad: null,
      };
    case 'US':
    case 'GB':
    case 'SG':
    case 'JP':
    case 'DE': {
      const { country, cities } = vocabulary.abroad.get(region)!;
      const city = cities.pick(rng);
      const postalCode = [...city.postalPattern]
        .map((char) => (char === 'd' ? rng.digits(1) : char === 'L' ? String.fromCharCode(65 + rng.int(26)) : char))
        .join('');
      const street = rng.pick(city.streets);
      const number = rng.between(1, 1200);
      let text: string;
      switch (region) {
        case 'US':
          text = `${number} ${street}${kind === 'organisation' && rng.chance(0.4) ? `, Suite ${rng.between(1, 30)}00` : ''}, ${city.city}, ${city.state ?? ''} ${postalCode}, USA`;
          break;
        case 'GB':
          text = `${number} ${street}, ${city.city} ${postalCode}, UK`;
          break;
        case 'SG':
          text = `${number} ${street}, #${String(floor).padStart(2, '0')}-${rng.digits(2)}, Singapore ${postalCode}`;
          break;
        case 'JP':
          text = `${rng.between(1, 9)}-${rng.between(1, 20)}-${rng.between(1, 30)} ${street}, ${city.city} ${postalCode}, Japan`;
          break;
        case 'DE':
          text = `${street} ${number}, ${postalCode} ${city.city}, Germany`;
          break;
      }
      return {
        address: { region: 'abroad', text },
        city: city.city,
        currency: country.currency,
        landline: { areaCode: city.landlinePrefix, firstDigits: '', length: 0 },
        abroad: country,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// A new customer, kept with its parts so that later duplicates can vary them.

type Draft = {
  index: number;
  customer: DemoCustomer;
  name: { kind: 'person'; parts: PersonName } | { kind: 'organisation'; parts: CompanyName };
  phones: PhoneParts[];
  address: Address;
};

const TIERS = new Weighted<CustomerInputLike['tier']>([
  ['key', 10],
  ['strategic', 25],
  ['general', 65],
]);
const PURCHASE_CLASSES = new Weighted<CustomerInputLike['purchaseClass']>([
  ['prospect', 30],
  ['regular', 55],
  ['lapsed', 15],
]);
const TAG_COUNTS = new Weighted([
  [0, 45],
  [1, 35],
  [2, 15],
  [3, 5],
] as const);
const CONTACT_COUNTS = new Weighted([
  [1, 35],
  [2, 35],
  [3, 20],
  [4, 10],
] as const);
const CREDIT_LIMITS: Readonly<Record<CustomerInputLike['tier'], readonly number[]>> = {
  key: [500_000, 1_000_000, 2_000_000, 5_000_000],
  strategic: [100_000, 200_000, 300_000, 500_000],
  general: [10_000, 20_000, 50_000, 100_000],
};

function newDraft(index: number, brands: BrandAllocator, vocabulary: Vocabulary, rng: Random): Draft {
  const region = vocabulary.regions.pick(rng);
  const kind = rng.chance(0.4) ? 'organisation' : 'person';
  const place = newPlace(region, kind, vocabulary, rng);
  const industry = vocabulary.industries.pick(rng);
  const tier = TIERS.pick(rng);
  const chineseSpeaking = place.abroad === null;
  const address = place.address;
  const customer: DemoCustomer = {
    kind,
    name: '',
    phones: [],
    emails: [],
    address: writeAddress(address, rng),
    industry: industry.label,
    customerType: rng.pick(kind === 'person' ? PERSON_TYPES : ORGANISATION_TYPES),
    source: rng.pick(SOURCES),
    purchaseClass: PURCHASE_CLASSES.pick(rng),
    tier,
    tags: rng.sample(TAGS, TAG_COUNTS.pick(rng)),
    currency: place.currency,
    paymentTerms: chineseSpeaking ? rng.pick(CHINESE_PAYMENT_TERMS) : rng.pick(ENGLISH_PAYMENT_TERMS),
    contacts: [],
  };
  if (rng.chance(0.15)) customer.notes = chineseSpeaking ? rng.pick(CHINESE_NOTES) : rng.pick(ENGLISH_NOTES);

  if (kind === 'person') {
    const gender = rng.chance(0.5) ? 'male' : 'female';
    const name = personName(region, gender, rng);
    const phones: PhoneParts[] = [];
    if (rng.chance(0.97)) phones.push(mobilePhone(region, vocabulary, rng));
    if (rng.chance(0.1)) phones.push(mobilePhone(region, vocabulary, rng));
    if (rng.chance(0.1)) phones.push(landlinePhone(region, place, vocabulary, rng, 'home'));
    customer.name = writePersonName(name, vocabulary);
    customer.gender = gender;
    if (rng.chance(0.8)) customer.birthday = birthday(rng);
    for (const phone of phones) customer.phones.push(writePhone(phone, rng));
    if (rng.chance(0.75)) customer.emails.push({ label: 'personal', address: personalEmail(name, region, index, vocabulary, rng) });
    const erp = rng.chance(0.15);
    const ecommerce = rng.chance(0.25);
    if (erp || ecommerce) {
      customer.externalCodes = {};
      if (erp) customer.externalCodes.erp = erpCode(index);
      if (ecommerce) customer.externalCodes.ecommerce = `TB${scrambled(index, 0x27d4eb2f)}`;
    }
    if (rng.chance(0.1)) customer.creditLimit = `${rng.pick(CREDIT_LIMITS.general) / 10}.00`;
    return { index, customer, name: { kind, parts: name }, phones, address };
  }

  const { name, domain } = newCompany(region, place, industry, brands, vocabulary, rng);
  const switchboard = landlinePhone(region, place, vocabulary, rng, 'work');
  const phones: PhoneParts[] = [switchboard];
  if (rng.chance(0.2)) phones.push(landlinePhone(region, place, vocabulary, rng, 'work'));
  if (rng.chance(0.15)) phones.push(landlinePhone(region, place, vocabulary, rng, 'fax'));
  if (rng.chance(0.2)) phones.push(mobilePhone(region, vocabulary, rng));
  customer.name = writeCompanyName(name, vocabulary);
  for (const phone of phones) customer.phones.push(writePhone(phone, rng));
  if (rng.chance(0.7)) customer.emails.push({ label: 'work', address: `${rng.pick(ROLE_MAILBOXES)}@${domain}` });
  if (rng.chance(0.35)) customer.externalCodes = { erp: erpCode(index) };
  if (rng.chance(0.7)) customer.creditLimit = `${rng.pick(CREDIT_LIMITS[tier])}.00`;
  if (rng.chance(0.6)) customer.website = `https://www.${domain}`;
  for (const title of rng.sample(JOB_TITLES, CONTACT_COUNTS.pick(rng))) {
    customer.contacts.push(newContact(region, title, switchboard, domain, vocabulary, rng));
  }
  return { index, customer, name: { kind, parts: name }, phones, address };
}

const ROLE_MAILBOXES = ['info', 'sales', 'contact', 'service', 'office'];

function newContact(
  region: Region,
  title: JobTitle,
  switchboard: PhoneParts,
  domain: string,
  vocabulary: Vocabulary,
  rng: Random,
): DemoContact {
  const name = personName(region, rng.chance(0.55) ? 'male' : 'female', rng);
  const phones: DemoContact['phones'] = [];
  if (rng.chance(0.9)) phones.push({ label: 'mobile', number: writePhone(mobilePhone(region, vocabulary, rng), rng).number });
  if (rng.chance(0.4)) phones.push({ label: 'work', number: formatPhone(withExtension(switchboard, rng), switchboard.styles.pick(rng)) });
  const emails: DemoContact['emails'] = [];
  if (rng.chance(0.8)) {
    const { first, last } = romanised(name, vocabulary);
    emails.push({ label: 'work', address: `${rng.chance(0.5) ? `${first}.${last}` : `${last}${first.slice(0, 1)}`}@${domain}` });
  }
  return {
    name: writePersonName(name, vocabulary),
    title:
      region === 'CN' || region === 'TW' || region === 'HK' || region === 'MO'
        ? inScript(title.chinese, scriptOf(region), vocabulary)
        : title.english,
    role: title.role,
    influence: title.influence,
    phones,
    emails,
  };
}

function scriptOf(region: Region): Script {
  return region === 'TW' ? 'taiwan' : region === 'HK' || region === 'MO' ? 'hongkong' : 'simplified';
}

/** A contact's direct extension on the company switchboard, written as people do (转 is "transfer to"). */
function withExtension(switchboard: PhoneParts, rng: Random): PhoneParts {
  if (!rng.chance(0.25)) return switchboard;
  const extension = rng.between(100, 899);
  return { ...switchboard, extension: switchboard.callingCode === '86' && rng.chance(0.2) ? ` 转${extension}` : ` ext. ${extension}` };
}

function newCompany(
  region: Region,
  place: Place,
  industry: Industry,
  brands: BrandAllocator,
  vocabulary: Vocabulary,
  rng: Random,
): { name: CompanyName; domain: string } {
  if (place.abroad) {
    const country = place.abroad;
    const { brand, reuse } = brands.latin(country.code, vocabulary);
    const qualifier = reuse > 0 ? ` ${LATIN_BRAND_QUALIFIERS[(reuse - 1) % LATIN_BRAND_QUALIFIERS.length]!}` : '';
    const businessWord = rng.pick(industry.englishWords);
    const slug = asciiLower(brand) + (reuse > 0 ? String(reuse + 1) : '');
    return {
      name: { kind: 'latin', brand: brand + qualifier, businessWord, legalForm: rng.pick(country.legalForms), upperCase: false },
      domain: `${slug}${rng.chance(0.4) ? asciiLower(businessWord) : ''}${country.webDomain}`,
    };
  }
  const { brand, reuse } = brands.chinese(vocabulary);
  const businessWord = rng.pick(industry.words);
  const slug = brand.pinyin + (reuse > 0 ? String(reuse + 1) : '');
  // Only the first company of a brand goes without a place in its name; the others are told apart by it.
  const withoutPlace = reuse === 0 && rng.chance(0.5);
  if (region === 'TW') {
    const placeName = rng.chance(0.3) ? '台湾' : place.city.replace(/市$/, '');
    return {
      name: {
        kind: 'chinese',
        place: withoutPlace ? '' : placeName,
        placeStyle: 'prefix',
        brand: brand.chars,
        businessWord,
        legalForm: rng.pick(TW_LEGAL_FORMS),
        script: 'taiwan',
      },
      domain: `${slug}.com.tw`,
    };
  }
  if (region === 'HK' || region === 'MO') {
    const placeName = region === 'HK' ? '香港' : '澳门';
    return {
      name: {
        kind: 'chinese',
        place: withoutPlace ? '' : placeName,
        placeStyle: 'prefix',
        brand: brand.chars,
        businessWord,
        legalForm: rng.pick(HK_LEGAL_FORMS),
        script: 'hongkong',
      },
      domain: `${slug}${region === 'HK' ? '.com.hk' : '.com.mo'}`,
    };
  }
  return {
    name: {
      kind: 'chinese',
      place: place.city.replace(/市$/, ''),
      placeStyle: withoutPlace && rng.chance(0.4) ? 'none' : rng.pick(PLACE_STYLES),
      brand: brand.chars,
      businessWord,
      legalForm: rng.pick(CN_LEGAL_FORMS),
      script: 'simplified',
    },
    domain: `${slug}${rng.chance(0.5) ? `-${industry.domainWord}` : ''}${rng.pick(MAINLAND_TOP_LEVEL_DOMAINS)}`,
  };
}

/** Mainland companies put their city in front of their name (深圳市…), or after the brand. */
const PLACE_STYLES: readonly PlaceStyle[] = ['prefix', 'prefix_with_shi', 'prefix_with_shi', 'in_brackets'];
const MAINLAND_TOP_LEVEL_DOMAINS = ['.com', '.com', '.com.cn', '.cn'];

function personalEmail(name: PersonName, region: Region, index: number, vocabulary: Vocabulary, rng: Random): string {
  const domains =
    region === 'CN'
      ? MAINLAND_EMAIL_DOMAINS
      : region === 'TW'
        ? TAIWAN_EMAIL_DOMAINS
        : region === 'HK'
          ? HONG_KONG_EMAIL_DOMAINS
          : region === 'MO'
            ? MACAU_EMAIL_DOMAINS
            : vocabulary.abroad.get(region)!.country.emailDomains;
  const domain = rng.pickFrequent(domains);
  // QQ mail addresses are the QQ number: unique per person, so derived from the position.
  if (domain === 'qq.com' && rng.chance(0.7)) return `${10_000 + scrambled(index, 0x2c1b3c6d)}@qq.com`;
  const { first, last } = romanised(name, vocabulary);
  // Popular names are taken on every mail service: most people add a number (zhangwei1988, wang.fang520).
  const roll = rng.next();
  const suffix = roll < 0.65 ? String(rng.between(1, 9999)) : roll < 0.9 ? `${rng.between(1960, 2005)}${rng.digits(2)}` : '';
  switch (rng.int(4)) {
    case 0:
      return `${last}.${first}${suffix}@${domain}`;
    case 1:
      return `${first}.${last}${suffix}@${domain}`;
    case 2:
      return `${last}${first}${suffix}@${domain}`;
    default:
      return `${first.slice(0, 1)}${last}${suffix || rng.between(10, 99)}@${domain}`;
  }
}

/** ERP customer numbers are sequential in the source system; unique because the position is. */
function erpCode(index: number): string {
  return `K-${100_001 + index}`;
}

/** A unique-looking number per position: multiplying by an odd constant is a bijection on 32-bit integers. */
function scrambled(index: number, multiplier: number): number {
  return Math.imul(index + 1, multiplier) >>> 0;
}

function birthday(rng: Random): string {
  const year = rng.between(1955, 2005);
  const month = rng.between(1, 12);
  const day = rng.between(1, month === 2 ? 28 : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Duplicates: the same customer entered again elsewhere, with one realistic variation.

type Variation = 'script' | 'typo' | 'phone_format' | 'email_case' | 'company_name';

function duplicateOf(original: Draft, vocabulary: Vocabulary, rng: Random): DemoCustomer {
  const source = original.customer;
  const variations: [Variation, number][] = [['typo', 25]];
  if (original.name.parts.kind === 'chinese') variations.push(['script', 25]);
  if (original.phones.length > 0) variations.push(['phone_format', 25]);
  if (source.emails.length > 0) variations.push(['email_case', 15]);
  if (original.name.kind === 'organisation') variations.push(['company_name', 30]);
  const variation = new Weighted(variations).pick(rng);

  const name = variedName(original.name, variation, vocabulary, rng);
  // Whoever typed the duplicate wrote the number their way; when the variation is the format, make sure it differs.
  const phones = original.phones.map((phone, i) => {
    const previous = source.phones[i]!.number;
    let written = writePhone(phone, rng);
    for (let attempt = 0; variation === 'phone_format' && written.number === previous && attempt < 8; attempt++)
      written = writePhone(phone, rng);
    return written;
  });
  const emails =
    variation === 'email_case'
      ? source.emails.map((email) => ({
          ...email,
          address: rng.chance(0.6) ? email.address.toUpperCase() : email.address[0]!.toUpperCase() + email.address.slice(1),
        }))
      : rng.chance(0.6)
        ? source.emails.map((email) => ({ ...email }))
        : [];
  const { externalCodes, contacts, ...rest } = source;
  return {
    ...rest,
    name,
    phones,
    emails,
    address: writeAddress(original.address, rng),
    // Another branch files the same customer under its own source and tags; the ERP number travels only sometimes.
    source: rng.pick(SOURCES),
    tags: rng.sample(TAGS, TAG_COUNTS.pick(rng)),
    ...(externalCodes && rng.chance(0.2) ? { externalCodes: { ...externalCodes } } : {}),
    contacts: contacts.slice(0, 1).map((contact) => ({
      ...contact,
      phones: contact.phones.map((phone) => ({ ...phone })),
      emails: contact.emails.map((email) => ({ ...email })),
    })),
    duplicateOf: original.index,
  };
}

function variedName(name: Draft['name'], variation: Variation, vocabulary: Vocabulary, rng: Random): string {
  if (name.kind === 'person') {
    const parts = name.parts;
    switch (variation) {
      case 'script':
        return writePersonName(parts.kind === 'chinese' ? otherScript(parts) : parts, vocabulary);
      case 'typo':
        return writePersonName(typoInPerson(parts, vocabulary, rng), vocabulary);
      case 'phone_format':
      case 'email_case':
      case 'company_name':
        return writePersonName(parts, vocabulary);
    }
  }
  const parts = name.parts;
  switch (variation) {
    case 'script':
      return writeCompanyName(parts.kind === 'chinese' ? otherScript(parts) : parts, vocabulary);
    case 'typo':
      return writeCompanyName(typoInCompany(parts, vocabulary, rng), vocabulary);
    case 'company_name':
      return writeCompanyName(otherCompanyForm(parts, rng), vocabulary);
    case 'phone_format':
    case 'email_case':
      return writeCompanyName(parts, vocabulary);
  }
}

function otherScript<T extends ChineseName | ChineseCompanyName>(name: T): T {
  return { ...name, script: name.script === 'simplified' ? 'taiwan' : 'simplified' };
}

function typoInPerson(name: PersonName, vocabulary: Vocabulary, rng: Random): PersonName {
  if (name.kind === 'latin')
    return rng.chance(0.5) ? { ...name, last: typoInWord(name.last, rng) } : { ...name, first: typoInWord(name.first, rng) };
  const given = [...name.given];
  const position = rng.int(given.length);
  given[position] = soundAlike(given[position]!, MALE_GIVEN.includes(given[position]!) ? MALE_GIVEN : FEMALE_GIVEN, vocabulary, rng);
  return { ...name, given };
}

function typoInCompany(name: CompanyName, vocabulary: Vocabulary, rng: Random): CompanyName {
  if (name.kind === 'latin') return { ...name, brand: typoInWord(name.brand, rng) };
  const brand = [...name.brand];
  const position = rng.int(brand.length);
  brand[position] = soundAlike(brand[position]!, BRAND_CHARS, vocabulary, rng);
  return { ...name, brand };
}

/** A homophone when the list has one (伟 → 玮), else another character of the same list. */
function soundAlike(char: string, list: readonly string[], vocabulary: Vocabulary, rng: Random): string {
  const homophones = vocabulary.homophones.get(char);
  if (homophones && rng.chance(0.8)) return rng.pick(homophones);
  let other = rng.pick(list);
  while (other === char) other = rng.pick(list);
  return other;
}

/** One slip of the keyboard in a Latin word: two letters swapped, one dropped, or one doubled. */
function typoInWord(word: string, rng: Random): string {
  if (word.length < 3) return word + word.slice(-1);
  const at = rng.between(1, word.length - 2);
  switch (rng.int(3)) {
    case 0:
      return word.slice(0, at) + word[at + 1]! + word[at]! + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return word.slice(0, at) + word[at]! + word.slice(at);
  }
}

/** The same company written with or without its legal form, place or 市: 深圳市腾达电子科技有限公司 → 腾达电子科技有限公司 / 深圳腾达电子科技. */
function otherCompanyForm(name: CompanyName, rng: Random): CompanyName {
  if (name.kind === 'latin') return rng.chance(0.5) ? { ...name, legalForm: '' } : { ...name, upperCase: true };
  const showsPlace = name.place !== '' && name.placeStyle !== 'none';
  const withoutLegalForm: CompanyName = { ...name, legalForm: '', placeStyle: showsPlace ? 'prefix' : 'none' };
  switch (rng.int(3)) {
    case 0:
      return withoutLegalForm;
    case 1:
      if (showsPlace) return { ...name, placeStyle: 'none' };
      return name.place ? { ...name, placeStyle: 'prefix' } : withoutLegalForm;
    default:
      if (name.placeStyle === 'prefix_with_shi') return { ...name, placeStyle: 'prefix' };
      if (name.placeStyle === 'prefix' && name.script === 'simplified' && name.place) return { ...name, placeStyle: 'prefix_with_shi' };
      return withoutLegalForm;
  }
}

// ---------------------------------------------------------------------------------------------------------
// CSV

export type DemoCsvEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'big5';
export type BadRowDefect = 'empty_name' | 'malformed_email' | 'impossible_phone' | 'impossible_date' | 'unknown_tier';
export type DemoCsvOptions = DemoOptions & {
  headers?: 'zh' | 'en';
  encoding?: DemoCsvEncoding;
  /** Share of rows made invalid on purpose, one defect each; default 0. */
  badRowRate?: number;
};
export type DemoCsvResult = {
  rows: number;
  /** Row numbers as a spreadsheet shows them: the header is row 1, the first customer row 2. */
  badRows: number[];
  /** The defect of each bad row, in the order of `badRows`. */
  badRowDefects: BadRowDefect[];
  /** Row numbers of the planted duplicates. */
  duplicateRows: number[];
};

type CsvColumn = { zh: string; en: string; cell: (customer: DemoCustomer, headers: 'zh' | 'en') => string };
const CSV_COLUMNS: readonly CsvColumn[] = [
  { zh: '客户名称', en: 'Name', cell: (c) => c.name },
  {
    zh: '客户性质',
    en: 'Kind',
    cell: (c, h) => (c.kind === 'organisation' ? (h === 'zh' ? '公司' : 'Company') : h === 'zh' ? '个人' : 'Person'),
  },
  { zh: '性别', en: 'Gender', cell: (c, h) => (c.gender ? (h === 'zh' ? (c.gender === 'male' ? '男' : '女') : c.gender) : '') },
  { zh: '生日', en: 'Birthday', cell: (c) => c.birthday ?? '' },
  { zh: '手机', en: 'Mobile', cell: (c) => firstPhone(c, true) },
  { zh: '电话', en: 'Phone', cell: (c) => firstPhone(c, false) },
  { zh: '邮箱', en: 'Email', cell: (c) => c.emails[0]?.address ?? '' },
  { zh: '地址', en: 'Address', cell: (c) => c.address },
  { zh: '网址', en: 'Website', cell: (c) => c.website ?? '' },
  { zh: '行业', en: 'Industry', cell: (c) => c.industry },
  { zh: '客户类别', en: 'Customer type', cell: (c) => c.customerType },
  { zh: '来源', en: 'Source', cell: (c) => c.source },
  { zh: '购买行为', en: 'Purchase class', cell: (c, h) => (h === 'zh' ? PURCHASE_CLASS_LABELS[c.purchaseClass] : c.purchaseClass) },
  { zh: '价值等级', en: 'Tier', cell: (c, h) => (h === 'zh' ? TIER_LABELS[c.tier] : c.tier) },
  { zh: '标签', en: 'Tags', cell: (c, h) => c.tags.join(h === 'zh' ? '、' : ', ') },
  { zh: 'ERP编号', en: 'ERP ID', cell: (c) => c.externalCodes?.erp ?? '' },
  { zh: '电商ID', en: 'E-commerce ID', cell: (c) => c.externalCodes?.ecommerce ?? '' },
  { zh: '币种', en: 'Currency', cell: (c) => c.currency },
  { zh: '付款条件', en: 'Payment terms', cell: (c) => c.paymentTerms },
  { zh: '信用额度', en: 'Credit limit', cell: (c) => c.creditLimit ?? '' },
  { zh: '联系人', en: 'Contact', cell: (c) => c.contacts[0]?.name ?? '' },
  { zh: '职务', en: 'Title', cell: (c) => c.contacts[0]?.title ?? '' },
  { zh: '备注', en: 'Notes', cell: (c) => c.notes ?? '' },
];
const TIER_LABELS: Readonly<Record<CustomerInputLike['tier'], string>> = { key: '重要', strategic: '战略', general: '普通' };
const PURCHASE_CLASS_LABELS: Readonly<Record<CustomerInputLike['purchaseClass'], string>> = {
  prospect: '潜在',
  regular: '常客',
  lapsed: '流失',
};
const column = (zh: string): number => CSV_COLUMNS.findIndex((candidate) => candidate.zh === zh);
const DEFECT_COLUMNS: Readonly<Record<BadRowDefect, number>> = {
  empty_name: column('客户名称'),
  malformed_email: column('邮箱'),
  impossible_phone: column('手机'),
  impossible_date: column('生日'),
  unknown_tier: column('价值等级'),
};
const DEFECT_VALUES: Readonly<Record<BadRowDefect, readonly string[]>> = {
  empty_name: [''],
  malformed_email: ['foo@', 'a b@c', 'zhang.wei@@163.com', 'wang.fang163.com', 'li@qq'],
  impossible_phone: ['123', '12345', '138001380', '000-0000'],
  impossible_date: ['1990-13-45', '1985-02-30', '2001-00-10', '19900101x'],
  unknown_tier: ['钻石', 'platinum', 'X', 'VIP1'],
};
const DEFECTS = Object.keys(DEFECT_COLUMNS) as BadRowDefect[];
/** Text is buffered to about this many characters before it is encoded and written. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * Writes the customers of `demoCustomers(count, options)` to a CSV file, one row each (its first mobile, first
 * other phone, first email and first contact), streaming with backpressure. Big5 files are written in traditional script (they come from Taiwan and Hong Kong); a character
 * Big5 still lacks becomes '?', as Excel does. The defects of bad rows come from their own random stream, so
 * the customers are the same whatever `badRowRate` is.
 */
export async function writeDemoCsv(path: string, count: number, options: DemoCsvOptions = {}): Promise<DemoCsvResult> {
  const headers = options.headers ?? 'zh';
  const encoding = options.encoding ?? 'utf-8';
  const badRowRate = options.badRowRate ?? 0;
  const defectRng = new Random((options.seed ?? DEFAULT_SEED) ^ 0x5bd1e995);
  const vocabulary = getVocabulary();
  const result: DemoCsvResult = { rows: 0, badRows: [], badRowDefects: [], duplicateRows: [] };

  const encode = (text: string): Buffer => {
    switch (encoding) {
      case 'utf-8':
      case 'utf-8-bom':
        return Buffer.from(text, 'utf8');
      case 'gb18030':
        return iconv.encode(text, 'gb18030');
      case 'big5':
        return iconv.encode(withoutDiacritics(vocabulary.traditional.taiwan.convert(text)), 'big5');
    }
  };

  function* chunks(): Generator<Buffer> {
    if (encoding === 'utf-8-bom') yield Buffer.from([0xef, 0xbb, 0xbf]);
    let text = CSV_COLUMNS.map((candidate) => csvCell(candidate[headers])).join(',') + '\r\n';
    for (const customer of demoCustomers(count, options)) {
      const rowNumber = result.rows + 2;
      let defectColumn = -1;
      let defectValue = '';
      if (badRowRate > 0 && defectRng.chance(badRowRate)) {
        const defect = defectRng.pick(DEFECTS);
        defectColumn = DEFECT_COLUMNS[defect];
        defectValue = defectRng.pick(DEFECT_VALUES[defect]);
        result.badRows.push(rowNumber);
        result.badRowDefects.push(defect);
      }
      if (customer.duplicateOf !== undefined) result.duplicateRows.push(rowNumber);
      for (let i = 0; i < CSV_COLUMNS.length; i++) {
        if (i > 0) text += ',';
        text += csvCell(i === defectColumn ? defectValue : CSV_COLUMNS[i]!.cell(customer, headers));
      }
      text += '\r\n';
      result.rows++;
      if (text.length >= CHUNK_CHARACTERS) {
        yield encode(text);
        text = '';
      }
    }
    if (text) yield encode(text);
  }

  // Readable.from pulls the next chunk only when the file stream wants more: memory stays flat.
  await pipeline(Readable.from(chunks()), createWriteStream(path));
  return result;
}

function firstPhone(customer: DemoCustomer, mobile: boolean): string {
  for (const phone of customer.phones) if ((phone.label === 'mobile') === mobile) return phone.number;
  return '';
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Big5 has no Latin letters with accents: write them as plain letters (García → Garcia), as people do there. */
function withoutDiacritics(text: string): string {
  return /[\u00c0-\u024f]/.test(text)
    ? text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replaceAll('ß', 'ss')
    : text;
}
