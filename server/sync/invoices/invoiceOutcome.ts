import type { SyncDirection as LogDirection, XTLogAction, XTLogStatus } from '../../vtiger/ownModules/ownModuleValues.js';
import type { XeroSyncStatus } from '../../vtiger/xeroInformationBlock.js';
import { messageOf } from '../run/outcomes.js';
import type { SyncReason } from '../types.js';
import type { RecordWait } from '../run/waits.js';
import type { XeroDocumentKind } from './buildXeroDocument.js';
import type { InvoiceLink } from './invoiceLinks.js';

/**
 * What happened to one invoice in a run, as a value: its count, its XTLog line, the link and the Xero
 * Information block to store, and its queue change. Built by the use cases, written by recordInvoiceOutcomes.
 */
export const INVOICE_OUTCOME_KINDS = ['created', 'updated', 'deleted', 'unchanged', 'skipped', 'refused', 'failed'] as const;
export type InvoiceOutcomeKind = (typeof INVOICE_OUTCOME_KINDS)[number];

export interface InvoiceOutcome {
  crmid: number;
  invoiceNumber: string | null;
  kind: InvoiceOutcomeKind;
  direction: LogDirection;
  /** null: nothing worth a log line (unchanged). */
  log: { action: XTLogAction; status: XTLogStatus; reasons: SyncReason[]; detail?: string } | null;
  xeroId: string | null;
  document: XeroDocumentKind | null;
  xeroNumber: string | null;
  /** Vtiger's total rounded to the cent, and Xero's total (as Xero answered, or as predicted in a dry run). */
  vtigerTotal: string | null;
  xeroTotal: string | null;
  link?: InvoiceLink;
  block?: { xeroId?: string | null; status: XeroSyncStatus };
  /**
   * Failed: retried with backoff; done: closes an open item; waiting: an open item stays Queued with the cause and no
   * attempt counted (the wait decides when it goes, see run/waits.ts) and `error` (default: the line) as its text;
   * needs action: an open item is set Failed.
   */
  queue?: { failed: true; error: string } | { failed: false } | { waiting: true; error?: string } | { needsAction: true };
  /** Why the invoice waits after this run; absent: any earlier wait is cleared. */
  wait?: RecordWait;
}

export type InvoiceCounts = Record<InvoiceOutcomeKind, number>;

export function emptyInvoiceCounts(): InvoiceCounts {
  return { created: 0, updated: 0, deleted: 0, unchanged: 0, skipped: 0, refused: 0, failed: 0 };
}

export interface InvoiceOutcomeSummary {
  crmid: number;
  invoiceNumber: string | null;
  outcome: InvoiceOutcomeKind;
  document: XeroDocumentKind | null;
  xeroId: string | null;
  xeroNumber: string | null;
  vtigerTotal: string | null;
  xeroTotal: string | null;
  /** The log line in the run's language ('' when none). */
  message: string;
  /** The i18n key of the main reason (for counting refusals by reason). */
  reasonKey: string | null;
}

export interface InvoiceRunSummary {
  runId: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  counts: InvoiceCounts;
  records: InvoiceOutcomeSummary[];
}

export function summaryOfInvoice(o: InvoiceOutcome, language: string | undefined): InvoiceOutcomeSummary {
  return {
    crmid: o.crmid,
    invoiceNumber: o.invoiceNumber,
    outcome: o.kind,
    document: o.document,
    xeroId: o.xeroId,
    xeroNumber: o.xeroNumber,
    vtigerTotal: o.vtigerTotal,
    xeroTotal: o.xeroTotal,
    message: o.log ? messageOf({ direction: o.direction, action: o.log.action, status: o.log.status, reasons: o.log.reasons, ...(o.log.detail ? { detail: o.log.detail } : {}) }, language) : '',
    reasonKey: o.log?.reasons[0]?.key ?? null,
  };
}
