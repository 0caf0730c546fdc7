import type { Knex } from 'knex';
import { readModuleRecords, type ModuleRecordSpec, type ReadOptions } from './readModuleRecords.js';
import type { AppliedTax, VtigerCurrency, VtigerRecordBase } from './recordTypes.js';
import { readItemTaxes } from './taxes.js';

export interface VtigerProduct extends VtigerRecordBase {
  module: 'Products';
  name: string | null;
  /** "Part Number" in Vtiger's UI. */
  productCode: string | null;
  /** Rounded to 2 decimals by Vtiger on save; stored as decimal(25,8). */
  unitPrice: string | null;
  purchaseCost: string | null;
  /** "Product Active" (column `discontinued`, 1 = active). */
  active: boolean;
  category: string | null;
  manufacturer: string | null;
  usageUnit: string | null;
  qtyPerUnit: string | null;
  qtyInStock: string | null;
  vendorId: number | null;
  glAccount: string | null;
  website: string | null;
  currency: VtigerCurrency | null;
  taxes: AppliedTax[];
}

const PRODUCTS = 'vtiger_products';

export const productSpec: ModuleRecordSpec<VtigerProduct, Map<number, AppliedTax[]>> = {
  module: 'Products',
  recordNumber: { table: PRODUCTS, column: 'product_no' },
  currency: { table: PRODUCTS, column: 'currency_id' },
  columns: {
    [PRODUCTS]: ['product_no', 'productname', 'productcode', 'unit_price', 'purchase_cost', 'discontinued', 'productcategory', 'manufacturer', 'usageunit', 'qty_per_unit', 'qtyinstock', 'vendor_id', 'glacct', 'website', 'currency_id'],
  },
  loadBatch: (knex, ids) => readItemTaxes(knex, ids),
  build: (row, base, { batch, currency }) =>
    // Object.assign, not `{ ...base }`: spreading is ~40x slower here and this runs per record.
    Object.assign(base, {
      module: 'Products' as const,
      name: row.text(PRODUCTS, 'productname'),
      productCode: row.text(PRODUCTS, 'productcode'),
      unitPrice: row.decimal(PRODUCTS, 'unit_price'),
      purchaseCost: row.decimal(PRODUCTS, 'purchase_cost'),
      active: row.integer(PRODUCTS, 'discontinued') === 1,
      category: row.text(PRODUCTS, 'productcategory'),
      manufacturer: row.text(PRODUCTS, 'manufacturer'),
      usageUnit: row.text(PRODUCTS, 'usageunit'),
      qtyPerUnit: row.decimal(PRODUCTS, 'qty_per_unit'),
      qtyInStock: row.decimal(PRODUCTS, 'qtyinstock'),
      vendorId: row.reference(PRODUCTS, 'vendor_id'),
      glAccount: row.text(PRODUCTS, 'glacct'),
      website: row.text(PRODUCTS, 'website'),
      currency,
      taxes: batch.get(row.crmid) ?? [],
    }),
};

export function readProducts(knex: Knex, ids: readonly number[], options?: ReadOptions): Promise<VtigerProduct[]> {
  return readModuleRecords(knex, productSpec, ids, options);
}
