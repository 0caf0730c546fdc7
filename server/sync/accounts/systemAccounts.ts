import type { Knex } from 'knex';

/**
 * Xero's system accounts (SystemAccount → account code, e.g. ROUNDING → 860), as the last chart-of-accounts sync
 * saw them, in `xtiger_settings` under `xero.systemAccounts`. XeroAccounts has no field for it, and the invoice
 * sync needs the ROUNDING account without a Xero call of its own.
 */
export type SystemAccounts = Record<string, string>;

const NAME = 'xero.systemAccounts';

export async function saveSystemAccounts(knex: Knex, accounts: SystemAccounts): Promise<void> {
  await knex('xtiger_settings').insert({ name: NAME, value: JSON.stringify(accounts), is_secret: false, updated_at: knex.fn.now() }).onConflict('name').merge(['value', 'updated_at']);
}

export async function readSystemAccounts(knex: Knex): Promise<SystemAccounts> {
  const row = (await knex('xtiger_settings').where({ name: NAME }).first('value')) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as SystemAccounts) : {};
}
