import { describe, expect, it } from 'vitest';
import { needsGroupTaxes, prepareInventoryElement } from './inventoryElement.js';

const groupTaxes = [
  { taxName: 'tax1', percentage: '4.500' },
  { taxName: 'tax2', percentage: '10.000' },
  { taxName: 'tax3', percentage: '12.500' },
];

describe('inventory elements for Vtiger 8.2', () => {
  it('adds the top-level productid Vtiger demands besides LineItems', () => {
    const out = prepareInventoryElement({ subject: 'x', LineItems: [{ productid: '14x10', quantity: '1', listprice: '1' }, { productid: '14x11', quantity: '1', listprice: '1' }] });
    expect(out['productid']).toBe('14x10');
  });

  it('keeps a productid the caller gave', () => {
    expect(prepareInventoryElement({ productid: '14x11', LineItems: [{ productid: '14x10' }] })['productid']).toBe('14x11');
  });

  it('puts the group percentages on every line of a group-tax invoice, keeping explicit ones', () => {
    const element = { hdnTaxType: 'group', LineItems: [{ productid: '14x12', quantity: '1', listprice: '199' }, { productid: '14x13', tax2: '0' }] };
    expect(needsGroupTaxes(element)).toBe(true);
    const lines = prepareInventoryElement(element, groupTaxes)['LineItems'] as Array<Record<string, unknown>>;
    expect(lines[0]).toMatchObject({ tax1: '4.500', tax2: '10.000', tax3: '12.500' });
    expect(lines[1]).toMatchObject({ tax1: '4.500', tax2: '0', tax3: '12.500' });
  });

  it('does not touch line taxes of an individual-tax invoice', () => {
    const element = { hdnTaxType: 'individual', LineItems: [{ productid: '14x12' }] };
    expect(needsGroupTaxes(element)).toBe(false);
    expect((prepareInventoryElement(element, groupTaxes)['LineItems'] as Array<Record<string, unknown>>)[0]).toEqual({ productid: '14x12' });
  });

  it('leaves out the empty discount and S&H fields that crash update, and the read-only parts of retrieve', () => {
    const retrieved = {
      id: '7x16',
      hdnTaxType: 'group',
      hdnDiscountPercent: '',
      hdnDiscountAmount: '',
      hdnS_H_Amount: '0.00000000',
      'shipping_&_handling': null,
      'shipping_&_handling_shtax1': 0,
      LineItems_FinalDetails: { 1: {} },
      LineItems: [{ parent_id: '7xArray', id: '33x9', productid: '14x12', quantity: '1.000', listprice: '199.00000000', tax1: '4.500', product_name: 'Gadget Pro', entity_type: 'Products', deleted: '0', sequence_no: '1', incrementondel: '1' }],
    };
    const out = prepareInventoryElement(retrieved, groupTaxes);
    expect(out).not.toHaveProperty('hdnDiscountPercent');
    expect(out).not.toHaveProperty('hdnDiscountAmount');
    expect(out).not.toHaveProperty('shipping_&_handling');
    expect(out).not.toHaveProperty('LineItems_FinalDetails');
    expect(out['hdnS_H_Amount']).toBe('0.00000000');
    expect(out['shipping_&_handling_shtax1']).toBe(0);
    expect(out['LineItems']).toEqual([{ productid: '14x12', quantity: '1.000', listprice: '199.00000000', tax1: '4.500', tax2: '10.000', tax3: '12.500' }]);
    expect(retrieved.hdnDiscountPercent).toBe('');
  });
});
