import type { Knex } from 'knex';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { phpString } from './fieldValues.js';
import { computeInventoryTotals, type TotalsLine } from './inventoryTotals.js';
import type { VtigerCatalog } from './vtigerCatalog.js';
import { PhpFatal } from './wsFault.js';

/**
 * What Vtiger 8.2's inventory save writes beside the record rows: one vtiger_inventoryproductrel row per line
 * (lineitem_id auto-increment, all lines deleted and re-inserted when lines are given), the S&H charges as
 * JSON in vtiger_inventorychargesrel, the computed totals in the module table, and the stock of products.
 */
const LINE_TAX = /^tax\d+$/;

interface ChargeDefinition {
  chargeid: number;
  fieldName: string;
  taxIds: string[];
}

export interface ChargesJson {
  [chargeId: string]: { value?: string | null; taxes?: Record<string, unknown> };
}

export interface StoredLine {
  id: number;
  productid: number;
  sequence_no: number;
  quantity: string;
  listprice: string;
  discount_percent: string | null;
  discount_amount: string | null;
  comment: string | null;
  lineitem_id: number;
  [tax: string]: string | number | null;
}

async function readCharges(knex: Knex): Promise<ChargeDefinition[]> {
  const rows = (await knex('vtiger_inventorycharges').where('deleted', 0).orderBy('chargeid').select('chargeid', 'name', 'taxes')) as Array<{
    chargeid: number;
    name: string;
    taxes: string | null;
  }>;
  return rows.map((r) => ({
    chargeid: r.chargeid,
    fieldName: r.name.toLowerCase().replace(/ /g, '_').replace(/&amp;/g, '&'),
    taxIds: (JSON.parse(r.taxes ?? '[]') as Array<string | number>).map(String),
  }));
}

/** PHP 8 TypeErrors of the inventory save: an empty discount or a null/empty charge gives an empty HTTP 500. */
export async function assertNoInventoryTypeError(knex: Knex, element: Record<string, unknown>): Promise<void> {
  if (element['hdnDiscountAmount'] === '' || element['hdnDiscountPercent'] === '') throw new PhpFatal('Unsupported operand types: float - string');
  for (const charge of await readCharges(knex)) {
    if (charge.fieldName in element && (element[charge.fieldName] === null || element[charge.fieldName] === '')) {
      throw new PhpFatal('Unsupported operand types: int + string');
    }
  }
}

function plainNumber(value: unknown, fallback = '0'): string {
  const s = phpString(value).replace(/,/g, '').trim();
  return s === '' || !Number.isFinite(Number(s)) ? fallback : s;
}

function crmidOf(wsId: unknown): number {
  const m = /^\d+x(\d+)$/.exec(phpString(wsId));
  return m?.[1] ? Number(m[1]) : 0;
}

async function productTaxes(knex: Knex, productId: number): Promise<Map<number, string>> {
  const rows = (await knex('vtiger_producttaxrel').where('productid', productId).select('taxid', 'taxpercentage')) as Array<{ taxid: number; taxpercentage: string }>;
  return new Map(rows.map((r) => [Number(r.taxid), String(r.taxpercentage)]));
}

async function productSetype(knex: Knex, productId: number): Promise<string | undefined> {
  const row = (await knex('vtiger_crmentity').where('crmid', productId).first('setype')) as { setype: string } | undefined;
  return row?.setype;
}

async function adjustStock(knex: Knex, lines: Array<{ productid: number; quantity: string }>, sign: 1 | -1): Promise<void> {
  for (const line of lines) {
    if ((await productSetype(knex, line.productid)) !== 'Products') continue;
    await knex('vtiger_products')
      .where('productid', line.productid)
      .update({ qtyinstock: knex.raw('COALESCE(qtyinstock, 0) + ?', [sign * Number(line.quantity)]) });
  }
}

export async function readLines(knex: Knex, crmid: number): Promise<StoredLine[]> {
  return (await knex('vtiger_inventoryproductrel').where('id', crmid).orderBy('sequence_no')) as StoredLine[];
}

/** Deletes a record's lines; their products' stock goes back up. */
export async function removeLines(knex: Knex, meta: ModuleMetadata, crmid: number): Promise<void> {
  const old = await readLines(knex, crmid);
  if (meta.name === 'Invoice') await adjustStock(knex, old, 1);
  await knex('vtiger_inventoryproductrel').where('id', crmid).delete();
}

/** Inserts the lines as Vtiger's LineItem handler does; the tax columns follow the record's tax mode. */
export async function insertLines(
  knex: Knex,
  catalog: VtigerCatalog,
  meta: ModuleMetadata,
  crmid: number,
  taxType: string,
  lines: Array<Record<string, unknown>>,
  deductStock: boolean,
): Promise<void> {
  let sequence = 1;
  for (const line of lines) {
    const productid = crmidOf(line['productid']);
    let listprice = plainNumber(line['listprice'], '');
    if (listprice === '') {
      const product = (await knex('vtiger_products').where('productid', productid).first('unit_price')) as { unit_price: string } | undefined;
      listprice = product ? String(product.unit_price) : '0';
    }
    const row: Record<string, string | number | null> = {
      id: crmid,
      productid,
      sequence_no: sequence++,
      quantity: plainNumber(line['quantity']),
      listprice,
      discount_percent: plainNumber(line['discount_percent']),
      discount_amount: plainNumber(line['discount_amount']),
      comment: phpString(line['comment']),
      description: phpString(line['description']),
      incrementondel: 1,
      image: '',
      purchase_cost: plainNumber(line['purchase_cost']),
      margin: plainNumber(line['margin']),
    };
    const own = taxType === 'individual' ? await productTaxes(knex, productid) : new Map<number, string>();
    for (const tax of catalog.taxes) {
      const given = line[tax.taxname];
      if (taxType === 'individual') {
        const productHas = own.get(tax.taxid);
        row[tax.taxname] = productHas === undefined ? '0' : given !== undefined && given !== '' ? plainNumber(given) : productHas;
      } else {
        row[tax.taxname] = given !== undefined && given !== '' ? plainNumber(given) : '0';
      }
    }
    await knex('vtiger_inventoryproductrel').insert(row);
  }
  if (deductStock && meta.name === 'Invoice') {
    await adjustStock(knex, lines.map((l) => ({ productid: crmidOf(l['productid']), quantity: plainNumber(l['quantity']) })), -1);
  }
}

/** vtiger_inventorychargesrel JSON, built in the order Vtiger builds it (key order matters for equality). */
export async function buildCharges(knex: Knex, catalog: VtigerCatalog, element: Record<string, unknown>): Promise<{ charges: ChargesJson; shippingAmount: string }> {
  const charges: ChargesJson = {};
  let total = 0;
  for (const charge of await readCharges(knex)) {
    const entry: ChargesJson[string] = {};
    charges[String(charge.chargeid)] = entry;
    if (charge.fieldName in element) {
      const value = phpString(element[charge.fieldName]).replace('%', '');
      entry.value = value;
      total += Number(value) || 0;
    }
    for (const taxId of charge.taxIds) {
      const key = `${charge.fieldName}_shtax${taxId}`;
      if (key in element && catalog.shippingTaxes.some((t) => String(t.taxid) === taxId)) (entry.taxes ??= {})[taxId] = element[key];
    }
  }
  if (total) return { charges, shippingAmount: String(total) };
  const first = (charges['1'] ??= {});
  const given = element['hdnS_H_Amount'];
  first.value = given === undefined || given === null ? null : phpString(given);
  for (const tax of catalog.shippingTaxes) {
    first.taxes ??= {};
    delete first.taxes[String(tax.taxid)];
    const percent = element[`${tax.taxname}_sh_percent`];
    first.taxes[String(tax.taxid)] = percent === undefined ? 0 : percent;
  }
  return { charges, shippingAmount: plainNumber(given) };
}

/** Recomputes and stores the totals from the stored lines; writes the charges row. */
export async function storeTotals(knex: Knex, catalog: VtigerCatalog, meta: ModuleMetadata, crmid: number, element: Record<string, unknown>): Promise<void> {
  const current = (await knex(meta.baseTable).where(meta.baseIndex, crmid).first()) as Record<string, string | number | null>;
  const taxType = phpString(element['hdnTaxType'] ?? current['taxtype']) || 'individual';
  const lines = await readLines(knex, crmid);
  const { charges, shippingAmount } = await buildCharges(knex, catalog, element);
  const discountAmount = Number(plainNumber(element['hdnDiscountAmount'])) ? plainNumber(element['hdnDiscountAmount']) : null;
  const discountPercent = !discountAmount && Number(plainNumber(element['hdnDiscountPercent'])) ? plainNumber(element['hdnDiscountPercent']) : null;
  const shippingTaxPercent = Object.values(charges['1']?.taxes ?? {}).reduce<number>((sum, v) => sum + (Number(v) || 0), 0);
  const totalsLines: TotalsLine[] = lines.map((l) => ({
    quantity: String(l.quantity),
    listprice: String(l.listprice),
    discountPercent: String(l.discount_percent ?? '0'),
    discountAmount: String(l.discount_amount ?? '0'),
    taxes: Object.fromEntries(Object.entries(l).filter(([k]) => LINE_TAX.test(k)).map(([k, v]) => [k, String(v ?? '0')])),
  }));
  const totals = computeInventoryTotals({
    taxType: taxType === 'group' ? 'group' : 'individual',
    lines: totalsLines,
    discountPercent,
    discountAmount,
    shippingAmount,
    shippingTaxPercent: String(shippingTaxPercent),
    adjustment: plainNumber(element['txtAdjustment'] ?? current['adjustment']),
  });
  const received = Number(current['received'] ?? 0) || 0;
  const update: Record<string, string | number | null> = {
    subtotal: totals.subtotal,
    total: totals.total,
    taxtype: taxType,
    discount_percent: discountPercent,
    discount_amount: discountAmount,
    s_h_amount: shippingAmount,
    s_h_percent: '0',
    pre_tax_total: totals.preTaxTotal,
    balance: String(Number(totals.total) - received),
    compound_taxes_info: 'null',
  };
  if ('txtAdjustment' in element) update['adjustment'] = plainNumber(element['txtAdjustment']);
  if ('region_id' in element) update['region_id'] = Number(plainNumber(element['region_id']));
  await knex(meta.baseTable).where(meta.baseIndex, crmid).update(update);
  await knex('vtiger_inventorychargesrel').where('recordid', crmid).delete();
  await knex('vtiger_inventorychargesrel').insert({ recordid: crmid, charges: JSON.stringify(charges) });
}
