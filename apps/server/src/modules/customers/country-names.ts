/**
 * Country names as they end Western-style addresses, lower-cased without dots and brackets, with
 * their ISO 3166-1 alpha-2 code. Two-letter codes that are also US states or Canadian provinces
 * (CA, DE, IN, ...) are left out: 'Mountain View, CA' is California.
 */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  us: 'US',
  usa: 'US',
  'united states': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  gb: 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  cn: 'CN',
  china: 'CN',
  prc: 'CN',
  'pr china': 'CN',
  "people's republic of china": 'CN',
  'hong kong': 'HK',
  'hong kong sar': 'HK',
  'hong kong sar china': 'HK',
  hk: 'HK',
  hongkong: 'HK',
  macau: 'MO',
  macao: 'MO',
  'macau sar': 'MO',
  'macao sar': 'MO',
  taiwan: 'TW',
  'taiwan roc': 'TW',
  roc: 'TW',
  'republic of china': 'TW',
  tw: 'TW',
  japan: 'JP',
  jp: 'JP',
  korea: 'KR',
  'south korea': 'KR',
  'republic of korea': 'KR',
  singapore: 'SG',
  sg: 'SG',
  malaysia: 'MY',
  thailand: 'TH',
  vietnam: 'VN',
  'viet nam': 'VN',
  philippines: 'PH',
  indonesia: 'ID',
  india: 'IN',
  australia: 'AU',
  au: 'AU',
  'new zealand': 'NZ',
  nz: 'NZ',
  canada: 'CA',
  mexico: 'MX',
  brazil: 'BR',
  argentina: 'AR',
  chile: 'CL',
  germany: 'DE',
  deutschland: 'DE',
  france: 'FR',
  italy: 'IT',
  italia: 'IT',
  spain: 'ES',
  espana: 'ES',
  portugal: 'PT',
  netherlands: 'NL',
  'the netherlands': 'NL',
  holland: 'NL',
  belgium: 'BE',
  switzerland: 'CH',
  schweiz: 'CH',
  suisse: 'CH',
  austria: 'AT',
  osterreich: 'AT',
  ireland: 'IE',
  denmark: 'DK',
  sweden: 'SE',
  norway: 'NO',
  finland: 'FI',
  poland: 'PL',
  'czech republic': 'CZ',
  czechia: 'CZ',
  russia: 'RU',
  'russian federation': 'RU',
  turkey: 'TR',
  turkiye: 'TR',
  israel: 'IL',
  'united arab emirates': 'AE',
  uae: 'AE',
  'saudi arabia': 'SA',
  egypt: 'EG',
  'south africa': 'ZA',
};

/** Letters only, so that 'U.S.A.', 'Taiwan (R.O.C.)' and 'Österreich' find their entry. */
const lettersOf = (name: string) =>
  name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const COUNTRY_BY_LETTERS = new Map(Object.entries(COUNTRY_NAMES).map(([name, code]) => [lettersOf(name), code]));

/** The ISO alpha-2 code of a country name as written at the end of an address ('U.S.A.', 'Taiwan (R.O.C.)', 'UK'), else null. */
export function countryFromName(name: string): string | null {
  // 'Singapore 048616' is a city with its postal code.
  if (/\d/.test(name)) return null;
  return COUNTRY_BY_LETTERS.get(lettersOf(name)) ?? null;
}
