import type { DuplicateReason } from './customers.schemas.js';

/** How strongly each reason alone says "the same customer" (0–100). */
const REASON_WEIGHT: Record<DuplicateReason, number> = {
  external_code: 95,
  phone: 90,
  email: 85,
  same_name_other_script: 80,
  similar_name_same_city: 60,
  same_name: 55,
};

/** The strongest reason, raised a little by each further one: two weak hints beat one. */
export function duplicateScore(reasons: DuplicateReason[]): number {
  if (reasons.length === 0) return 0;
  const weights = reasons.map((r) => REASON_WEIGHT[r]).sort((a, b) => b - a);
  return Math.min(100, weights[0]! + 5 * (weights.length - 1));
}

type Comparable = {
  name: string;
  nameKey: string;
  city: string | null;
  phoneNumbers: string[];
  emailAddresses: string[];
  externalKeys: string[];
};

/**
 * Why two records look like one customer. `similarity` is the trigram similarity of their name
 * keys when the caller computed it (the database does, for fuzzy candidates).
 */
export function duplicateReasons(a: Comparable, b: Comparable, similarity?: number): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  const shares = (x: string[], y: string[]) => x.some((v) => y.includes(v));
  if (shares(a.externalKeys, b.externalKeys)) reasons.push('external_code');
  if (shares(a.phoneNumbers, b.phoneNumbers)) reasons.push('phone');
  if (shares(a.emailAddresses, b.emailAddresses)) reasons.push('email');
  if (a.nameKey && a.nameKey === b.nameKey) {
    reasons.push(a.name !== b.name && a.name.toLowerCase() !== b.name.toLowerCase() ? 'same_name_other_script' : 'same_name');
  } else if (similarity !== undefined && similarity >= 0.5 && a.city && a.city === b.city) {
    reasons.push('similar_name_same_city');
  }
  return reasons;
}
