import type { VtigerInvoice } from '../../vtiger/records/invoices.js';
import { reason, type SyncReason } from '../types.js';
import { invoiceRecordName } from './buildXeroDocument.js';
import type { InvoiceSyncSettings } from './invoiceSettings.js';
import { CANCELLED_STATUS } from './statusMap.js';

/**
 * Whether a Vtiger invoice takes part in Vtiger → Xero under Sync Settings' "which records" (pure). Undefined: it
 * does; otherwise the reason it does not, for a line when the user asked for it by id (a scheduled or change-feed
 * run says nothing about records outside the selection, as for the other modules).
 *
 * By status:
 * - an invoice whose Status is not chosen is not sent, and one already in Xero is left alone (no update): leaving
 *   the selection is the admin's way of saying "stop syncing these", not "change them in Xero";
 * - except a move to 'Cancel' of one already in Xero: it is still voided or deleted there (planInvoice decides
 *   which), so Xero never keeps a live document Vtiger cancelled. A cancelled one never sent stays unsent;
 * - an invoice that enters the selection later (its Status changed, so its modifiedtime did) comes back through
 *   the change feed and is sent by the next run, with no other action.
 * Xero → Vtiger (syncXeroInvoicesToVtiger, payments) does not look at the selection.
 */
export function invoiceNotSelected(invoice: VtigerInvoice, inXero: boolean, settings: Pick<InvoiceSyncSettings, 'selection' | 'selectionStatuses'>): SyncReason | undefined {
  const record = invoiceRecordName(invoice);
  switch (settings.selection) {
    case 'all':
      return undefined;
    case 'allowSync':
      return invoice.xero?.allowSync === true ? undefined : reason('invoice.skip.notSelected', { record });
    case 'status': {
      const status = (invoice.status ?? '').trim();
      if (settings.selectionStatuses.includes(status)) return undefined;
      if (status === CANCELLED_STATUS && inXero) return undefined;
      return reason('invoice.skip.statusNotSelected', { record, status: status || '—' });
    }
  }
}
