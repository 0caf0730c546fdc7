/**
 * The shapes Vtiger's `webservice.php` (API 0.22, Vtiger 8.2) speaks. Records are loose on purpose: every
 * module has its own fields, and Vtiger answers with strings for almost everything (numbers for a few
 * invoice totals right after a write). Ids are webservice ids: `<entity prefix>x<crmid>`, e.g. `12x5`.
 */
export type WsId = string;

/** A record as the webservice returns it, text already HTML-decoded. */
export interface WsRecord {
  id: WsId;
  label?: string;
  [field: string]: unknown;
}

/** A record to write: field name → value (ids of referenced records as webservice ids). */
export type WsElement = Record<string, unknown>;

/** One invoice line as sent to `create`/`update`/`revise` (`LineItems`). */
export interface WsLineItem {
  productid: WsId;
  quantity: string;
  listprice: string;
  comment?: string;
  discount_percent?: string;
  discount_amount?: string;
  /** Per-line tax percentages, `tax1`..`taxN`. */
  [field: string]: unknown;
}

/** The success/failure envelope of every handled webservice answer (HTTP 200). */
export type WsEnvelope<T> =
  | { success: true; result: T }
  | { success: false; error: { code: string | number; message: string } };

export interface WsLoginResult {
  sessionName: string;
  userId: WsId;
  version?: string;
  vtigerVersion?: string;
  [field: string]: unknown;
}

export interface WsDescribeField {
  name: string;
  label: string;
  mandatory: boolean;
  type: { name: string; refersTo?: string[]; picklistValues?: Array<{ label: string; value: string }>; format?: string };
  isunique?: boolean;
  nullable: boolean;
  editable: boolean;
  default?: unknown;
}

export interface WsDescribeResult {
  label: string;
  name: string;
  createable: boolean;
  updateable: boolean;
  deleteable: boolean;
  retrieveable: boolean;
  fields: WsDescribeField[];
  idPrefix: string;
  isEntity: boolean;
  allowDuplicates?: boolean;
  labelFields: string;
}

export interface WsListTypesResult {
  types: string[];
  information: Record<string, { isEntity: boolean; label: string; singular: string }>;
}

/** A group-tax definition (`vtiger_inventorytaxinfo`): `taxName` is the line field, e.g. `tax1`. */
export interface GroupTaxPercentage {
  taxName: string;
  percentage: string;
}
