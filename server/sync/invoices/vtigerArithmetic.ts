import type { Decimal} from '../../money/decimal.js';
import { dec, HUNDRED, percentOf, sum, ZERO } from '../../money/decimal.js';
import type { InvoiceCharge } from '../../vtiger/records/invoiceCharges.js';
import type { InvoiceLineItem } from '../../vtiger/records/invoiceLineItems.js';
import type { VtigerInvoice } from '../../vtiger/records/invoices.js';
import type { AppliedTax } from '../../vtiger/records/recordTypes.js';
import type { TaxDefinition } from '../../vtiger/records/taxes.js';

/**
 * How Vtiger 8.2 arrives at an invoice's total, reproduced step by step from the stored lines and fields
 * (VtigerLineItemOperation::updateParent, which every webservice save runs; the edit view's JavaScript follows
 * the same rules):
 *  - line net = quantity × list price − the line discount: the discount amount when one is set, else the
 *    discount percent of quantity × list price (never both);
 *  - individual tax: each line's taxes (the non-zero `tax1…` columns) on its net; a Compound tax is taken on the
 *    net plus the taxes it compounds on. `subtotal` = Σ (net + taxes);
 *  - group tax: `subtotal` = Σ nets; the group taxes (the percentages stored on the lines) apply to
 *    subtotal − overall discount;
 *  - overall discount: the amount when it is > 0, else the percent of `subtotal` — in individual mode that is the
 *    taxed subtotal;
 *  - S&H charges: each charge's value plus its own taxes (`shtax…`, Compound likewise);
 *  - total = subtotal − discount + group tax + S&H + S&H taxes + adjustment. Nothing is rounded.
 * Pure; amounts are decimals in the invoice's own currency.
 */
export interface TaxShare {
  tax: AppliedTax;
  /** This tax's part of the line's (or charge's) effective rate, in percent. */
  percent: Decimal;
}

export interface VtigerLineBreakdown {
  line: InvoiceLineItem;
  quantity: Decimal;
  listPrice: Decimal;
  gross: Decimal;
  discount: { kind: 'amount'; amount: Decimal } | { kind: 'percent'; percent: Decimal } | null;
  discountValue: Decimal;
  net: Decimal;
  /** Individual mode: the line's non-zero taxes; group mode: empty. */
  taxes: AppliedTax[];
  /** Effective rate of those taxes in percent (compound taxes included). */
  taxPercent: Decimal;
  tax: Decimal;
  /** Set when a tax of the line is not a kind XTiger can express (a Deducted tax). */
  unsupportedTax?: AppliedTax;
}

export interface VtigerChargeBreakdown {
  charge: InvoiceCharge;
  amount: Decimal;
  taxes: AppliedTax[];
  taxPercent: Decimal;
  tax: Decimal;
  unsupportedTax?: AppliedTax;
}

export interface VtigerInvoiceBreakdown {
  taxMode: 'individual' | 'group';
  lines: VtigerLineBreakdown[];
  subtotal: Decimal;
  overallDiscount: { kind: 'amount'; amount: Decimal } | { kind: 'percent'; percent: Decimal } | null;
  discountValue: Decimal;
  groupTaxes: AppliedTax[];
  groupTaxPercent: Decimal;
  groupTax: Decimal;
  groupUnsupportedTax?: AppliedTax;
  charges: VtigerChargeBreakdown[];
  /** vtiger_invoice.s_h_amount. */
  shippingAmount: Decimal;
  adjustment: Decimal;
  /** Σ of the steps above. */
  computedTotal: Decimal;
  /** vtiger_invoice.total as stored, or null. */
  storedTotal: Decimal | null;
}

/**
 * The effective rate of a set of taxes on one base, in percent, as Vtiger computes the amounts: in tax order,
 * simple taxes on the base, a Compound tax on the base plus the (already computed) taxes it compounds on.
 */
export function effectiveTaxPercent(taxes: readonly AppliedTax[], definitions: readonly TaxDefinition[]): { percent: Decimal; shares: TaxShare[]; unsupported?: AppliedTax } {
  const byName = new Map(definitions.map((d) => [d.taxName, d]));
  const amounts = new Map<number, Decimal>();
  const shares: TaxShare[] = [];
  let unsupported: AppliedTax | undefined;
  // Simple amounts first (Vtiger fills every tax's amount before replacing the compound ones).
  for (const tax of taxes) {
    const def = byName.get(tax.taxName);
    if (def) amounts.set(def.taxId, dec(tax.percentage, `tax ${tax.taxName}`));
  }
  for (const tax of taxes) {
    const def = byName.get(tax.taxName);
    const pct = dec(tax.percentage, `tax ${tax.taxName}`);
    if (def?.method === 'Deducted') unsupported ??= tax;
    let share = pct;
    if (def && def.method === 'Compound' && def.compoundOn.length > 0) {
      const on = sum(def.compoundOn.map((id) => amounts.get(Number(id)) ?? ZERO));
      share = HUNDRED.plus(on).times(pct).dividedBy(HUNDRED);
      amounts.set(def.taxId, share);
    }
    shares.push({ tax, percent: share });
  }
  return { percent: sum(shares.map((s) => s.percent)), shares, ...(unsupported ? { unsupported } : {}) };
}

/** Taxes that actually apply: the non-zero ones. */
export function appliedTaxes(taxes: readonly AppliedTax[]): AppliedTax[] {
  return taxes.filter((t) => !dec(t.percentage, `tax ${t.taxName}`).isZero());
}

function lineBreakdown(line: InvoiceLineItem, mode: 'individual' | 'group', definitions: readonly TaxDefinition[]): VtigerLineBreakdown {
  const where = `line ${line.sequence}`;
  const quantity = dec(line.quantity, `${where} quantity`);
  const listPrice = dec(line.listPrice, `${where} list price`);
  const gross = quantity.times(listPrice);
  const amount = dec(line.discountAmount, `${where} discount amount`);
  const percent = dec(line.discountPercent, `${where} discount percent`);
  const discount = !amount.isZero() ? { kind: 'amount' as const, amount } : !percent.isZero() ? { kind: 'percent' as const, percent } : null;
  const discountValue = discount === null ? ZERO : discount.kind === 'amount' ? discount.amount : percentOf(gross, discount.percent);
  const net = gross.minus(discountValue);
  const taxes = mode === 'individual' ? appliedTaxes(line.taxes) : [];
  const effective = effectiveTaxPercent(taxes, definitions);
  return {
    line, quantity, listPrice, gross, discount, discountValue, net, taxes,
    taxPercent: effective.percent,
    tax: percentOf(net, effective.percent),
    ...(effective.unsupported ? { unsupportedTax: effective.unsupported } : {}),
  };
}

function chargeBreakdown(charge: InvoiceCharge, definitions: readonly TaxDefinition[]): VtigerChargeBreakdown {
  const amount = dec(charge.amount, `charge ${charge.name} value`);
  const taxes = appliedTaxes(charge.taxes);
  const effective = effectiveTaxPercent(taxes, definitions);
  return { charge, amount, taxes, taxPercent: effective.percent, tax: percentOf(amount, effective.percent), ...(effective.unsupported ? { unsupportedTax: effective.unsupported } : {}) };
}

export function vtigerInvoiceBreakdown(invoice: VtigerInvoice): VtigerInvoiceBreakdown {
  const mode = invoice.taxMode;
  const items = invoice.taxDefinitions.items;
  const lines = invoice.lineItems.map((l) => lineBreakdown(l, mode, items));
  const nets = sum(lines.map((l) => l.net));
  const subtotal = mode === 'individual' ? nets.plus(sum(lines.map((l) => l.tax))) : nets;

  const discountAmount = dec(invoice.discountAmount, 'overall discount amount');
  const discountPercent = dec(invoice.discountPercent, 'overall discount percent');
  const overallDiscount = discountAmount.greaterThan(0)
    ? { kind: 'amount' as const, amount: discountAmount }
    : !discountPercent.isZero()
      ? { kind: 'percent' as const, percent: discountPercent }
      : null;
  const discountValue = overallDiscount === null ? ZERO : overallDiscount.kind === 'amount' ? overallDiscount.amount : percentOf(subtotal, overallDiscount.percent);

  const groupTaxes = mode === 'group' ? appliedTaxes(invoice.groupTaxes) : [];
  const group = effectiveTaxPercent(groupTaxes, items);
  const groupTax = mode === 'group' ? percentOf(subtotal.minus(discountValue), group.percent) : ZERO;

  const charges = invoice.charges.map((c) => chargeBreakdown(c, invoice.taxDefinitions.shipping)).filter((c) => !c.amount.isZero() || !c.tax.isZero());
  const shippingAmount = dec(invoice.shippingAmount, 'S&H amount');
  const adjustment = dec(invoice.adjustment, 'adjustment');
  const computedTotal = subtotal.minus(discountValue).plus(groupTax).plus(shippingAmount).plus(sum(charges.map((c) => c.tax))).plus(adjustment);
  return {
    taxMode: mode,
    lines,
    subtotal,
    overallDiscount,
    discountValue,
    groupTaxes,
    groupTaxPercent: group.percent,
    groupTax,
    ...(group.unsupported ? { groupUnsupportedTax: group.unsupported } : {}),
    charges,
    shippingAmount,
    adjustment,
    computedTotal,
    storedTotal: invoice.total === null ? null : dec(invoice.total, 'total'),
  };
}
