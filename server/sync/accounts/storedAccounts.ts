import type { Knex } from 'knex';

/** The chart of accounts as XeroAccounts holds it (the invoice sync chooses account codes among these). */
export interface StoredXeroAccount {
  crmid: number;
  accountId: string;
  code: string | null;
  name: string;
  type: string | null;
  taxType: string | null;
  status: string | null;
  description: string | null;
}

export async function readStoredAccounts(knex: Knex): Promise<StoredXeroAccount[]> {
  const rows = (await knex('vtiger_xeroaccounts as x')
    .join('vtiger_crmentity as e', 'e.crmid', 'x.xeroaccountsid')
    .where('e.deleted', 0)
    .orderBy('x.xa_code')
    .select('x.xeroaccountsid', 'x.xa_account_id', 'x.xa_code', 'x.xa_name', 'x.xa_type', 'x.xa_tax_type', 'x.xa_status', 'x.xa_description')) as Array<Record<string, string | number | null>>;
  const text = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? null : String(v));
  return rows.map((r) => ({
    crmid: Number(r['xeroaccountsid']),
    accountId: String(r['xa_account_id']),
    code: text(r['xa_code']),
    name: text(r['xa_name']) ?? '',
    type: text(r['xa_type']),
    taxType: text(r['xa_tax_type']),
    status: text(r['xa_status']),
    description: text(r['xa_description']),
  }));
}
