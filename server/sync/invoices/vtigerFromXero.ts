import { cents, dec, Decimal, percentOf, plain, roundTo, sum, ZERO } from '../../money/decimal.js';
import type { AppliedTax } from '../../vtiger/records/recordTypes.js';
import type { TaxDefinition } from '../../vtiger/records/taxes.js';
import type { XeroInvoiceType } from '../../vtiger/xeroInformationBlock.js';
import type { XeroInvoice } from '../../xero/api/XeroAccountingApi.js';
import { reason, type SyncReason } from '../types.js';
import type { InvoiceSyncSettings } from './invoiceSettings.js';
import type { XeroTaxRateInfo } from './taxMap.js';

/**
 * A Xero invoice or bill as the Vtiger invoice element to `create` through the webservice (pure), or a refusal.
 * Lines keep item, quantity, unit price and discount; each line's Xero TaxType becomes the Vtiger taxes of the
 * same total rate (the admin's tax map read backwards, else by rate among the active taxes), in individual tax
 * mode — where Vtiger applies only taxes the product has, so a tax the product lacks refuses the invoice. Xero
 * rounds each line's tax to the cent, Vtiger does not: what that leaves goes into Vtiger's own "Adjustment", so
 * Vtiger's total rounded to the cent equals Xero's. Tax-inclusive invoices are refused.
 */
export interface VtigerItemRef {
  crmid: number;
  wsId: string;
  /** Taxes configured on the product or service (individual mode applies only these). */
  taxes: AppliedTax[];
}

export interface FromXeroContext {
  document: string;
  accountWsId: string;
  contactWsId: string | null;
  currencyWsId: string;
  ownerWsId: string;
  billStreet: string;
  shipStreet: string;
  itemsByCode: ReadonlyMap<string, VtigerItemRef>;
  fallbackItem: VtigerItemRef | undefined;
  rates: readonly XeroTaxRateInfo[];
  taxDefinitions: readonly TaxDefinition[];
  settings: InvoiceSyncSettings;
}

export type FromXeroResult = { ok: true; element: Record<string, unknown>; vtigerTotal: Decimal; adjustment: Decimal } | { ok: false; reason: SyncReason };

/** The Vtiger taxes whose rates add up to a Xero TaxType's effective rate. */
export function vtigerTaxesFor(taxType: string, rates: readonly XeroTaxRateInfo[], definitions: readonly TaxDefinition[], map: Readonly<Record<string, string>>): TaxDefinition[] | undefined {
  const rate = rates.find((r) => r.taxType === taxType);
  if (!rate) return undefined;
  if (rate.effectiveRate.isZero()) return [];
  const active = definitions.filter((d) => !d.deleted && (d.method ?? 'Simple') === 'Simple');
  const mapped = Object.entries(map).find(([, t]) => t === taxType)?.[0];
  if (mapped) {
    const names = mapped.split('+');
    const defs = names.map((n) => active.find((d) => d.taxName === n));
    if (defs.every((d): d is TaxDefinition => d !== undefined) && sum(defs.map((d) => dec(d.percentage))).equals(roundTo(rate.effectiveRate, 3))) return defs;
  }
  const subsets: TaxDefinition[][] = [];
  for (let mask = 1; mask < 1 << Math.min(active.length, 10); mask++) subsets.push(active.filter((_, i) => (mask & (1 << i)) !== 0));
  const fitting = subsets.filter((s) => sum(s.map((d) => dec(d.percentage))).equals(roundTo(rate.effectiveRate, 3)));
  const names = rate.componentNames.map((n) => n.trim().toLowerCase()).sort();
  return fitting.find((s) => s.map((d) => d.label.trim().toLowerCase()).sort().join('|') === names.join('|')) ?? fitting.sort((a, b) => a.length - b.length)[0];
}

const STATUS_TO_VTIGER: Record<string, string> = { DRAFT: 'Created', SUBMITTED: 'Created', AUTHORISED: 'Approved', PAID: 'Paid' };

/** The "Xero Invoice Type" a Xero document gets in Vtiger: ACCPAY is a bill, ACCREC a sales invoice. */
function invoiceTypeFromXero(type: unknown): XeroInvoiceType {
  return String(type) === 'ACCPAY' ? 'Bill' : 'Sales Invoice';
}

export function vtigerInvoiceFromXero(inv: XeroInvoice, ctx: FromXeroContext): FromXeroResult {
  const number = inv.invoiceNumber ?? inv.invoiceID ?? '';
  const base = { document: ctx.document, number };
  if (String(inv.lineAmountTypes) === 'Inclusive') return { ok: false, reason: reason('invoice.fromXero.inclusive', base) };
  const noTax = String(inv.lineAmountTypes) === 'NoTax';
  const lines: Array<Record<string, unknown>> = [];
  let vtigerTotal = ZERO;
  for (const [i, l] of (inv.lineItems ?? []).entries()) {
    const code = l.itemCode ?? '';
    const item = (code ? ctx.itemsByCode.get(code.toLowerCase()) : undefined) ?? ctx.fallbackItem;
    if (!item) return { ok: false, reason: reason('invoice.fromXero.itemUnknown', { ...base, line: i + 1, code }) };
    const taxes = noTax || !l.taxType ? [] : vtigerTaxesFor(l.taxType, ctx.rates, ctx.taxDefinitions, ctx.settings.taxMap);
    if (taxes === undefined || taxes.some((t) => !item.taxes.some((p) => p.taxName === t.taxName))) {
      return { ok: false, reason: reason('invoice.fromXero.taxUnmapped', { ...base, line: i + 1, taxType: l.taxType ?? '' }) };
    }
    const quantity = dec(String(l.quantity ?? 1));
    const price = dec(String(l.unitAmount ?? 0));
    const gross = quantity.times(price);
    const discountAmount = l.discountAmount !== undefined && l.discountAmount !== null ? dec(String(l.discountAmount)) : undefined;
    const discountPercent = discountAmount === undefined && l.discountRate ? dec(String(l.discountRate)) : undefined;
    const net = gross.minus(discountAmount ?? (discountPercent ? percentOf(gross, discountPercent) : ZERO));
    const rate = sum(taxes.map((t) => dec(t.percentage)));
    vtigerTotal = vtigerTotal.plus(net).plus(percentOf(net, rate));
    const taxValues = Object.fromEntries(item.taxes.map((p) => [p.taxName, taxes.some((t) => t.taxName === p.taxName) ? plain(dec(p.percentage)) : '0']));
    lines.push({
      productid: item.wsId,
      quantity: plain(quantity),
      listprice: plain(price),
      ...(discountAmount !== undefined ? { discount_amount: plain(discountAmount) } : {}),
      ...(discountPercent !== undefined ? { discount_percent: plain(discountPercent) } : {}),
      ...(l.description ? { comment: l.description } : {}),
      ...taxValues,
    });
  }
  if (lines.length === 0) return { ok: false, reason: reason('invoice.fromXero.itemUnknown', { ...base, line: 1, code: '' }) };
  const xeroTotal = dec(String(inv.total ?? 0));
  const gap = xeroTotal.minus(vtigerTotal);
  const limit = new Decimal('0.005').times(2 * lines.length + 1);
  if (gap.abs().greaterThan(limit)) {
    return { ok: false, reason: reason('invoice.fromXero.totalDiffers', { ...base, vtiger: cents(vtigerTotal), xero: cents(xeroTotal) }) };
  }
  // Vtiger's total = lines + adjustment, unrounded; an adjustment to 4 decimals makes it Xero's total to the cent.
  const finalAdjustment = roundTo(gap, 4);
  const date = (inv.date ?? '').slice(0, 10);
  return {
    ok: true,
    vtigerTotal: vtigerTotal.plus(finalAdjustment),
    adjustment: finalAdjustment,
    element: {
      subject: (inv.reference?.trim() || `Xero ${number}`).slice(0, 100),
      account_id: ctx.accountWsId,
      ...(ctx.contactWsId ? { contact_id: ctx.contactWsId } : {}),
      ...(date ? { invoicedate: date } : {}),
      ...(inv.dueDate ? { duedate: inv.dueDate.slice(0, 10) } : {}),
      invoicestatus: STATUS_TO_VTIGER[String(inv.status)] ?? 'Created',
      hdnTaxType: 'individual',
      hdnDiscountAmount: '0',
      hdnDiscountPercent: '0',
      ...(finalAdjustment.isZero() ? {} : { txtAdjustment: plain(finalAdjustment) }),
      currency_id: ctx.currencyWsId,
      bill_street: ctx.billStreet,
      ship_street: ctx.shipStreet,
      assigned_user_id: ctx.ownerWsId,
      xt_invoice_type: invoiceTypeFromXero(inv.type),
      LineItems: lines,
    },
  };
}
