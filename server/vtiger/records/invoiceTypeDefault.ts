import type { Knex } from 'knex';
import { XERO_INVOICE_TYPE_FIELD, xeroInvoiceTypeOf, type XeroInvoiceType } from '../xeroInformationBlock.js';

/**
 * The "Xero Invoice Type" field's default value (Sync Settings → default Xero Invoice Type writes it): what Vtiger
 * gives a new invoice, and what XTiger uses for an invoice whose type is empty (an import, a webservice create).
 * 1.0.0's 'Invoice' (not yet renamed by the update) reads as 'Sales Invoice'.
 */
export async function readDefaultInvoiceType(knex: Knex): Promise<XeroInvoiceType> {
  const row = (await knex('vtiger_field as f')
    .join('vtiger_tab as t', 't.tabid', 'f.tabid')
    .where({ 't.name': 'Invoice', 'f.fieldname': XERO_INVOICE_TYPE_FIELD.fieldname })
    .first('f.defaultvalue')) as { defaultvalue: string | null } | undefined;
  return xeroInvoiceTypeOf(row?.defaultvalue) ?? 'Sales Invoice';
}
