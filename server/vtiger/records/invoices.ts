import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { addressColumnList, billShipAddressColumns, readAddress } from './addresses.js';
import { readCharges, type InvoiceCharge } from './invoiceCharges.js';
import { lineTaxColumns, readLineItems, type InvoiceLineItem } from './invoiceLineItems.js';
import { readModuleRecords, type ModuleRecordSpec, type ReadOptions } from './readModuleRecords.js';
import type { RecordRow } from './recordRow.js';
import type { AppliedTax, VtigerAddress, VtigerCurrency, VtigerRecordBase } from './recordTypes.js';
import { readTaxDefinitions, type TaxDefinitions } from './taxes.js';

export type InvoiceTaxMode = 'individual' | 'group';

/**
 * An Invoice with everything Vtiger stores for it. Amounts are in the invoice's own currency, as stored
 * (decimal strings, 4+ decimals: Vtiger does not round totals). The invoice number (`INV1`) is `recordNumber`.
 */
export interface VtigerInvoice extends VtigerRecordBase {
  module: 'Invoice';
  subject: string | null;
  invoiceDate: string | null;
  dueDate: string | null;
  status: string | null;
  accountId: number | null;
  contactId: number | null;
  salesOrderId: number | null;
  customerNo: string | null;
  purchaseOrder: string | null;
  currency: VtigerCurrency | null;
  /** The invoice's own conversion rate (vtiger_invoice.conversion_rate, 3 decimals). */
  conversionRate: string | null;
  taxMode: InvoiceTaxMode;
  lineItems: InvoiceLineItem[];
  /** Group mode: the group tax percentages (Vtiger stores them on every line; these are the first line's). */
  groupTaxes: AppliedTax[];
  /** Overall discount: percent or amount (at most one is set). */
  discountPercent: string | null;
  discountAmount: string | null;
  /** S&H total amount (vtiger_invoice.s_h_amount) and percent. */
  shippingAmount: string | null;
  shippingPercent: string | null;
  charges: InvoiceCharge[];
  adjustment: string | null;
  subtotal: string | null;
  preTaxTotal: string | null;
  total: string | null;
  received: string | null;
  balance: string | null;
  termsConditions: string | null;
  billingAddress: VtigerAddress;
  shippingAddress: VtigerAddress;
  /** The tax definitions in force (same object for every invoice of a read). */
  taxDefinitions: TaxDefinitions;
}

interface InvoiceBatch {
  lines: Map<number, InvoiceLineItem[]>;
  charges: Map<number, InvoiceCharge[]>;
  taxDefinitions: TaxDefinitions;
}

const INVOICE = 'vtiger_invoice';
const BILL = billShipAddressColumns('vtiger_invoicebillads', 'bill');
const SHIP = billShipAddressColumns('vtiger_invoiceshipads', 'ship');

function taxMode(row: RecordRow): InvoiceTaxMode {
  const stored = row.text(INVOICE, 'taxtype');
  if (stored === 'individual' || stored === 'group') return stored;
  throw new XTigerError('VTIGER_INVALID_DATA', `Invoice record ${row.crmid}: vtiger_invoice.taxtype holds ${JSON.stringify(stored)}, not "individual" or "group".`, {
    details: { module: 'Invoice', crmid: row.crmid, table: INVOICE, column: 'taxtype' },
  });
}

async function loadInvoiceBatch(knex: Knex, ids: readonly number[]): Promise<InvoiceBatch> {
  const taxDefinitions = await readTaxDefinitions(knex);
  const [lines, charges] = await Promise.all([
    lineTaxColumns(knex, taxDefinitions.items).then((columns) => readLineItems(knex, ids, columns)),
    readCharges(knex, ids, taxDefinitions.shipping),
  ]);
  return { lines, charges, taxDefinitions };
}

export const invoiceSpec: ModuleRecordSpec<VtigerInvoice, InvoiceBatch> = {
  module: 'Invoice',
  recordNumber: { table: INVOICE, column: 'invoice_no' },
  currency: { table: INVOICE, column: 'currency_id' },
  columns: {
    [INVOICE]: [
      'invoice_no', 'subject', 'invoicedate', 'duedate', 'invoicestatus', 'accountid', 'contactid', 'salesorderid', 'customerno', 'purchaseorder',
      'currency_id', 'conversion_rate', 'taxtype', 'discount_percent', 'discount_amount', 's_h_amount', 's_h_percent', 'adjustment',
      'subtotal', 'pre_tax_total', 'total', 'received', 'balance', 'terms_conditions',
    ],
    [BILL.table]: addressColumnList(BILL),
    [SHIP.table]: addressColumnList(SHIP),
  },
  loadBatch: loadInvoiceBatch,
  build: (row, base, { batch, currency }) => {
    const mode = taxMode(row);
    const lineItems = batch.lines.get(row.crmid) ?? [];
    // Object.assign, not `{ ...base }`: spreading is ~40x slower here and this runs per record.
    return Object.assign(base, {
      module: 'Invoice' as const,
      subject: row.text(INVOICE, 'subject'),
      invoiceDate: row.text(INVOICE, 'invoicedate'),
      dueDate: row.text(INVOICE, 'duedate'),
      status: row.text(INVOICE, 'invoicestatus'),
      accountId: row.reference(INVOICE, 'accountid'),
      contactId: row.reference(INVOICE, 'contactid'),
      salesOrderId: row.reference(INVOICE, 'salesorderid'),
      customerNo: row.text(INVOICE, 'customerno'),
      purchaseOrder: row.text(INVOICE, 'purchaseorder'),
      currency,
      conversionRate: row.decimal(INVOICE, 'conversion_rate'),
      taxMode: mode,
      lineItems,
      groupTaxes: mode === 'group' ? (lineItems[0]?.taxes ?? []) : [],
      discountPercent: row.decimal(INVOICE, 'discount_percent'),
      discountAmount: row.decimal(INVOICE, 'discount_amount'),
      shippingAmount: row.decimal(INVOICE, 's_h_amount'),
      shippingPercent: row.decimal(INVOICE, 's_h_percent'),
      charges: batch.charges.get(row.crmid) ?? [],
      adjustment: row.decimal(INVOICE, 'adjustment'),
      subtotal: row.decimal(INVOICE, 'subtotal'),
      preTaxTotal: row.decimal(INVOICE, 'pre_tax_total'),
      total: row.decimal(INVOICE, 'total'),
      received: row.decimal(INVOICE, 'received'),
      balance: row.decimal(INVOICE, 'balance'),
      termsConditions: row.text(INVOICE, 'terms_conditions'),
      billingAddress: readAddress(row, BILL),
      shippingAddress: readAddress(row, SHIP),
      taxDefinitions: batch.taxDefinitions,
    });
  },
};

export function readInvoices(knex: Knex, ids: readonly number[], options?: ReadOptions): Promise<VtigerInvoice[]> {
  return readModuleRecords(knex, invoiceSpec, ids, options);
}
