/**
 * Typed Vtiger records as XTiger reads them from the database. Values are exactly as stored: text in UTF-8 with
 * its real newlines, money and quantities as decimal strings (`'575.37550000'`), dates `yyyy-mm-dd`, times
 * `yyyy-mm-dd hh:mm:ss` in UTC as Vtiger stores them, `null` where the column is NULL. References to other
 * records are crmids (`null` for none; Vtiger stores "none" as NULL or 0).
 */
import type { SyncedModule } from '../xeroInformationBlock.js';

export interface VtigerOwner {
  id: number;
  kind: 'user' | 'group';
  /** Login name for users, null for groups. */
  userName: string | null;
  /** "First Last" for users, the group name for groups; empty when the owner no longer exists. */
  name: string;
}

export interface VtigerCurrency {
  id: number;
  code: string;
  symbol: string;
  name: string;
  /** Rate against the base currency as configured now (vtiger_currency_info). */
  conversionRate: string;
}

/** The "Xero Information" block values; each is undefined when that field is not installed. */
export interface XeroInformation {
  allowSync: boolean | undefined;
  xeroId: string | null | undefined;
  syncStatus: string | null | undefined;
  lastSync: string | null | undefined;
  /** Invoice only: the stored value as is (XTiger 1.0.0 stored 'Invoice'); read it with xeroInvoiceTypeOf. */
  invoiceType?: string | null | undefined;
}

export interface VtigerAddress {
  street: string | null;
  poBox: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

/** A tax as it applies to a product, a line or a charge. */
export interface AppliedTax {
  /** Vtiger's tax column name: `tax1`, `tax2`… (`shtax1`… for S&H taxes). */
  taxName: string;
  label: string;
  /** Percentage as stored (`'4.500'`). */
  percentage: string;
}

export interface VtigerRecordBase {
  crmid: number;
  module: SyncedModule;
  /** The record number Vtiger hands out (`CON1`, `INV3`). */
  recordNumber: string | null;
  /** vtiger_crmentity.label (the full text, even where a column cut it). */
  label: string | null;
  owner: VtigerOwner;
  createdTime: string;
  modifiedTime: string;
  deleted: boolean;
  description: string | null;
  /** Xero Information block values, undefined before XTiger's extension is installed. */
  xero: XeroInformation | undefined;
  /** Every custom field (`cf_…`) of the module by field name, value as stored. */
  customFields: Record<string, string | number | null>;
}
