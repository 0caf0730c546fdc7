import { translate } from '../../i18n/translate.js';
import { allocateCents, cents, dec, Decimal, plain, round2, roundTo, sum, ZERO } from '../../money/decimal.js';
import type { VtigerInvoice } from '../../vtiger/records/invoices.js';
import type { XeroInvoiceType } from '../../vtiger/xeroInformationBlock.js';
import { reason, type SyncReason } from '../types.js';
import type { InvoiceSyncSettings, XeroTargetStatus } from './invoiceSettings.js';
import { resolveTaxType, zeroTaxType, type DocumentSide, type XeroTaxRateInfo } from './taxMap.js';
import { vtigerInvoiceBreakdown, type VtigerInvoiceBreakdown, type VtigerLineBreakdown } from './vtigerArithmetic.js';
import { xeroTotals, type XeroTotals } from './xeroArithmetic.js';

/**
 * A Vtiger invoice as the Xero document its "Xero Invoice Type" asks for, built so that Xero's total equals
 * Vtiger's total rounded to the cent — or refused with a reason saying what to change. Pure.
 *
 * How each part of Vtiger's arithmetic (vtigerArithmetic.ts) is carried over:
 *  - **Lines** keep quantity, unit price (4 dp), item code and description; one Xero TaxType per line whose rate
 *    equals the line's Vtiger rate (individual mode), or the group rate on every line (group mode).
 *  - **Line discounts**: on sales invoices Xero's DiscountRate (a percent with ≤ 2 decimals) or DiscountAmount
 *    chosen so that Xero's LineAmount is Vtiger's net rounded to the cent. Bills and receipts take no discounts in
 *    Xero, so the discount follows the line as its own negative line (same account and tax).
 *  - **Overall discount**: negative "Discount" lines, one per (tax type, account) of the discounted lines, so the
 *    tax falls with the discount exactly as the total does in Vtiger. Group mode: the discount in cents is split
 *    over the accounts by their nets. Individual mode: Vtiger takes the discount off the *taxed* subtotal, which
 *    is the same as reducing every line's net and tax by the factor discount ÷ taxed subtotal; each group's line
 *    is that factor × its nets, and Xero adds the tax back in.
 *  - **S&H**: one line per charge on the S&H account with the TaxType of its S&H taxes.
 *  - **Adjustment**: one untaxed line on the adjustment account (it is untaxed in Vtiger too).
 *  - **Rounding**: Xero rounds each line and each line's tax to the cent, Vtiger rounds nothing; the gap between
 *    Xero's predicted total (xeroArithmetic.ts) and Vtiger's total rounded to the cent goes on one untaxed line
 *    on the rounding account. A gap larger than per-line rounding can explain (½ cent per line amount, ½ per line
 *    tax, ½ for Vtiger's own rounding) means the lines cannot express the total: the invoice is refused.
 *  - LineAmountTypes: Exclusive (Vtiger prices exclude tax); NoTax when no line carries tax.
 */
export type XeroDocumentKind = 'invoice' | 'bill' | 'receipt';
export type DraftLineRole = 'item' | 'lineDiscount' | 'discount' | 'shipping' | 'adjustment' | 'rounding';

export interface DraftLine {
  role: DraftLineRole;
  description: string;
  quantity: string;
  unitAmount: string;
  discountRate?: string;
  discountAmount?: string;
  accountCode: string;
  taxType: string;
  /** The TaxType's effective rate (percent), for predicting Xero's tax. */
  taxPercent: string;
  itemCode?: string;
  /** Item and line-discount lines: the Vtiger line's sequence number. */
  vtigerSequence?: number;
}

export interface XeroDocumentDraft {
  kind: XeroDocumentKind;
  status: XeroTargetStatus;
  contactId: string;
  /** Invoices and bills: Vtiger's invoice number. */
  invoiceNumber: string | null;
  reference: string | null;
  date: string;
  dueDate: string | null;
  currencyCode: string;
  lineAmountTypes: 'Exclusive' | 'NoTax';
  /** Receipts: the bank account's code. */
  bankAccountCode: string | null;
  lines: DraftLine[];
}

export interface XeroAccountInfo {
  code: string;
  name: string;
  type: string;
  status: string;
}

export interface BuildContext {
  documentType: XeroInvoiceType;
  status: XeroTargetStatus;
  /** The Xero ContactID the document goes to. */
  contactId: string;
  settings: InvoiceSyncSettings;
  rates: readonly XeroTaxRateInfo[];
  /** Currency codes of the Xero organisation. */
  currencies: ReadonlySet<string>;
  /** The chart of accounts (XeroAccounts) by code. */
  accounts: ReadonlyMap<string, XeroAccountInfo>;
  /** The organisation's ROUNDING system account, when known. */
  systemRoundingAccount: string | null;
  /** Linked Xero item codes by Vtiger product/service crmid. */
  itemCodes: ReadonlyMap<number, string>;
}

export interface BuiltDocument {
  draft: XeroDocumentDraft;
  breakdown: VtigerInvoiceBreakdown;
  /** Xero's totals for the draft, by Xero's rules. */
  predicted: XeroTotals;
  /** Vtiger's total rounded to the cent: what Xero's total must be. */
  target: Decimal;
  roundingGap: Decimal;
  /** Things worth a line in the log (rounding line, items sent without code). */
  notes: SyncReason[];
}

export type BuildResult = ({ ok: true } & BuiltDocument) | { ok: false; reason: SyncReason };

class Refusal {
  constructor(readonly reason: SyncReason) {}
}
const refuse = (key: Parameters<typeof reason>[0], params: Record<string, string | number>): never => {
  throw new Refusal(reason(key, params));
};

export function invoiceRecordName(invoice: Pick<VtigerInvoice, 'recordNumber' | 'crmid' | 'subject'>): string {
  const number = invoice.recordNumber ?? `#${invoice.crmid}`;
  return invoice.subject ? `${number} "${invoice.subject}"` : number;
}

const KIND_OF: Record<XeroInvoiceType, XeroDocumentKind> = { 'Sales Invoice': 'invoice', Bill: 'bill', Receipt: 'receipt' };

export function documentKindOf(type: XeroInvoiceType): XeroDocumentKind {
  return KIND_OF[type];
}

export function documentName(kind: XeroDocumentKind, language: string, bank = ''): string {
  return translate(language, kind === 'invoice' ? 'invoice.document.invoice' : kind === 'bill' ? 'invoice.document.bill' : 'invoice.document.receipt', { bank });
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

export function buildXeroDocument(invoice: VtigerInvoice, ctx: BuildContext): BuildResult {
  try {
    return { ok: true, ...build(invoice, ctx) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.reason };
    throw e;
  }
}

function build(invoice: VtigerInvoice, ctx: BuildContext): BuiltDocument {
  const record = invoiceRecordName(invoice);
  const { settings } = ctx;
  const language = settings.language;
  const kind = documentKindOf(ctx.documentType);
  const side: DocumentSide = kind === 'bill' ? 'purchases' : 'sales';
  const discountsInXero = kind === 'invoice';

  if (invoice.lineItems.length === 0) refuse('invoice.refused.noLines', { record });
  const currency = invoice.currency?.code;
  if (!currency) return refuse('invoice.refused.noCurrency', { record });
  if (!ctx.currencies.has(currency)) refuse('invoice.refused.unknownCurrency', { record, currency });

  const breakdown = vtigerInvoiceBreakdown(invoice);
  const stored = breakdown.storedTotal ?? breakdown.computedTotal;
  if (stored.minus(breakdown.computedTotal).abs().greaterThan('0.005')) {
    refuse('invoice.refused.storedTotalDiffers', { record, stored: cents(stored), computed: cents(breakdown.computedTotal) });
  }
  const target = round2(stored);
  if (target.isNegative()) refuse('invoice.refused.negativeTotal', { record, total: cents(target), document: documentName(kind, language) });

  const unsupported = breakdown.lines.find((l) => l.unsupportedTax)?.unsupportedTax ?? breakdown.groupUnsupportedTax ?? breakdown.charges.find((c) => c.unsupportedTax)?.unsupportedTax;
  if (unsupported) refuse('invoice.refused.unsupportedTax', { record, where: unsupported.taxName, tax: unsupported.label || unsupported.taxName });

  const zero = zeroTaxType(ctx.rates, side, settings.zeroTaxType);
  const tax = (where: string, taxes: VtigerLineBreakdown['taxes'], percent: Decimal, map: Record<string, string>) => {
    const r = resolveTaxType({ record, where, taxes, percent, side, map, rates: ctx.rates, zeroTaxType: zero });
    return r.ok ? { taxType: r.taxType, percent: r.percent } : refuse(r.reason.key, r.reason.params);
  };

  const account = (code: string | null, what: string): string => {
    if (code === null) return refuse('invoice.refused.accountNotSet', { record, what });
    const a = ctx.accounts.get(code);
    if (!a) return refuse('invoice.refused.accountUnknown', { record, code, what });
    if (a.status !== 'ACTIVE') refuse('invoice.refused.accountArchived', { record, code, what });
    if (a.type === 'BANK') refuse('invoice.refused.accountIsBank', { record, code, what });
    return code;
  };
  const sideAccounts = side === 'sales' ? settings.accounts.sales : settings.accounts.purchases;
  const defaultAccount = sideAccounts.Products;

  let bankAccountCode: string | null = null;
  if (kind === 'receipt') {
    const code = settings.receiptBankAccount;
    if (code === null) refuse('invoice.refused.accountNotSet', { record, what: 'receipts (bank account)' });
    const bank = ctx.accounts.get(code ?? '');
    if (!bank) return refuse('invoice.refused.accountUnknown', { record, code: code ?? '', what: 'receipts (bank account)' });
    if (bank.status !== 'ACTIVE') refuse('invoice.refused.accountArchived', { record, code: bank.code, what: 'receipts (bank account)' });
    if (bank.type !== 'BANK') refuse('invoice.refused.accountNotBank', { record, code: bank.code });
    bankAccountCode = bank.code;
  }

  const groupTax = breakdown.taxMode === 'group' ? tax('group tax', breakdown.groupTaxes, breakdown.groupTaxPercent, settings.taxMap) : undefined;
  const lines: DraftLine[] = [];
  const notes: SyncReason[] = [];
  /** The nets of item lines by (taxType, account), in order of appearance, for the overall discount. */
  const discountGroups = new Map<string, { taxType: string; taxPercent: Decimal; accountCode: string; net: Decimal }>();

  for (const l of breakdown.lines) {
    const item = l.line.productLabel ?? `#${l.line.productId ?? '?'}`;
    const where = `line ${l.line.sequence} (${item})`;
    const t = groupTax ?? tax(where, l.taxes, l.taxPercent, settings.taxMap);
    const module = l.line.productModule ?? 'Products';
    const accountCode = account(settings.accounts.items[String(l.line.productId ?? '')] ?? sideAccounts[module], `${module} lines (${where})`);
    const itemCode = settings.useItemCodes && l.line.productId !== null ? ctx.itemCodes.get(l.line.productId) : undefined;
    if (settings.useItemCodes && itemCode === undefined) notes.push(reason('invoice.note.itemNotLinked', { line: l.line.sequence, item }));
    const unitAmount = roundTo(l.listPrice, 4);
    const xeroGross = round2(l.quantity.times(unitAmount));
    const netCents = round2(l.net);
    const base: Omit<DraftLine, 'role' | 'description' | 'quantity' | 'unitAmount'> = {
      accountCode,
      taxType: t.taxType,
      taxPercent: plain(t.percent),
      vtigerSequence: l.line.sequence,
    };
    const description = cut([l.line.productLabel ?? item, l.line.comment?.trim()].filter(Boolean).join('\n'), 4000);
    const line: DraftLine = { role: 'item', description, quantity: plain(l.quantity), unitAmount: plain(unitAmount), ...base, ...(itemCode !== undefined ? { itemCode } : {}) };
    let discountLine: DraftLine | undefined;
    if (l.discount !== null && !l.discountValue.isZero()) {
      if (discountsInXero) {
        if (l.discount.kind === 'percent' && l.discount.percent.decimalPlaces() <= 2 && l.discount.percent.greaterThan(0) && l.discount.percent.lessThanOrEqualTo(100)) {
          line.discountRate = plain(l.discount.percent);
        } else {
          line.discountAmount = plain(xeroGross.minus(netCents));
        }
      } else {
        discountLine = {
          role: 'lineDiscount',
          description: translate(language, 'invoice.line.lineDiscount', { item }),
          quantity: '1',
          unitAmount: plain(netCents.minus(xeroGross)),
          ...base,
        };
      }
    }
    lines.push(line);
    if (discountLine) lines.push(discountLine);
    const key = `${t.taxType}|${accountCode}`;
    const group = discountGroups.get(key) ?? { taxType: t.taxType, taxPercent: t.percent, accountCode, net: ZERO };
    group.net = group.net.plus(l.net);
    discountGroups.set(key, group);
  }

  if (!breakdown.discountValue.isZero()) {
    const description =
      breakdown.overallDiscount?.kind === 'percent'
        ? translate(language, 'invoice.line.discount', { percent: plain(breakdown.overallDiscount.percent) })
        : translate(language, 'invoice.line.discountAmount');
    const groups = [...discountGroups.values()];
    let amounts: Decimal[];
    if (breakdown.taxMode === 'group') {
      amounts = allocateCents(round2(breakdown.discountValue), groups.map((g) => g.net));
    } else if (breakdown.subtotal.isZero()) {
      amounts = [];
      lines.push({ role: 'discount', description, quantity: '1', unitAmount: plain(round2(breakdown.discountValue).negated()), accountCode: account(defaultAccount, 'the discount'), taxType: zero ?? refuse('invoice.refused.noZeroTaxType', { record }), taxPercent: '0' });
    } else {
      const factor = breakdown.discountValue.dividedBy(breakdown.subtotal);
      amounts = groups.map((g) => round2(g.net.times(factor)));
    }
    groups.forEach((g, i) => {
      const amount = amounts[i] ?? ZERO;
      if (amount.isZero()) return;
      lines.push({ role: 'discount', description, quantity: '1', unitAmount: plain(amount.negated()), accountCode: g.accountCode, taxType: g.taxType, taxPercent: plain(g.taxPercent) });
    });
  }

  const shippingAccount = () => account(settings.accounts.shipping ?? defaultAccount, 'S&H');
  let chargedShipping = ZERO;
  for (const c of breakdown.charges) {
    const name = c.charge.name || 'Shipping & Handling';
    const t = tax(name, c.taxes, c.taxPercent, settings.shippingTaxMap);
    chargedShipping = chargedShipping.plus(c.amount);
    lines.push({ role: 'shipping', description: name, quantity: '1', unitAmount: plain(roundTo(c.amount, 4)), accountCode: shippingAccount(), taxType: t.taxType, taxPercent: plain(t.percent) });
  }
  const uncharged = breakdown.shippingAmount.minus(chargedShipping);
  if (!roundTo(uncharged, 4).isZero()) {
    const t = tax('S&H', [], ZERO, settings.shippingTaxMap);
    lines.push({ role: 'shipping', description: 'Shipping & Handling', quantity: '1', unitAmount: plain(roundTo(uncharged, 4)), accountCode: shippingAccount(), taxType: t.taxType, taxPercent: '0' });
  }

  if (!breakdown.adjustment.isZero()) {
    const t = tax('adjustment', [], ZERO, {});
    lines.push({ role: 'adjustment', description: translate(language, 'invoice.line.adjustment'), quantity: '1', unitAmount: plain(roundTo(breakdown.adjustment, 4)), accountCode: account(settings.accounts.adjustment ?? defaultAccount, 'the adjustment'), taxType: t.taxType, taxPercent: '0' });
  }

  const lineAmountTypes = lines.every((l) => dec(l.taxPercent).isZero()) ? 'NoTax' : 'Exclusive';
  let predicted = xeroTotals(lines, lineAmountTypes);
  const gap = target.minus(predicted.total);
  if (!gap.isZero()) {
    const limit = new Decimal('0.005').times(2 * lines.length + 1);
    if (gap.abs().greaterThan(limit)) {
      refuse('invoice.refused.gapTooLarge', { record, xero: cents(predicted.total), vtiger: cents(target), gap: cents(gap), limit: plain(round2(limit)) });
    }
    const roundingCode = settings.accounts.rounding ?? ctx.systemRoundingAccount;
    if (roundingCode === null) refuse('invoice.refused.noRoundingAccount', { record, xero: cents(predicted.total), vtiger: cents(target) });
    const t = tax('rounding', [], ZERO, {});
    const accountCode = account(roundingCode, 'rounding');
    lines.push({ role: 'rounding', description: translate(language, 'invoice.line.rounding'), quantity: '1', unitAmount: plain(gap), accountCode, taxType: t.taxType, taxPercent: '0' });
    notes.unshift(reason('invoice.note.rounding', { gap: cents(gap), account: accountCode, total: cents(target) }));
    predicted = xeroTotals(lines, lineAmountTypes);
  }

  const date = invoice.invoiceDate ?? invoice.createdTime.slice(0, 10);
  const number = invoice.recordNumber;
  const draft: XeroDocumentDraft = {
    kind,
    status: ctx.status,
    contactId: ctx.contactId,
    invoiceNumber: kind === 'receipt' ? null : number,
    reference: cut(kind === 'receipt' ? [number, invoice.subject].filter(Boolean).join(' ') : (invoice.purchaseOrder?.trim() || invoice.subject || ''), 255) || null,
    date,
    dueDate: kind === 'receipt' ? null : invoice.dueDate,
    currencyCode: currency,
    lineAmountTypes,
    bankAccountCode,
    lines,
  };
  return { draft, breakdown, predicted, target, roundingGap: gap, notes };
}

/** Vtiger's tax per item line (unrounded), in line order: what "the right tax per line" is checked against. */
export function vtigerLineTaxes(breakdown: VtigerInvoiceBreakdown): Decimal[] {
  if (breakdown.taxMode === 'individual') return breakdown.lines.map((l) => l.tax);
  return breakdown.lines.map((l) => l.net.times(breakdown.groupTaxPercent).dividedBy(100));
}

/** Σ of predicted tax over the lines of one role. */
export function predictedTaxOf(built: BuiltDocument, role: DraftLineRole): Decimal {
  return sum(built.draft.lines.flatMap((l, i) => (l.role === role ? [built.predicted.lines[i]?.taxAmount ?? ZERO] : [])));
}
