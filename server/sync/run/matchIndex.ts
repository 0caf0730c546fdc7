import { matchKey } from './vtigerLookup.js';

/**
 * The matching rules of links/matching.ts (ContactNumber, then e-mail, then exact name for contacts; code for
 * items; ambiguous at the deciding level means no match; archived and already-taken records never match), over
 * an index built once per pass: a first sync of 10,000 records against a Xero organisation of 10,000 contacts
 * is 10,000 lookups, not 10⁸ comparisons.
 */
export interface MatchCandidate {
  id: string;
  /** Values per level, in level order (e.g. [contactNumber, email, name]). */
  keys: ReadonlyArray<string | null | undefined>;
  active: boolean;
}

export type IndexedMatch = { kind: 'matched'; id: string; level: number } | { kind: 'ambiguous'; level: number; ids: string[] } | { kind: 'none' };

export class MatchIndex {
  private readonly levels: Array<Map<string, string[]>>;

  constructor(levelCount: number, candidates: Iterable<MatchCandidate>) {
    this.levels = Array.from({ length: levelCount }, () => new Map<string, string[]>());
    for (const c of candidates) {
      if (!c.active) continue;
      c.keys.forEach((value, level) => {
        const k = matchKey(value);
        const map = this.levels[level];
        if (k === null || !map) return;
        map.set(k, [...(map.get(k) ?? []), c.id]);
      });
    }
  }

  /** The candidate for these keys (one per level), skipping `taken` ids. */
  find(keys: ReadonlyArray<string | null | undefined>, taken: ReadonlySet<string>): IndexedMatch {
    for (let level = 0; level < this.levels.length; level++) {
      const k = matchKey(keys[level]);
      if (k === null) continue;
      const hits = (this.levels[level]?.get(k) ?? []).filter((id) => !taken.has(id));
      if (hits.length === 1) return { kind: 'matched', id: hits[0] as string, level };
      if (hits.length > 1) return { kind: 'ambiguous', level, ids: hits };
    }
    return { kind: 'none' };
  }
}
