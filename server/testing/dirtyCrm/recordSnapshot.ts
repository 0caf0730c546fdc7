import type { Knex } from 'knex';
import type { CorpusModule } from './corpus.js';
import type { PlacedRecord } from './writeCorpus.js';

/**
 * Every stored field of every record, straight from Vtiger's tables, to prove that a run changed no record it
 * should not have. The sync may write its own Xero Information block (`xt_*` columns) and the modified time/user of
 * a record it updates; anything else must stay as it was unless the record's case says so (`mayChange`).
 */
const TABLES: Record<CorpusModule, Array<[table: string, key: string]>> = {
  Accounts: [['vtiger_account', 'accountid'], ['vtiger_accountbillads', 'accountaddressid'], ['vtiger_accountshipads', 'accountaddressid'], ['vtiger_accountscf', 'accountid']],
  Contacts: [['vtiger_contactdetails', 'contactid'], ['vtiger_contactaddress', 'contactaddressid'], ['vtiger_contactsubdetails', 'contactsubscriptionid'], ['vtiger_contactscf', 'contactid'], ['vtiger_customerdetails', 'customerid']],
  Products: [['vtiger_products', 'productid'], ['vtiger_productcf', 'productid']],
  Services: [['vtiger_service', 'serviceid'], ['vtiger_servicecf', 'serviceid']],
  Invoice: [['vtiger_invoice', 'invoiceid'], ['vtiger_invoicecf', 'invoiceid'], ['vtiger_invoicebillads', 'invoicebilladdressid'], ['vtiger_invoiceshipads', 'invoiceshipaddressid']],
};

const SYNC_MAY_WRITE = (column: string): boolean => column.startsWith('xt_') || column === 'modifiedtime' || column === 'modifiedby';

export type RecordSnapshot = Map<number, Record<string, string>>;

const text = (v: unknown): string => (v === null || v === undefined ? '∅' : v instanceof Date ? v.toISOString() : String(v));

export async function snapshotRecords(knex: Knex, records: readonly PlacedRecord[]): Promise<RecordSnapshot> {
  const out: RecordSnapshot = new Map(records.map((r) => [r.crmid, {}]));
  const put = (crmid: number, field: string, value: unknown): void => {
    const fields = out.get(crmid);
    if (fields) fields[field] = text(value);
  };
  const ids = records.map((r) => r.crmid);
  for (const row of (await knex('vtiger_crmentity').whereIn('crmid', ids).select()) as Array<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(row)) put(Number(row['crmid']), `vtiger_crmentity.${k}`, v);
  }
  for (const [module, tables] of Object.entries(TABLES) as Array<[CorpusModule, Array<[string, string]>]>) {
    const moduleIds = records.filter((r) => r.module === module).map((r) => r.crmid);
    for (const [table, key] of tables) {
      for (const row of (await knex(table).whereIn(key, moduleIds).select()) as Array<Record<string, unknown>>) {
        for (const [k, v] of Object.entries(row)) put(Number(row[key]), `${table}.${k}`, v);
      }
    }
  }
  const lines = (await knex('vtiger_inventoryproductrel').whereIn('id', records.filter((r) => r.module === 'Invoice').map((r) => r.crmid)).orderBy(['id', 'sequence_no']).select()) as Array<Record<string, unknown>>;
  for (const line of lines) {
    const { lineitem_id: _renumbered, ...kept } = line;
    put(Number(line['id']), `line ${text(line['sequence_no'])}`, JSON.stringify(Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, text(v)]))));
  }
  return out;
}

/** Fields that changed between two snapshots and were not the sync's to change: `crmid → ["table.column: before → after"]`. */
export function wrongChanges(before: RecordSnapshot, after: RecordSnapshot, mayChange: (crmid: number) => readonly string[] = () => []): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [crmid, fields] of before) {
    const now = after.get(crmid) ?? {};
    const allowed = new Set(mayChange(crmid));
    const changed = Object.keys({ ...fields, ...now })
      .filter((f) => fields[f] !== now[f])
      .filter((f) => !SYNC_MAY_WRITE(f.slice(f.lastIndexOf('.') + 1)) && !allowed.has(f.slice(f.lastIndexOf('.') + 1)))
      .map((f) => `${f}: ${fields[f] ?? '—'} → ${now[f] ?? '—'}`);
    if (changed.length > 0) out.set(crmid, changed);
  }
  return out;
}
