import { BankTransaction, Invoice, LineAmountTypes, type Account, type Contact, type CurrencyCode, type LineItem } from 'xero-node';
import { contentHash } from '../values/contentHash.js';
import { dec, toSdkNumber } from '../../money/decimal.js';
import type { DraftLine, XeroDocumentDraft } from './buildXeroDocument.js';

/**
 * The SDK edge: a document draft (decimal strings) as the xero-node objects XeroAccountingApi sends. Money becomes
 * a JS number only here, already at the precision Xero keeps (4 dp unit amounts and quantities, cents otherwise).
 */
function lineItem(l: DraftLine, lineAmountTypes: XeroDocumentDraft['lineAmountTypes']): LineItem {
  return {
    description: l.description,
    quantity: toSdkNumber(dec(l.quantity)),
    unitAmount: toSdkNumber(dec(l.unitAmount)),
    accountCode: l.accountCode,
    ...(lineAmountTypes === 'NoTax' ? {} : { taxType: l.taxType }),
    ...(l.itemCode !== undefined ? { itemCode: l.itemCode } : {}),
    ...(l.discountRate !== undefined ? { discountRate: toSdkNumber(dec(l.discountRate)) } : {}),
    ...(l.discountAmount !== undefined ? { discountAmount: toSdkNumber(dec(l.discountAmount)) } : {}),
  };
}

/** xero-node's CurrencyCode enum holds the ISO codes themselves; the organisation's list was checked before. */
const isoCurrency = (code: string): CurrencyCode => code as unknown as CurrencyCode;

const LINE_AMOUNT_TYPES = { Exclusive: LineAmountTypes.Exclusive, NoTax: LineAmountTypes.NoTax } as const;

/** A sales invoice (ACCREC) or bill (ACCPAY); with `invoiceId` it updates that document. */
export function toXeroInvoice(draft: XeroDocumentDraft, invoiceId?: string): Invoice {
  return {
    ...(invoiceId !== undefined ? { invoiceID: invoiceId } : {}),
    type: draft.kind === 'bill' ? Invoice.TypeEnum.ACCPAY : Invoice.TypeEnum.ACCREC,
    contact: { contactID: draft.contactId } as Contact,
    ...(draft.invoiceNumber !== null ? { invoiceNumber: draft.invoiceNumber } : {}),
    ...(draft.reference !== null ? { reference: draft.reference } : {}),
    date: draft.date,
    ...(draft.dueDate !== null ? { dueDate: draft.dueDate } : {}),
    currencyCode: isoCurrency(draft.currencyCode),
    lineAmountTypes: LINE_AMOUNT_TYPES[draft.lineAmountTypes],
    status: Invoice.StatusEnum[draft.status],
    lineItems: draft.lines.map((l) => lineItem(l, draft.lineAmountTypes)),
  };
}

/** Money received without an invoice (RECEIVE) into the draft's bank account. */
export function toXeroBankTransaction(draft: XeroDocumentDraft, bankTransactionId?: string): BankTransaction {
  return {
    ...(bankTransactionId !== undefined ? { bankTransactionID: bankTransactionId } : {}),
    type: BankTransaction.TypeEnum.RECEIVE,
    contact: { contactID: draft.contactId } as Contact,
    bankAccount: { code: draft.bankAccountCode ?? '' } as Account,
    ...(draft.reference !== null ? { reference: draft.reference } : {}),
    date: draft.date,
    currencyCode: isoCurrency(draft.currencyCode),
    lineAmountTypes: LINE_AMOUNT_TYPES[draft.lineAmountTypes],
    lineItems: draft.lines.map((l) => lineItem(l, draft.lineAmountTypes)),
  };
}

/**
 * The hash of what would be sent, status left out: an invoice with the same hash as its link is not sent again.
 * The status is compared on its own (planInvoice.ts), so a status Xero moved on (approved, paid there) is never
 * taken for a Vtiger change.
 */
export function draftHash(draft: XeroDocumentDraft): string {
  const { status: _status, ...content } = draft;
  return contentHash({ draft: JSON.stringify(content) });
}
