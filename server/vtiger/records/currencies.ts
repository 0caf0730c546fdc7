import type { Knex } from 'knex';
import type { RecordRow } from './recordRow.js';
import type { VtigerCurrency } from './recordTypes.js';

export const CURRENCY_TABLE = 'vtiger_currency_info';

/** Joins the record's currency (deleted ones too: old records still point at them) onto a records query. */
export function joinCurrency(query: Knex.QueryBuilder, currencyColumn: string): Knex.QueryBuilder {
  return query.leftJoin(`${CURRENCY_TABLE} as cur`, 'cur.id', currencyColumn).select({
    cur__id: 'cur.id',
    cur__currency_code: 'cur.currency_code',
    cur__currency_symbol: 'cur.currency_symbol',
    cur__currency_name: 'cur.currency_name',
    cur__conversion_rate: 'cur.conversion_rate',
  });
}

export function readCurrency(row: RecordRow): VtigerCurrency | null {
  const id = row.integer(CURRENCY_TABLE, 'id');
  if (id === null) return null;
  return {
    id,
    code: row.text(CURRENCY_TABLE, 'currency_code') ?? '',
    symbol: row.text(CURRENCY_TABLE, 'currency_symbol') ?? '',
    name: row.text(CURRENCY_TABLE, 'currency_name') ?? '',
    conversionRate: row.decimal(CURRENCY_TABLE, 'conversion_rate') ?? '1',
  };
}
