import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { loadEntityModule } from './entityModule.js';
import { createEntityRecords, inTransaction, lockRecordCounters, updateEntityRecords } from './entityRecordWriter.js';
import { toColumnValue, type FieldInput } from './fieldValues.js';
import type { XeroAccountStatus, XeroAccountType } from './ownModuleValues.js';
import type { OwnModuleWriteOptions } from './xtLog.js';

/** One account of the Xero chart of accounts (module XeroAccounts), keyed by Xero's AccountID. */
export interface XeroAccount {
  accountId: string;
  code?: string | null;
  name: string;
  type?: XeroAccountType | null;
  taxType?: string | null;
  status?: XeroAccountStatus | null;
  description?: string | null;
  ownerId: number;
}

export interface UpsertResult {
  created: Array<{ accountId: string; crmid: number; recordNumber: string }>;
  updated: Array<{ accountId: string; crmid: number }>;
  unchanged: Array<{ accountId: string; crmid: number }>;
}

function values(a: XeroAccount): Record<string, FieldInput> {
  return {
    xa_account_id: a.accountId, xa_code: a.code ?? '', xa_name: a.name, xa_type: a.type ?? '', xa_tax_type: a.taxType ?? '',
    xa_status: a.status ?? '', xa_description: a.description ?? '',
  };
}

/**
 * Creates accounts not seen before and updates those whose fields changed (unchanged ones keep their
 * modifiedtime). Concurrent upserts are serialised on XeroAccounts' numbering row, so an AccountID is never
 * inserted twice.
 */
export async function upsertXeroAccounts(db: Knex, accounts: readonly XeroAccount[], options: OwnModuleWriteOptions & { actingUserId: number }): Promise<UpsertResult> {
  const seen = new Set<string>();
  accounts.forEach((a, i) => {
    if (!a.accountId) throw new XTigerError('VTIGER_INVALID_DATA', `Xero account ${i + 1}: Xero AccountID (xa_account_id) is missing`, { details: { module: 'XeroAccounts', record: i, field: 'xa_account_id' } });
    if (seen.has(a.accountId)) throw new XTigerError('VTIGER_INVALID_DATA', `Xero account ${i + 1}: AccountID ${a.accountId} appears twice in the batch`, { details: { module: 'XeroAccounts', record: i, field: 'xa_account_id' } });
    seen.add(a.accountId);
  });
  const module = await loadEntityModule(db, 'XeroAccounts');
  return inTransaction(db, async (trx) => {
    await lockRecordCounters(trx, module);
    const ids = accounts.map((a) => a.accountId);
    const [existing] = (await trx.raw(
      `SELECT x.* FROM vtiger_xeroaccounts x JOIN vtiger_crmentity c ON c.crmid = x.xeroaccountsid AND c.deleted = 0 WHERE x.xa_account_id IN (${ids.map(() => '?').join(',')})`,
      ids,
    )) as [Array<Record<string, unknown> & { xeroaccountsid: number; xa_account_id: string }>];
    const byId = new Map(existing.map((r) => [r.xa_account_id, r]));
    const result: UpsertResult = { created: [], updated: [], unchanged: [] };
    const toCreate = accounts.filter((a) => !byId.has(a.accountId));
    const toUpdate: Array<{ crmid: number; values: Record<string, FieldInput> }> = [];
    for (const a of accounts) {
      const row = byId.get(a.accountId);
      if (!row) continue;
      const v = values(a);
      const differs = Object.entries(v).some(([name, input]) => {
        const field = module.fields.get(name);
        const converted = field ? toColumnValue(field, input) : undefined;
        return !converted?.ok || String(converted.value ?? '') !== String(row[field?.column ?? name] ?? '');
      });
      if (differs) {
        toUpdate.push({ crmid: row.xeroaccountsid, values: v });
        result.updated.push({ accountId: a.accountId, crmid: row.xeroaccountsid });
      } else {
        result.unchanged.push({ accountId: a.accountId, crmid: row.xeroaccountsid });
      }
    }
    const recordName = (i: number) => `Xero account ${i + 1}`;
    await updateEntityRecords(trx, 'XeroAccounts', toUpdate, { ...options, recordName });
    const created = await createEntityRecords(trx, 'XeroAccounts', toCreate.map((a) => ({ ownerId: a.ownerId, values: values(a) })), { ...options, recordName });
    created.forEach((c, i) => {
      const a = toCreate[i];
      if (a) result.created.push({ accountId: a.accountId, crmid: c.crmid, recordNumber: c.recordNumber });
    });
    return result;
  });
}
