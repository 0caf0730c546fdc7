/**
 * The "Xero Information" block that XTiger's install hook adds to the five synced Vtiger modules, and the other
 * things the hook registers on them (links, related lists, the Settings entry). One source of truth for the names:
 * the PHP install hook, the test installer, the record readers and the sync engine all use these.
 *
 * Field choices follow Vtiger's own modules (see ../../vtiger-module/README.md):
 * - Picklist fields (uitype 16) get a prefixed, unique name because Vtiger creates a global table
 *   `vtiger_<fieldname>` for each; the others are named `cf_xt_…` with the column without `cf_` (what vtlib
 *   writes for an extension's field, ../shared/vtiger/golden/install-diff.sql).
 * - Every column lives in the module's custom-field table (`vtiger_contactscf` …), which has one row per record.
 * - Read-only fields use displaytype 2, as Vtiger's own Created Time / Source: shown in the detail view, never in
 *   edit forms. Vtiger's save (CRMEntity::insertIntoEntityTable) writes only displaytype 1,3,4,6 on create and
 *   1,3,6 on update, so neither a user nor a webservice save touches them: the sync writes these columns itself.
 * - "Last Xero Sync" is uitype 70 / DT~O on a DATETIME column: the uitype Vtiger uses for a date-time that only
 *   the system sets (createdtime, modifiedtime, PBXManager's starttime). Values are UTC `YYYY-MM-DD HH:MM:SS`.
 */
export const SYNCED_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'] as const;
export type SyncedModule = (typeof SYNCED_MODULES)[number];

export const XERO_BLOCK_LABEL = 'LBL_XERO_INFORMATION';

export interface XeroBlockField {
  fieldname: string;
  /** Column in the module's custom-field table. */
  column: string;
  /** SQL type of that column, as vtlib's `Vtiger_Field->columntype`. */
  columntype: string;
  label: string;
  uitype: number;
  typeofdata: string;
  /** 1: editable; 2: read-only (detail view only). */
  displaytype: 1 | 2;
  masseditable: 0 | 1;
  /** vtiger_field.defaultvalue: what Vtiger's forms preselect for a new record. */
  defaultvalue: string;
  picklistValues?: readonly string[];
  /**
   * Picklist values an earlier version of XTiger stored, and the value each is now. The module's update hook renames
   * them in place (same picklist id and order, records, default value); the backend reads an old one as its new one.
   */
  renamedPicklistValues?: Readonly<Record<string, string>>;
}

export const XERO_SYNC_STATUSES = ['Not synced', 'Synced', 'Failed', 'Conflict'] as const;
export type XeroSyncStatus = (typeof XERO_SYNC_STATUSES)[number];

/**
 * The values of "Xero Invoice Type", in Xero's own words: Xero's API calls an ACCREC document "a sales invoice" and an
 * ACCPAY one "a bill"; a receipt is money received at once (a RECEIVE bank transaction).
 *
 * Vtiger translates a picklist value through the host module's strings (Vtiger_Picklist_UIType::getDisplayValue),
 * and Vtiger's own languages/en_us/Invoice.php translates 'Invoice' as 'Invoices', so a value 'Invoice' would be shown
 * as the module's plural name. No key of Vtiger 8.2's Invoice.php or Vtiger.php (nor of the vtigercrm-jp Japanese
 * pack's) is 'Sales Invoice', 'Bill' or 'Receipt': each shows XTiger's own label (languages/<lang>/XTiger.php).
 */
export const XERO_INVOICE_TYPES = ['Sales Invoice', 'Bill', 'Receipt'] as const;
export type XeroInvoiceType = (typeof XERO_INVOICE_TYPES)[number];

/** XTiger 1.0.0 stored the sales invoice as 'Invoice' (shown as "Invoices"); the update to 1.0.1 renames it in place. */
export const RENAMED_INVOICE_TYPES: Readonly<Record<string, XeroInvoiceType>> = { Invoice: 'Sales Invoice' };

/**
 * A stored "Xero Invoice Type" as a type: a current value as itself, a value of an earlier version as its new name
 * (an invoice not yet renamed by the update is still a sales invoice, never a bill), anything else undefined.
 */
export function xeroInvoiceTypeOf(stored: string | null | undefined): XeroInvoiceType | undefined {
  if (!stored) return undefined;
  if ((XERO_INVOICE_TYPES as readonly string[]).includes(stored)) return stored as XeroInvoiceType;
  return Object.hasOwn(RENAMED_INVOICE_TYPES, stored) ? RENAMED_INVOICE_TYPES[stored] : undefined;
}

export const XERO_FIELDS = {
  allowSync: {
    fieldname: 'cf_xt_allow_sync', column: 'xt_allow_sync', columntype: "varchar(3) DEFAULT '0'", label: 'Allow XTiger Sync',
    uitype: 56, typeofdata: 'C~O', displaytype: 1, masseditable: 1, defaultvalue: '',
  },
  xeroId: {
    fieldname: 'cf_xt_xero_id', column: 'xt_xero_id', columntype: 'varchar(100) DEFAULT NULL', label: 'Xero ID',
    uitype: 1, typeofdata: 'V~O', displaytype: 2, masseditable: 0, defaultvalue: '',
  },
  syncStatus: {
    fieldname: 'xt_sync_status', column: 'xt_sync_status', columntype: 'varchar(100) DEFAULT NULL', label: 'Xero Sync Status',
    uitype: 16, typeofdata: 'V~O', displaytype: 2, masseditable: 0, defaultvalue: '', picklistValues: XERO_SYNC_STATUSES,
  },
  lastSync: {
    fieldname: 'cf_xt_last_sync', column: 'xt_last_sync', columntype: 'datetime DEFAULT NULL', label: 'Last Xero Sync',
    uitype: 70, typeofdata: 'DT~O', displaytype: 2, masseditable: 0, defaultvalue: '',
  },
} as const satisfies Record<string, XeroBlockField>;

/** Invoice only. Existing invoices keep NULL (read as a sales invoice); new ones get "Sales Invoice" preselected. */
export const XERO_INVOICE_TYPE_FIELD = {
  fieldname: 'xt_invoice_type', column: 'xt_invoice_type', columntype: 'varchar(100) DEFAULT NULL', label: 'Xero Invoice Type',
  uitype: 16, typeofdata: 'V~O', displaytype: 1, masseditable: 1, defaultvalue: 'Sales Invoice', picklistValues: XERO_INVOICE_TYPES,
  renamedPicklistValues: RENAMED_INVOICE_TYPES,
} as const satisfies XeroBlockField;

/** The block's fields on one module, in block order. */
export function xeroBlockFields(module: SyncedModule): XeroBlockField[] {
  const common: XeroBlockField[] = [XERO_FIELDS.allowSync, XERO_FIELDS.xeroId, XERO_FIELDS.syncStatus, XERO_FIELDS.lastSync];
  return module === 'Invoice' ? [...common, XERO_INVOICE_TYPE_FIELD] : common;
}

/** Where each synced module keeps its custom fields (its class's `$customFieldTable`). */
export const CUSTOM_FIELD_TABLES: Readonly<Record<SyncedModule, { table: string; index: string }>> = {
  Contacts: { table: 'vtiger_contactscf', index: 'contactid' },
  Accounts: { table: 'vtiger_accountscf', index: 'accountid' },
  Products: { table: 'vtiger_productcf', index: 'productid' },
  Services: { table: 'vtiger_servicecf', index: 'serviceid' },
  Invoice: { table: 'vtiger_invoicecf', index: 'invoiceid' },
};

/** The widget bundle, loaded on every page (HEADERSCRIPT on tabid 0); the file ships in XTiger's zip. */
export const XTIGER_HEADER_SCRIPT = { linklabel: 'XTigerHeaderScript', linkurl: 'layouts/v7/modules/XTiger/resources/xtiger.js' } as const;

/**
 * Links on each synced module. The URLs call the widget bundle's global `XTiger` object
 * (`XTiger.massSync()` and `XTiger.addToQueue()` read the list view's selection, `XTiger.syncRecord()` the detail
 * view's record).
 */
export const XTIGER_MODULE_LINKS = [
  { linktype: 'LISTVIEWMASSACTION', linklabel: 'Sync to Xero', linkurl: 'javascript:XTiger.massSync();' },
  /** The ticked records get an XTQueue entry each, taken by the next run (widget/src/syncActions.ts). */
  { linktype: 'LISTVIEWMASSACTION', linklabel: 'Add to queue', linkurl: 'javascript:XTiger.addToQueue();' },
  { linktype: 'DETAILVIEWBASIC', linklabel: 'Sync with Xero', linkurl: 'javascript:XTiger.syncRecord();' },
] as const;

/** Related lists added to each synced module: its log and queue rows, through their relation fields. */
export const XTIGER_RELATED_LISTS = [
  { module: 'XTLog', label: 'XTLog', relationField: 'xtl_related_to' },
  { module: 'XTQueue', label: 'XTQueue', relationField: 'xtq_related_to' },
] as const;

/** XTiger's entry under Settings → Integration (vtiger_settings_blocks LBL_INTEGRATION). */
export const XTIGER_SETTINGS_ENTRY = {
  block: 'LBL_INTEGRATION',
  name: 'XTiger',
  description: 'Two-way sync between Vtiger and Xero',
  linkto: 'index.php?module=XTiger&parent=Settings&view=Settings',
} as const;
