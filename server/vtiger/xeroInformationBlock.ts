/**
 * The "Xero Information" block that XTiger's install hook adds to the five synced Vtiger modules.
 * One source of truth for the field names: the manifest/install hook, the test installer, the record
 * readers and the sync engine all use these. Picklist fields (uitype 16) get a prefixed, unique name because
 * Vtiger creates a global table `vtiger_<fieldname>` for each; the others live in the module's cf table.
 */
export const SYNCED_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'] as const;
export type SyncedModule = (typeof SYNCED_MODULES)[number];

export const XERO_BLOCK_LABEL = 'LBL_XERO_INFORMATION';

export const XERO_FIELDS = {
  allowSync: { fieldname: 'cf_xt_allow_sync', label: 'Allow XTiger Sync', uitype: 56, typeofdata: 'C~O' },
  xeroId: { fieldname: 'cf_xt_xero_id', label: 'Xero ID', uitype: 1, typeofdata: 'V~O' },
  syncStatus: { fieldname: 'xt_sync_status', label: 'Xero Sync Status', uitype: 16, typeofdata: 'V~O' },
  lastSync: { fieldname: 'cf_xt_last_sync', label: 'Last Xero Sync', uitype: 1, typeofdata: 'V~O' },
} as const;

/** Invoice only. */
export const XERO_INVOICE_TYPE_FIELD = { fieldname: 'xt_invoice_type', label: 'Xero Invoice Type', uitype: 16, typeofdata: 'V~O' } as const;

export const XERO_SYNC_STATUSES = ['Not synced', 'Synced', 'Failed', 'Conflict'] as const;
export type XeroSyncStatus = (typeof XERO_SYNC_STATUSES)[number];

export const XERO_INVOICE_TYPES = ['Invoice', 'Bill', 'Receipt'] as const;
export type XeroInvoiceType = (typeof XERO_INVOICE_TYPES)[number];
