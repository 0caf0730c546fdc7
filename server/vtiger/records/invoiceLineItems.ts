import type { Knex } from 'knex';
import { RecordRow } from './recordRow.js';
import type { AppliedTax } from './recordTypes.js';
import type { TaxDefinition } from './taxes.js';

export interface InvoiceLineItem {
  /** vtiger_inventoryproductrel.lineitem_id: changes whenever Vtiger saves the invoice (it re-inserts lines). */
  lineItemId: number;
  sequence: number;
  productId: number | null;
  /** Whether the line sells a Product or a Service (null when the item record is gone). */
  productModule: 'Products' | 'Services' | null;
  /** The item's label (name) as vtiger_crmentity holds it. */
  productLabel: string | null;
  quantity: string | null;
  listPrice: string | null;
  discountPercent: string | null;
  discountAmount: string | null;
  comment: string | null;
  /**
   * Every tax column of the line with its stored percentage (`'0.000'` included), in tax id order. In
   * individual mode these are the line's own taxes; in group mode Vtiger stores the group percentages on
   * every line.
   */
  taxes: AppliedTax[];
}

const LINES = 'vtiger_inventoryproductrel';

/** The tax columns (`tax1`…) that exist on line items, with their definitions. */
export async function lineTaxColumns(knex: Knex, definitions: readonly TaxDefinition[]): Promise<TaxDefinition[]> {
  const rows = (await knex
    .select({ name: 'COLUMN_NAME' })
    .from('information_schema.COLUMNS')
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .andWhere('TABLE_NAME', LINES)) as Array<{ name: string }>;
  const columns = new Set(rows.map((r) => r.name.toLowerCase()));
  return definitions.filter((d) => /^tax\d+$/.test(d.taxName) && columns.has(d.taxName.toLowerCase()));
}

/** Line items of a batch of invoices (any inventory record), one query, ordered by sequence. */
export async function readLineItems(knex: Knex, recordIds: readonly number[], taxColumns: readonly TaxDefinition[]): Promise<Map<number, InvoiceLineItem[]>> {
  const byRecord = new Map<number, InvoiceLineItem[]>();
  if (recordIds.length === 0) return byRecord;
  const rows = (await knex(`${LINES} as l`)
    .leftJoin('vtiger_crmentity as item', 'item.crmid', 'l.productid')
    .select('l.id', 'l.lineitem_id', 'l.sequence_no', 'l.productid', 'l.quantity', 'l.listprice', 'l.discount_percent', 'l.discount_amount', 'l.comment')
    .select(taxColumns.map((t) => `l.${t.taxName}`))
    .select({ itemModule: 'item.setype', itemLabel: 'item.label' })
    .whereIn('l.id', recordIds)
    .orderBy(['l.id', 'l.sequence_no', 'l.lineitem_id'])) as Array<Record<string, unknown> & { id: number; lineitem_id: number }>;
  for (const r of rows) {
    const row = new RecordRow('Invoice', r.id, new Map([[LINES, r]]));
    const module = row.text(LINES, 'itemModule');
    const line: InvoiceLineItem = {
      lineItemId: r.lineitem_id,
      sequence: row.integer(LINES, 'sequence_no') ?? 0,
      productId: row.reference(LINES, 'productid'),
      productModule: module === 'Products' || module === 'Services' ? module : null,
      productLabel: row.text(LINES, 'itemLabel'),
      quantity: row.decimal(LINES, 'quantity'),
      listPrice: row.decimal(LINES, 'listprice'),
      discountPercent: row.decimal(LINES, 'discount_percent'),
      discountAmount: row.decimal(LINES, 'discount_amount'),
      comment: row.text(LINES, 'comment'),
      taxes: taxColumns.flatMap((t) => {
        const percentage = row.decimal(LINES, t.taxName);
        return percentage === null ? [] : [{ taxName: t.taxName, label: t.label, percentage }];
      }),
    };
    const list = byRecord.get(r.id) ?? [];
    list.push(line);
    byRecord.set(r.id, list);
  }
  return byRecord;
}
