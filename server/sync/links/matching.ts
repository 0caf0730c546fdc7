import type { Contact, Item } from 'xero-node';
import { normaliseText } from '../values/normalise.js';

/**
 * First sync into a Xero organisation that already has data: a Vtiger record is matched to an existing Xero
 * record instead of creating a duplicate. Contacts: by ContactNumber (= the Vtiger record number, which only
 * the API can set, so a match there is XTiger's own earlier write), then e-mail, then exact name; items: by code.
 * Comparisons are trimmed, NFC and case-insensitive. Candidates already linked to another record are passed as
 * `taken` and never matched. More than one candidate at the deciding level is `ambiguous`: nothing is linked.
 */
export type MatchResult<By extends string> =
  | { kind: 'matched'; xeroId: string; by: By }
  | { kind: 'ambiguous'; by: By; xeroIds: string[] }
  | { kind: 'none' };

export interface ContactMatchKeys {
  /** The Vtiger record number (`CON5`, `ACC1`). */
  recordNumber?: string | null;
  email?: string | null;
  /** "First Last" for a person, the organization name for an organization. */
  name?: string | null;
}

function k(value: string | null | undefined): string | null {
  const text = normaliseText(value ?? null);
  return text === null ? null : text.toLocaleLowerCase('en');
}

function pick<T, By extends string>(
  candidates: readonly T[],
  idOf: (c: T) => string | undefined,
  levels: ReadonlyArray<{ by: By; want: string | null; of: (c: T) => string | null }>,
): MatchResult<By> {
  for (const level of levels) {
    if (level.want === null) continue;
    const hits = candidates.filter((c) => idOf(c) !== undefined && level.of(c) === level.want);
    if (hits.length === 1) return { kind: 'matched', xeroId: idOf(hits[0] as T) as string, by: level.by };
    if (hits.length > 1) return { kind: 'ambiguous', by: level.by, xeroIds: hits.map((h) => idOf(h) as string) };
  }
  return { kind: 'none' };
}

function isActive(c: Contact): boolean {
  return String(c.contactStatus ?? 'ACTIVE') === 'ACTIVE';
}

export function matchXeroContact(
  keys: ContactMatchKeys,
  candidates: readonly Contact[],
  taken: ReadonlySet<string> = new Set(),
): MatchResult<'contactNumber' | 'email' | 'name'> {
  const free = candidates.filter((c) => c.contactID !== undefined && !taken.has(c.contactID) && isActive(c));
  return pick(free, (c) => c.contactID, [
    { by: 'contactNumber' as const, want: k(keys.recordNumber), of: (c: Contact) => k(c.contactNumber) },
    { by: 'email' as const, want: k(keys.email), of: (c: Contact) => k(c.emailAddress) },
    { by: 'name' as const, want: k(keys.name), of: (c: Contact) => k(c.name) },
  ]);
}

export function matchXeroItem(code: string | null | undefined, candidates: readonly Item[], taken: ReadonlySet<string> = new Set()): MatchResult<'code'> {
  const free = candidates.filter((c) => c.itemID !== undefined && !taken.has(c.itemID));
  return pick(free, (c) => c.itemID, [{ by: 'code' as const, want: k(code), of: (c: Item) => k(c.code) }]);
}
