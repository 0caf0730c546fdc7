/**
 * Xero's invoice arithmetic, in decimals: LineAmount = Quantity × UnitAmount − discount (DiscountRate % or
 * DiscountAmount), rounded to 2 dp; tax per line at the tax rate's effective rate, rounded to 2 dp, then summed.
 * Inclusive lines carry their tax inside LineAmount; NoTax lines carry none.
 */
import { Decimal } from 'decimal.js';
import type { LineAmountTypes, XeroTaxComponent } from './model.js';

export interface LineInput {
  quantity: Decimal.Value;
  unitAmount: Decimal.Value;
  discountRate?: Decimal.Value;
  discountAmount?: Decimal.Value;
  /** Effective tax rate in percent (e.g. 12.5). */
  taxRatePercent: Decimal.Value;
}

export interface LineTotals {
  lineAmount: Decimal;
  taxAmount: Decimal;
  discount: Decimal;
}

export interface DocumentTotals {
  lines: LineTotals[];
  subTotal: Decimal;
  totalTax: Decimal;
  total: Decimal;
  totalDiscount: Decimal;
}

/**
 * Two decimal places in every currency, JPY included. Xero has no notion of a currency's minor units: its Currency
 * object is only Code and Description (xero_accounting.yaml, `Currency`), the developer guide "Rounding in Xero"
 * (developer.xero.com/documentation/guides/how-to-guides/rounding-in-xero) says tax is calculated per line
 * "rounding to two decimal places" with no exception by currency, and integrators describe Xero as keeping line
 * totals, subtotals and totals at 2 dp (Breadwinner's "Can Breadwinner handle 4 decimal places?"). So a JPY
 * invoice keeps ¥301.50 and a 10 % tax of ¥30.15; nothing is rounded to whole yen. (The docs found say nothing
 * JPY-specific either way; this follows the only rule they state.)
 */
const round2 = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export function lineTotals(line: LineInput, lineAmountTypes: LineAmountTypes): LineTotals {
  const gross = new Decimal(line.quantity).times(line.unitAmount);
  const discount =
    line.discountAmount !== undefined
      ? new Decimal(line.discountAmount)
      : line.discountRate !== undefined
        ? gross.times(line.discountRate).dividedBy(100)
        : new Decimal(0);
  const lineAmount = round2(gross.minus(discount));
  const rate = new Decimal(line.taxRatePercent);
  let taxAmount = new Decimal(0);
  if (lineAmountTypes === 'Exclusive') taxAmount = round2(lineAmount.times(rate).dividedBy(100));
  if (lineAmountTypes === 'Inclusive') taxAmount = round2(lineAmount.times(rate).dividedBy(rate.plus(100)));
  return { lineAmount, taxAmount, discount: round2(discount) };
}

export function documentTotals(lines: LineInput[], lineAmountTypes: LineAmountTypes): DocumentTotals {
  const computed = lines.map((l) => lineTotals(l, lineAmountTypes));
  const sumLines = computed.reduce((s, l) => s.plus(l.lineAmount), new Decimal(0));
  const totalTax = computed.reduce((s, l) => s.plus(l.taxAmount), new Decimal(0));
  const subTotal = lineAmountTypes === 'Inclusive' ? sumLines.minus(totalTax) : sumLines;
  const totalDiscount = computed.reduce((s, l) => s.plus(l.discount), new Decimal(0));
  return { lines: computed, subTotal, totalTax, total: subTotal.plus(totalTax), totalDiscount };
}

/**
 * A tax rate's effective rate from its components: simple components add up; a compound component applies to
 * the amount plus the simple components' tax (Xero's "compound" flag, used for e.g. Canadian QST).
 */
export function effectiveRate(components: readonly XeroTaxComponent[]): Decimal {
  const simple = components.filter((c) => !c.IsCompound).reduce((s, c) => s.plus(c.Rate), new Decimal(0));
  const compound = components
    .filter((c) => c.IsCompound)
    .reduce((s, c) => s.plus(new Decimal(c.Rate).times(simple.plus(100)).dividedBy(100)), new Decimal(0));
  return simple.plus(compound);
}
