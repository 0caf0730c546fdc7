import { describe, expect, it } from 'vitest';
import { Invoice, LineAmountTypes, type LineItem } from 'xero-node';
import { XERO_INVOICE_TYPES } from '../../vtiger/xeroInformationBlock.js';
import type { XeroInvoice } from '../../xero/api/XeroAccountingApi.js';
import { parseInvoiceSyncSettings } from './invoiceSettings.js';
import { SAMPLE_TAXES, sandboxTaxRates } from './testing/invoiceFixtures.js';
import { vtigerInvoiceFromXero, vtigerTaxesFor, type FromXeroContext } from './vtigerFromXero.js';

const tax = (taxName: string, label: string, percentage: string) => ({ taxName, label, percentage });
const ctx: FromXeroContext = {
  document: 'sales invoice', accountWsId: '11x2', contactWsId: null, currencyWsId: '21x1', ownerWsId: '19x1', billStreet: '100 Main Street', shipStreet: '200 Warehouse Rd',
  itemsByCode: new Map([
    ['wid-001', { crmid: 10, wsId: '14x10', taxes: [tax('tax1', 'VAT', '4.500')] }],
    ['wid-002', { crmid: 11, wsId: '14x11', taxes: [tax('tax1', 'VAT', '4.500'), tax('tax2', 'Sales', '10.000')] }],
  ]),
  fallbackItem: undefined,
  rates: sandboxTaxRates(),
  taxDefinitions: SAMPLE_TAXES.items,
  settings: parseInvoiceSyncSettings({}),
};

const xeroInvoice = (lines: LineItem[], total: number, extra: Partial<XeroInvoice> = {}): XeroInvoice =>
  ({ invoiceNumber: 'INV-0001', total, date: '2024-07-01T00:00:00.000Z', status: 'AUTHORISED', lineAmountTypes: LineAmountTypes.Exclusive, lineItems: lines, ...extra }) as unknown as XeroInvoice;

describe('a Xero invoice as a Vtiger invoice', () => {
  it('maps a Xero rate to the Vtiger taxes of the same total rate, by components when several fit', () => {
    expect(vtigerTaxesFor('TAX004', ctx.rates, SAMPLE_TAXES.items, {})?.map((t) => t.taxName)).toEqual(['tax1', 'tax2']);
    expect(vtigerTaxesFor('TAX001', ctx.rates, SAMPLE_TAXES.items, {})?.map((t) => t.taxName)).toEqual(['tax1']);
    expect(vtigerTaxesFor('NONE', ctx.rates, SAMPLE_TAXES.items, {})).toEqual([]);
    expect(vtigerTaxesFor('OUTPUT', ctx.rates, SAMPLE_TAXES.items, {})).toBeUndefined();
  });

  it("keeps lines and carries Xero's per-line tax rounding into Vtiger's adjustment", () => {
    // 3 × 19.99 = 59.97, VAT 4.5 % = 2.69865 → Xero 2.70; 1 × 49.50 at 14.5 % = 7.1775 → 7.18. Xero total 119.35.
    const result = vtigerInvoiceFromXero(
      xeroInvoice([{ itemCode: 'WID-001', quantity: 3, unitAmount: 19.99, taxType: 'TAX001', discountRate: 0 }, { itemCode: 'WID-002', quantity: 1, unitAmount: 49.5, taxType: 'TAX004' }], 119.35),
      ctx,
    );
    if (!result.ok) throw new Error(result.reason.key);
    expect(result.adjustment.toFixed()).toBe('0.0039');
    expect(result.vtigerTotal.toFixed(2)).toBe('119.35');
    expect(result.element).toMatchObject({ account_id: '11x2', hdnTaxType: 'individual', invoicestatus: 'Approved', invoicedate: '2024-07-01', txtAdjustment: '0.0039' });
    expect(result.element['LineItems']).toEqual([
      { productid: '14x10', quantity: '3', listprice: '19.99', tax1: '4.5' },
      { productid: '14x11', quantity: '1', listprice: '49.5', tax1: '4.5', tax2: '10' },
    ]);
  });

  it("writes the Xero Invoice Type by the document's type: a sales invoice (ACCREC) as 'Sales Invoice', a bill (ACCPAY) as 'Bill'", () => {
    const typeOf = (type: Invoice.TypeEnum) => {
      const result = vtigerInvoiceFromXero(xeroInvoice([{ itemCode: 'WID-001', quantity: 1, unitAmount: 10, taxType: 'NONE' }], 10, { type }), ctx);
      if (!result.ok) throw new Error(result.reason.key);
      return result.element['xt_invoice_type'];
    };
    expect([typeOf(Invoice.TypeEnum.ACCREC), typeOf(Invoice.TypeEnum.ACCPAY)]).toEqual(['Sales Invoice', 'Bill']);
    // Every value written is one the picklist has (never 1.0.0's 'Invoice', which Vtiger shows as "Invoices").
    expect(XERO_INVOICE_TYPES).toEqual(expect.arrayContaining([typeOf(Invoice.TypeEnum.ACCREC), typeOf(Invoice.TypeEnum.ACCPAY)]));
  });

  it('refuses what Vtiger cannot hold, naming the line', () => {
    expect(vtigerInvoiceFromXero(xeroInvoice([{ itemCode: 'WID-001', quantity: 1, unitAmount: 10, taxType: 'TAX002' }], 11), ctx)).toMatchObject({ ok: false, reason: { key: 'invoice.fromXero.taxUnmapped', params: { line: 1, taxType: 'TAX002' } } });
    expect(vtigerInvoiceFromXero(xeroInvoice([{ itemCode: 'NOPE', quantity: 1, unitAmount: 10 }], 10), ctx)).toMatchObject({ ok: false, reason: { key: 'invoice.fromXero.itemUnknown', params: { code: 'NOPE' } } });
    expect(vtigerInvoiceFromXero(xeroInvoice([], 0, { lineAmountTypes: LineAmountTypes.Inclusive }), ctx)).toMatchObject({ ok: false, reason: { key: 'invoice.fromXero.inclusive' } });
  });
});
