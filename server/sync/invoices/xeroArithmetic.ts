import type { Decimal} from '../../money/decimal.js';
import { dec, percentOf, round2, roundTo, sum, ZERO } from '../../money/decimal.js';

/**
 * Xero's invoice arithmetic, as its API documents it (and the sandbox reproduces): Quantity is kept to 4
 * decimals, UnitAmount to 4 (`unitdp=4`); LineAmount = Quantity × UnitAmount − discount (DiscountRate % or
 * DiscountAmount), rounded to the cent; each line's tax is its LineAmount × the tax rate's effective rate, rounded
 * to the cent; totals are sums of the rounded values. Exclusive lines only (Vtiger prices exclude tax); NoTax
 * lines carry no tax. Pure.
 */
export interface XeroLineInput {
  quantity: string;
  unitAmount: string;
  discountRate?: string;
  discountAmount?: string;
  /** Effective rate of the line's TaxType, in percent. */
  taxPercent: string;
}

export interface XeroLineTotals {
  lineAmount: Decimal;
  taxAmount: Decimal;
}

export interface XeroTotals {
  lines: XeroLineTotals[];
  subTotal: Decimal;
  totalTax: Decimal;
  total: Decimal;
}

export function xeroLineTotals(line: XeroLineInput, lineAmountTypes: 'Exclusive' | 'NoTax'): XeroLineTotals {
  const gross = roundTo(dec(line.quantity), 4).times(roundTo(dec(line.unitAmount), 4));
  const discount =
    line.discountAmount !== undefined ? dec(line.discountAmount) : line.discountRate !== undefined ? percentOf(gross, dec(line.discountRate)) : ZERO;
  const lineAmount = round2(gross.minus(discount));
  const taxAmount = lineAmountTypes === 'NoTax' ? ZERO : round2(percentOf(lineAmount, dec(line.taxPercent)));
  return { lineAmount, taxAmount };
}

export function xeroTotals(lines: readonly XeroLineInput[], lineAmountTypes: 'Exclusive' | 'NoTax'): XeroTotals {
  const computed = lines.map((l) => xeroLineTotals(l, lineAmountTypes));
  const subTotal = sum(computed.map((l) => l.lineAmount));
  const totalTax = sum(computed.map((l) => l.taxAmount));
  return { lines: computed, subTotal, totalTax, total: subTotal.plus(totalTax) };
}
