import { describe, expect, it } from 'vitest';
import { RENAMED_INVOICE_TYPES, XERO_INVOICE_TYPE_FIELD, XERO_INVOICE_TYPES, xeroInvoiceTypeOf } from './xeroInformationBlock.js';

describe('the stored "Xero Invoice Type"', () => {
  it("reads each current value as itself and XTiger 1.0.0's 'Invoice' as 'Sales Invoice'; nothing else is a type", () => {
    expect(XERO_INVOICE_TYPES.map((v) => xeroInvoiceTypeOf(v))).toEqual([...XERO_INVOICE_TYPES]);
    expect(xeroInvoiceTypeOf('Invoice')).toBe('Sales Invoice');
    expect([xeroInvoiceTypeOf('invoice'), xeroInvoiceTypeOf('Nope'), xeroInvoiceTypeOf('toString'), xeroInvoiceTypeOf(''), xeroInvoiceTypeOf(null)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('renames old values only to values the picklist has, and preselects one of them', () => {
    for (const renamed of Object.values(RENAMED_INVOICE_TYPES)) expect(XERO_INVOICE_TYPES).toContain(renamed);
    for (const old of Object.keys(RENAMED_INVOICE_TYPES)) expect(XERO_INVOICE_TYPES as readonly string[]).not.toContain(old);
    expect(XERO_INVOICE_TYPES).toContain(XERO_INVOICE_TYPE_FIELD.defaultvalue);
  });
});
