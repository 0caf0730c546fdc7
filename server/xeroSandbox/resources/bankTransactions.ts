/**
 * Bank transactions: money received (RECEIVE) or spent (SPEND) without an invoice, on an account of type BANK,
 * always AUTHORISED, with lines and totals as on invoices.
 */
import type { XeroBankTransaction } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { isoDay, msDate, newGuid, parseMsDate, parseWriteDate } from '../xeroFormats.js';
import { resolveDocumentContact } from './contacts.js';
import { str, type ElementOutcome, type WriteInput } from './elementOutcome.js';
import { buildLines, parseLineAmountTypes, renderLines } from './lineItems.js';
import { resolveAccount } from './payments.js';

export const BANK_TRANSACTION_FIELDS = [
  'Type', 'Contact', 'LineItems', 'BankAccount', 'IsReconciled', 'Date', 'Reference', 'CurrencyCode', 'CurrencyRate',
  'Status', 'LineAmountTypes', 'SubTotal', 'TotalTax', 'Total', 'BankTransactionID', 'UpdatedDateUTC', 'HasAttachments',
];

export function saveBankTransaction(org: OrgStore, raw: WriteInput, mode: 'create' | 'upsert', unitdp = 2): ElementOutcome<XeroBankTransaction> {
  const errors: string[] = [];
  const id = str(raw['BankTransactionID']);
  const existing = id !== undefined && mode === 'upsert' ? org.bankTransactions.get(id) : undefined;
  if (id !== undefined && existing === undefined) return { ok: false, errors: [`Bank transaction with BankTransactionID ${id} could not be found.`] };
  if (existing !== undefined && existing.IsReconciled) return { ok: false, errors: ['This bank transaction has been reconciled and cannot be edited.'] };
  const type = str(raw['Type']) ?? existing?.Type;
  if (type !== 'RECEIVE' && type !== 'SPEND') errors.push(type === undefined ? 'Type must be specified.' : `Bank transaction Type '${type}' is not supported: use RECEIVE or SPEND.`);
  const bank = raw['BankAccount'] !== undefined ? resolveAccount(org, raw['BankAccount']) : existing !== undefined ? org.accounts.get(existing.BankAccount.AccountID) : undefined;
  if (bank === undefined) errors.push(raw['BankAccount'] === undefined && existing === undefined ? 'A bank account must be specified.' : 'The bank account could not be found.');
  else if (bank.Type !== 'BANK') errors.push(`Account code '${bank.Code}' is not a bank account.`);
  else if (bank.Status !== 'ACTIVE') errors.push(`Account code '${bank.Code}' has been archived, or has been deleted.`);
  const lineAmountTypes = parseLineAmountTypes(raw['LineAmountTypes'] ?? existing?.LineAmountTypes);
  if (lineAmountTypes === undefined) errors.push(`LineAmountTypes '${String(raw['LineAmountTypes'])}' is not valid: use Exclusive, Inclusive or NoTax.`);
  const currency = str(raw['CurrencyCode']) ?? existing?.CurrencyCode ?? bank?.CurrencyCode ?? org.organisation.BaseCurrency;
  if (!org.currencies.has(currency)) errors.push(`The currency code ${currency} is not valid for this organisation.`);
  const date = raw['Date'] === undefined ? (existing !== undefined ? isoDay(parseMsDate(existing.Date) ?? 0) : isoDay(org.now())) : parseWriteDate(raw['Date']);
  if (date === undefined) errors.push(`Date '${String(raw['Date'])}' is not a valid date.`);
  const contact = raw['Contact'] !== undefined || existing === undefined ? resolveDocumentContact(org, raw['Contact'], errors) : org.contacts.get(existing.Contact.ContactID);
  const rawLines = raw['LineItems'] ?? existing?.LineItems;
  if (!Array.isArray(rawLines) || rawLines.length === 0) errors.push('A bank transaction must have at least one line item.');
  const built = lineAmountTypes === undefined
    ? undefined
    : buildLines(org, rawLines ?? [], { lineAmountTypes, side: type === 'SPEND' ? 'purchases' : 'sales', unitdp, requireAccount: true, discountsAllowed: false }, errors);
  if (errors.length > 0 || built === undefined || bank === undefined || contact === undefined || lineAmountTypes === undefined || date === undefined || (type !== 'RECEIVE' && type !== 'SPEND')) {
    return { ok: false, errors: errors.length > 0 ? errors : ['The bank transaction is not valid.'] };
  }
  const status = str(raw['Status']) === 'DELETED' ? 'DELETED' : (existing?.Status ?? 'AUTHORISED');
  const reference = str(raw['Reference']) ?? existing?.Reference;
  const record: XeroBankTransaction = {
    BankTransactionID: existing?.BankTransactionID ?? newGuid(),
    Type: type,
    Contact: { ContactID: contact.ContactID, Name: contact.Name },
    BankAccount: { AccountID: bank.AccountID, Code: bank.Code, Name: bank.Name },
    LineItems: built.lines,
    LineAmountTypes: lineAmountTypes,
    Date: msDate(date),
    ...(reference !== undefined ? { Reference: reference } : {}),
    IsReconciled: raw['IsReconciled'] === true,
    Status: status,
    CurrencyCode: currency,
    CurrencyRate: typeof raw['CurrencyRate'] === 'number' ? raw['CurrencyRate'] : 1,
    SubTotal: built.subTotal,
    TotalTax: built.totalTax,
    Total: built.total,
    HasAttachments: false,
    UpdatedDateUTC: org.stamp(),
  };
  return { ok: true, record: org.bankTransactions.put(record) };
}

export const renderBankTransaction = (t: XeroBankTransaction, unitdp: number): XeroBankTransaction => ({ ...t, LineItems: renderLines(t.LineItems, unitdp) });
