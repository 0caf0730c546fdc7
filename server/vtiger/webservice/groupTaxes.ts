import type { Knex } from 'knex';
import type { GroupTaxPercentage } from './types.js';

/**
 * The active product taxes and their default percentages (`vtiger_inventorytaxinfo`). Vtiger 8.2 saves a
 * group-tax invoice with zero tax unless every line carries these percentages as `tax1..taxN`.
 */
export async function readGroupTaxPercentages(knex: Knex): Promise<GroupTaxPercentage[]> {
  const rows = (await knex('vtiger_inventorytaxinfo').where({ deleted: 0 }).orderBy('taxid').select('taxname', 'percentage')) as Array<{
    taxname: string;
    percentage: string;
  }>;
  return rows.map((r) => ({ taxName: r.taxname, percentage: String(r.percentage) }));
}
