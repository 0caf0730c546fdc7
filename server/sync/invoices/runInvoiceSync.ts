import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import { syncPaymentsToVtiger, type PaymentRunSummary } from '../payments/syncPaymentsToVtiger.js';
import type { InvoiceRunSummary } from './invoiceOutcome.js';
import { readInvoiceSyncSettings } from './invoiceSettings.js';
import { lockedWaitsToRelease } from './lockedWaits.js';
import { syncInvoicesToXero, type InvoiceSyncDeps, type InvoiceSyncRequest, type InvoiceSyncSummary } from './syncInvoicesToXero.js';
import { syncXeroInvoicesToVtiger } from './syncXeroInvoicesToVtiger.js';

/**
 * The invoice part of a sync run, for the run (after contacts and items), the CLI or "sync now": Vtiger invoices
 * → Xero, then Xero payments → Vtiger, then Xero invoices not in Vtiger → Vtiger. Explicit ids are Vtiger
 * crmids of any module: only the invoices among them are sent, and nothing is read back. `direction` narrows
 * the run the way the run's request does; each use case still follows the invoice settings.
 *
 * A Vtiger change waiting for a locked Xero document (lockedWaits.ts) goes in the run whose payments pull sees the
 * document let it through (voided, deleted, back to draft, payments removed with void-and-re-create allowed): the
 * pull reads Xero's changed invoices anyway, so no call is added. Those invoices are sent right after the pull,
 * unless the run already logged a line about them (then the next run sends them: one line per record per run).
 */
export interface InvoiceRunDeps extends InvoiceSyncDeps {
  vtiger: VtigerWebserviceClient;
}

export interface InvoiceRunRequest extends InvoiceSyncRequest {
  direction?: 'both' | 'toXero' | 'toVtiger';
}

export interface InvoiceRunResult {
  toXero?: InvoiceSyncSummary;
  payments?: PaymentRunSummary;
  fromXero?: InvoiceRunSummary;
}

export async function runInvoiceSync(deps: InvoiceRunDeps, request: InvoiceRunRequest = {}): Promise<InvoiceRunResult> {
  const { direction = 'both', ids, ...rest } = request;
  const result: InvoiceRunResult = {};
  let invoiceIds: number[] | undefined;
  if (ids !== undefined) {
    const rows = (await deps.knex('vtiger_crmentity').whereIn('crmid', ids).andWhere({ setype: 'Invoice', deleted: 0 }).select('crmid')) as Array<{ crmid: number }>;
    invoiceIds = rows.map((r) => Number(r.crmid));
    if (invoiceIds.length === 0) return result;
  }
  const settings = await readInvoiceSyncSettings(deps.knex);
  const pull = invoiceIds === undefined && direction !== 'toXero';
  // The payments pull reads the invoices and bills: the invoice run then reads only waiting receipts itself.
  const lockedRecheck = pull && settings.enabled && settings.paymentsToVtiger ? ('receipts' as const) : ('all' as const);
  if (direction !== 'toVtiger') result.toXero = await syncInvoicesToXero(deps, { ...rest, lockedRecheck, ...(invoiceIds ? { ids: invoiceIds } : {}) });
  if (pull) {
    const pass = { ...(rest.dryRun !== undefined ? { dryRun: rest.dryRun } : {}), ...(rest.language ? { language: rest.language } : {}), ...(rest.runId ? { runId: rest.runId } : {}) };
    result.payments = await syncPaymentsToVtiger(deps, { ...pass, ...(rest.trigger ? { trigger: rest.trigger } : {}) });
    if (direction !== 'toVtiger' && result.toXero && result.payments.lockedSeen.size > 0) {
      const released = await sendReleased(deps, rest, result.payments, [result.toXero, result.payments]);
      if (released) result.toXero = merged(result.toXero, released);
    }
    result.fromXero = await syncXeroInvoicesToVtiger(deps, pass);
  }
  return result;
}

/** The invoices whose locked document the pull saw let their change through, sent now (none with a line already). */
async function sendReleased(deps: InvoiceRunDeps, request: InvoiceSyncRequest, payments: PaymentRunSummary, earlier: readonly InvoiceRunSummary[]): Promise<InvoiceSyncSummary | undefined> {
  const settings = await readInvoiceSyncSettings(deps.knex);
  const { due } = await lockedWaitsToRelease(deps.knex, settings, { crmids: [...payments.lockedSeen.keys()], seen: payments.lockedSeen });
  const logged = new Set(earlier.flatMap((s) => s.records.filter((r) => r.message !== '').map((r) => r.crmid)));
  const ids = due.filter((crmid) => !logged.has(crmid));
  if (ids.length === 0) return undefined;
  return syncInvoicesToXero(deps, { ...request, ids, lockedSeen: payments.lockedSeen });
}

function merged(a: InvoiceSyncSummary, b: InvoiceSyncSummary): InvoiceSyncSummary {
  const counts = { ...a.counts };
  for (const [kind, n] of Object.entries(b.counts) as Array<[keyof typeof counts, number]>) counts[kind] += n;
  const error = a.error ?? b.error;
  return { ...a, counts, records: [...a.records, ...b.records], finishedAt: b.finishedAt, ...(error ? { error } : {}) };
}
