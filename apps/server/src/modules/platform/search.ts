import type { Actor } from '../identity/actor.js';

/**
 * One result of the global search. `phone` is the record's first phone as stored (E.164 when valid), apart
 * from the subtitle so that the UI formats it as it formats phones everywhere else.
 */
export type SearchHit = {
  type: string;
  id: string;
  title: string;
  subtitle?: string;
  phone?: { number: string; entered: string; valid: boolean };
  url: string;
  score: number;
};
/** A module's contribution to the header's global search; it applies the actor's permissions itself. */
export type SearchProvider = { type: string; search(actor: Actor, q: string, limit: number): Promise<SearchHit[]> };

/** The global search: each module registers a provider; results are merged by score. */
export class SearchRegistry {
  private readonly providers: SearchProvider[] = [];
  register(provider: SearchProvider): void {
    this.providers.push(provider);
  }
  async search(actor: Actor, q: string, limit = 20) {
    const query = q.trim();
    if (!query) return [];
    const results = await Promise.all(this.providers.map((p) => p.search(actor, query, limit)));
    return results
      .flat()
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ score: _score, ...hit }) => hit);
  }
}
