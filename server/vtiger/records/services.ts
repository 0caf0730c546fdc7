import type { Knex } from 'knex';
import { readModuleRecords, type ModuleRecordSpec, type ReadOptions } from './readModuleRecords.js';
import type { AppliedTax, VtigerCurrency, VtigerRecordBase } from './recordTypes.js';
import { readItemTaxes } from './taxes.js';

/**
 * A Service. Vtiger services have no part number column: `service_no` (`SER1`, "Service Number") is the
 * auto-generated record number, exposed as `recordNumber`.
 */
export interface VtigerService extends VtigerRecordBase {
  module: 'Services';
  name: string | null;
  unitPrice: string | null;
  purchaseCost: string | null;
  /** "Active" (column `discontinued`, 1 = active). */
  active: boolean;
  category: string | null;
  usageUnit: string | null;
  qtyPerUnit: string | null;
  website: string | null;
  currency: VtigerCurrency | null;
  taxes: AppliedTax[];
}

const SERVICE = 'vtiger_service';

export const serviceSpec: ModuleRecordSpec<VtigerService, Map<number, AppliedTax[]>> = {
  module: 'Services',
  recordNumber: { table: SERVICE, column: 'service_no' },
  currency: { table: SERVICE, column: 'currency_id' },
  columns: {
    [SERVICE]: ['service_no', 'servicename', 'unit_price', 'purchase_cost', 'discontinued', 'servicecategory', 'service_usageunit', 'qty_per_unit', 'website', 'currency_id'],
  },
  loadBatch: (knex, ids) => readItemTaxes(knex, ids),
  build: (row, base, { batch, currency }) =>
    // Object.assign, not `{ ...base }`: spreading is ~40x slower here and this runs per record.
    Object.assign(base, {
      module: 'Services' as const,
      name: row.text(SERVICE, 'servicename'),
      unitPrice: row.decimal(SERVICE, 'unit_price'),
      purchaseCost: row.decimal(SERVICE, 'purchase_cost'),
      active: row.integer(SERVICE, 'discontinued') === 1,
      category: row.text(SERVICE, 'servicecategory'),
      usageUnit: row.text(SERVICE, 'service_usageunit'),
      qtyPerUnit: row.decimal(SERVICE, 'qty_per_unit'),
      website: row.text(SERVICE, 'website'),
      currency,
      taxes: batch.get(row.crmid) ?? [],
    }),
};

export function readServices(knex: Knex, ids: readonly number[], options?: ReadOptions): Promise<VtigerService[]> {
  return readModuleRecords(knex, serviceSpec, ids, options);
}
