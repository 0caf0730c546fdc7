/**
 * Test fixtures: Vtiger invoices shaped as the record reader returns them (with the sample database's tax
 * definitions), and the Xero sandbox's seeded tax rates and chart of accounts as the sync sees them.
 */
import { Decimal } from '../../../money/decimal.js';
import type { InvoiceLineItem } from '../../../vtiger/records/invoiceLineItems.js';
import type { VtigerInvoice } from '../../../vtiger/records/invoices.js';
import type { TaxDefinition } from '../../../vtiger/records/taxes.js';
import { seedAccounts, seedTaxRates } from '../../../xeroSandbox/demoOrganisation.js';
import type { XeroAccountInfo } from '../buildXeroDocument.js';
import type { XeroTaxRateInfo } from '../taxMap.js';

const def = (taxId: number, taxName: string, label: string, percentage: string): TaxDefinition => ({
  taxId, taxName, label, percentage, deleted: false, method: 'Simple', type: 'Fixed', compoundOn: [], regions: '[]',
});

export const SAMPLE_TAXES = {
  items: [def(1, 'tax1', 'VAT', '4.500'), def(2, 'tax2', 'Sales', '10.000'), def(3, 'tax3', 'Service', '12.500')],
  shipping: [def(1, 'shtax1', 'VAT', '4.500'), def(2, 'shtax2', 'Sales', '10.000'), def(3, 'shtax3', 'Service', '12.500')],
};

export interface LineSpec {
  productId?: number;
  module?: 'Products' | 'Services';
  label?: string;
  quantity: string;
  listPrice: string;
  discountPercent?: string;
  discountAmount?: string;
  /** tax1..tax3 percentages (missing = 0). */
  taxes?: Partial<Record<'tax1' | 'tax2' | 'tax3', string>>;
  comment?: string;
}

export function line(spec: LineSpec, sequence: number, definitions = SAMPLE_TAXES.items): InvoiceLineItem {
  return {
    lineItemId: sequence,
    sequence,
    productId: spec.productId ?? 10,
    productModule: spec.module ?? 'Products',
    productLabel: spec.label ?? 'Widget A',
    quantity: spec.quantity,
    listPrice: spec.listPrice,
    discountPercent: spec.discountPercent ?? '0.000',
    discountAmount: spec.discountAmount ?? '0.00000000',
    comment: spec.comment ?? '',
    taxes: definitions.map((d) => ({ taxName: d.taxName, label: d.label, percentage: spec.taxes?.[d.taxName as 'tax1'] ?? '0.000' })),
  };
}

export interface InvoiceSpec {
  crmid?: number;
  number?: string;
  subject?: string;
  status?: string;
  taxMode?: 'individual' | 'group';
  currency?: string;
  lines: LineSpec[];
  discountPercent?: string | null;
  discountAmount?: string | null;
  shipping?: string;
  /** S&H taxes shtax1..3 percentages. */
  shippingTaxes?: Partial<Record<'1' | '2' | '3', string>>;
  adjustment?: string;
  /** Stored total; default: computed as Vtiger does (pass the value to test a mismatch). */
  total: string;
  definitions?: typeof SAMPLE_TAXES;
}

export function invoice(spec: InvoiceSpec): VtigerInvoice {
  const definitions = spec.definitions ?? SAMPLE_TAXES;
  const lineItems = spec.lines.map((l, i) => line(l, i + 1, definitions.items));
  const taxMode = spec.taxMode ?? 'individual';
  const shipping = spec.shipping ?? '0';
  return {
    crmid: spec.crmid ?? 15,
    module: 'Invoice',
    recordNumber: spec.number ?? 'INV1',
    label: spec.subject ?? 'Test invoice',
    owner: { id: 1, kind: 'user', userName: 'admin', name: 'Administrator' },
    createdTime: '2024-03-01 10:00:00',
    modifiedTime: '2024-03-01 10:00:00',
    deleted: false,
    description: null,
    xero: undefined,
    customFields: {},
    subject: spec.subject ?? 'Test invoice',
    invoiceDate: '2024-03-01',
    dueDate: '2024-03-31',
    status: spec.status ?? 'Created',
    accountId: 2,
    contactId: 5,
    salesOrderId: null,
    customerNo: null,
    purchaseOrder: null,
    currency: spec.currency === '' ? null : { id: 1, code: spec.currency ?? 'USD', symbol: '$', name: 'Dollar', conversionRate: '1.00000' },
    conversionRate: '1.000',
    taxMode,
    lineItems,
    groupTaxes: taxMode === 'group' ? (lineItems[0]?.taxes ?? []) : [],
    discountPercent: spec.discountPercent ?? null,
    discountAmount: spec.discountAmount ?? null,
    shippingAmount: shipping,
    shippingPercent: null,
    charges: [
      {
        chargeId: 1,
        name: 'Shipping & Handling',
        format: 'Flat',
        amount: shipping,
        taxes: definitions.shipping.map((d) => ({ taxName: d.taxName, label: d.label, percentage: spec.shippingTaxes?.[String(d.taxId) as '1'] ?? '0' })),
      },
    ],
    adjustment: spec.adjustment ?? '0.00000000',
    subtotal: null,
    preTaxTotal: null,
    total: spec.total,
    received: '0.00000000',
    balance: spec.total,
    termsConditions: null,
    billingAddress: { street: null, poBox: null, city: null, state: null, postalCode: null, country: null },
    shippingAddress: { street: null, poBox: null, city: null, state: null, postalCode: null, country: null },
    taxDefinitions: definitions,
  };
}

/** The sandbox demo organisation's tax rates, as the sync reads them from /TaxRates. */
export function sandboxTaxRates(extra: Array<{ taxType: string; name: string; components: Array<[string, number]> }> = []): XeroTaxRateInfo[] {
  const seeded = seedTaxRates().map((r) => ({
    taxType: r.TaxType,
    name: r.Name,
    effectiveRate: new Decimal(r.EffectiveRate),
    active: r.Status === 'ACTIVE',
    componentNames: r.TaxComponents.map((c) => c.Name),
    canApplyToRevenue: r.CanApplyToRevenue,
    canApplyToExpenses: r.CanApplyToExpenses,
  }));
  return [
    ...seeded,
    ...extra.map((e) => ({
      taxType: e.taxType,
      name: e.name,
      effectiveRate: e.components.reduce((s, [, r]) => s.plus(r), new Decimal(0)),
      active: true,
      componentNames: e.components.map(([n]) => n),
      canApplyToRevenue: true,
      canApplyToExpenses: true,
    })),
  ];
}

/** The sandbox's seeded chart of accounts by code (as XeroAccounts holds it after a chart sync). */
export function sandboxAccounts(): Map<string, XeroAccountInfo> {
  return new Map(seedAccounts(new Date(0).toISOString(), 'USD').map((a) => [a.Code ?? '', { code: a.Code ?? '', name: a.Name, type: a.Type, status: a.Status }]));
}
