import { Decimal } from 'decimal.js';

/**
 * The totals Vtiger 8.2 computes and stores for an inventory record (checked against INV1–INV3 of the sample
 * database and the recorded invoice cases):
 *  - line net = quantity × list price − line discount amount − line discount %;
 *  - individual tax: each line's taxes are added to it, `subtotal` is the sum of taxed lines, and the overall
 *    discount % is taken on that taxed subtotal (INV3: 705.93 − 5 % + 10.00 S&H = 680.6335);
 *  - group tax: `subtotal` is the sum of line nets; the group taxes (the percentages carried by the lines)
 *    apply to subtotal − overall discount;
 *  - `pre_tax_total` = sum of line nets − overall discount + S&H;
 *  - total = subtotal − discount + group tax + S&H + S&H tax + adjustment. Nothing is rounded.
 */
export interface TotalsLine {
  quantity: string;
  listprice: string;
  discountPercent: string;
  discountAmount: string;
  /** tax name (`tax1`) → percentage, as stored on the line. */
  taxes: Record<string, string>;
}

export interface TotalsInput {
  taxType: 'individual' | 'group';
  lines: TotalsLine[];
  /** Overall discount: an amount or a percentage (the amount wins when both are set, as in Vtiger). */
  discountPercent: string | null;
  discountAmount: string | null;
  shippingAmount: string;
  /** Sum of the S&H tax percentages. */
  shippingTaxPercent: string;
  adjustment: string;
}

export interface InventoryTotals {
  subtotal: string;
  discount: string;
  groupTax: string;
  preTaxTotal: string;
  total: string;
}

function num(value: string | null | undefined): Decimal {
  if (value === null || value === undefined || value.trim() === '') return new Decimal(0);
  try {
    return new Decimal(value.replace(/,/g, ''));
  } catch {
    return new Decimal(0);
  }
}

export function lineNet(line: TotalsLine): Decimal {
  const gross = num(line.quantity).times(num(line.listprice));
  return gross.minus(num(line.discountAmount)).minus(gross.times(num(line.discountPercent)).dividedBy(100));
}

function taxPercentSum(taxes: Record<string, string>): Decimal {
  return Object.values(taxes).reduce((sum, p) => sum.plus(num(p)), new Decimal(0));
}

export function computeInventoryTotals(input: TotalsInput): InventoryTotals {
  const nets = input.lines.map(lineNet);
  const netSum = nets.reduce((a, b) => a.plus(b), new Decimal(0));
  const subtotal =
    input.taxType === 'individual'
      ? input.lines.reduce((sum, line, i) => sum.plus((nets[i] ?? new Decimal(0)).times(taxPercentSum(line.taxes).dividedBy(100).plus(1))), new Decimal(0))
      : netSum;
  const discount = num(input.discountAmount).isZero() ? subtotal.times(num(input.discountPercent)).dividedBy(100) : num(input.discountAmount);
  const afterDiscount = subtotal.minus(discount);
  const groupTax = input.taxType === 'group' && input.lines[0] ? afterDiscount.times(taxPercentSum(input.lines[0].taxes)).dividedBy(100) : new Decimal(0);
  const shipping = num(input.shippingAmount);
  const shippingTax = shipping.times(num(input.shippingTaxPercent)).dividedBy(100);
  const total = afterDiscount.plus(groupTax).plus(shipping).plus(shippingTax).plus(num(input.adjustment));
  return {
    subtotal: subtotal.toFixed(),
    discount: discount.toFixed(),
    groupTax: groupTax.toFixed(),
    preTaxTotal: netSum.minus(discount).plus(shipping).toFixed(),
    total: total.toFixed(),
  };
}
