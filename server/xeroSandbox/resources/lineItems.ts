/**
 * Line items of invoices and bank transactions: items fill in their defaults, account codes and tax types are
 * checked against the organisation, and the totals follow Xero's arithmetic (see totals.ts).
 */
import type { LineAmountTypes, XeroLineItem } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { documentTotals } from '../totals.js';
import { money, newGuid } from '../xeroFormats.js';
import { str, type WriteInput } from './elementOutcome.js';

export interface LineContext {
  lineAmountTypes: LineAmountTypes;
  /** Sales documents (ACCREC, RECEIVE) take item sales details and the OUTPUT default; purchases the others. */
  side: 'sales' | 'purchases';
  /** Decimal places kept on UnitAmount: 2, or 4 with `unitdp=4`. */
  unitdp: number;
  /** Approved documents need an account on every line. */
  requireAccount: boolean;
  discountsAllowed: boolean;
}

export interface BuiltLines {
  lines: XeroLineItem[];
  subTotal: number;
  totalTax: number;
  total: number;
  totalDiscount: number;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function buildLines(org: OrgStore, rawLines: unknown, ctx: LineContext, errors: string[]): BuiltLines | undefined {
  const raws = Array.isArray(rawLines) ? (rawLines as WriteInput[]) : [];
  const lines: XeroLineItem[] = [];
  const taxRates: number[] = [];
  for (const raw of raws) {
    const item = str(raw['ItemCode']) !== undefined ? org.items.find((i) => i.Code.toLowerCase() === String(raw['ItemCode']).toLowerCase()) : undefined;
    if (str(raw['ItemCode']) !== undefined && item === undefined) errors.push(`Item code '${String(raw['ItemCode'])}' is not valid.`);
    const details = ctx.side === 'sales' ? item?.SalesDetails : item?.PurchaseDetails;
    const description = str(raw['Description']) ?? (ctx.side === 'sales' ? item?.Description : (item?.PurchaseDescription ?? item?.Description));
    if (description === undefined || description.trim() === '') errors.push('The description field is mandatory for each line item.');

    for (const field of ['Quantity', 'UnitAmount', 'DiscountRate', 'DiscountAmount', 'LineAmount']) {
      if (raw[field] !== undefined && raw[field] !== null && !isNum(raw[field])) errors.push(`${field} must be a number.`);
    }
    const lineAmountOnly = !isNum(raw['UnitAmount']) && isNum(raw['LineAmount']) && !isNum(raw['Quantity']);
    const quantity = isNum(raw['Quantity']) ? money(raw['Quantity'], 4) : 1;
    const unitAmount = money(isNum(raw['UnitAmount']) ? raw['UnitAmount'] : lineAmountOnly ? (raw['LineAmount'] as number) : (details?.UnitPrice ?? 0), ctx.unitdp);
    const discountRate = isNum(raw['DiscountRate']) ? raw['DiscountRate'] : undefined;
    const discountAmount = isNum(raw['DiscountAmount']) ? raw['DiscountAmount'] : undefined;
    if ((discountRate !== undefined || discountAmount !== undefined) && !ctx.discountsAllowed) errors.push('Discounts can only be applied to sales invoices.');
    if (discountRate !== undefined && discountAmount !== undefined) errors.push('A line item can have a DiscountRate or a DiscountAmount, not both.');
    if (discountRate !== undefined && (discountRate < 0 || discountRate > 100)) errors.push('DiscountRate must be between 0 and 100.');

    const accountCode = str(raw['AccountCode']) ?? details?.AccountCode;
    const account = accountCode !== undefined && accountCode !== '' ? org.accounts.byCode(accountCode) : undefined;
    if (accountCode !== undefined && accountCode !== '') {
      if (account === undefined) errors.push(`Account code '${accountCode}' is not a valid code for this document.`);
      else if (account.Status !== 'ACTIVE') errors.push(`Account code '${accountCode}' has been archived, or has been deleted. Each line item must reference a valid account.`);
      else if (account.Type === 'BANK') errors.push(`Account code '${accountCode}' is a bank account and cannot be used on a line item.`);
    } else if (ctx.requireAccount) {
      errors.push('Account code must be specified for each line item.');
    }

    let taxType = str(raw['TaxType']) ?? details?.TaxType ?? account?.TaxType ?? (ctx.side === 'sales' ? 'OUTPUT' : 'INPUT');
    if (ctx.lineAmountTypes === 'NoTax') taxType = 'NONE';
    const rate = org.taxRates.active(taxType);
    if (rate === undefined) errors.push(`The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`);
    taxRates.push(rate?.EffectiveRate ?? 0);

    lines.push({
      LineItemID: str(raw['LineItemID']) ?? newGuid(),
      ...(description !== undefined ? { Description: description } : {}),
      Quantity: quantity,
      UnitAmount: unitAmount,
      ...(item !== undefined ? { ItemCode: item.Code } : {}),
      ...(accountCode !== undefined ? { AccountCode: accountCode } : {}),
      TaxType: taxType,
      TaxAmount: 0,
      LineAmount: 0,
      ...(discountRate !== undefined ? { DiscountRate: discountRate } : {}),
      ...(discountAmount !== undefined ? { DiscountAmount: discountAmount } : {}),
      Tracking: Array.isArray(raw['Tracking']) ? (raw['Tracking'] as unknown[]) : [],
    });
  }
  if (lines.some((l) => l.Tracking.length > 2)) errors.push('A line item can have at most two tracking categories.');
  if (errors.length > 0) return undefined;
  const totals = documentTotals(
    lines.map((l, i) => ({ quantity: l.Quantity, unitAmount: l.UnitAmount, discountRate: l.DiscountRate, discountAmount: l.DiscountAmount, taxRatePercent: taxRates[i] ?? 0 })),
    ctx.lineAmountTypes,
  );
  lines.forEach((l, i) => {
    const t = totals.lines[i];
    if (t === undefined) return;
    l.LineAmount = t.lineAmount.toNumber();
    l.TaxAmount = t.taxAmount.toNumber();
  });
  return {
    lines,
    subTotal: totals.subTotal.toNumber(),
    totalTax: totals.totalTax.toNumber(),
    total: totals.total.toNumber(),
    totalDiscount: totals.totalDiscount.toNumber(),
  };
}

/** Line items as a response shows them: UnitAmount at 2 dp unless the caller asked for `unitdp=4`. */
export const renderLines = (lines: XeroLineItem[], unitdp: number): XeroLineItem[] =>
  lines.map((l) => ({ ...l, UnitAmount: money(l.UnitAmount, unitdp) }));

export function parseLineAmountTypes(value: unknown): LineAmountTypes | undefined {
  if (value === undefined || value === null || value === '') return 'Exclusive';
  const v = String(value).toLowerCase();
  return v === 'exclusive' ? 'Exclusive' : v === 'inclusive' ? 'Inclusive' : v === 'notax' ? 'NoTax' : undefined;
}
