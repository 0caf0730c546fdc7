import { Decimal } from 'decimal.js';
import { XTigerError } from '../errors/XTigerError.js';

/**
 * Money and quantities in decimal arithmetic (decimal.js), never binary floating point. Values enter as the
 * decimal strings Vtiger stores (`'575.37550000'`) and leave as decimal strings; a JS number appears only at the
 * xero-node edge (`toSdkNumber`), where the SDK's types demand one.
 *
 * Rounding "to the cent" is half away from zero (decimal.js ROUND_HALF_UP): what PHP's `round`/`number_format`
 * do for Vtiger's displayed totals, and what Xero does per line.
 */
export { Decimal };

export const ZERO = new Decimal(0);
export const HUNDRED = new Decimal(100);
const CENT = new Decimal('0.01');

/** A decimal from a stored value; null/undefined/'' are zero. A value that is not a number is a typed error naming `what`. */
export function dec(value: Decimal.Value | null | undefined, what = 'amount'): Decimal {
  if (value === null || value === undefined) return ZERO;
  if (typeof value === 'string') {
    const text = value.trim().replace(/,/g, '');
    if (text === '') return ZERO;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
      throw new XTigerError('VTIGER_INVALID_DATA', `${what} holds "${value}", which is not a number.`, { details: { what, value } });
    }
    return new Decimal(text);
  }
  return new Decimal(value);
}

/** Rounded to `dp` decimals, half away from zero. */
export function roundTo(value: Decimal, dp: number): Decimal {
  return value.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

/** Rounded to the cent. */
export function round2(value: Decimal): Decimal {
  return roundTo(value, 2);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** `value` as a percentage of `base` applied: base × value / 100. */
export function percentOf(base: Decimal, percent: Decimal): Decimal {
  return base.times(percent).dividedBy(HUNDRED);
}

/** How many decimals a value really has (`'19.99000000'` → 2). */
export function decimalPlaces(value: Decimal): number {
  return value.decimalPlaces();
}

/** A plain decimal string without exponent or trailing zeros (`'19.99'`, `'-0.01'`, `'0'`). */
export function plain(value: Decimal): string {
  const text = value.toFixed();
  return text === '-0' ? '0' : text;
}

/** Money as users read it: two decimals (`'575.38'`). */
export function cents(value: Decimal): string {
  const text = round2(value).toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

/**
 * Splits `total` (a whole number of cents) over `weights` in proportion, in whole cents, so the parts add up to
 * `total` exactly: largest remainder, ties to the earlier part. Zero weights get zero; all-zero weights put the
 * whole total on the first part.
 */
export function allocateCents(total: Decimal, weights: readonly Decimal[]): Decimal[] {
  if (weights.length === 0) return [];
  const totalCents = total.dividedBy(CENT);
  if (!totalCents.isInteger()) throw new RangeError(`allocateCents: ${total.toFixed()} is not a whole number of cents`);
  const weightSum = sum(weights);
  if (weightSum.isZero()) return weights.map((_, i) => (i === 0 ? total : ZERO));
  const exact = weights.map((w) => totalCents.times(w).dividedBy(weightSum));
  const floors = exact.map((e) => e.toDecimalPlaces(0, Decimal.ROUND_FLOOR));
  let left = totalCents.minus(sum(floors)).toNumber();
  const order = exact.map((e, i) => ({ i, rest: e.minus(floors[i] ?? ZERO) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? ZERO).plus(1);
    left -= 1;
  }
  return floors.map((c) => c.times(CENT));
}

/** The SDK edge: xero-node types money as JS numbers. Only for values already rounded to what Xero holds. */
export function toSdkNumber(value: Decimal): number {
  return value.toNumber();
}
