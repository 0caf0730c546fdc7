import type { VtigerInvoice } from '../../vtiger/records/invoices.js';
import { xeroInvoiceTypeOf, type XeroInvoiceType } from '../../vtiger/xeroInformationBlock.js';
import { reason, type SyncReason } from '../types.js';
import { buildXeroDocument, documentKindOf, documentName, invoiceRecordName, type BuildContext, type BuiltDocument } from './buildXeroDocument.js';
import type { InvoiceLink } from './invoiceLinks.js';
import type { InvoiceSyncSettings } from './invoiceSettings.js';
import { decideStatus } from './statusMap.js';
import { draftHash } from './xeroPayload.js';

/**
 * One decision per Vtiger invoice (pure): create, update, cancel (void/delete), nothing (unchanged), wait for a
 * locked Xero document, skip with a reason (cancelled and never sent, cancelled but paid), or refuse with a reason
 * (what to change).
 *
 * Locked documents: a Xero invoice or bill that is AUTHORISED or PAID, or a receipt that is reconciled, is never
 * edited. A later Vtiger change waits (`locked`, with the hash of the change) until the document lets it through
 * (`lockedDocumentReleased`) — or, with `onLockedChange: voidAndRecreate`, an AUTHORISED document without payments
 * is voided and a new one created at once. A paid one never is.
 */
export type InvoicePlan =
  | { action: 'create'; built: BuiltDocument; hash: string; replaces?: { link: InvoiceLink; how: 'void' | 'delete' } }
  | { action: 'update'; built: BuiltDocument; hash: string; link: InvoiceLink }
  | { action: 'cancel'; link: InvoiceLink; how: 'void' | 'delete' }
  | { action: 'unchanged'; link: InvoiceLink }
  | { action: 'locked'; link: InvoiceLink; reason: SyncReason; hash: string }
  | { action: 'skip'; reason: SyncReason; link?: InvoiceLink }
  | { action: 'refuse'; reason: SyncReason };

export interface PlanInput {
  invoice: VtigerInvoice;
  link: InvoiceLink | undefined;
  settings: InvoiceSyncSettings;
  /** The Xero ContactID, when the invoice's organization or contact is in Xero. */
  contactId: string | undefined;
  /** Organisation facts and item codes; status, contact and type are filled in here. */
  base: Omit<BuildContext, 'documentType' | 'status' | 'contactId'>;
  /** The record is not in Xero and its organization/contact are named for the message. */
  missingParty?: { module: string; name: string };
  /**
   * Products/services of its lines that XTiger refused to send to Xero (they wait for a fix): with item codes on,
   * the invoice waits for them rather than going without their code.
   */
  refusedItems?: ReadonlyMap<number, string>;
  /** The type of an invoice whose "Xero Invoice Type" is empty (the field's default); default a sales invoice. */
  defaultType?: XeroInvoiceType;
}

/** The first line whose item was refused (item codes on), for the invoice's wait. */
function refusedItemLine(input: PlanInput): { line: number; crmid: number; name: string } | undefined {
  if (!input.settings.useItemCodes || !input.refusedItems || input.refusedItems.size === 0) return undefined;
  for (const l of input.invoice.lineItems) {
    const name = l.productId !== null ? input.refusedItems.get(l.productId) : undefined;
    if (name !== undefined && l.productId !== null) return { line: l.sequence, crmid: l.productId, name };
  }
  return undefined;
}

/**
 * The invoice's "Xero Invoice Type"; 1.0.0's 'Invoice' not yet renamed is a sales invoice. Empty or unknown: the
 * field's default (Sync Settings → default Xero Invoice Type), else a sales invoice.
 */
export function invoiceTypeOf(invoice: VtigerInvoice, defaultType: XeroInvoiceType = 'Sales Invoice'): XeroInvoiceType {
  return xeroInvoiceTypeOf(invoice.xero?.invoiceType) ?? defaultType;
}

const TYPE_OF_KIND = { invoice: 'Sales Invoice', bill: 'Bill', receipt: 'Receipt' } as const satisfies Record<string, XeroInvoiceType>;

/**
 * The type to plan with: an invoice already in Xero whose type is empty stays the kind it was sent as, so changing
 * the default in Sync Settings never turns sent invoices into bills (or back) behind the admin's back.
 */
function plannedType(input: PlanInput): XeroInvoiceType {
  const stored = xeroInvoiceTypeOf(input.invoice.xero?.invoiceType);
  if (stored) return stored;
  if (input.link && input.link.xeroStatus !== 'VOIDED' && input.link.xeroStatus !== 'DELETED') return TYPE_OF_KIND[input.link.kind];
  return invoiceTypeOf(input.invoice, input.defaultType);
}

const EDITABLE = new Set(['DRAFT', 'SUBMITTED']);
const GONE = new Set(['VOIDED', 'DELETED']);
const STATUS_ORDER: Record<string, number> = { DRAFT: 1, SUBMITTED: 2, AUTHORISED: 3, PAID: 4 };

function paid(link: InvoiceLink): boolean {
  return link.xeroStatus === 'PAID' || Number(link.amountPaid ?? 0) > 0;
}

function isLocked(link: InvoiceLink): boolean {
  return link.kind === 'receipt' ? link.reconciled : !EDITABLE.has(link.xeroStatus) && !GONE.has(link.xeroStatus);
}

/** How an existing document can be taken out of the way: deleted (editable), voided (AUTHORISED, unpaid), or not at all. */
function removal(link: InvoiceLink): 'void' | 'delete' | undefined {
  if (link.kind === 'receipt') return link.reconciled ? undefined : 'delete';
  if (EDITABLE.has(link.xeroStatus)) return 'delete';
  if (link.xeroStatus === 'AUTHORISED' && !paid(link)) return 'void';
  return undefined;
}

/**
 * Whether a Vtiger change could go to this document now (pure; the planner decides the same way): it is gone from
 * Xero (voided, deleted: the change goes as a new document), editable again (draft, submitted; a receipt not
 * reconciled), or XTiger may void and re-create it (`voidAndRecreate`, AUTHORISED without payments).
 */
export function lockedDocumentReleased(link: InvoiceLink, settings: Pick<InvoiceSyncSettings, 'onLockedChange'>): boolean {
  if (GONE.has(link.xeroStatus) || !isLocked(link)) return true;
  return removal(link) === 'void' && settings.onLockedChange === 'voidAndRecreate';
}

/** Why a change to a locked document waits, naming the document, its state and what the admin can do. */
export function lockedReason(record: string, link: InvoiceLink, language: string, bank = ''): SyncReason {
  const params = { record, document: documentName(link.kind, language, bank), number: link.xeroNumber ?? link.xeroId, status: link.kind === 'receipt' ? 'reconciled' : link.xeroStatus };
  if (link.kind === 'receipt') return reason('invoice.waiting.lockedReceipt', params);
  return reason(paid(link) ? 'invoice.waiting.lockedPaid' : 'invoice.waiting.locked', params);
}

function lockedWait(input: PlanInput, link: InvoiceLink, hash: string): InvoicePlan {
  return { action: 'locked', link, hash, reason: lockedReason(invoiceRecordName(input.invoice), link, input.settings.language, input.settings.receiptBankAccount ?? '') };
}

export function planInvoice(input: PlanInput): InvoicePlan {
  const { invoice, link, settings } = input;
  const record = invoiceRecordName(invoice);
  const decision = decideStatus(invoice.status, settings);
  const type = plannedType(input);
  const kind = documentKindOf(type);

  if (decision.kind === 'cancel') {
    if (!link) return { action: 'skip', reason: reason('invoice.skip.cancelledNotSent', { record }) };
    if (GONE.has(link.xeroStatus)) return { action: 'unchanged', link };
    const how = removal(link);
    if (how) return { action: 'cancel', link, how };
    return { action: 'skip', link, reason: reason('invoice.skip.cancelledPaid', { record, document: documentName(link.kind, settings.language), number: link.xeroNumber ?? link.xeroId }) };
  }
  if (decision.kind === 'refuse') return { action: 'refuse', reason: reason('invoice.refused.creditInvoice', { record, status: decision.status }) };
  if (input.contactId === undefined) {
    if (!input.missingParty) return { action: 'refuse', reason: reason('invoice.refused.noContact', { record }) };
    return { action: 'refuse', reason: reason('invoice.refused.contactNotInXero', { record, module: input.missingParty.module, name: input.missingParty.name }) };
  }
  const refusedItem = refusedItemLine(input);
  if (refusedItem) return { action: 'refuse', reason: reason('invoice.refused.itemNotInXero', { record, line: refusedItem.line, item: refusedItem.name, itemCrmid: refusedItem.crmid }) };

  const built = buildXeroDocument(invoice, { ...input.base, documentType: type, status: decision.status, contactId: input.contactId });
  if (!built.ok) return { action: 'refuse', reason: built.reason };
  const hash = draftHash(built.draft);
  if (!link || GONE.has(link.xeroStatus)) return { action: 'create', built, hash };
  if (link.kind === kind && link.contentHash === hash) {
    // Same content: only a status Xero has not reached yet is worth a write (DRAFT → AUTHORISED); never a step back.
    const ahead = (STATUS_ORDER[built.draft.status] ?? 0) > (STATUS_ORDER[link.xeroStatus] ?? 99);
    return ahead && kind !== 'receipt' && EDITABLE.has(link.xeroStatus) ? { action: 'update', built, hash, link } : { action: 'unchanged', link };
  }
  if (link.kind !== kind || isLocked(link)) {
    const how = removal(link);
    const allowed = how === 'delete' || (how === 'void' && settings.onLockedChange === 'voidAndRecreate');
    if (how && allowed) return { action: 'create', built, hash, replaces: { link, how } };
    return lockedWait(input, link, hash);
  }
  return { action: 'update', built, hash, link };
}
