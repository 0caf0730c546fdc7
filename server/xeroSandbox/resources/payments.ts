/**
 * Payments against AUTHORISED invoices: into a bank account (or one that allows payments), at most the amount
 * due. A payment reduces AmountDue, adds to AmountPaid and the invoice's Payments, and marks it PAID at zero.
 */
import { Decimal } from 'decimal.js';
import type { XeroAccount, XeroPayment } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { isoDay, msDate, newGuid, parseWriteDate } from '../xeroFormats.js';
import { str, type ElementOutcome, type WriteInput } from './elementOutcome.js';
import { findInvoice } from './invoices.js';

export const PAYMENT_FIELDS = [
  'Invoice', 'Account', 'Code', 'Date', 'CurrencyRate', 'Amount', 'BankAmount', 'Reference', 'IsReconciled', 'Status',
  'PaymentType', 'UpdatedDateUTC', 'PaymentID', 'HasAccount',
];

export function resolveAccount(org: OrgStore, raw: unknown): XeroAccount | undefined {
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  const input = raw as WriteInput;
  const id = str(input['AccountID']);
  if (id !== undefined) return org.accounts.get(id);
  const code = str(input['Code']);
  return code === undefined ? undefined : org.accounts.byCode(code);
}

export function savePayment(org: OrgStore, raw: WriteInput): ElementOutcome<XeroPayment> {
  const errors: string[] = [];
  const invoiceRef = raw['Invoice'];
  const invoice = invoiceRef !== null && typeof invoiceRef === 'object' ? findInvoice(org, invoiceRef as WriteInput) : undefined;
  if (invoice === undefined) errors.push(invoiceRef === undefined ? 'An Invoice must be specified for the payment.' : 'The invoice for this payment could not be found.');
  const account = resolveAccount(org, raw['Account']);
  if (account === undefined) errors.push(raw['Account'] === undefined ? 'An Account must be specified for the payment.' : 'The account for this payment could not be found.');
  else if (account.Status !== 'ACTIVE') errors.push(`Account code '${account.Code}' has been archived, or has been deleted.`);
  else if (account.Type !== 'BANK' && !account.EnablePaymentsToAccount) errors.push(`Account code '${account.Code}' is not a bank account and does not allow payments.`);
  const amount = raw['Amount'];
  if (typeof amount !== 'number' || !(amount > 0)) errors.push('Payment amount must be greater than zero.');
  const date = raw['Date'] === undefined ? isoDay(org.now()) : parseWriteDate(raw['Date']);
  if (date === undefined) errors.push(`Date '${String(raw['Date'])}' is not a valid date.`);
  if (invoice !== undefined && invoice.Status !== 'AUTHORISED') errors.push('Invoice not of valid status for payment');
  if (invoice !== undefined && typeof amount === 'number' && new Decimal(amount).greaterThan(invoice.AmountDue)) {
    errors.push('Payment amount exceeds the amount outstanding on this document.');
  }
  if (errors.length > 0 || invoice === undefined || account === undefined || typeof amount !== 'number' || date === undefined) return { ok: false, errors };

  const paid = new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const stamp = org.stamp();
  const currencyRate = typeof raw['CurrencyRate'] === 'number' ? raw['CurrencyRate'] : invoice.CurrencyRate;
  const payment: XeroPayment = {
    PaymentID: newGuid(),
    Date: msDate(date),
    Amount: paid.toNumber(),
    BankAmount: paid.toNumber(),
    CurrencyRate: currencyRate,
    ...(str(raw['Reference']) !== undefined ? { Reference: str(raw['Reference']) } : {}),
    IsReconciled: raw['IsReconciled'] === true,
    Status: 'AUTHORISED',
    PaymentType: invoice.Type === 'ACCREC' ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT',
    Account: { AccountID: account.AccountID, Code: account.Code },
    Invoice: { InvoiceID: invoice.InvoiceID, ...(invoice.InvoiceNumber !== undefined ? { InvoiceNumber: invoice.InvoiceNumber } : {}), Type: invoice.Type, Contact: invoice.Contact },
    HasAccount: true,
    HasValidationErrors: false,
    UpdatedDateUTC: stamp,
  };
  const amountDue = new Decimal(invoice.AmountDue).minus(paid);
  const fullyPaid = amountDue.isZero();
  org.invoices.put({
    ...invoice,
    AmountPaid: new Decimal(invoice.AmountPaid).plus(paid).toNumber(),
    AmountDue: amountDue.toNumber(),
    Status: fullyPaid ? 'PAID' : invoice.Status,
    ...(fullyPaid ? { FullyPaidOnDate: msDate(date) } : {}),
    Payments: [
      ...invoice.Payments,
      { PaymentID: payment.PaymentID, Date: payment.Date, Amount: payment.Amount, ...(payment.Reference !== undefined ? { Reference: payment.Reference } : {}), CurrencyRate: currencyRate, HasAccount: true, HasValidationErrors: false },
    ],
    UpdatedDateUTC: stamp,
  });
  return { ok: true, record: org.payments.put(payment) };
}
