import { describe, expect, it } from 'vitest';
import { Decimal } from '../../money/decimal.js';
import { XERO_INVOICE_TYPES } from '../../vtiger/xeroInformationBlock.js';
import { documentTotals } from '../../xeroSandbox/totals.js';
import { buildXeroDocument, type BuildContext, type BuiltDocument, type BuildResult } from './buildXeroDocument.js';
import { parseInvoiceSyncSettings, type InvoiceSyncSettingsInput } from './invoiceSettings.js';
import { invoice, sandboxAccounts, sandboxTaxRates, type InvoiceSpec } from './testing/invoiceFixtures.js';

/** The sandbox's rates without the admin's 27 % "VAT + Sales + Service" (TAX005, seeded in the demo organisation). */
const withoutAllThree = () => sandboxTaxRates().filter((r) => r.name !== 'VAT + Sales + Service');

function context(overrides: Partial<BuildContext> = {}, settings: InvoiceSyncSettingsInput = {}): BuildContext {
  return {
    documentType: 'Sales Invoice',
    status: 'DRAFT',
    contactId: '00000000-0000-4000-8000-000000000001',
    settings: parseInvoiceSyncSettings(settings),
    rates: sandboxTaxRates(),
    currencies: new Set(['USD', 'EUR', 'GBP']),
    accounts: sandboxAccounts(),
    systemRoundingAccount: '860',
    itemCodes: new Map([[10, 'WID-001']]),
    ...overrides,
  };
}

function ok(result: BuildResult): BuiltDocument {
  if (!result.ok) throw new Error(`refused: ${result.reason.key} ${JSON.stringify(result.reason.params)}`);
  return result;
}

/** Xero's own arithmetic (the sandbox's implementation) on the draft: the independent check of our prediction. */
function sandboxTotal(built: BuiltDocument): Decimal {
  const lines = built.draft.lines.map((l) => ({
    quantity: l.quantity, unitAmount: l.unitAmount, discountRate: l.discountRate, discountAmount: l.discountAmount, taxRatePercent: l.taxPercent,
  }));
  return documentTotals(lines, built.draft.lineAmountTypes).total;
}

const INV1: InvoiceSpec = {
  number: 'INV1',
  lines: [
    { productId: 10, label: 'Widget A', quantity: '10.000', listPrice: '19.99000000', taxes: { tax1: '4.500' }, comment: '10 boxes' },
    { productId: 11, label: 'Widget B', quantity: '2.000', listPrice: '49.50000000', taxes: { tax1: '4.500', tax2: '10.000' } },
    { productId: 14, module: 'Services', label: 'Installation Service', quantity: '3.000', listPrice: '75.00000000', taxes: { tax3: '12.500' } },
  ],
  total: '575.37550000',
};

const INV2: InvoiceSpec = {
  number: 'INV2',
  taxMode: 'group',
  status: 'Sent',
  lines: [
    { productId: 12, label: 'Gadget Pro', quantity: '1.000', listPrice: '199.00000000', taxes: { tax1: '4.500', tax2: '10.000', tax3: '12.500' } },
    { productId: 13, label: 'Cable 2m', quantity: '5.000', listPrice: '5.25000000', taxes: { tax1: '4.500', tax2: '10.000', tax3: '12.500' } },
  ],
  total: '286.06750000',
};

const INV3: InvoiceSpec = {
  number: 'INV3',
  status: 'Paid',
  lines: [
    { productId: 11, label: 'Widget B', quantity: '4.000', listPrice: '49.50000000', taxes: { tax1: '4.500', tax2: '10.000' } },
    { productId: 12, label: 'Gadget Pro', quantity: '2.000', listPrice: '189.00000000', discountPercent: '10.000', taxes: { tax2: '10.000' } },
    { productId: 13, label: 'Cable 2m', quantity: '20.000', listPrice: '5.25000000' },
  ],
  discountPercent: '5.000',
  shipping: '10.00000000',
  total: '680.63350000',
};

describe('the three sample invoices', () => {
  it('INV1 (individual tax): one Xero tax rate per line, Xero tax per line = Vtiger tax rounded, a rounding line closes the cent', () => {
    const built = ok(buildXeroDocument(invoice(INV1), context()));
    const items = built.draft.lines.filter((l) => l.role === 'item');
    expect(items.map((l) => l.taxType)).toEqual(['TAX001', 'TAX004', 'TAX003']);
    expect(items.map((_, i) => built.predicted.lines[i]?.taxAmount.toFixed(2))).toEqual(['9.00', '14.36', '28.13']);
    expect(items[0]).toMatchObject({ description: 'Widget A\n10 boxes', quantity: '10', unitAmount: '19.99', itemCode: 'WID-001', accountCode: '200' });
    expect(built.draft.lines.filter((l) => l.role === 'rounding')).toEqual([expect.objectContaining({ unitAmount: '-0.01', accountCode: '860', taxType: 'NONE' })]);
    expect(built.predicted.total.toFixed(2)).toBe('575.38');
    expect(sandboxTotal(built).toFixed(2)).toBe('575.38');
    expect(built.notes[0]?.key).toBe('invoice.note.rounding');
    expect(built.draft).toMatchObject({ kind: 'invoice', invoiceNumber: 'INV1', currencyCode: 'USD', lineAmountTypes: 'Exclusive', date: '2024-03-01', dueDate: '2024-03-31' });
  });

  it('INV2 (group tax 4.5 + 10 + 12.5 %): every line at the one 27 % rate, no rounding needed', () => {
    const built = ok(buildXeroDocument(invoice(INV2), context({ status: 'AUTHORISED' })));
    expect(built.draft.lines.map((l) => [l.role, l.taxType])).toEqual([['item', 'TAX005'], ['item', 'TAX005']]);
    expect(built.predicted.lines.map((l) => l.taxAmount.toFixed(2))).toEqual(['53.73', '7.09']);
    expect(built.predicted.total.toFixed(2)).toBe('286.07');
    expect(sandboxTotal(built).toFixed(2)).toBe('286.07');
  });

  it('INV2 is refused when Xero has no 27 % rate, naming the taxes and what to do', () => {
    const result = buildXeroDocument(invoice(INV2), context({ rates: withoutAllThree() }));
    expect(result).toMatchObject({ ok: false, reason: { key: 'invoice.refused.taxRateMissing', params: { percent: '27', where: 'group tax', taxes: 'VAT 4.5 % + Sales 10 % + Service 12.5 %' } } });
  });

  it('INV3: line discount as DiscountRate, the 5 % overall discount per tax rate, S&H as a line', () => {
    const built = ok(buildXeroDocument(invoice(INV3), context()));
    const rows = built.draft.lines.map((l, i) => [l.role, l.taxType, l.unitAmount, l.discountRate ?? null, built.predicted.lines[i]?.lineAmount.toFixed(2), built.predicted.lines[i]?.taxAmount.toFixed(2)]);
    expect(rows).toEqual([
      ['item', 'TAX004', '49.5', null, '198.00', '28.71'],
      ['item', 'TAX002', '189', '10', '340.20', '34.02'],
      ['item', 'NONE', '5.25', null, '105.00', '0.00'],
      ['discount', 'TAX004', '-9.9', null, '-9.90', '-1.44'],
      ['discount', 'TAX002', '-17.01', null, '-17.01', '-1.70'],
      ['discount', 'NONE', '-5.25', null, '-5.25', '0.00'],
      ['shipping', 'NONE', '10', null, '10.00', '0.00'],
    ]);
    expect(built.draft.lines[3]?.description).toBe('Discount 5 %');
    expect(built.predicted.total.toFixed(2)).toBe('680.63');
    expect(sandboxTotal(built).toFixed(2)).toBe('680.63');
  });

  it('INV3 as a bill: no discounts in Xero bills, so the line discount follows its line; same total', () => {
    const built = ok(buildXeroDocument(invoice(INV3), context({ documentType: 'Bill' })));
    expect(built.draft.kind).toBe('bill');
    expect(built.draft.lines.some((l) => l.discountRate !== undefined || l.discountAmount !== undefined)).toBe(false);
    expect(built.draft.lines[2]).toMatchObject({ role: 'lineDiscount', unitAmount: '-37.8', taxType: 'TAX002', description: 'Discount on Gadget Pro' });
    expect(built.draft.lines.filter((l) => l.role === 'item').map((l) => l.accountCode)).toEqual(['310', '310', '310']);
    expect(sandboxTotal(built).toFixed(2)).toBe('680.63');
  });

  it('INV3 as a receipt: into the bank account chosen in settings, reference carries the number', () => {
    const refused = buildXeroDocument(invoice(INV3), context({ documentType: 'Receipt' }));
    expect(refused).toMatchObject({ ok: false, reason: { key: 'invoice.refused.accountNotSet' } });
    const built = ok(buildXeroDocument(invoice(INV3), context({ documentType: 'Receipt' }, { receiptBankAccount: '090' })));
    expect(built.draft).toMatchObject({ kind: 'receipt', bankAccountCode: '090', invoiceNumber: null, reference: 'INV3 Test invoice', dueDate: null });
    expect(sandboxTotal(built).toFixed(2)).toBe('680.63');
    expect(buildXeroDocument(invoice(INV3), context({ documentType: 'Receipt' }, { receiptBankAccount: '200' }))).toMatchObject({ ok: false, reason: { key: 'invoice.refused.accountNotBank' } });
  });
});

describe('refusals say what to change', () => {
  it('an unknown currency', () => {
    expect(buildXeroDocument(invoice({ ...INV1, currency: 'CHF' }), context())).toMatchObject({ ok: false, reason: { key: 'invoice.refused.unknownCurrency', params: { currency: 'CHF' } } });
    expect(buildXeroDocument(invoice({ ...INV1, currency: '' }), context())).toMatchObject({ ok: false, reason: { key: 'invoice.refused.noCurrency' } });
  });

  it('a stored total its lines do not explain', () => {
    expect(buildXeroDocument(invoice({ ...INV1, total: '580.00000000' }), context())).toMatchObject({
      ok: false,
      reason: { key: 'invoice.refused.storedTotalDiffers', params: { stored: '580.00', computed: '575.38' } },
    });
  });

  it('a negative total', () => {
    const spec: InvoiceSpec = { lines: [{ quantity: '-2.000', listPrice: '19.99' }], total: '-39.98' };
    expect(buildXeroDocument(invoice(spec), context())).toMatchObject({ ok: false, reason: { key: 'invoice.refused.negativeTotal', params: { total: '-39.98' } } });
  });

  it('a rounding gap without a rounding account; none needed when there is no gap', () => {
    expect(buildXeroDocument(invoice(INV1), context({ systemRoundingAccount: null }))).toMatchObject({ ok: false, reason: { key: 'invoice.refused.noRoundingAccount', params: { xero: '575.39', vtiger: '575.38' } } });
    expect(buildXeroDocument(invoice(INV2), context({ systemRoundingAccount: null })).ok).toBe(true);
  });

  it('a gap larger than rounding can explain (a price with more decimals than Xero holds, times a large quantity)', () => {
    const spec: InvoiceSpec = { lines: [{ quantity: '9999.000', listPrice: '0.12345678' }], total: '1234.43' };
    const result = buildXeroDocument(invoice({ ...spec, total: '1234.44434322' }), context());
    expect(result).toMatchObject({ ok: false, reason: { key: 'invoice.refused.gapTooLarge' } });
  });

  it('archived, unknown and bank accounts for lines', () => {
    expect(buildXeroDocument(invoice(INV1), context({}, { accounts: { sales: { Products: '425', Services: '200' } } }))).toMatchObject({ ok: false, reason: { key: 'invoice.refused.accountArchived', params: { code: '425' } } });
    expect(buildXeroDocument(invoice(INV1), context({}, { accounts: { sales: { Products: '999', Services: '200' } } }))).toMatchObject({ ok: false, reason: { key: 'invoice.refused.accountUnknown' } });
    expect(buildXeroDocument(invoice(INV1), context({}, { accounts: { sales: { Products: '090', Services: '200' } } }))).toMatchObject({ ok: false, reason: { key: 'invoice.refused.accountIsBank' } });
  });

  it('a tax map entry whose Xero rate is not the line\'s rate', () => {
    const result = buildXeroDocument(invoice(INV1), context({}, { taxMap: { tax1: 'TAX002' } }));
    expect(result).toMatchObject({ ok: false, reason: { key: 'invoice.refused.taxRateMismatch', params: { taxType: 'TAX002', percent: '4.5', xeroPercent: '10' } } });
  });

  it('a tax map entry that matches is used even when the rate alone is ambiguous', () => {
    const rates = sandboxTaxRates([{ taxType: 'TAX009', name: 'Other 4.5', components: [['Other', 4.5]] }]);
    expect(buildXeroDocument(invoice(INV1), context({ rates: rates.map((r) => (r.taxType === 'TAX001' ? { ...r, name: 'Reduced', componentNames: ['Reduced'] } : r)) }))).toMatchObject({
      ok: false,
      reason: { key: 'invoice.refused.taxRateAmbiguous' },
    });
    const built = ok(buildXeroDocument(invoice(INV1), context({ rates }, { taxMap: { tax1: 'TAX009' } })));
    expect(built.draft.lines[0]?.taxType).toBe('TAX009');
  });
});

describe('amount discounts, adjustment and S&H taxes', () => {
  it('group mode with an overall discount amount splits it over the accounts and lowers the tax', () => {
    const spec: InvoiceSpec = {
      taxMode: 'group',
      lines: [
        { productId: 12, quantity: '1.000', listPrice: '199.00', taxes: { tax2: '10.000' } },
        { productId: 14, module: 'Services', quantity: '2.000', listPrice: '75.00', taxes: { tax2: '10.000' } },
      ],
      discountAmount: '20.00',
      total: '361.9',
    };
    const built = ok(buildXeroDocument(invoice(spec), context({}, { accounts: { sales: { Products: '200', Services: '260' } } })));
    const discounts = built.draft.lines.filter((l) => l.role === 'discount');
    expect(discounts.map((d) => [d.accountCode, d.unitAmount, d.taxType])).toEqual([['200', '-11.4', 'TAX002'], ['260', '-8.6', 'TAX002']]);
    expect(sandboxTotal(built).toFixed(2)).toBe('361.90');
  });

  it('an amount line discount on a sales invoice becomes DiscountAmount; adjustment and taxed S&H get their own lines', () => {
    // net 3 × 33.3333 − 10 = 89.9999; tax 10 % = 8.99999; S&H 7.50 + 4.5 % = 0.3375; adjustment −0.25
    const spec: InvoiceSpec = {
      lines: [{ quantity: '3.000', listPrice: '33.3333', discountAmount: '10.00', taxes: { tax2: '10.000' } }],
      shipping: '7.50',
      shippingTaxes: { '1': '4.500' },
      adjustment: '-0.25',
      total: '106.58739',
    };
    const built = ok(buildXeroDocument(invoice(spec), context()));
    expect(built.draft.lines.map((l) => [l.role, l.unitAmount, l.discountAmount ?? null, l.taxType])).toEqual([
      ['item', '33.3333', '10', 'TAX002'],
      ['shipping', '7.5', null, 'TAX001'],
      ['adjustment', '-0.25', null, 'NONE'],
    ]);
    expect(sandboxTotal(built).toFixed(2)).toBe('106.59');
  });

  it('an invoice without any tax is NoTax', () => {
    const built = ok(buildXeroDocument(invoice({ lines: [{ quantity: '2', listPrice: '5.25' }], total: '10.5' }), context()));
    expect(built.draft.lineAmountTypes).toBe('NoTax');
  });

  it('a compound tax is matched on its effective rate', () => {
    const definitions = {
      items: [
        { taxId: 1, taxName: 'tax1', label: 'GST', percentage: '5.000', deleted: false, method: 'Simple', type: 'Fixed', compoundOn: [], regions: '[]' },
        { taxId: 2, taxName: 'tax2', label: 'QST', percentage: '10.000', deleted: false, method: 'Compound', type: 'Fixed', compoundOn: ['1'], regions: '[]' },
      ],
      shipping: [],
    };
    // 100 net: GST 5, QST 10 % of 105 = 10.5 → 15.5 %
    const spec: InvoiceSpec = { lines: [{ quantity: '1', listPrice: '100', taxes: { tax1: '5.000', tax2: '10.000' } }], total: '115.5', definitions };
    const rates = sandboxTaxRates([{ taxType: 'TAX010', name: 'GST + QST', components: [['GST', 5], ['QST', 10.5]] }]);
    const built = ok(buildXeroDocument(invoice(spec), context({ rates })));
    expect(built.draft.lines[0]?.taxType).toBe('TAX010');
    expect(sandboxTotal(built).toFixed(2)).toBe('115.50');
  });
});

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('property: generated invoices reach Xero with Vtiger\'s total to the cent', () => {
  it('holds for 1000 generated invoices of every kind (Xero total by the sandbox\'s own arithmetic)', async () => {
    const { computeInventoryTotals } = await import('../../testing/vtigerWebserviceDouble/inventoryTotals.js');
    const rand = prng(20260105);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const money = (max: number, dp: number) => (rand() * max).toFixed(dp);
    const taxSets: Array<Record<string, string>> = [{}, { tax1: '4.500' }, { tax2: '10.000' }, { tax3: '12.500' }, { tax1: '4.500', tax2: '10.000' }, { tax1: '4.500', tax3: '12.500' }, { tax2: '10.000', tax3: '12.500' }, { tax1: '4.500', tax2: '10.000', tax3: '12.500' }];
    const rates = sandboxTaxRates([
      { taxType: 'TAX006', name: 'VAT + Service', components: [['VAT', 4.5], ['Service', 12.5]] },
      { taxType: 'TAX007', name: 'Sales + Service', components: [['Sales', 10], ['Service', 12.5]] },
    ]);
    let checked = 0;
    for (let n = 0; n < 1000; n++) {
      const taxMode = rand() < 0.35 ? 'group' : 'individual';
      const groupTaxes = pick(taxSets);
      const lines = Array.from({ length: 1 + Math.floor(rand() * 6) }, (): InvoiceSpec['lines'][number] & { taxes: Record<string, string> } => {
        const r = rand();
        return {
          quantity: pick(['0', '1', '2', '3.5', '0.125', '12', '100', String(Math.floor(rand() * 50))]),
          listPrice: money(500, pick([2, 2, 3, 4])),
          ...(r < 0.2 ? { discountPercent: pick(['5', '10', '12.5', '33.333']) } : r < 0.35 ? { discountAmount: money(5, 2) } : {}),
          taxes: taxMode === 'group' ? groupTaxes : pick(taxSets),
        };
      });
      const d = rand();
      const discountPercent = d < 0.25 ? pick(['5', '7.5', '10', '2.345']) : null;
      const discountAmount = d >= 0.25 && d < 0.4 ? money(20, 2) : null;
      const shipping = rand() < 0.4 ? money(30, 2) : '0';
      const shippingTaxes = rand() < 0.5 ? { '2': '10.000' } : {};
      const adjustment = rand() < 0.2 ? (rand() < 0.5 ? '-' : '') + money(3, 2) : '0';
      const totals = computeInventoryTotals({
        taxType: taxMode,
        lines: lines.map((l) => ({ quantity: l.quantity, listprice: l.listPrice, discountPercent: l.discountPercent ?? '0', discountAmount: l.discountAmount ?? '0', taxes: l.taxes })),
        discountPercent, discountAmount, shippingAmount: shipping, shippingTaxPercent: shippingTaxes['2'] ?? '0', adjustment,
      });
      const spec: InvoiceSpec = { taxMode, lines, discountPercent, discountAmount, shipping, shippingTaxes, adjustment, total: totals.total };
      const type = pick(XERO_INVOICE_TYPES);
      const result = buildXeroDocument(invoice(spec), context({ documentType: type, rates }, { receiptBankAccount: '090' }));
      const target = new Decimal(totals.total).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      if (!result.ok) {
        expect(target.isNegative(), `case ${n}: ${result.reason.key}`).toBe(true);
        expect(result.reason.key).toBe('invoice.refused.negativeTotal');
        continue;
      }
      expect(sandboxTotal(result).toFixed(2), `case ${n} (${type}, ${taxMode})`).toBe(target.toFixed(2));
      expect(result.predicted.total.toFixed(2), `case ${n}: prediction`).toBe(target.toFixed(2));
      checked++;
    }
    expect(checked).toBeGreaterThan(900);
  });
});
