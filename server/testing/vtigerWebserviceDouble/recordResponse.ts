import type { Knex } from 'knex';
import type { FieldMetadata, ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { encodeHtmlEntities } from '../../vtiger/webservice/htmlEntities.js';
import { isReferenceField } from './fieldValues.js';
import { readLines, type ChargesJson } from './inventoryStore.js';
import { recordFields, type ColumnValue, type StoredValues } from './recordRows.js';
import type { VtigerCatalog } from './vtigerCatalog.js';

/**
 * Records as Vtiger's webservice answers them: every active field as a string, references as webservice ids
 * (`""` for none or for a record that does not exist), owners as `19xN`/`20xN`, the label HTML-encoded.
 */
export class ValueFormatter {
  private readonly setypes = new Map<number, string | null>();
  private users: Set<number> | undefined;
  private groups: Set<number> | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly catalog: VtigerCatalog,
  ) {}

  private async setypeOf(crmid: number): Promise<string | null> {
    if (!this.setypes.has(crmid)) {
      const row = (await this.knex('vtiger_crmentity').where('crmid', crmid).first('setype')) as { setype: string } | undefined;
      this.setypes.set(crmid, row?.setype ?? null);
    }
    return this.setypes.get(crmid) ?? null;
  }

  private async owner(id: number): Promise<string> {
    this.users ??= new Set(((await this.knex('vtiger_users').select('id')) as Array<{ id: number }>).map((u) => Number(u.id)));
    this.groups ??= new Set(((await this.knex('vtiger_groups').select('groupid')) as Array<{ groupid: number }>).map((g) => Number(g.groupid)));
    if (this.users.has(id)) return this.catalog.wsId('Users', id);
    if (this.groups.has(id)) return this.catalog.wsId('Groups', id);
    return String(id);
  }

  async format(field: FieldMetadata, value: ColumnValue): Promise<string> {
    if (value === null) return '';
    if (field.uitype === 53) return this.owner(Number(value));
    if (field.uitype === 52) return this.catalog.wsId('Users', value);
    if (field.uitype === 117) return this.catalog.wsId('Currency', value);
    if (isReferenceField(field)) {
      const id = Number(value);
      if (!id) return '';
      const setype = await this.setypeOf(id);
      if (!setype) return '';
      try {
        return this.catalog.wsId(setype === 'Calendar' ? 'Calendar' : setype, id);
      } catch {
        return '';
      }
    }
    return String(value);
  }
}

const LINE_TABLE = 'vtiger_inventoryproductrel';

/** The record part of a response: active fields in field order, then `id` and the encoded `label`. */
export async function formatRecord(
  formatter: ValueFormatter,
  meta: ModuleMetadata,
  values: StoredValues,
  wsId: string,
  label: string,
  options: { withLineFields?: boolean } = {},
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const field of recordFields(meta)) {
    if (field.table === LINE_TABLE) continue;
    out[field.name] = await formatter.format(field, values.get(field.name) ?? null);
  }
  if (options.withLineFields) {
    // The first line's fields, inactive ones included (image, purchase_cost, margin), as Vtiger's revise shows them.
    for (const field of meta.fields) if (field.table === LINE_TABLE) out[field.name] = await formatter.format(field, values.get(field.name) ?? null);
  }
  out['id'] = wsId;
  out['label'] = encodeHtmlEntities(label);
  return out;
}

/** Line items as `retrieve` returns them, including Vtiger's `parent_id: "7xArray"`. */
export async function formatLineItems(knex: Knex, catalog: VtigerCatalog, meta: ModuleMetadata, crmid: number): Promise<Array<Record<string, unknown>>> {
  const lines = await readLines(knex, crmid);
  const out: Array<Record<string, unknown>> = [];
  for (const line of lines) {
    const product = (await knex('vtiger_crmentity').where('crmid', line.productid).first('label', 'setype', 'deleted')) as
      | { label: string; setype: string; deleted: number }
      | undefined;
    const item: Record<string, unknown> = { parent_id: `${catalog.prefixOf(meta.name)}xArray` };
    let productWsId = '';
    try {
      productWsId = product ? catalog.wsId(product.setype, line.productid) : '';
    } catch {
      productWsId = '';
    }
    item['productid'] = productWsId;
    for (const [key, value] of Object.entries(line)) {
      if (['id', 'productid', 'lineitem_id'].includes(key)) continue;
      item[key] = value === null ? '' : String(value);
    }
    item['id'] = catalog.wsId('LineItem', line.lineitem_id);
    item['product_name'] = product?.label ?? null;
    item['entity_type'] = product?.setype ?? null;
    item['deleted'] = product ? String(product.deleted) : null;
    out.push(item);
  }
  return out;
}

export async function readChargesJson(knex: Knex, crmid: number): Promise<ChargesJson> {
  const row = (await knex('vtiger_inventorychargesrel').where('recordid', crmid).first('charges')) as { charges: string } | undefined;
  return row ? (JSON.parse(row.charges) as ChargesJson) : {};
}

/** The inventory parts of `retrieve`: charges as fields, `LineItems`, the first line's `productid`, final details. */
export async function inventoryRetrieveParts(knex: Knex, catalog: VtigerCatalog, meta: ModuleMetadata, crmid: number, values: StoredValues): Promise<Record<string, unknown>> {
  const charges = await readChargesJson(knex, crmid);
  const chargeRows = (await knex('vtiger_inventorycharges').where('deleted', 0).orderBy('chargeid').select('chargeid', 'name', 'taxes')) as Array<{
    chargeid: number;
    name: string;
    taxes: string | null;
  }>;
  const out: Record<string, unknown> = {};
  for (const charge of chargeRows) {
    const name = charge.name.toLowerCase().replace(/ /g, '_');
    const stored = charges[String(charge.chargeid)];
    out[name] = stored?.value ?? null;
    for (const taxId of JSON.parse(charge.taxes ?? '[]') as string[]) out[`${name}_shtax${taxId}`] = stored?.taxes?.[String(taxId)] ?? 0;
  }
  const lines = await formatLineItems(knex, catalog, meta, crmid);
  out['LineItems'] = lines;
  out['productid'] = lines[0]?.['productid'] ?? '';
  out['LineItems_FinalDetails'] = {
    1: {
      final_details: {
        taxtype: values.get('hdnTaxType') ?? '',
        hdnSubTotal: String(values.get('hdnSubTotal') ?? '0'),
        grandTotal: String(values.get('hdnGrandTotal') ?? '0'),
        preTaxTotal: String(values.get('pre_tax_total') ?? '0'),
      },
    },
  };
  return out;
}
