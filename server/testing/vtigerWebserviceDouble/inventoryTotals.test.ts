import { describe, expect, it } from 'vitest';
import { computeInventoryTotals, type TotalsLine } from './inventoryTotals.js';

const line = (quantity: string, listprice: string, taxes: Record<string, string>, discountPercent = '0'): TotalsLine => ({
  quantity,
  listprice,
  discountPercent,
  discountAmount: '0',
  taxes,
});

const noExtras = { discountPercent: null, discountAmount: null, shippingAmount: '0', shippingTaxPercent: '0', adjustment: '0' };

describe('inventory totals as Vtiger 8.2 stores them (sample invoices)', () => {
  it('INV1: individual tax, three lines', () => {
    const t = computeInventoryTotals({
      taxType: 'individual',
      lines: [line('10', '19.99', { tax1: '4.5' }), line('2', '49.50', { tax1: '4.5', tax2: '10' }), line('3', '75.00', { tax3: '12.5' })],
      ...noExtras,
    });
    expect(t).toMatchObject({ subtotal: '575.3755', preTaxTotal: '523.9', total: '575.3755' });
  });

  it('INV2: group tax 4.5 + 10 + 12.5 % on every line', () => {
    const taxes = { tax1: '4.500', tax2: '10.000', tax3: '12.500' };
    const t = computeInventoryTotals({ taxType: 'group', lines: [line('1', '199.00', taxes), line('5', '5.25', taxes)], ...noExtras });
    expect(t).toMatchObject({ subtotal: '225.25', preTaxTotal: '225.25', total: '286.0675' });
  });

  it('INV2 as first saved: group tax without line percentages is zero tax', () => {
    const t = computeInventoryTotals({ taxType: 'group', lines: [line('1', '199.00', {}), line('5', '5.25', {})], ...noExtras });
    expect(t.total).toBe('225.25');
  });

  it('INV3: 10 % line discount, 5 % overall discount on the taxed subtotal, 10.00 S&H', () => {
    const t = computeInventoryTotals({
      taxType: 'individual',
      lines: [line('4', '49.50', { tax1: '4.5', tax2: '10' }), line('2', '189.00', { tax2: '10' }, '10'), line('20', '5.25', {})],
      ...noExtras,
      discountPercent: '5',
      shippingAmount: '10.00',
    });
    expect(t).toMatchObject({ subtotal: '705.93', discount: '35.2965', preTaxTotal: '617.9035', total: '680.6335' });
  });

  it('accepts zero and negative quantities without complaint (recorded cases)', () => {
    expect(computeInventoryTotals({ taxType: 'individual', lines: [line('-2', '19.99', {})], ...noExtras }).total).toBe('-39.98');
    expect(computeInventoryTotals({ taxType: 'individual', lines: [line('0', '19.99', { tax1: '4.5' })], ...noExtras }).total).toBe('0');
  });
});
