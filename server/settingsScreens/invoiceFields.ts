import type { MappingRowInput } from '../http/contracts/fieldMapping.js';

/**
 * How a Vtiger invoice becomes a Xero document (server/sync/invoices/buildXeroDocument.ts), as rows the Field
 * Mapping screen shows read-only: the invoice is built line by line to Xero's arithmetic, so these are not
 * configurable; the tax map and the invoice settings are.
 */
export interface InvoiceFieldRow extends MappingRowInput {
  vtigerLabel: string;
  xeroLabel: string;
  xeroType: string;
  required: boolean;
}

const row = (vtigerField: string, vtigerLabel: string, xeroField: string, xeroLabel: string, xeroType: string, direction: MappingRowInput['direction'], required = false): InvoiceFieldRow => ({
  vtigerField, vtigerLabel, xeroField, xeroLabel, xeroType, direction, required,
});

export const INVOICE_FIELD_ROWS: readonly InvoiceFieldRow[] = [
  row('invoice_no', 'Invoice No', 'invoiceNumber', 'Invoice Number', 'text', 'both'),
  row('account_id', 'Organization Name', 'contact', 'Contact', 'contact', 'both', true),
  row('contact_id', 'Contact Name', 'contact', 'Contact (when no organization)', 'contact', 'both'),
  row('invoicedate', 'Invoice Date', 'date', 'Date', 'date', 'both', true),
  row('duedate', 'Due Date', 'dueDate', 'Due Date', 'date', 'both'),
  row('subject', 'Subject', 'reference', 'Reference (or the Purchase Order when set)', 'text', 'both'),
  row('vtiger_purchaseorder', 'Purchase Order', 'reference', 'Reference', 'text', 'toXero'),
  row('currency_id', 'Currency', 'currencyCode', 'Currency', 'code', 'both', true),
  row('invoicestatus', 'Status', 'status', 'Status (see the status map in Sync Settings)', 'code', 'both'),
  row('lineItems', 'Item Details (lines, discounts, S&H, taxes, adjustment)', 'lineItems', 'Line Items (item code, quantity, unit price, account, tax rate)', 'lines', 'both', true),
  row('xt_invoice_type', 'Xero Invoice Type', 'type', 'Type (ACCREC invoice, ACCPAY bill, RECEIVE bank transaction)', 'code', 'toXero', true),
  row('received', 'Received', 'amountPaid', 'Amount Paid', 'money', 'toVtiger'),
  row('balance', 'Balance', 'amountDue', 'Amount Due', 'money', 'toVtiger'),
];
