import { cents, dec } from '../../money/decimal.js';
import type { InvoiceSyncSettings } from '../invoices/invoiceSettings.js';

/**
 * What Xero's payments on a linked invoice mean for the Vtiger invoice (pure): received = Xero's AmountPaid,
 * balance = Xero's AmountDue (both to the cent, as Xero keeps them; Vtiger's own balance would be total −
 * received on its unrounded total), and the status: Paid when nothing is due, Partially Paid when something was
 * paid, back to the "unpaid" status when payments were removed in Xero — other statuses are left alone.
 * Vtiger 8.2 has no "Partially Paid" invoice status: XTiger's install adds it to the invoicestatus picklist
 * (Vtiger stores any value; without the picklist entry an edit in Vtiger would drop it).
 */
export interface PaymentState {
  amountPaid: string;
  amountDue: string;
}

export interface VtigerPaymentFields {
  received: string;
  balance: string;
  /** undefined: keep the invoice's status. */
  invoicestatus: string | undefined;
}

export function paymentFields(xero: PaymentState, currentStatus: string | null, settings: InvoiceSyncSettings): VtigerPaymentFields {
  const paid = dec(xero.amountPaid);
  const due = dec(xero.amountDue);
  const { paid: paidStatus, partiallyPaid, unpaid } = settings.vtigerStatuses;
  let status: string | undefined;
  if (paid.greaterThan(0) && due.lessThanOrEqualTo(0)) status = paidStatus;
  else if (paid.greaterThan(0)) status = partiallyPaid;
  else if (currentStatus === paidStatus || currentStatus === partiallyPaid) status = unpaid;
  return { received: cents(paid), balance: cents(due), invoicestatus: status === currentStatus ? undefined : status };
}

/** Whether Xero's payment state differs from what was last written back (never written counts as nothing paid). */
export function paymentChanged(xero: PaymentState, last: { amountPaid: string | null; amountDue: string | null }): boolean {
  if (last.amountPaid === null) return dec(xero.amountPaid).greaterThan(0);
  return !dec(last.amountPaid).equals(dec(xero.amountPaid)) || !dec(last.amountDue ?? '0').equals(dec(xero.amountDue));
}
