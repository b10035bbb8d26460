/**
 * Parsing of addresses as entered (CUST-4): Chinese-style addresses of the mainland, Taiwan, Hong Kong
 * and Macau, written from the largest division down, and Western-style ones, written from the street up
 * with commas. Names found in the text are returned as written (in the script of the input); names
 * completed or inferred (广东 → 广东省, 深圳 → 广东省, 尖沙咀 → 油尖旺區) are official names in that script.
 */
import { HONG_KONG_DISTRICTS, MACAU_DISTRICTS, MAINLAND_PROVINCES, SUFFIX_TRADITIONAL, TAIWAN_CITIES } from './china-regions.js';
import { countryFromName } from './country-names.js';
import { normaliseText, toSimplified } from './normalise.js';

export type ParsedAddress = {
  entered: string | null;
  country: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  postalCode: string | null;
};

type Parts = Omit<ParsedAddress, 'entered'>;

// ---------------------------------------------------------------------------------------------
// Indexes of the divisions, keyed by simplified names (traditional input is matched after toSimplified).

type Province = { name: string; short: string; traditional: string; municipality: boolean };
type City = { name: string; short: string; province: Province };

/** Lookup by the longest key that starts at a position of a text. */
class PrefixIndex<T> {
  private readonly entries = new Map<string, T>();
  private longest = 0;

  set(key: string, value: T): void {
    if (!key || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.longest = Math.max(this.longest, key.length);
  }

  match(text: string, from: number): { value: T; length: number } | undefined {
    for (let length = Math.min(this.longest, text.length - from); length > 0; length--) {
      const value = this.entries.get(text.slice(from, from + length));
      if (value !== undefined) return { value, length };
    }
    return undefined;
  }
}

const provincesByName = new PrefixIndex<Province>();
const provincesByShort = new PrefixIndex<Province>();
const citiesByName = new PrefixIndex<City>();
const citiesByShort = new PrefixIndex<City>();
for (const [name, short, traditional, cities] of MAINLAND_PROVINCES) {
  const province: Province = { name, short, traditional, municipality: cities === '' };
  provincesByName.set(name, province);
  provincesByShort.set(short, province);
  for (const entry of cities.split(' ').filter(Boolean)) {
    const [cityShort, cityName = `${cityShort}市`] = entry.split('=') as [string, string?];
    const city: City = { name: cityName, short: cityShort, province };
    citiesByName.set(cityName, city);
    citiesByShort.set(cityShort, city);
  }
}

/** Taiwan's cities and counties: official name (traditional) and the short name people write without 市/縣. */
type TaiwanCity = { name: string; short: string };
const taiwanCitiesByName = new PrefixIndex<TaiwanCity>();
const taiwanCitiesByShort = new PrefixIndex<TaiwanCity>();
for (const name of TAIWAN_CITIES.split(' ')) {
  // 新竹 and 嘉義 are both a city and a county; the short name means the city, which comes first in the list.
  const city = { name, short: name.slice(0, -1) };
  taiwanCitiesByName.set(toSimplified(name), city);
  taiwanCitiesByShort.set(toSimplified(city.short), city);
}

/** What a name in a Hong Kong address is: a region (九龍), a district (油尖旺區, also without 區) or an area (尖沙咀). */
type HongKongPlace =
  | { kind: 'region'; region: string }
  | { kind: 'district'; region: string; district: string }
  | { kind: 'area'; region: string; district: string };
const hongKongPlaces = new PrefixIndex<HongKongPlace>();
/** Districts named clearly enough to recognise a Hong Kong address that does not start with 香港. */
const distinctiveHongKongDistricts = new Set<string>();
for (const [region, districts] of Object.entries(HONG_KONG_DISTRICTS)) {
  hongKongPlaces.set(toSimplified(region), { kind: 'region', region });
  for (const [district, areas] of Object.entries(districts)) {
    hongKongPlaces.set(toSimplified(district), { kind: 'district', region, district });
    // 東區, 南區 and 北區 say too little without 區, or without 香港 before them.
    if (district.length > 2) {
      hongKongPlaces.set(toSimplified(district.slice(0, -1)), { kind: 'district', region, district });
      distinctiveHongKongDistricts.add(toSimplified(district));
    }
    for (const area of areas.split(' ')) hongKongPlaces.set(toSimplified(area), { kind: 'area', region, district });
  }
}
hongKongPlaces.set('港岛', { kind: 'region', region: '香港島' });

const macauPlaces = new PrefixIndex<string>();
for (const name of MACAU_DISTRICTS.split(' ')) macauPlaces.set(toSimplified(name), name);

// ---------------------------------------------------------------------------------------------
// Patterns, on simplified text.

const HAN = /\p{Script=Han}/u;
const SEPARATORS = /^[\s,;/|、]+/;
/** The official suffix of a province written after its short name, or part of it (新疆省, 广西自治区). */
const PROVINCE_SUFFIX = /^(?:(?:维吾尔|壮族|回族)?自治区|省|市)/;
const CITY_SUFFIX = /^(?:市|地区|盟|自治州|州)/;
/** A name ending like a prefecture-level division that is not in the list (county-level cities governed by a province). */
const CITY_LIKE = /^\p{Script=Han}{2,6}?(?:自治州|地区|市|盟)/u;
/** A county-level division: district, county, banner, county-level city, autonomous county. */
const MAINLAND_DISTRICT = /^(?:\p{Script=Han}{1,5}?(?:新区|区|县|旗|市)|\p{Script=Han}{2,12}?自治[县旗])/u;
/** A Taiwanese district, township or county-administered city. */
const TAIWAN_DISTRICT = /^\p{Script=Han}{1,3}?[区乡镇市]/u;
/** Characters that make a would-be division name part of a street, building or village instead (科技园南区, 88号楼). */
const NOT_A_DIVISION = /[园号楼室座层巷弄幢栋村]|.[路街道]/u;
/** The first character of a district that has the name of a city (朝阳区, 中山区): the short name then is not the city. */
const DISTRICT_AFTER_NAME = /^[区县旗镇乡]/;
/** 香港路, 澳门中路: streets named after the places, found in many mainland cities. */
const STREET_AFTER_NAME = /^(?:[东西南北中]?路|街|大街|大道)/;
/** Hong Kong's regions, which begin its addresses when 香港 is left out (九龍灣 is an area of 九龍). */
const HONG_KONG_REGION = /^(?:香港岛|港岛|九龙|新界)/;
const MUNICIPAL_FILLER = /^(?:市辖区|市辖县)/;

const MAINLAND_POSTAL_CODE = /^\d{6}$/;
const TAIWAN_POSTAL_CODE = /^(?:\d{3}|\d{5}|\d{6})$/;
const POSTAL_LABEL = /(?:邮政编码|邮编|郵政編碼|郵編|郵遞區號|邮递区号)\s*:?\s*(\d{3,6})/;
/** What is left of '（邮编：518057）' once the code is taken out. */
const EMPTY_BRACKETS = /[([【]\s*[)\]】]/g;
const LEADING_POSTAL_CODE = /^(\d{3}|\d{5,6})(?=\s*[^\d\s号號室楼樓层層栋棟座弄巷])/;
const TRAILING_POSTAL_CODE = /[\s,;]+(\d{3}|\d{5,6})$/;

// ---------------------------------------------------------------------------------------------

/** A position in the text being parsed, in its original and its simplified form (of equal length). */
class Cursor {
  pos = 0;
  constructor(
    readonly original: string,
    readonly simplified: string,
  ) {}

  get rest(): string {
    return this.simplified.slice(this.pos);
  }

  skipSeparators(): void {
    this.pos += SEPARATORS.exec(this.rest)?.[0].length ?? 0;
  }

  /** The original text of the next `length` characters, moving past them. */
  take(length: number): string {
    const text = this.original.slice(this.pos, this.pos + length);
    this.pos += length;
    return text;
  }

  /** The rest after skipping separators from `offset` characters ahead, without moving. */
  restAfter(offset: number): string {
    const rest = this.simplified.slice(this.pos + offset);
    return rest.slice(SEPARATORS.exec(rest)?.[0].length ?? 0);
  }
}

/** Writes names this parser completes or infers in the script of the input. */
class Script {
  constructor(readonly traditional: boolean) {}

  /** A suffix of a mainland official name (省, 自治区, 朝鲜族自治州). */
  suffix(simplified: string): string {
    return this.traditional ? [...simplified].map((c) => SUFFIX_TRADITIONAL[c] ?? c).join('') : simplified;
  }

  /** A name of Taiwan, Hong Kong or Macau, kept in traditional script. */
  fromTraditional(name: string): string {
    return this.traditional ? name : toSimplified(name);
  }
}

function divisionAt(pattern: RegExp, text: string): string | undefined {
  const name = pattern.exec(text)?.[0];
  return name && !NOT_A_DIVISION.test(name) ? name : undefined;
}

type Found = { province?: string; city?: string; district?: string };

function startsLikeCityOrDistrict(rest: string, province: Province): boolean {
  if (!rest) return true;
  if (province.municipality) return divisionAt(MAINLAND_DISTRICT, rest) !== undefined;
  const city = citiesByName.match(rest, 0) ?? citiesByShort.match(rest, 0);
  return (
    city?.value.province === province || divisionAt(CITY_LIKE, rest) !== undefined || divisionAt(MAINLAND_DISTRICT, rest) !== undefined
  );
}

function matchProvince(c: Cursor, script: Script): { province: Province; text: string } | undefined {
  const full = provincesByName.match(c.simplified, c.pos);
  if (full) return { province: full.value, text: c.take(full.length) };
  // A city's full name wins over the province it starts with (海南藏族自治州 is in Qinghai).
  if (citiesByName.match(c.simplified, c.pos)) return undefined;
  const short = provincesByShort.match(c.simplified, c.pos);
  if (!short) return undefined;
  const province = short.value;
  const suffix = PROVINCE_SUFFIX.exec(c.simplified.slice(c.pos + short.length))?.[0];
  // Only the municipalities' short names take 市.
  if (suffix === '市' && !province.municipality) return undefined;
  if (!suffix && !startsLikeCityOrDistrict(c.restAfter(short.length), province)) return undefined;
  const text = c.take(short.length) + script.suffix(province.name.slice(province.short.length));
  c.pos += suffix?.length ?? 0;
  return { province, text };
}

function matchCity(c: Cursor, script: Script, province: Province | undefined): { city: City | undefined; text: string } | undefined {
  const full = citiesByName.match(c.simplified, c.pos);
  if (full && (!province || full.value.province === province)) return { city: full.value, text: c.take(full.length) };
  const short = citiesByShort.match(c.simplified, c.pos);
  if (short && (!province || short.value.province === province)) {
    const city = short.value;
    const after = c.simplified.slice(c.pos + short.length);
    const suffix = CITY_SUFFIX.exec(after)?.[0];
    const accepted =
      suffix !== undefined ||
      (!DISTRICT_AFTER_NAME.test(after) &&
        (province !== undefined || !after || divisionAt(MAINLAND_DISTRICT, c.restAfter(short.length)) !== undefined));
    if (accepted) {
      const text = c.take(short.length) + script.suffix(city.name.slice(city.short.length));
      c.pos += suffix?.length ?? 0;
      return { city, text };
    }
  }
  if (!province) return undefined;
  const generic = divisionAt(CITY_LIKE, c.rest);
  return generic ? { city: undefined, text: c.take(generic.length) } : undefined;
}

function parseMainland(c: Cursor, script: Script): Found | undefined {
  const start = c.pos;
  const found: Found = {};
  const province = matchProvince(c, script);
  if (province) {
    found.province = province.text;
    c.skipSeparators();
  }
  if (province?.province.municipality) {
    found.city = province.text;
    // 北京市北京市朝阳区, 上海市市辖区: the municipality again, as its own city.
    const again = provincesByName.match(c.simplified, c.pos);
    if (again?.value === province.province) c.pos += again.length;
    c.pos += MUNICIPAL_FILLER.exec(c.rest)?.[0].length ?? 0;
    c.skipSeparators();
  } else {
    const city = matchCity(c, script, province?.province);
    if (city) {
      found.city = city.text;
      if (!province && city.city) found.province = script.traditional ? city.city.province.traditional : city.city.province.name;
      c.skipSeparators();
    }
  }
  // A district alone says too little about the country (and is too easily a street's name): it stays in the street.
  if (!found.province && !found.city) {
    c.pos = start;
    return undefined;
  }
  const district = divisionAt(MAINLAND_DISTRICT, c.rest);
  if (district) {
    found.district = c.take(district.length);
    c.skipSeparators();
  }
  return found;
}

function parseTaiwan(c: Cursor, script: Script, known: boolean): Found | undefined {
  const found: Found = {};
  const full = taiwanCitiesByName.match(c.simplified, c.pos);
  if (full) {
    found.city = c.take(full.length);
  } else {
    const short = taiwanCitiesByShort.match(c.simplified, c.pos);
    if (short) {
      const after = c.simplified.slice(c.pos + short.length);
      const suffix = /^[市县]/.exec(after)?.[0];
      if (suffix || known || divisionAt(TAIWAN_DISTRICT, c.restAfter(short.length))) {
        found.city = c.take(short.length) + script.suffix(suffix ?? toSimplified(short.value.name.slice(-1)));
        c.pos += suffix?.length ?? 0;
      }
    }
  }
  if (!found.city && !known) return undefined;
  c.skipSeparators();
  const district = divisionAt(TAIWAN_DISTRICT, c.rest);
  if (district) {
    found.district = c.take(district.length);
    c.skipSeparators();
  }
  return found;
}

function parseHongKong(c: Cursor, script: Script, known: boolean): Found | undefined {
  let region: string | undefined;
  let district: string | undefined;
  for (;;) {
    const place = hongKongPlaces.match(c.simplified, c.pos);
    if (!place) break;
    if (!known && !region && !district) {
      const distinctive =
        HONG_KONG_REGION.test(c.rest) || distinctiveHongKongDistricts.has(c.simplified.slice(c.pos, c.pos + place.length));
      if (!distinctive) return undefined;
    }
    if (place.value.kind === 'region') {
      if (region) break;
      region = place.value.region;
      c.pos += place.length;
    } else {
      region ??= place.value.region;
      district = place.value.district;
      // An area's name stays in the street: it says more than the district to whoever delivers there.
      if (place.value.kind === 'district') c.pos += place.length;
    }
    c.skipSeparators();
    if (district) break;
  }
  if (!region && !known) return undefined;
  return { city: region && script.fromTraditional(region), district: district && script.fromTraditional(district) };
}

function parseMacau(c: Cursor): Found {
  const place = macauPlaces.match(c.simplified, c.pos);
  if (!place) return {};
  const district = c.take(place.length);
  c.skipSeparators();
  return { district };
}

type Region = 'CN' | 'TW' | 'HK' | 'MO';

/** 中国, 香港特别行政区, 台湾省, …: the country an address names before its first division. */
function matchCountryPrefix(c: Cursor): Region | undefined {
  let country: Region | undefined;
  const mainland = /^(?:中华人民共和国|中国)/.exec(c.rest);
  if (mainland) {
    country = 'CN';
    c.pos += mainland[0].length;
    c.skipSeparators();
  }
  const other = /^(?:(香港|澳门)(?:特别行政区)?|台湾省?|中华民国)/.exec(c.rest);
  if (other && !STREET_AFTER_NAME.test(c.simplified.slice(c.pos + other[0].length))) {
    country = other[1] === '香港' ? 'HK' : other[1] === '澳门' ? 'MO' : 'TW';
    c.pos += other[0].length;
    c.skipSeparators();
  }
  return country;
}

type PostalCode = { code: string; rest: string; atStart: boolean };

function extractPostalCode(text: string): PostalCode | undefined {
  const labelled = POSTAL_LABEL.exec(text);
  if (labelled) {
    const rest = (text.slice(0, labelled.index) + text.slice(labelled.index + labelled[0].length)).replace(EMPTY_BRACKETS, '');
    return { code: labelled[1]!, rest: normaliseText(rest).replace(/[\s,;]+$/, ''), atStart: false };
  }
  const trailing = TRAILING_POSTAL_CODE.exec(text);
  if (trailing) return { code: trailing[1]!, rest: text.slice(0, trailing.index), atStart: false };
  const leading = LEADING_POSTAL_CODE.exec(text);
  if (leading) return { code: leading[1]!, rest: text.slice(leading[0].length).trimStart(), atStart: true };
  return undefined;
}

function parseChinese(text: string, defaultCountry: string | null): Parts {
  const postal = extractPostalCode(text);
  const body = postal?.rest ?? text;
  const simplified = toSimplified(body);
  const script = new Script(simplified !== body);
  // toSimplified keeps code points, but not always UTF-16 lengths (a few simplified characters are outside the BMP):
  // then names are taken from the simplified text.
  const c = new Cursor(simplified.length === body.length ? body : simplified, simplified);
  const named = matchCountryPrefix(c);
  let country: string | null = named ?? null;
  let found: Found | undefined;
  if (!named || named === 'CN') {
    found = parseMainland(c, script);
    if (found) country = 'CN';
  }
  if (!found && (!named || named === 'TW')) {
    found = parseTaiwan(c, script, named === 'TW');
    if (found) country = 'TW';
  }
  if (!found && (!named || named === 'HK')) {
    found = parseHongKong(c, script, named === 'HK');
    if (found) country = 'HK';
  }
  if (named === 'MO') found = parseMacau(c);
  country ??= defaultCountry;

  let street = c.original.slice(c.pos).trim();
  let postalCode: string | null = null;
  if (postal) {
    const pattern = country === 'TW' ? TAIWAN_POSTAL_CODE : country === 'HK' || country === 'MO' ? undefined : MAINLAND_POSTAL_CODE;
    if (pattern?.test(postal.code)) postalCode = postal.code;
    else street = (postal.atStart ? `${postal.code} ${street}` : `${street} ${postal.code}`).trim();
  }
  return {
    country,
    province: found?.province ?? null,
    city: found?.city ?? null,
    district: found?.district ?? null,
    street: street || null,
    postalCode,
  };
}

// ---------------------------------------------------------------------------------------------
// Western-style addresses: 'street, city, STATE postal code, country'.

type PostalMatch = { postalCode: string; city?: string; province?: string };
type PostalPattern = (part: string) => PostalMatch | undefined;

const regexPostal =
  (pattern: RegExp, read: (m: RegExpExecArray) => PostalMatch): PostalPattern =>
  (part) => {
    const m = pattern.exec(part);
    return m ? read(m) : undefined;
  };

const UPPER = (s: string | undefined) => s?.toUpperCase();
const US_POSTAL = regexPostal(/^(?:(.+?)\s+)?([A-Za-z]{2})\s+(\d{5}(?:-\d{4})?)$/, (m) => ({
  city: m[1],
  province: UPPER(m[2]),
  postalCode: m[3]!,
}));
const CA_POSTAL = regexPostal(/^(?:(.+?)\s+)?([A-Za-z]{2})\s+([A-Za-z]\d[A-Za-z])\s?(\d[A-Za-z]\d)$/, (m) => ({
  city: m[1],
  province: UPPER(m[2]),
  postalCode: `${m[3]} ${m[4]}`.toUpperCase(),
}));
const AU_POSTAL = regexPostal(/^(?:(.+?)\s+)?(NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+(\d{4})$/i, (m) => ({
  city: m[1],
  province: UPPER(m[2]),
  postalCode: m[3]!,
}));
const GB_POSTAL = regexPostal(/^(?:(.+?)\s+)?([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})$/, (m) => ({
  city: m[1],
  postalCode: `${m[2]} ${m[3]}`.toUpperCase(),
}));
const JP_POSTAL = regexPostal(/^〒?\s*(\d{3}-\d{4})(?:\s+(.+))?$/, (m) => ({ postalCode: m[1]!, city: m[2] }));
/** '10115 Berlin', '75008 Paris' (code first), 'Singapore 018956', 'Taipei City 110' (code last), or a code alone. */
const GENERIC_POSTAL = regexPostal(/^(?:(\d{4,6})\s+(\D.*)|(.*\D)\s+(\d{3,6})|(\d{4,6}))$/, (m) => ({
  postalCode: (m[1] ?? m[4] ?? m[5])!,
  city: m[2] ?? m[3],
}));
const POSTAL_PATTERNS: Readonly<Record<string, readonly PostalPattern[]>> = {
  US: [US_POSTAL, GENERIC_POSTAL],
  CA: [CA_POSTAL],
  AU: [AU_POSTAL, GENERIC_POSTAL],
  GB: [GB_POSTAL],
  JP: [JP_POSTAL, GENERIC_POSTAL],
  HK: [],
  MO: [],
};
const DISTRICT_PART = /\b(?:district|dist\.?)$/i;
const US_STATE = /^[A-Z]{2}$/;
const HAS_DIGIT = /\d/;

function parseWestern(text: string, defaultCountry: string | null): Parts {
  const parts = text.split(/\s*[,;]\s*/).filter(Boolean);
  const named = parts.length > 1 ? countryFromName(parts[parts.length - 1]!) : null;
  if (named) parts.pop();
  let country = named ?? defaultCountry;
  const patterns = POSTAL_PATTERNS[country ?? ''] ?? [GENERIC_POSTAL];

  let province: string | null = null;
  let city: string | null = null;
  let postalCode: string | null = null;
  // The postal code is in one of the last two parts, never in the first of several (the street: '1600 Amphitheatre Pkwy').
  const firstCandidate = Math.max(parts.length > 1 ? 1 : 0, parts.length - 2);
  for (let i = parts.length - 1; i >= firstCandidate && !postalCode; i--) {
    const match = patterns.map((read) => read(parts[i]!)).find(Boolean);
    if (!match) continue;
    ({ postalCode, province = null, city = null } = match);
    parts.splice(i, 1);
    // '…, IL, 62701': the state in a part of its own before the code.
    if (!province && country === 'US' && i > 1 && US_STATE.test(parts[i - 1]!)) province = parts.splice(--i, 1)[0]!;
    // The part before is the city; the first part is the street, unless it has no number ('Toronto, ON M5V 3L9').
    if (!city && i > 0 && (i > 1 || !HAS_DIGIT.test(parts[0]!))) city = parts.splice(--i, 1)[0]!;
    // City-states: 'Singapore 048616'.
    if (!named && city) country = countryFromName(city) ?? country;
  }
  // Without a postal code, the last of several parts is the city when the country was named, as in 'Kowloon, Hong Kong'.
  if (!postalCode && (named ? parts.length > 1 : parts.length > 2) && !HAS_DIGIT.test(parts[parts.length - 1]!)) city = parts.pop()!;
  const districtIndex = parts.findIndex((part, i) => i > 0 && DISTRICT_PART.test(part));
  const district = districtIndex > 0 ? parts.splice(districtIndex, 1)[0]! : null;
  return { country, province, city, district, street: parts.join(', ') || null, postalCode };
}

// ---------------------------------------------------------------------------------------------
// Japanese addresses: '〒100-0005 東京都千代田区丸の内1-1-1', prefecture, municipality, then the rest.

/** Kana, the postal mark, or a prefecture first: written only in Japanese addresses (県 is not Chinese). */
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}〒]|^(?:東京都|北海道|京都府|大阪府|\p{Script=Han}{2,3}県)/u;
const JAPANESE_POSTAL_CODE = /〒?\s*(\d{3}-\d{4})\s*/;
const JAPANESE_PREFECTURE = /^(?:東京都|北海道|京都府|大阪府|\p{Script=Han}{2,3}県)/u;
const JAPANESE_MUNICIPALITY = /^\p{Script=Han}{1,4}?[市区町村]/u;
/** A ward of a designated city (大阪市北区). */
const JAPANESE_WARD = /^\p{Script=Han}{1,3}?区/u;

function parseJapanese(text: string): Parts {
  const postal = JAPANESE_POSTAL_CODE.exec(text);
  let rest = postal ? text.slice(0, postal.index) + text.slice(postal.index + postal[0].length) : text;
  const take = (pattern: RegExp) => {
    const name = pattern.exec(rest)?.[0];
    if (name) rest = rest.slice(name.length).trimStart();
    return name ?? null;
  };
  const province = take(JAPANESE_PREFECTURE);
  const city = take(JAPANESE_MUNICIPALITY);
  const district = city?.endsWith('市') ? take(JAPANESE_WARD) : null;
  return { country: 'JP', province, city, district, street: rest.trim() || null, postalCode: postal?.[1] ?? null };
}

/**
 * Splits an address as entered into parts, where possible; `entered` keeps the original.
 * Chinese mainland addresses ('广东省深圳市南山区科技园南区深南大道9988号 518057', '北京市朝阳区建国路88号', '上海浦东新区世纪大道100号'
 * without 市/省), Taiwan ('台北市信義區信義路五段7號' / '臺北市…', 3/5/6-digit postal codes), Hong Kong ('香港九龍尖沙咀彌敦道100號'
 * → country HK, city 九龍, district 油尖旺區, the area staying in the street), Macau, Japanese ones (prefecture, municipality),
 * and Western ones ('1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA'; '10 Downing St, London SW1A 2AA, UK').
 * Province names are normalised to their official form ('广东省', '北京市', '新疆维吾尔自治区'), in the script of the input;
 * a municipality is also its own city. Country as ISO alpha-2, inferred from content (CN/TW/HK/MO/US/GB/…) or defaultCountry.
 * Unknown parts stay null and the rest goes to `street`.
 */
export function parseAddress(entered: string, defaultCountry: string): ParsedAddress {
  // Lines are parts of an address: keep them apart before normaliseText joins them with spaces.
  const text = normaliseText(
    entered
      .split(/\r\n|[\r\n]/)
      .map(normaliseText)
      .filter(Boolean)
      .join(', '),
  );
  if (!text) {
    return { entered: null, country: null, province: null, city: null, district: null, street: null, postalCode: null };
  }
  const fallback = /^[A-Za-z]{2}$/.test(defaultCountry.trim()) ? defaultCountry.trim().toUpperCase() : null;
  const parts = JAPANESE.test(text) ? parseJapanese(text) : HAN.test(text) ? parseChinese(text, fallback) : parseWestern(text, fallback);
  return { entered, ...parts };
}
