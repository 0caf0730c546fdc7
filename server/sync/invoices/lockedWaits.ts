import type { Knex } from 'knex';
import type { XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import { readWaits, type StoredWait } from '../run/waits.js';
import { reason, type SyncReason } from '../types.js';
import { findInvoiceLinks, upsertInvoiceLinks, type InvoiceLink } from './invoiceLinks.js';
import type { InvoiceOutcome } from './invoiceOutcome.js';
import type { InvoiceSyncSettings } from './invoiceSettings.js';
import { lockedDocumentReleased } from './planInvoice.js';
import { readSetting, saveSetting } from './xtigerSettings.js';

/**
 * Vtiger changes waiting for a locked Xero document (wait cause `locked`, see run/waits.ts; ref: the Xero
 * document's id; facts hash: the hash of the refused change). One XTLog line (status Conflict) the run a change is
 * refused; the record's Xero Sync Status says Conflict and its XTQueue item stays Queued with the reason. A run that
 * meets the same change again (an echo of a payment written back, a save that changed nothing Xero sees) writes no
 * new line. The change goes by itself once the document lets it through (`lockedDocumentReleased`): voided or
 * deleted in Xero, back to draft, unreconciled, or voidable when `onLockedChange` becomes `voidAndRecreate`.
 *
 * What tells: the invoice links' stored Xero status, which the payments pull (If-Modified-Since) keeps up to date
 * at no extra call, and otherwise one read of just the waiting documents changed since the last such read (receipts
 * always — no other read covers bank transactions —, invoices and bills when no payments pull runs).
 */
const READ_AT = 'sync.invoices.lockedDocumentsReadAt';
const OVERLAP_MS = 5 * 60_000;
const IDS_PER_READ = 50;

type OutcomeBase = Pick<InvoiceOutcome, 'crmid' | 'invoiceNumber' | 'direction' | 'vtigerTotal'>;

/** The outcome of a Vtiger change a locked document refuses: a Conflict line, the wait, the queue item kept open. */
export function lockedOutcome(base: OutcomeBase, plan: { link: InvoiceLink; reason: SyncReason; hash: string }, detail?: string, storeLink = false): InvoiceOutcome {
  const { link } = plan;
  return {
    ...base,
    kind: 'skipped',
    log: { action: 'Skip', status: 'Conflict', reasons: [plan.reason], ...(detail ? { detail } : {}) },
    xeroId: link.xeroId,
    document: link.kind,
    xeroNumber: link.xeroNumber,
    xeroTotal: link.xeroTotal,
    ...(storeLink ? { link } : {}),
    block: { status: 'Conflict' },
    queue: { waiting: true },
    wait: { cause: 'locked', ref: link.xeroId, reason: plan.reason, factsHash: plan.hash },
  };
}

/**
 * Outcomes settled against the waits the records had before this run (pure):
 * - the same change refused again by the same document: no new line, no count, the wait kept with its start (its
 *   reason and the queue item's text follow the document's state, e.g. now paid);
 * - a change that waited and goes now: its line says so; withdrawn in Vtiger (nothing to send any more), its Xero
 *   Sync Status is Synced again and its queue item closed.
 * `lineOf`: the text of an outcome's line (for the queue item when no line is written). `sayAgain`: the user asked
 * for these records ("sync now"): a repeated refusal is logged again.
 */
export function settleLockedWaits(outcomes: readonly InvoiceOutcome[], before: ReadonlyMap<number, StoredWait>, lineOf: (o: InvoiceOutcome) => string, sayAgain: boolean): InvoiceOutcome[] {
  return outcomes.map((o) => {
    const was = before.get(o.crmid);
    if (was?.cause !== 'locked') return o;
    if (o.wait?.cause === 'locked') {
      if (sayAgain || o.wait.ref !== was.ref || o.wait.factsHash !== was.factsHash) return o;
      const { block: _block, ...rest } = o;
      return { ...rest, kind: 'unchanged', log: null, queue: { waiting: true, error: lineOf(o) }, wait: { ...o.wait, since: was.since } };
    }
    if (o.kind === 'unchanged' && !o.wait) return { ...o, block: { xeroId: o.xeroId, status: 'Synced' }, queue: { failed: false } };
    if ((o.kind === 'created' || o.kind === 'updated') && o.log?.status === 'Success') {
      const number = String(was.reason.params['number'] ?? was.ref ?? '');
      return { ...o, log: { ...o.log, reasons: [...o.log.reasons, reason('invoice.note.lockedReleased', { since: was.since.slice(0, 16), number })] } };
    }
    return o;
  });
}

/** Each record's wait, for the records of a batch. */
export async function waitsBefore(knex: Knex, crmids: readonly number[]): Promise<Map<number, StoredWait>> {
  return new Map((await readWaits(knex, ['Invoice'], crmids)).map((w) => [w.crmid, w]));
}

export interface LockedWaitsCheck {
  /** Invoices whose change may go now. */
  due: number[];
  /** The waiting records' links as Xero has them now (what the run plans with; stored already unless a dry run). */
  links: Map<number, InvoiceLink>;
  /** Xero calls made for the check. */
  reads: number;
}

export interface LockedWaitsOptions {
  /** Only these records (an ids run). */
  crmids?: readonly number[];
  /** Links as a read of this run saw them (the payments pull), over the stored ones. */
  seen?: ReadonlyMap<number, InvoiceLink>;
  /** Read the still-locked documents no other read of the run covers: `receipts`, or `all` (no payments pull). */
  read?: { xero: XeroAccountingApi; kinds: 'receipts' | 'all'; dryRun: boolean; now: Date };
}

/** The locked waits that may go now, from the links (and, when asked, one read of the documents still locked). */
export async function lockedWaitsToRelease(knex: Knex, settings: Pick<InvoiceSyncSettings, 'onLockedChange'>, options: LockedWaitsOptions = {}): Promise<LockedWaitsCheck> {
  const waits = (await readWaits(knex, ['Invoice'], options.crmids)).filter((w) => w.cause === 'locked');
  if (waits.length === 0) return { due: [], links: new Map(), reads: 0 };
  const links = await findInvoiceLinks(knex, waits.map((w) => w.crmid));
  for (const [crmid, link] of options.seen ?? []) if (links.has(crmid)) links.set(crmid, link);
  const stillLocked = (w: StoredWait): InvoiceLink | undefined => {
    const link = links.get(w.crmid);
    return link && link.xeroId === w.ref && !lockedDocumentReleased(link, settings) ? link : undefined;
  };
  let reads = 0;
  if (options.read) {
    const { kinds } = options.read;
    const toRead = waits.flatMap((w) => stillLocked(w) ?? []).filter((l) => kinds === 'all' || l.kind === 'receipt');
    if (toRead.length > 0) {
      const fresh = await readLockedDocuments(knex, options.read.xero, toRead, options.read.now);
      reads = fresh.reads;
      for (const link of fresh.links) links.set(link.crmid, link);
      if (!options.read.dryRun) {
        // Only Xero's state is stored: amounts paid stay what was last written back to Vtiger (the payments pull's).
        const stored = await findInvoiceLinks(knex, fresh.links.map((l) => l.crmid));
        await upsertInvoiceLinks(knex, fresh.links.flatMap((l) => {
          const s = stored.get(l.crmid);
          return s ? [{ ...s, xeroStatus: l.xeroStatus, reconciled: l.reconciled, xeroUpdatedAt: l.xeroUpdatedAt }] : [];
        }));
        await saveSetting(knex, READ_AT, options.read.now.toISOString());
      }
    }
  }
  const due = waits.filter((w) => stillLocked(w) === undefined).map((w) => w.crmid);
  return { due, links, reads };
}

/** The waiting documents Xero changed since the last such read: invoices and bills, receipts; ≤ 50 ids a call. */
async function readLockedDocuments(knex: Knex, xero: XeroAccountingApi, links: readonly InvoiceLink[], now: Date): Promise<{ links: InvoiceLink[]; reads: number }> {
  const last = await readSetting<string>(knex, READ_AT);
  const modifiedSince = last ? new Date(new Date(last).getTime() - OVERLAP_MS) : undefined;
  const since = modifiedSince && modifiedSince.getTime() < now.getTime() ? { modifiedSince } : {};
  const out: InvoiceLink[] = [];
  let reads = 0;
  const byId = new Map(links.map((l) => [l.xeroId, l]));
  const invoices = links.filter((l) => l.kind !== 'receipt');
  const receipts = links.filter((l) => l.kind === 'receipt');
  for (let i = 0; i < invoices.length; i += IDS_PER_READ) {
    const where = invoices.slice(i, i + IDS_PER_READ).map((l) => `InvoiceID==Guid("${l.xeroId}")`).join(' OR ');
    for await (const page of xero.readInvoices({ where, ...since, pageSize: 100 })) {
      reads += 1;
      for (const doc of page.items) {
        const link = byId.get(doc.invoiceID ?? '');
        if (!link) continue;
        out.push({
          ...link, xeroStatus: String(doc.status ?? link.xeroStatus), amountPaid: doc.amountPaid === undefined ? link.amountPaid : String(doc.amountPaid),
          xeroUpdatedAt: typeof doc.updatedDateUTC === 'string' ? new Date(doc.updatedDateUTC) : link.xeroUpdatedAt,
        });
      }
    }
  }
  for (let i = 0; i < receipts.length; i += IDS_PER_READ) {
    const where = receipts.slice(i, i + IDS_PER_READ).map((l) => `BankTransactionID==Guid("${l.xeroId}")`).join(' OR ');
    for await (const page of xero.readBankTransactions({ where, type: 'any', ...since, pageSize: 100 })) {
      reads += 1;
      for (const doc of page.items) {
        const link = byId.get(doc.bankTransactionID ?? '');
        if (!link) continue;
        out.push({
          ...link, xeroStatus: String(doc.status ?? link.xeroStatus), reconciled: doc.isReconciled === true,
          xeroUpdatedAt: typeof doc.updatedDateUTC === 'string' ? new Date(doc.updatedDateUTC) : link.xeroUpdatedAt,
        });
      }
    }
  }
  return { links: out, reads };
}
