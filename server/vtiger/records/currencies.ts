import type { Knex } from 'knex';
import type { VtigerCurrency } from './recordTypes.js';

/** The currencies of a batch (vtiger_currency_info, deleted ones included: old records still point at them). */
export async function readCurrencies(knex: Knex, ids: readonly number[]): Promise<Map<number, VtigerCurrency>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = (await knex('vtiger_currency_info')
    .select('id', 'currency_code', 'currency_symbol', 'currency_name', 'conversion_rate')
    .whereIn('id', unique)) as Array<{ id: number; currency_code: string | null; currency_symbol: string | null; currency_name: string | null; conversion_rate: string | null }>;
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, code: r.currency_code ?? '', symbol: r.currency_symbol ?? '', name: r.currency_name ?? '', conversionRate: r.conversion_rate ?? '1' },
    ]),
  );
}
