import type { BankTransaction, Contact, Invoice, Item, Payment } from 'xero-node';

/** How an element of a batch is named in messages, in the user's words. */
export function contactLabel(c: Contact): string {
  return `contact "${c.name ?? '(no name)'}"${c.contactNumber ? ` (contact number ${c.contactNumber})` : ''}`;
}

export function itemLabel(i: Item): string {
  return `item "${i.code ?? '(no code)'}"${i.name ? ` (${i.name})` : ''}`;
}

export function invoiceLabel(i: Invoice): string {
  const kind = String(i.type) === 'ACCPAY' ? 'bill' : 'invoice';
  const id = i.invoiceNumber ?? i.reference ?? i.invoiceID ?? '(no number)';
  return `${kind} "${id}"${i.contact?.name ? ` for ${i.contact.name}` : ''}`;
}

export function paymentLabel(p: Payment): string {
  const inv = p.invoice?.invoiceNumber ?? p.invoice?.invoiceID ?? '(no invoice)';
  return `payment of ${p.amount ?? '?'} on invoice "${inv}"`;
}

export function bankTransactionLabel(b: BankTransaction): string {
  return `bank transaction "${b.reference ?? b.bankTransactionID ?? '(no reference)'}"${b.contact?.name ? ` from ${b.contact.name}` : ''}`;
}
