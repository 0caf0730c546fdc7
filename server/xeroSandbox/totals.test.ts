import { describe, expect, it } from 'vitest';
import { documentTotals, effectiveRate, lineTotals } from './totals.js';

describe('Xero invoice arithmetic', () => {
  it('rounds tax per line to 2 dp before summing (three lines of 0.05 at 10 % → 0.03 tax, not 0.02)', () => {
    const line = { quantity: 1, unitAmount: '0.05', taxRatePercent: 10 };
    const t = documentTotals([line, line, line], 'Exclusive');
    // each line: 0.005 → 0.01 (half up); summed 0.03. Rounding the summed 0.015 would give 0.02.
    expect(t.totalTax.toFixed(2)).toBe('0.03');
    expect(t.total.toFixed(2)).toBe('0.18');
  });

  it('applies a percentage discount before tax, and an amount discount as given', () => {
    const pct = lineTotals({ quantity: 3, unitAmount: '19.99', discountRate: 15, taxRatePercent: 12.5 }, 'Exclusive');
    expect(pct.lineAmount.toFixed(2)).toBe('50.97'); // 59.97 × 0.85 = 50.9745
    expect(pct.taxAmount.toFixed(2)).toBe('6.37'); // 50.97 × 0.125 = 6.37125
    const amt = lineTotals({ quantity: 2, unitAmount: 100, discountAmount: '12.50', taxRatePercent: 10 }, 'Exclusive');
    expect(amt.lineAmount.toFixed(2)).toBe('187.50');
    expect(amt.taxAmount.toFixed(2)).toBe('18.75');
  });

  it('takes the tax out of Inclusive lines and leaves NoTax lines untaxed', () => {
    const inc = documentTotals([{ quantity: 1, unitAmount: 115, taxRatePercent: 15 }], 'Inclusive');
    expect([inc.subTotal.toFixed(2), inc.totalTax.toFixed(2), inc.total.toFixed(2)]).toEqual(['100.00', '15.00', '115.00']);
    const none = documentTotals([{ quantity: 1, unitAmount: 115, taxRatePercent: 15 }], 'NoTax');
    expect([none.subTotal.toFixed(2), none.totalTax.toFixed(2)]).toEqual(['115.00', '0.00']);
  });

  it('adds simple tax components and compounds compound ones', () => {
    expect(effectiveRate([{ Name: 'VAT', Rate: 4.5, IsCompound: false, IsNonRecoverable: false }, { Name: 'Sales', Rate: 10, IsCompound: false, IsNonRecoverable: false }]).toNumber()).toBe(14.5);
    expect(effectiveRate([{ Name: 'GST', Rate: 5, IsCompound: false, IsNonRecoverable: false }, { Name: 'QST', Rate: 10, IsCompound: true, IsNonRecoverable: false }]).toNumber()).toBe(15.5);
  });
});
