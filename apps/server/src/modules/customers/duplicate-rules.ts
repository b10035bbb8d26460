import { distance } from 'fastest-levenshtein';
import type { DuplicateReason } from './customers.schemas.js';
import { nameKeys, toSimplified } from './normalise.js';

/**
 * The duplicate rules (CUST-5), pure: which pairs of customers look like one, why, and how strongly.
 * The duplicate scan and the check on saving both judge by them.
 */

/** Customers sharing one value that are still compared pairwise; a larger block is reported instead (a shared switchboard). */
export const BLOCK_LIMIT = 20;
/** Names this similar (1 − edit distance ÷ length, on their distinctive core) in one city are candidates: one typo in five characters. */
export const NAME_SIMILARITY = 0.8;
/** At one address, a name that keeps this share of another's characters, in order, may be it shortened: 腾达科技 for 腾达电子科技. */
const ADDRESS_NAME_KEPT = 0.6;

/** How strongly each reason alone says "the same customer" (0–100). */
const REASON_WEIGHT: Record<DuplicateReason, number> = {
  external_code: 95,
  phone: 90,
  email: 85,
  same_name_other_script: 80,
  address: 65,
  similar_name_same_city: 60,
  same_name: 55,
};

/** The strongest reason, raised a little by each further one: two weak hints beat one. */
export function duplicateScore(reasons: DuplicateReason[]): number {
  if (reasons.length === 0) return 0;
  const weights = reasons.map((r) => REASON_WEIGHT[r]).sort((a, b) => b - a);
  return Math.min(100, weights[0]! + 5 * (weights.length - 1));
}

/** Legal forms, longest first, that say nothing about which company a name means. */
const LEGAL_FORMS = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '国际有限公司',
  '有限公司',
  '分公司',
  '企业社',
  '集团',
  '公司',
  'corporation',
  'limited',
  'company',
  'gmbh',
  'corp',
  'ltd',
  'inc',
  'llc',
  'plc',
  'pte',
  'co',
];
/** Places that open company names whatever the city in the address (香港永信国际贸易 on Hong Kong Island). */
const PLACE_PREFIXES = ['中国', '香港', '澳门', '台湾'];
const ADMINISTRATIVE_SUFFIX = /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市)$/;

/**
 * The distinctive part of a name key: without the record's own province or city (or 香港, 台湾 …) in
 * front and the legal form behind, so that 深圳市腾达电子科技有限公司, 腾达电子科技有限公司 and 深圳腾达电子科技 all read
 * 腾达电子科技. `city` and `province` are in simplified script, like the key.
 */
export function nameCore(nameKey: string, city: string | null, province: string | null): string {
  const prefixes = [province, city]
    .filter((p): p is string => !!p)
    .flatMap((p) => [p.toLowerCase(), p.toLowerCase().replace(ADMINISTRATIVE_SUFFIX, '')])
    .filter((p) => p.length >= 2)
    .concat(PLACE_PREFIXES);
  let core = nameKey;
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const p of prefixes) {
      if (core.startsWith(p) && core.length > p.length) {
        core = core.slice(p.length);
        stripped = true;
      }
    }
  }
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const form of LEGAL_FORMS) {
      if (core.endsWith(form) && core.length - form.length >= 2) {
        core = core.slice(0, -form.length);
        stripped = true;
        break;
      }
    }
  }
  return core;
}

/** The characters a core starts with: a company's trade name (字号), what tells it from the next 电子科技 down the street. */
const TRADE_NAME_LENGTH = 2;
/** Pinyin of the cores compared lately; a scan asks again for the same few (a name meets 20 neighbours), never for most. */
const pronunciations = new Map<string, string>();
const PRONUNCIATIONS_KEPT = 50_000;
const pronunciationOf = (core: string) => {
  let pinyin = pronunciations.get(core);
  if (pinyin === undefined) {
    pinyin = nameKeys(core, 'organisation').pinyin;
    if (pronunciations.size >= PRONUNCIATIONS_KEPT) pronunciations.clear();
    pronunciations.set(core, pinyin);
  }
  return pinyin;
};

/**
 * How alike two name cores are: 1 − edit distance ÷ the longer length (1 for equal texts, 0.83 for one
 * typo in six characters). A difference in the trade name counts only when the two sound the same
 * (藤达 for 腾达, the typo a pinyin keyboard makes): 恒德供应链 and 恒吉供应链 are two companies, not a typo,
 * however alike the rest. Then the answer is 0.
 */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (Math.abs(a.length - b.length) > longer * (1 - NAME_SIMILARITY)) return 0;
  const similarity = 1 - distance(a, b) / longer;
  if (similarity < NAME_SIMILARITY || a.slice(0, TRADE_NAME_LENGTH) === b.slice(0, TRADE_NAME_LENGTH)) return similarity;
  const pinyin = pronunciationOf(a);
  return pinyin !== '' && pinyin === pronunciationOf(b) ? similarity : 0;
}

/** Whether `shorter` is `longer` with characters left out, in order. */
function leftOutOf(shorter: string, longer: string): boolean {
  let at = 0;
  for (let i = 0; i < longer.length && at < shorter.length; i++) if (longer[i] === shorter[at]) at++;
  return at === shorter.length;
}

/**
 * Whether two name cores at one address name one customer: the same but for a slip that sounds the
 * same (王晓明 for 王小明, 张玮 for 张伟), a word more or less (腾达科技, 腾达电子科技), or a typo the name rule
 * alone takes. Looser than that rule, since the address says much already; yet not the group's next
 * company in the tower (华强物流 beside 华强电子), nor a brother (李建军 beside 李建国), however alike the
 * characters.
 */
export function alikeAtOneAddress(a: string, b: string): boolean {
  if (a === b || nameSimilarity(a, b) >= NAME_SIMILARITY) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length >= 2 && shorter.length >= longer.length * ADDRESS_NAME_KEPT && leftOutOf(shorter, longer)) return true;
  const pinyin = pronunciationOf(a);
  return pinyin !== '' && pinyin === pronunciationOf(b);
}

/** A customer's name core, from its stored name key, city and province (in either script). */
export const nameCoreOf = (c: { nameKey: string; city: string | null; province: string | null }) =>
  nameCore(c.nameKey, c.city && toSimplified(c.city), c.province && toSimplified(c.province));

type Comparable = {
  name: string;
  nameKey: string;
  city: string | null;
  province: string | null;
  phoneNumbers: string[];
  emailAddresses: string[];
  externalKeys: string[];
};

/** What the caller found out about a pair beyond the two records' own values. */
export type PairEvidence = {
  /** The similarity of the two names when the caller's fuzzy name search found them alike (trigram on saving, edit distance in the scan). */
  similarity?: number;
  /** Both are at one address (city and street, normalised) that not more than BLOCK_LIMIT customers share. */
  sameAddress?: boolean;
};

/** Why two records look like one customer. */
export function duplicateReasons(a: Comparable, b: Comparable, evidence: PairEvidence = {}): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  const shares = (x: string[], y: string[]) => x.some((v) => y.includes(v));
  if (shares(a.externalKeys, b.externalKeys)) reasons.push('external_code');
  if (shares(a.phoneNumbers, b.phoneNumbers)) reasons.push('phone');
  if (shares(a.emailAddresses, b.emailAddresses)) reasons.push('email');
  if (a.nameKey && a.nameKey === b.nameKey) {
    reasons.push(a.name !== b.name && a.name.toLowerCase() !== b.name.toLowerCase() ? 'same_name_other_script' : 'same_name');
  } else if (evidence.similarity !== undefined && evidence.similarity >= 0.5 && a.city && a.city === b.city) {
    reasons.push('similar_name_same_city');
  }
  // A shared address alone is an office tower or a family's flat: the names must be alike too.
  if (evidence.sameAddress && alikeAtOneAddress(nameCoreOf(a), nameCoreOf(b))) reasons.push('address');
  return reasons;
}
