import type { Knex } from 'knex';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { normaliseText } from '../values/normalise.js';

/**
 * Finding existing Vtiger records for Xero records that have no link yet, so a Xero contact or item that already
 * exists in Vtiger is matched instead of created a second time. Values are compared trimmed, NFC and
 * case-insensitive (the SQL comparison narrows, the same normalisation as the Xero-side matching decides).
 */
export function matchKey(value: string | null | undefined): string | null {
  const text = normaliseText(value ?? null);
  return text === null ? null : text.toLocaleLowerCase('en');
}

/** Live records of the module whose `fieldName` holds one of `values`: normalised value → crmids (ascending). */
export async function findVtigerIdsByField(knex: Knex, meta: ModuleMetadata, fieldName: string, values: ReadonlyArray<string | null | undefined>, extra?: (q: Knex.QueryBuilder) => void): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const field = meta.fields.find((f) => f.name === fieldName);
  const wanted = [...new Set(values.map((v) => normaliseText(v ?? null)).filter((v): v is string => v !== null))];
  if (!field || wanted.length === 0) return out;
  const table = meta.tables.find((t) => t.name === field.table);
  if (!table) return out;
  for (let i = 0; i < wanted.length; i += 500) {
    const q = knex('vtiger_crmentity as e')
      .join(`${field.table} as t`, `t.${table.index}`, 'e.crmid')
      .where('e.setype', meta.name)
      .andWhere('e.deleted', 0)
      .whereIn(`t.${field.column}`, wanted.slice(i, i + 500))
      .select({ crmid: 'e.crmid', value: `t.${field.column}` })
      .orderBy('e.crmid');
    extra?.(q);
    for (const r of (await q) as Array<{ crmid: number; value: string | null }>) {
      const k = matchKey(r.value);
      if (k === null) continue;
      out.set(k, [...(out.get(k) ?? []), Number(r.crmid)]);
    }
  }
  return out;
}

/** Live Contacts by "First Last" (optionally only those of one organization, or only those without one). */
export async function findContactsByName(knex: Knex, names: ReadonlyArray<{ first: string | null; last: string | null }>, organization?: number | 'none'): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  const lasts = [...new Set(names.map((n) => normaliseText(n.last)).filter((v): v is string => v !== null))];
  for (let i = 0; i < lasts.length; i += 500) {
    const q = knex('vtiger_crmentity as e')
      .join('vtiger_contactdetails as c', 'c.contactid', 'e.crmid')
      .where('e.setype', 'Contacts')
      .andWhere('e.deleted', 0)
      .whereIn('c.lastname', lasts.slice(i, i + 500))
      .select({ crmid: 'e.crmid', first: 'c.firstname', last: 'c.lastname' })
      .orderBy('e.crmid');
    if (organization === 'none') q.andWhere((w) => w.whereNull('c.accountid').orWhere('c.accountid', 0));
    else if (organization !== undefined) q.andWhere('c.accountid', organization);
    for (const r of (await q) as Array<{ crmid: number; first: string | null; last: string | null }>) {
      const k = personNameKey(r.first, r.last);
      if (k === null) continue;
      out.set(k, [...(out.get(k) ?? []), Number(r.crmid)]);
    }
  }
  return out;
}

export function personNameKey(first: string | null | undefined, last: string | null | undefined): string | null {
  const f = matchKey(first) ?? '';
  const l = matchKey(last) ?? '';
  return f === '' && l === '' ? null : `${f}\u0000${l}`;
}
