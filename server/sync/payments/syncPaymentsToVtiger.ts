import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isXTigerError } from '../../errors/XTigerError.js';
import type { Logger } from '../../logging/logger.js';
import { cents, dec } from '../../money/decimal.js';
import { systemClock, type Clock } from '../../time/clock.js';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { readInvoices } from '../../vtiger/records/invoices.js';
import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import { WebserviceIds } from '../../vtiger/webservice/webserviceIds.js';
import type { XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import { advanceXeroCursor, DEFAULT_XERO_OVERLAP_MS, xeroModifiedSince, type XeroCursor } from '../checkpoints/xeroCursor.js';
import { indexOpenItems, readOpenQueueItems } from '../run/syncQueue.js';
import { readWaits } from '../run/waits.js';
import { reason, type SyncReason } from '../types.js';
import { documentName, invoiceRecordName } from '../invoices/buildXeroDocument.js';
import { allInvoiceLinks, type InvoiceLink } from '../invoices/invoiceLinks.js';
import { emptyInvoiceCounts, summaryOfInvoice, type InvoiceOutcome, type InvoiceRunSummary } from '../invoices/invoiceOutcome.js';
import { readInvoiceSyncSettings } from '../invoices/invoiceSettings.js';
import { outcomesInOrder, type OutcomeSlot } from '../invoices/outcomesInOrder.js';
import { recordInvoiceOutcomes } from '../invoices/recordInvoiceOutcomes.js';
import { readSyncUser } from '../invoices/syncUser.js';
import { readSetting, saveSetting } from '../invoices/xtigerSettings.js';
import { paymentChanged, paymentFields, type PaymentState } from './paymentWriteBack.js';

/**
 * Payments in Xero → the Vtiger invoice's received, balance and status, through the webservice. Reads the
 * invoices and bills Xero changed since the last run (If-Modified-Since with an overlap, paged, checkpoint per
 * page) and writes back those that are linked and whose payments changed. A receipt (money received into a bank
 * account) is paid in full when it is created: its Vtiger invoice is marked so without a Xero call. A document
 * voided or deleted in Xero is logged; the Vtiger invoice is kept. No linked documents: no Xero call at all.
 *
 * An invoice whose Vtiger change waits for its locked document (invoices/lockedWaits.ts): its payments are written
 * back as usual but its Xero Sync Status stays Conflict; a void or delete in Xero is not logged here, since it lets
 * the waiting change go (the invoice run sends it in this run, as a new document). What was read about such
 * documents is answered in `lockedSeen`, so the invoice run (and a dry run, which stores nothing) plans with it.
 */
export type PaymentRunSummary = InvoiceRunSummary & { lockedSeen: Map<number, InvoiceLink> };
export interface PaymentSyncDeps {
  knex: Knex;
  xero: XeroAccountingApi;
  /** Writes to Vtiger's Invoice go through the webservice. */
  vtiger: VtigerWebserviceClient;
  syncUserName?: string;
  clock?: Clock;
  logger?: Logger;
  paymentOptions?: { overlapMs?: number; pageSize?: number };
}

export interface PaymentSyncRequest {
  dryRun?: boolean;
  trigger?: 'instant' | 'scheduled' | 'webhook';
  language?: string;
  runId?: string;
}

const CURSOR = 'sync.payments.xeroCursor';
const TRIGGERS: Record<NonNullable<PaymentSyncRequest['trigger']>, SyncTrigger> = { instant: 'Instant', scheduled: 'Scheduled', webhook: 'Webhook' };

interface WriteBack {
  link: InvoiceLink;
  state: PaymentState;
  xeroStatus: string;
  xeroNumber: string | null;
  updatedAt: string | null;
}

export async function syncPaymentsToVtiger(deps: PaymentSyncDeps, request: PaymentSyncRequest = {}): Promise<PaymentRunSummary> {
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now());
  const startedAt = now();
  const dryRun = request.dryRun ?? false;
  const summary: PaymentRunSummary = { runId: request.runId ?? randomUUID(), dryRun, startedAt: startedAt.toISOString(), finishedAt: '', counts: emptyInvoiceCounts(), records: [], lockedSeen: new Map() };
  const settings = await readInvoiceSyncSettings(deps.knex);
  const links = settings.enabled && settings.paymentsToVtiger ? await allInvoiceLinks(deps.knex) : [];
  if (links.length === 0) {
    summary.finishedAt = now().toISOString();
    return summary;
  }
  const user = await readSyncUser(deps.knex, deps.syncUserName ?? 'admin');
  const language = request.language ?? user.language;
  const ids = await WebserviceIds.load(deps.knex);
  const openQueue = indexOpenItems(await readOpenQueueItems(deps.knex, ['Invoice']));
  const run = {
    runId: summary.runId, trigger: TRIGGERS[request.trigger ?? 'instant'], language, startedAt, ownerId: user.id, maxQueueAttempts: 5, queueBackoffMs: 5 * 60_000,
  };
  const byXeroId = new Map(links.map((l) => [l.xeroId, l]));
  // Xero ids of documents a Vtiger change waits for.
  const waitedFor = new Set((await readWaits(deps.knex, ['Invoice'])).filter((w) => w.cause === 'locked' && w.ref !== null).map((w) => w.ref as string));

  const apply = async (writes: readonly WriteBack[]): Promise<void> => {
    if (writes.length === 0) return;
    const invoices = new Map((await readInvoices(deps.knex, writes.map((w) => w.link.crmid))).map((i) => [i.crmid, i]));
    const slots: Array<OutcomeSlot<InvoiceOutcome>> = [];
    for (const w of writes) {
      const invoice = invoices.get(w.link.crmid);
      if (!invoice || invoice.deleted) continue;
      const record = invoiceRecordName(invoice);
      const base = {
        crmid: invoice.crmid, invoiceNumber: invoice.recordNumber, direction: 'Xero to Vtiger' as const, xeroId: w.link.xeroId, document: w.link.kind,
        xeroNumber: w.xeroNumber ?? w.link.xeroNumber, vtigerTotal: invoice.total === null ? null : cents(dec(invoice.total)), xeroTotal: w.link.xeroTotal,
      };
      const nextLink: InvoiceLink = { ...w.link, xeroStatus: w.xeroStatus, xeroUpdatedAt: w.updatedAt ? new Date(w.updatedAt) : w.link.xeroUpdatedAt, lastSyncedAt: now() };
      const waiting = waitedFor.has(w.link.xeroId);
      if (waiting) summary.lockedSeen.set(w.link.crmid, { ...nextLink, amountPaid: w.state.amountPaid, amountDue: w.state.amountDue });
      if (waiting && (w.xeroStatus === 'VOIDED' || w.xeroStatus === 'DELETED')) {
        slots.push({ ready: { ...base, kind: 'unchanged', log: null, link: nextLink } });
        continue;
      }
      if (w.xeroStatus === 'VOIDED' || w.xeroStatus === 'DELETED') {
        const reasons: SyncReason[] = [reason('payment.voidedInXero', { record, document: documentName(w.link.kind, settings.language), number: base.xeroNumber ?? w.link.xeroId, status: w.xeroStatus })];
        slots.push({ ready: { ...base, kind: 'skipped', log: { action: 'Skip', status: 'Skipped', reasons }, link: nextLink, block: { status: 'Not synced' } } });
        continue;
      }
      if (!paymentChanged(w.state, w.link)) {
        if (w.xeroStatus !== w.link.xeroStatus) slots.push({ ready: { ...base, kind: 'unchanged', log: null, link: nextLink } });
        continue;
      }
      const fields = paymentFields(w.state, invoice.status, settings);
      const status = fields.invoicestatus ?? invoice.status ?? '';
      const params = { record, number: base.xeroNumber ?? w.link.xeroId, paid: fields.received, due: fields.balance, status };
      if (dryRun) {
        slots.push({ ready: { ...base, kind: 'updated', log: { action: 'Update', status: 'Success', reasons: [reason('payment.applied', params)] } } });
        continue;
      }
      const write = async (): Promise<InvoiceOutcome> => {
        try {
          await deps.vtiger.revise({ id: ids.toWsId('Invoice', invoice.crmid), received: fields.received, balance: fields.balance, ...(fields.invoicestatus !== undefined ? { invoicestatus: fields.invoicestatus } : {}) });
          return {
            ...base, kind: 'updated',
            log: { action: 'Update', status: 'Success', reasons: [reason(fields.invoicestatus !== undefined ? 'payment.applied' : 'payment.statusKept', params)] },
            link: { ...nextLink, amountPaid: w.state.amountPaid, amountDue: w.state.amountDue },
            block: { xeroId: w.link.xeroId, status: waiting ? 'Conflict' : 'Synced' },
            queue: { failed: false },
          };
        } catch (e) {
          if (!isXTigerError(e)) throw e;
          return {
            ...base, kind: 'failed', log: { action: 'Update', status: 'Failed', reasons: [reason('sync.failed.vtiger', { record, message: e.message })] },
            block: { status: 'Failed' }, queue: { failed: true, error: e.message },
          };
        }
      };
      slots.push({ write });
    }
    // The revises run in parallel on the webservice sessions.
    const outcomes = await outcomesInOrder(deps.vtiger, slots);
    if (!dryRun) await recordInvoiceOutcomes(deps.knex, outcomes, run, openQueue, now());
    for (const o of outcomes) {
      summary.counts[o.kind] += 1;
      if (o.log) summary.records.push(summaryOfInvoice(o, language));
    }
  };

  // Receipts are money already received.
  await apply(
    links
      .filter((l) => l.kind === 'receipt' && l.amountPaid === null && l.xeroStatus !== 'DELETED')
      .map((l) => ({ link: l, state: { amountPaid: l.xeroTotal, amountDue: '0' }, xeroStatus: l.xeroStatus, xeroNumber: l.xeroNumber, updatedAt: null })),
  );

  if (links.some((l) => l.kind !== 'receipt')) {
    const overlap = deps.paymentOptions?.overlapMs ?? DEFAULT_XERO_OVERLAP_MS;
    let cursor = await readSetting<XeroCursor>(deps.knex, CURSOR);
    const modifiedSince = xeroModifiedSince(cursor, overlap);
    for await (const page of deps.xero.readInvoices({ ...(modifiedSince ? { modifiedSince } : {}), pageSize: deps.paymentOptions?.pageSize ?? 1000 })) {
      const writes: WriteBack[] = [];
      for (const inv of page.items) {
        const link = inv.invoiceID ? byXeroId.get(inv.invoiceID) : undefined;
        if (!link || link.kind === 'receipt') continue;
        writes.push({
          link,
          state: { amountPaid: cents(dec(String(inv.amountPaid ?? 0))), amountDue: cents(dec(String(inv.amountDue ?? 0))) },
          xeroStatus: String(inv.status ?? link.xeroStatus),
          xeroNumber: inv.invoiceNumber ?? null,
          updatedAt: typeof inv.updatedDateUTC === 'string' ? inv.updatedDateUTC : null,
        });
      }
      await apply(writes);
      cursor = advanceXeroCursor(cursor, page.items.map((i) => ({ xeroId: i.invoiceID ?? '', hash: `${String(i.amountPaid)}|${String(i.status)}`, updatedAt: i.updatedDateUTC })), overlap);
      if (!dryRun) await saveSetting(deps.knex, CURSOR, cursor);
    }
  }
  summary.finishedAt = now().toISOString();
  deps.logger?.info({ runId: summary.runId, counts: summary.counts }, 'payments synced to Vtiger');
  return summary;
}
