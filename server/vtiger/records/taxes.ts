import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import type { AppliedTax } from './recordTypes.js';

/** A tax as the admin defined it (vtiger_inventorytaxinfo for items, vtiger_shippingtaxinfo for S&H charges). */
export interface TaxDefinition {
  taxId: number;
  /** Column name on line items (`tax1`) or on charges (`shtax1`). */
  taxName: string;
  label: string;
  percentage: string;
  deleted: boolean;
  /** `Simple`, `Compound` or `Deducted`. */
  method: string | null;
  /** `Fixed` or `Variable` (by region). */
  type: string | null;
  /** Tax ids a compound tax is computed on. */
  compoundOn: string[];
  /** Region-specific percentages, as Vtiger stores them (JSON text). */
  regions: string | null;
}

export interface TaxDefinitions {
  items: TaxDefinition[];
  shipping: TaxDefinition[];
}

interface TaxInfoRow {
  taxid: number;
  taxname: string | null;
  taxlabel: string | null;
  percentage: string | null;
  deleted: number | null;
  method: string | null;
  type: string | null;
  compoundon: string | null;
  regions: string | null;
}

function parseIdList(text: string | null, table: string, taxid: number): string[] {
  if (text === null || text.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map((v) => String(v));
  } catch {
    // reported below
  }
  throw new XTigerError('VTIGER_INVALID_DATA', `${table} tax ${taxid}: compoundon holds "${text}", not a JSON list of tax ids.`, { details: { table, taxid, column: 'compoundon' } });
}

async function readTaxTable(knex: Knex, table: 'vtiger_inventorytaxinfo' | 'vtiger_shippingtaxinfo'): Promise<TaxDefinition[]> {
  const rows = (await knex(table).select('taxid', 'taxname', 'taxlabel', 'percentage', 'deleted', 'method', 'type', 'compoundon', 'regions').orderBy('taxid')) as TaxInfoRow[];
  return rows.map((r) => ({
    taxId: r.taxid,
    taxName: r.taxname ?? '',
    label: r.taxlabel ?? '',
    percentage: r.percentage ?? '0',
    deleted: Number(r.deleted) === 1,
    method: r.method,
    type: r.type,
    compoundOn: parseIdList(r.compoundon, table, r.taxid),
    regions: r.regions,
  }));
}

/** Every tax definition, deleted ones included (old invoices still carry their columns). */
export async function readTaxDefinitions(knex: Knex): Promise<TaxDefinitions> {
  const [items, shipping] = await Promise.all([readTaxTable(knex, 'vtiger_inventorytaxinfo'), readTaxTable(knex, 'vtiger_shippingtaxinfo')]);
  return { items, shipping };
}

/** The taxes configured on products and services (vtiger_producttaxrel), one query per batch. */
export async function readItemTaxes(knex: Knex, itemIds: readonly number[]): Promise<Map<number, AppliedTax[]>> {
  const taxes = new Map<number, AppliedTax[]>();
  if (itemIds.length === 0) return taxes;
  const rows = (await knex('vtiger_producttaxrel as r')
    .join('vtiger_inventorytaxinfo as t', 't.taxid', 'r.taxid')
    .select('r.productid', 't.taxname', 't.taxlabel', 'r.taxpercentage')
    .whereIn('r.productid', itemIds)
    .orderBy(['r.productid', 'r.taxid'])) as Array<{ productid: number; taxname: string | null; taxlabel: string | null; taxpercentage: string | null }>;
  for (const r of rows) {
    const list = taxes.get(r.productid) ?? [];
    list.push({ taxName: r.taxname ?? '', label: r.taxlabel ?? '', percentage: r.taxpercentage ?? '0' });
    taxes.set(r.productid, list);
  }
  return taxes;
}
