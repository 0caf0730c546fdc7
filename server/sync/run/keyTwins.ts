import type { Knex } from 'knex';
import { ModuleMetadataCache } from '../../vtiger/schema/ModuleMetadataCache.js';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { findLinksByCrmids } from '../links/linksRepository.js';
import { joinPersonName } from '../mapping/personName.js';
import { normaliseText } from '../values/normalise.js';
import { reason, type SyncPair, type SyncReason } from '../types.js';
import type { PairSetup } from './pairSetup.js';
import { matchKey } from './vtigerLookup.js';
import type { VtigerRow } from './vtigerValues.js';

/**
 * Vtiger records that would land on ONE Xero record. Xero keeps one item per Item Code and one contact per name,
 * comparing them case-insensitively with surrounding spaces ignored; a write of a second record with the same key
 * updates the first one's Xero record (items) or is refused (contacts). So before anything is sent, records are
 * grouped by that key across the module (and, for items, across Products and Services, which share Xero's items):
 * - a record not linked yet whose key another record holds is refused, naming the other record and what to change;
 *   when the other record is linked, that one keeps its Xero record (it is the one XTiger can prove is the same);
 * - a linked record keeps writing to its own Xero record by id (Xero refuses a clashing change as an element error).
 */
export interface KeyHolder {
  crmid: number;
  module: string;
  pair: SyncPair;
  label: string;
}

export interface Twins {
  /** The key as the record holds it (for the message). */
  value: string;
  others: KeyHolder[];
}

const DEFAULT_CODE_FIELD: Record<'Products' | 'Services', string> = { Products: 'productcode', Services: 'service_no' };

/** The Xero key of a record: its Item Code, or its contact name, compared as Xero compares them. */
export function xeroKeyOf(setup: Pick<PairSetup, 'pair' | 'kind' | 'fields'>, values: Readonly<Record<string, string | null>>): string | null {
  if (setup.kind === 'item') return values[codeFieldOf(setup)] ?? null;
  if (setup.pair === 'accounts') return values['accountname'] ?? null;
  return joinPersonName(values['firstname'] ?? null, values['lastname'] ?? null) || null;
}

export function codeFieldOf(setup: Pick<PairSetup, 'pair' | 'fields'>): string {
  return setup.fields.find((f) => f.xeroField === 'code')?.vtigerField ?? DEFAULT_CODE_FIELD[setup.pair === 'services' ? 'Services' : 'Products'];
}

interface KeyColumn {
  module: 'Products' | 'Services' | 'Accounts';
  pair: SyncPair;
  meta: ModuleMetadata;
  field: string;
}

async function holdersByColumn(knex: Knex, col: KeyColumn, keys: readonly string[]): Promise<Array<KeyHolder & { key: string }>> {
  const field = col.meta.fields.find((f) => f.name === col.field);
  const table = field ? col.meta.tables.find((t) => t.name === field.table) : undefined;
  if (!field || !table || keys.length === 0) return [];
  const out: Array<KeyHolder & { key: string }> = [];
  for (let i = 0; i < keys.length; i += 500) {
    // TRIM: Xero ignores surrounding spaces; the column's collation already ignores case.
    const rows = (await knex('vtiger_crmentity as e')
      .join(`${field.table} as t`, `t.${table.index}`, 'e.crmid')
      .where('e.setype', col.module)
      .andWhere('e.deleted', 0)
      .whereIn(knex.raw(`TRIM(t.??)`, [field.column]) as unknown as string, keys.slice(i, i + 500))
      .select({ crmid: 'e.crmid', value: `t.${field.column}`, label: 'e.label' })) as Array<{ crmid: number; value: string | null; label: string | null }>;
    for (const r of rows) {
      const key = matchKey(r.value);
      if (key !== null) out.push({ crmid: Number(r.crmid), module: col.module, pair: col.pair, label: (r.label ?? '').trim(), key });
    }
  }
  return out;
}

async function holdersOfPersonNames(knex: Knex, names: readonly string[]): Promise<Array<KeyHolder & { key: string }>> {
  if (names.length === 0) return [];
  const out: Array<KeyHolder & { key: string }> = [];
  for (let i = 0; i < names.length; i += 500) {
    const rows = (await knex('vtiger_crmentity as e')
      .join('vtiger_contactdetails as c', 'c.contactid', 'e.crmid')
      .where('e.setype', 'Contacts')
      .andWhere('e.deleted', 0)
      .andWhere((w) => w.whereNull('c.accountid').orWhere('c.accountid', 0))
      .whereIn(knex.raw("TRIM(CONCAT_WS(' ', NULLIF(TRIM(c.firstname), ''), NULLIF(TRIM(c.lastname), '')))") as unknown as string, names.slice(i, i + 500))
      .select({ crmid: 'e.crmid', first: 'c.firstname', last: 'c.lastname', label: 'e.label' })) as Array<{ crmid: number; first: string | null; last: string | null; label: string | null }>;
    for (const r of rows) {
      const key = matchKey(joinPersonName(r.first, r.last));
      if (key !== null) out.push({ crmid: Number(r.crmid), module: 'Contacts', pair: 'contacts', label: (r.label ?? '').trim(), key });
    }
  }
  return out;
}

/** For each record (crmid) whose Xero key another live record holds: the key and the other records. */
export async function findKeyTwins(knex: Knex, setup: PairSetup, rows: readonly VtigerRow[]): Promise<Map<number, Twins>> {
  const keyed = rows.flatMap((r) => {
    const value = xeroKeyOf(setup, r.values);
    const key = matchKey(value);
    return key === null || value === null ? [] : [{ row: r, key, value }];
  });
  const out = new Map<number, Twins>();
  if (keyed.length === 0) return out;
  const plain = [...new Set(keyed.map((k) => normaliseText(k.value) ?? ''))].filter((v) => v !== '');
  let holders: Array<KeyHolder & { key: string }>;
  if (setup.kind === 'item') {
    const cache = ModuleMetadataCache.for(knex);
    const products: KeyColumn = { module: 'Products', pair: 'products', meta: setup.pair === 'products' ? setup.meta : await cache.get('Products'), field: setup.pair === 'products' ? codeFieldOf(setup) : DEFAULT_CODE_FIELD.Products };
    const services: KeyColumn = { module: 'Services', pair: 'services', meta: setup.pair === 'services' ? setup.meta : await cache.get('Services'), field: setup.pair === 'services' ? codeFieldOf(setup) : DEFAULT_CODE_FIELD.Services };
    holders = [...(await holdersByColumn(knex, products, plain)), ...(await holdersByColumn(knex, services, plain))];
  } else {
    // Organizations and standalone contacts are one list of contacts in Xero, one per name: an organization named
    // like a standalone contact's "First Last" lands on the same Xero contact, so both modules hold the key.
    const accounts = setup.pair === 'accounts' ? setup.meta : await ModuleMetadataCache.for(knex).get('Accounts');
    holders = [...(await holdersByColumn(knex, { module: 'Accounts', pair: 'accounts', meta: accounts, field: 'accountname' }, plain)), ...(await holdersOfPersonNames(knex, plain))];
  }
  const byKey = new Map<string, Array<KeyHolder & { key: string }>>();
  for (const hd of holders) byKey.set(hd.key, [...(byKey.get(hd.key) ?? []), hd]);
  for (const { row, key, value } of keyed) {
    const others = (byKey.get(key) ?? []).filter((hd) => hd.crmid !== row.crmid).map(({ key: _k, ...hd }) => hd);
    if (others.length > 0) out.set(row.crmid, { value: value.trim(), others });
  }
  return out;
}

/** Which of the twins are linked (their pair's links). */
export async function linkedAmong(knex: Knex, twins: readonly KeyHolder[]): Promise<Set<number>> {
  const out = new Set<number>();
  const byPair = new Map<SyncPair, number[]>();
  for (const t of twins) byPair.set(t.pair, [...(byPair.get(t.pair) ?? []), t.crmid]);
  for (const [pair, crmids] of byPair) for (const [crmid, link] of await findLinksByCrmids(knex, pair, crmids)) if (link.state === 'active' || link.state === 'xeroArchived') out.add(crmid);
  return out;
}

export function nameOf(holder: KeyHolder): string {
  return `${holder.label || holder.module} (#${holder.crmid})`;
}

/** The refusal of a record not linked yet whose key others hold; undefined when it may go ahead. */
export function twinRefusal(setup: Pick<PairSetup, 'kind' | 'labels' | 'pair' | 'fields'>, record: string, twins: Twins, linked: ReadonlySet<number>): SyncReason {
  const field = setup.kind === 'item' ? (setup.labels[codeFieldOf(setup)] ?? codeFieldOf(setup)) : 'name';
  const owner = twins.others.find((o) => linked.has(o.crmid));
  if (setup.kind === 'item') {
    return owner
      ? reason('sync.refused.codeTaken', { record, code: twins.value, other: nameOf(owner), field })
      : reason('sync.refused.duplicateCode', { record, code: twins.value, other: twins.others.map(nameOf).join(', '), field });
  }
  const ownModule = setup.pair === 'accounts' ? 'Accounts' : 'Contacts';
  const across = (owner ?? twins.others[0])?.module;
  if (across !== undefined && across !== ownModule) {
    const key = across === 'Accounts' ? 'sync.refused.sameNameAsOrganization' : 'sync.refused.sameNameAsContact';
    return reason(key, { record, name: twins.value, other: (owner ? [owner] : twins.others).map(nameOf).join(', ') });
  }
  return owner ? reason('sync.refused.nameTaken', { record, name: twins.value, other: nameOf(owner) }) : reason('sync.refused.duplicateName', { record, name: twins.value, other: twins.others.map(nameOf).join(', ') });
}
