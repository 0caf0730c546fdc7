import type { Knex } from 'knex';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import type { StoredValues } from './recordRows.js';

/**
 * The lookup tables Vtiger keeps beside a record: vtiger_emailslookup (one row per e-mail field with a value)
 * and vtiger_pbxmanager_phonelookup (one row per phone field: the digits, and the digits reversed).
 */
export function phoneDigits(phone: string): { fnumber: string; rnumber: string } {
  const fnumber = phone.replace(/\D/g, '');
  return { fnumber, rnumber: [...fnumber].reverse().join('') };
}

export async function refreshLookups(knex: Knex, meta: ModuleMetadata, crmid: number, values: StoredValues): Promise<void> {
  for (const field of meta.fields) {
    if (!field.active) continue;
    const value = values.get(field.name);
    if (field.dataType === 'email') {
      await knex('vtiger_emailslookup').where({ crmid, fieldid: field.fieldid }).delete();
      if (value) await knex('vtiger_emailslookup').insert({ crmid, setype: meta.name, value: String(value), fieldid: field.fieldid });
    } else if (field.dataType === 'phone') {
      await knex('vtiger_pbxmanager_phonelookup').where({ crmid, fieldname: field.name }).delete();
      const digits = value ? phoneDigits(String(value)) : undefined;
      if (digits?.fnumber) await knex('vtiger_pbxmanager_phonelookup').insert({ crmid, setype: meta.name, ...digits, fieldname: field.name });
    }
  }
}
