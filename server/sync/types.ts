/**
 * The vocabulary of the sync core. A Vtiger record is its field values by field name, exactly as stored (and as
 * the webservice takes them for writes). Both sides of a linked pair are compared in one space: the values the
 * mapped Vtiger fields hold, or would hold if the Xero object were written to Vtiger ("sync values").
 */
import type { MessageKey } from '../i18n/translate.js';

/** The four module pairs the engine syncs. */
export const SYNC_PAIRS = ['contacts', 'accounts', 'products', 'services'] as const;
export type SyncPair = (typeof SYNC_PAIRS)[number];

/** The Vtiger module of each pair. */
export const PAIR_MODULE: Readonly<Record<SyncPair, 'Contacts' | 'Accounts' | 'Products' | 'Services'>> = {
  contacts: 'Contacts',
  accounts: 'Accounts',
  products: 'Products',
  services: 'Services',
};

/** What a link's Xero id names: a Xero contact, an item, or a ContactPerson on an organization's Xero contact. */
export const XERO_KINDS = ['contact', 'item', 'person'] as const;
export type XeroKind = (typeof XERO_KINDS)[number];

/** A Vtiger record as stored: field name → value. */
export type VtigerRecord = Record<string, string | null>;

/** Normalised values keyed by Vtiger field name; `null` = empty. The unit of hashing, snapshots and merging. */
export type SyncValues = Record<string, string | null>;

export type FieldDirection = 'both' | 'toXero' | 'toVtiger';
export type SyncDirection = FieldDirection;

export const CONFLICT_POLICIES = ['vtiger_wins', 'xero_wins', 'most_recent', 'hold'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** Why something happened, for XTLog: an i18n key and its parameters (translated in the user's language). */
export interface SyncReason {
  key: MessageKey;
  params: Record<string, string | number>;
}

export function reason(key: MessageKey, params: Record<string, string | number> = {}): SyncReason {
  return { key, params };
}

export function allowsToXero(direction: FieldDirection): boolean {
  return direction === 'both' || direction === 'toXero';
}

export function allowsToVtiger(direction: FieldDirection): boolean {
  return direction === 'both' || direction === 'toVtiger';
}

/** The narrower of a module's direction and a field's direction; undefined when they exclude each other. */
export function combineDirections(a: FieldDirection, b: FieldDirection): FieldDirection | undefined {
  if (a === b) return a;
  if (a === 'both') return b;
  if (b === 'both') return a;
  return undefined;
}
