/**
 * Sales invoices (ACCREC) and bills (ACCPAY). Totals are computed from the lines; AUTHORISED and PAID invoices
 * are locked against changes to their contact, dates, currency and lines (Xero wants a void or credit note);
 * DRAFT/SUBMITTED can be DELETED and AUTHORISED without payments VOIDED.
 */
import type { InvoiceStatus, InvoiceType, XeroInvoice } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { isoDay, msDate, newGuid, parseMsDate, parseWriteDate } from '../xeroFormats.js';
import { resolveDocumentContact } from './contacts.js';
import { checkLength, str, type ElementOutcome, type WriteInput } from './elementOutcome.js';
import { buildLines, parseLineAmountTypes, renderLines } from './lineItems.js';

export const INVOICE_FIELDS = [
  'Type', 'Contact', 'LineItems', 'Date', 'DueDate', 'LineAmountTypes', 'InvoiceNumber', 'Reference', 'CurrencyCode',
  'CurrencyRate', 'Status', 'SentToContact', 'SubTotal', 'TotalTax', 'Total', 'TotalDiscount', 'InvoiceID', 'Payments',
  'AmountDue', 'AmountPaid', 'FullyPaidOnDate', 'AmountCredited', 'UpdatedDateUTC', 'IsDiscounted', 'HasAttachments',
];

const LOCKING_FIELDS = ['LineItems', 'Contact', 'Date', 'CurrencyCode', 'LineAmountTypes', 'Type', 'CurrencyRate'];
const LOCKED_MESSAGE = 'Invoice not of valid status for modification';
const PAID_MESSAGE = 'This document cannot be edited as it has a payment or credit note allocated to it.';

function nextInvoiceNumber(org: OrgStore): string {
  const used = org.invoices.all().filter((i) => i.Type === 'ACCREC').map((i) => /^INV-(\d+)$/.exec(i.InvoiceNumber ?? '')?.[1]).filter((n) => n !== undefined).map(Number);
  return `INV-${String((used.length === 0 ? 0 : Math.max(...used)) + 1).padStart(4, '0')}`;
}

function statusChangeError(existing: XeroInvoice, next: InvoiceStatus, changesLocked: boolean): string | undefined {
  const from = existing.Status;
  if (from === 'VOIDED' || from === 'DELETED') return LOCKED_MESSAGE;
  if (from === 'PAID' || existing.Payments.length > 0) return changesLocked || next !== from ? PAID_MESSAGE : undefined;
  if (from === 'AUTHORISED') {
    if (changesLocked) return LOCKED_MESSAGE;
    return next === 'AUTHORISED' || next === 'VOIDED' ? undefined : LOCKED_MESSAGE;
  }
  // DRAFT / SUBMITTED
  if (next === 'VOIDED' || next === 'PAID') return `An invoice cannot be ${next === 'PAID' ? 'marked as paid' : 'voided'} from status ${from}.`;
  return undefined;
}

export function findInvoice(org: OrgStore, input: WriteInput): XeroInvoice | undefined {
  const id = str(input['InvoiceID']);
  if (id !== undefined) return org.invoices.get(id);
  const number = str(input['InvoiceNumber']);
  return number === undefined ? undefined : org.invoices.find((i) => i.InvoiceNumber === number && i.Status !== 'DELETED');
}

export function saveInvoice(org: OrgStore, raw: WriteInput, mode: 'create' | 'upsert', unitdp = 2): ElementOutcome<XeroInvoice> {
  const errors: string[] = [];
  const id = str(raw['InvoiceID']);
  const existing = id !== undefined || mode === 'upsert' ? findInvoice(org, raw) : undefined;
  if (id !== undefined && existing === undefined) return { ok: false, errors: [`Invoice with InvoiceID ${id} could not be found.`] };

  const statusInput = str(raw['Status']);
  const status = (statusInput ?? existing?.Status ?? 'DRAFT') as InvoiceStatus;
  if (!['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'].includes(status)) errors.push(`Invoice Status '${status}' is not valid.`);
  if (existing !== undefined) {
    const changesLocked = LOCKING_FIELDS.some((f) => raw[f] !== undefined);
    const e = statusChangeError(existing, status, changesLocked);
    if (e !== undefined) return { ok: false, errors: [e] };
  } else if (!['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(status)) {
    errors.push(`A new invoice cannot have the status ${status}.`);
  }

  const type = (str(raw['Type']) ?? existing?.Type) as InvoiceType | undefined;
  if (type !== 'ACCREC' && type !== 'ACCPAY') errors.push(type === undefined ? 'Invoice Type must be specified.' : `Invoice Type '${type}' is not supported: use ACCREC or ACCPAY.`);
  const lineAmountTypes = parseLineAmountTypes(raw['LineAmountTypes'] ?? existing?.LineAmountTypes);
  if (lineAmountTypes === undefined) errors.push(`LineAmountTypes '${String(raw['LineAmountTypes'])}' is not valid: use Exclusive, Inclusive or NoTax.`);
  const currency = str(raw['CurrencyCode']) ?? existing?.CurrencyCode ?? org.organisation.BaseCurrency;
  if (!org.currencies.has(currency)) errors.push(`The currency code ${currency} is not valid for this organisation.`);
  const dateIn = raw['Date'];
  const date = dateIn === undefined ? (existing !== undefined ? isoDay(parseMsDate(existing.Date) ?? 0) : isoDay(org.now())) : parseWriteDate(dateIn);
  if (date === undefined) errors.push(`Date '${String(dateIn)}' is not a valid date.`);
  const dueIn = raw['DueDate'];
  const dueDate = dueIn === undefined ? (existing?.DueDate !== undefined ? isoDay(parseMsDate(existing.DueDate) ?? 0) : undefined) : parseWriteDate(dueIn);
  if (dueIn !== undefined && dueDate === undefined) errors.push(`DueDate '${String(dueIn)}' is not a valid date.`);
  checkLength(errors, raw, 'InvoiceNumber', 255, 'Invoice number');
  const invoiceNumber = str(raw['InvoiceNumber']) ?? existing?.InvoiceNumber;
  if (type === 'ACCREC' && invoiceNumber !== undefined && org.invoices.find((i) => i.Type === 'ACCREC' && i.InvoiceNumber === invoiceNumber && i.InvoiceID !== existing?.InvoiceID && i.Status !== 'DELETED' && i.Status !== 'VOIDED') !== undefined) {
    errors.push('Invoice # must be unique.');
  }

  const contact = raw['Contact'] !== undefined || existing === undefined ? resolveDocumentContact(org, raw['Contact'], errors) : org.contacts.get(existing.Contact.ContactID);
  const approved = status === 'AUTHORISED';
  const rawLines = raw['LineItems'] !== undefined ? raw['LineItems'] : existing?.LineItems;
  const built = lineAmountTypes === undefined || type === undefined
    ? undefined
    : buildLines(org, rawLines ?? [], { lineAmountTypes, side: type === 'ACCREC' ? 'sales' : 'purchases', unitdp, requireAccount: approved, discountsAllowed: type === 'ACCREC' }, errors);
  if (approved && (rawLines === undefined || (Array.isArray(rawLines) && rawLines.length === 0))) errors.push('An approved invoice must have at least one line item.');
  if (errors.length > 0 || built === undefined || contact === undefined || type === undefined || lineAmountTypes === undefined || date === undefined) {
    return { ok: false, errors: errors.length > 0 ? errors : ['The invoice is not valid.'] };
  }

  const amountPaid = existing?.AmountPaid ?? 0;
  const record: XeroInvoice = {
    InvoiceID: existing?.InvoiceID ?? newGuid(),
    Type: type,
    ...(type === 'ACCREC' || invoiceNumber !== undefined ? { InvoiceNumber: invoiceNumber ?? nextInvoiceNumber(org) } : {}),
    ...(str(raw['Reference']) ?? existing?.Reference) !== undefined ? { Reference: str(raw['Reference']) ?? existing?.Reference } : {},
    Contact: { ContactID: contact.ContactID, Name: contact.Name },
    Date: msDate(date),
    ...(dueDate !== undefined ? { DueDate: msDate(dueDate) } : {}),
    Status: status,
    LineAmountTypes: lineAmountTypes,
    LineItems: built.lines,
    SubTotal: built.subTotal,
    TotalTax: built.totalTax,
    Total: built.total,
    ...(built.totalDiscount > 0 ? { TotalDiscount: built.totalDiscount } : {}),
    AmountDue: Math.round((built.total - amountPaid) * 100) / 100,
    AmountPaid: amountPaid,
    AmountCredited: existing?.AmountCredited ?? 0,
    CurrencyCode: currency,
    CurrencyRate: typeof raw['CurrencyRate'] === 'number' ? raw['CurrencyRate'] : (existing?.CurrencyRate ?? 1),
    Payments: existing?.Payments ?? [],
    ...(existing?.FullyPaidOnDate !== undefined ? { FullyPaidOnDate: existing.FullyPaidOnDate } : {}),
    ...(typeof raw['SentToContact'] === 'boolean' ? { SentToContact: raw['SentToContact'] } : existing?.SentToContact !== undefined ? { SentToContact: existing.SentToContact } : {}),
    IsDiscounted: built.totalDiscount > 0,
    HasAttachments: false,
    HasErrors: false,
    UpdatedDateUTC: org.stamp(),
  };
  if (status === 'AUTHORISED') {
    const flag = type === 'ACCREC' ? 'IsCustomer' : 'IsSupplier';
    if (contact[flag] !== true) org.contacts.put({ ...contact, [flag]: true, UpdatedDateUTC: org.stamp() });
  }
  return { ok: true, record: org.invoices.put(record) };
}

export const renderInvoice = (invoice: XeroInvoice, unitdp: number): XeroInvoice => ({ ...invoice, LineItems: renderLines(invoice.LineItems, unitdp) });
