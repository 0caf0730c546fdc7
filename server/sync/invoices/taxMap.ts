import { dec, Decimal, plain, roundTo } from '../../money/decimal.js';
import type { AppliedTax } from '../../vtiger/records/recordTypes.js';
import { reason, type SyncReason } from '../types.js';

/**
 * Vtiger taxes → the organisation's Xero TaxTypes. A line's taxes (tax1…tax3, or shtax… on S&H) become one Xero
 * TaxType whose effective rate must equal the line's total Vtiger rate — else Xero's tax would differ and the
 * invoice is refused. The admin's tax map (key: tax names joined with "+", e.g. `tax1+tax2`) wins; unmapped sets
 * are matched by rate among active rates usable on the document's side, and among several by their components'
 * names (Xero "VAT + Sales" with components VAT and Sales for Vtiger's VAT + Sales). Pure.
 */
export interface XeroTaxRateInfo {
  taxType: string;
  name: string;
  /** Effective rate in percent. */
  effectiveRate: Decimal;
  active: boolean;
  componentNames: string[];
  /** Xero's CanApplyToRevenue / CanApplyToExpenses; undefined when Xero did not say. */
  canApplyToRevenue: boolean | undefined;
  canApplyToExpenses: boolean | undefined;
}

export type DocumentSide = 'sales' | 'purchases';

export type TaxResolution = { ok: true; taxType: string; percent: Decimal } | { ok: false; reason: SyncReason };

const same = (a: Decimal, b: Decimal) => roundTo(a, 4).equals(roundTo(b, 4));

export function taxKey(taxes: readonly AppliedTax[]): string {
  return taxes.map((t) => t.taxName).join('+');
}

export function describeTaxes(taxes: readonly AppliedTax[]): string {
  return taxes.map((t) => `${t.label || t.taxName} ${plain(dec(t.percentage))} %`).join(' + ');
}

function usableOn(rate: XeroTaxRateInfo, side: DocumentSide): boolean {
  return side === 'sales' ? rate.canApplyToRevenue !== false : rate.canApplyToExpenses !== false;
}

const norm = (s: string) => s.trim().toLowerCase();

/** The TaxType for lines without tax: the setting, else NONE, else the one active 0 % rate usable on the side. */
export function zeroTaxType(rates: readonly XeroTaxRateInfo[], side: DocumentSide, setting: string | null): string | undefined {
  if (setting !== null) return rates.some((r) => r.taxType === setting && r.active && r.effectiveRate.isZero()) ? setting : undefined;
  const zero = rates.filter((r) => r.active && r.effectiveRate.isZero() && usableOn(r, side));
  const none = zero.find((r) => r.taxType === 'NONE');
  if (none) return none.taxType;
  return zero.length === 1 ? zero[0]?.taxType : undefined;
}

export interface TaxQuestion {
  record: string;
  /** Where on the invoice: `line 2 (Widget B)`, `S&H`, `group tax`. */
  where: string;
  taxes: readonly AppliedTax[];
  /** The line's effective Vtiger rate (compound taxes included). */
  percent: Decimal;
  side: DocumentSide;
  map: Readonly<Record<string, string>>;
  rates: readonly XeroTaxRateInfo[];
  zeroTaxType: string | undefined;
}

export function resolveTaxType(q: TaxQuestion): TaxResolution {
  const sideName = q.side === 'sales' ? 'sales' : 'purchases';
  if (q.taxes.length === 0 || q.percent.isZero()) {
    return q.zeroTaxType !== undefined ? { ok: true, taxType: q.zeroTaxType, percent: new Decimal(0) } : { ok: false, reason: reason('invoice.refused.noZeroTaxType', { record: q.record }) };
  }
  const percent = plain(roundTo(q.percent, 4));
  const taxes = describeTaxes(q.taxes);
  const mapped = q.map[taxKey(q.taxes)];
  if (mapped !== undefined) {
    const rate = q.rates.find((r) => r.taxType === mapped);
    if (!rate || !rate.active || !same(rate.effectiveRate, q.percent)) {
      return { ok: false, reason: reason('invoice.refused.taxRateMismatch', { record: q.record, where: q.where, taxes, percent, taxType: mapped, xeroPercent: rate ? plain(rate.effectiveRate) : '—' }) };
    }
    if (!usableOn(rate, q.side)) return { ok: false, reason: reason('invoice.refused.taxRateUnusable', { record: q.record, where: q.where, taxType: mapped, side: sideName }) };
    return { ok: true, taxType: rate.taxType, percent: rate.effectiveRate };
  }
  const candidates = q.rates.filter((r) => r.active && usableOn(r, q.side) && same(r.effectiveRate, q.percent));
  if (candidates.length === 1 && candidates[0]) return { ok: true, taxType: candidates[0].taxType, percent: candidates[0].effectiveRate };
  if (candidates.length === 0) return { ok: false, reason: reason('invoice.refused.taxRateMissing', { record: q.record, where: q.where, taxes, percent }) };
  const labels = q.taxes.map((t) => norm(t.label || t.taxName)).sort();
  const byComponents = candidates.filter((r) => {
    const names = r.componentNames.map(norm).sort();
    return names.length === labels.length && names.every((n, i) => n === labels[i]);
  });
  const byName = byComponents.length > 0 ? byComponents : candidates.filter((r) => norm(r.name) === labels.join(' + ') || (labels.length === 1 && norm(r.name) === labels[0]));
  if (byName.length === 1 && byName[0]) return { ok: true, taxType: byName[0].taxType, percent: byName[0].effectiveRate };
  return {
    ok: false,
    reason: reason('invoice.refused.taxRateAmbiguous', { record: q.record, where: q.where, taxes, percent, candidates: (byName.length > 0 ? byName : candidates).map((r) => `${r.name} (${r.taxType})`).join(', ') }),
  };
}
