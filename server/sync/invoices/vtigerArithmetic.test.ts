import { describe, expect, it } from 'vitest';
import { invoice } from './testing/invoiceFixtures.js';
import { vtigerInvoiceBreakdown } from './vtigerArithmetic.js';

describe("Vtiger's invoice arithmetic", () => {
  it('reproduces INV3: line discount, 5 % off the taxed subtotal, S&H', () => {
    const b = vtigerInvoiceBreakdown(
      invoice({
        lines: [
          { quantity: '4.000', listPrice: '49.50', taxes: { tax1: '4.500', tax2: '10.000' } },
          { quantity: '2.000', listPrice: '189.00', discountPercent: '10.000', taxes: { tax2: '10.000' } },
          { quantity: '20.000', listPrice: '5.25' },
        ],
        discountPercent: '5.000',
        shipping: '10.00',
        total: '680.63350000',
      }),
    );
    expect(b.subtotal.toFixed()).toBe('705.93');
    expect(b.discountValue.toFixed()).toBe('35.2965');
    expect(b.computedTotal.toFixed()).toBe('680.6335');
    expect(b.lines.map((l) => l.tax.toFixed())).toEqual(['28.71', '34.02', '0']);
  });

  it('takes the line discount amount and ignores the percent when both are set, as Vtiger does', () => {
    const b = vtigerInvoiceBreakdown(invoice({ lines: [{ quantity: '2', listPrice: '10', discountAmount: '3', discountPercent: '50' }], total: '17' }));
    expect(b.lines[0]?.net.toFixed()).toBe('17');
  });

  it('group tax applies to the subtotal less the overall discount; a negative overall amount is ignored', () => {
    const spec = { taxMode: 'group' as const, lines: [{ quantity: '1', listPrice: '100', taxes: { tax2: '10.000' } }], total: '99' };
    expect(vtigerInvoiceBreakdown(invoice({ ...spec, discountAmount: '10' })).computedTotal.toFixed()).toBe('99');
    expect(vtigerInvoiceBreakdown(invoice({ ...spec, discountAmount: '-10' })).computedTotal.toFixed()).toBe('110');
  });
});
