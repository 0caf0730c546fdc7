import type { GroupTaxPercentage, WsElement } from './types.js';

/**
 * Vtiger 8.2's inventory modules (Invoice, Quotes, SalesOrder, PurchaseOrder) need their elements shaped
 * before a write, or the write fails or saves wrong amounts (recorded in webservice-behaviour/README.md):
 *  - `create` fails with MANDATORY_FIELDS_MISSING "productid" unless a top-level `productid` is sent besides `LineItems`;
 *  - group tax saves zero tax unless every line carries the group percentages `tax1..taxN`;
 *  - an empty `hdnDiscountAmount`/`hdnDiscountPercent` or a null/empty `shipping_&_handling` gives an empty HTTP 500
 *    on `update` (PHP 8 TypeError), and `retrieve` returns exactly those: empty values are left out;
 *  - `retrieve` output carries read-only parts (`LineItems_FinalDetails`, line `parent_id: "7xArray"`, line ids).
 */

/** Keys whose empty value crashes Vtiger 8.2's inventory save. */
const EMPTY_CRASHING_KEYS = ['hdnDiscountAmount', 'hdnDiscountPercent', 'hdnS_H_Amount', 'hdnS_H_Percent', 'txtAdjustment'];
/** Read-only parts of a retrieved invoice. */
const READ_ONLY_KEYS = ['LineItems_FinalDetails'];
/** Read-only parts of a retrieved line item. */
const READ_ONLY_LINE_KEYS = ['parent_id', 'id', 'product_name', 'entity_type', 'deleted', 'sequence_no', 'incrementondel', 'netprice'];

export function isInventoryElement(element: WsElement): boolean {
  return 'LineItems' in element || 'hdnTaxType' in element;
}

/** A charge field such as `shipping_&_handling` (charge names with spaces → `_`, lower case). */
function isChargeKey(key: string): boolean {
  return key.includes('_&_') && !/_shtax\d+$/.test(key);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** True when a group-tax element has a line without its own tax percentages. */
export function needsGroupTaxes(element: WsElement): boolean {
  if (element['hdnTaxType'] !== 'group' || !Array.isArray(element['LineItems'])) return false;
  return (element['LineItems'] as unknown[]).some((line) => {
    const l = line as Record<string, unknown>;
    return !Object.keys(l).some((k) => /^tax\d+$/.test(k) && !isEmpty(l[k]));
  });
}

/** Shapes an inventory element for `create`, `update` or `revise` (pure; returns a new object). */
export function prepareInventoryElement(element: WsElement, groupTaxes: GroupTaxPercentage[] = []): WsElement {
  const out: WsElement = { ...element };
  for (const key of READ_ONLY_KEYS) delete out[key];
  for (const key of Object.keys(out)) {
    if ((EMPTY_CRASHING_KEYS.includes(key) || isChargeKey(key)) && isEmpty(out[key])) delete out[key];
  }
  const lines = out['LineItems'];
  if (Array.isArray(lines)) {
    const group = out['hdnTaxType'] === 'group';
    out['LineItems'] = lines.map((line: Record<string, unknown>) => {
      const l: Record<string, unknown> = { ...line };
      for (const key of READ_ONLY_LINE_KEYS) delete l[key];
      if (group) {
        for (const tax of groupTaxes) if (isEmpty(l[tax.taxName])) l[tax.taxName] = tax.percentage;
      }
      return l;
    });
    const first = (out['LineItems'] as Array<Record<string, unknown>>)[0];
    if (first && isEmpty(out['productid'])) out['productid'] = first['productid'];
  }
  return out;
}
