import type { ContactPerson } from 'xero-node';
import { reason, type SyncReason } from '../types.js';
import { normaliseText } from '../values/normalise.js';

/**
 * The persons of an organization's Xero contact. Xero keeps at most 5 ContactPersons and has no id for them, so a
 * person is recognised by e-mail first, then by exact first and last name (trimmed, NFC, case-insensitive).
 */
export const MAX_CONTACT_PERSONS = 5;

export interface PersonIdentity {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  emailAddress?: string | null | undefined;
}

function key(value: string | null | undefined): string | null {
  const text = normaliseText(value ?? null);
  return text === null ? null : text.toLocaleLowerCase('en');
}

function emailKey(p: PersonIdentity): string | null {
  return key(p.emailAddress);
}

function nameKey(p: PersonIdentity): string | null {
  const first = key(p.firstName) ?? '';
  const last = key(p.lastName) ?? '';
  return first === '' && last === '' ? null : `${first}\u0000${last}`;
}

export interface PersonCandidate extends PersonIdentity {
  crmid: number;
}

/**
 * Which Vtiger contact each Xero ContactPerson is: e-mail matches are taken first over all persons, then names;
 * each candidate is used once. `undefined` for a person no Vtiger contact matches (a person added in Xero).
 */
export function identifyContactPersons(persons: readonly ContactPerson[], candidates: readonly PersonCandidate[]): Array<number | undefined> {
  const result: Array<number | undefined> = persons.map(() => undefined);
  const used = new Set<number>();
  for (const keyOf of [emailKey, nameKey]) {
    persons.forEach((person, i) => {
      if (result[i] !== undefined) return;
      const k = keyOf(person);
      if (k === null) return;
      const match = candidates.find((c) => !used.has(c.crmid) && keyOf(c) === k);
      if (match) {
        result[i] = match.crmid;
        used.add(match.crmid);
      }
    });
  }
  return result;
}

export interface WantedPerson {
  crmid: number;
  recordLabel: string;
  /** The person as it should be in Xero now. */
  person: ContactPerson;
  /** The person as last synced (link snapshot), to find it in Xero after its e-mail or name changed. */
  previous?: PersonIdentity;
}

export interface PlacedPersons {
  contactPersons: ContactPerson[];
  /** Where each wanted Vtiger contact landed. */
  placed: Map<number, number>;
  /** Vtiger contacts that did not fit (Xero's limit of 5): a per-record Skipped outcome. */
  skipped: Array<{ crmid: number; reason: SyncReason }>;
}

/**
 * The ContactPersons list to send for an organization's Xero contact (Xero replaces the list whole). Persons
 * already in Xero keep their place and are updated in place; new ones fill free places in crmid order; persons
 * added in Xero that no wanted contact matches stay; `removed` persons (contacts that left the organization or
 * were deleted) are taken out.
 */
export function placeContactPersons(
  existing: readonly ContactPerson[],
  wanted: readonly WantedPerson[],
  organizationLabel: string,
  removed: readonly PersonIdentity[] = [],
): PlacedPersons {
  const removedIndexes = new Set<number>();
  for (const gone of removed) {
    const idx = existing.findIndex((p, i) => !removedIndexes.has(i) && ((emailKey(gone) !== null && emailKey(p) === emailKey(gone)) || (nameKey(gone) !== null && nameKey(p) === nameKey(gone))));
    if (idx >= 0) removedIndexes.add(idx);
  }
  const slots: Array<ContactPerson | undefined> = existing.map((p, i) => (removedIndexes.has(i) ? undefined : p));
  const placed = new Map<number, number>();
  const taken = new Set<number>();
  const pending: WantedPerson[] = [];
  const sorted = [...wanted].sort((a, b) => a.crmid - b.crmid);

  const findSlot = (identity: PersonIdentity, keyOf: (p: PersonIdentity) => string | null): number => {
    const k = keyOf(identity);
    if (k === null) return -1;
    return slots.findIndex((p, i) => p !== undefined && !taken.has(i) && keyOf(p) === k);
  };
  for (const keyOf of [emailKey, nameKey]) {
    for (const w of sorted) {
      if (placed.has(w.crmid)) continue;
      let idx = w.previous ? findSlot(w.previous, keyOf) : -1;
      if (idx < 0) idx = findSlot(w.person, keyOf);
      if (idx < 0) continue;
      slots[idx] = w.person;
      taken.add(idx);
      placed.set(w.crmid, idx);
    }
  }
  for (const w of sorted) if (!placed.has(w.crmid)) pending.push(w);

  const skipped: PlacedPersons['skipped'] = [];
  for (const w of pending) {
    const free = slots.findIndex((p) => p === undefined);
    const live = slots.filter((p) => p !== undefined).length;
    if (free >= 0) {
      slots[free] = w.person;
      placed.set(w.crmid, free);
    } else if (live < MAX_CONTACT_PERSONS) {
      slots.push(w.person);
      placed.set(w.crmid, slots.length - 1);
    } else {
      skipped.push({ crmid: w.crmid, reason: reason('sync.skip.tooManyContactPersons', { record: w.recordLabel, organization: organizationLabel, max: MAX_CONTACT_PERSONS }) });
    }
  }
  // Compact: indexes shift when removed slots are dropped.
  const contactPersons: ContactPerson[] = [];
  const newIndex = new Map<number, number>();
  slots.forEach((p, i) => {
    if (p === undefined) return;
    newIndex.set(i, contactPersons.length);
    contactPersons.push(p);
  });
  for (const [crmid, i] of placed) placed.set(crmid, newIndex.get(i) ?? i);
  return { contactPersons, placed, skipped };
}
