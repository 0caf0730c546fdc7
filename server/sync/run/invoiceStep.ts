import { isXTigerError } from '../../errors/XTigerError.js';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { syncChartOfAccounts } from '../accounts/syncChartOfAccounts.js';
import type { InvoiceCounts, InvoiceOutcomeKind, InvoiceRunSummary } from '../invoices/invoiceOutcome.js';
import { runInvoiceSync } from '../invoices/runInvoiceSync.js';
import { emptyCounts, type PairCounts, type PairSummary, type ParsedRunSyncRequest, type RunSummary, type RunSyncDeps } from './types.js';

/**
 * The invoice part of a sync run, after the four pairs (so an invoice's organization, contact and items are
 * linked): the chart of accounts (one GET; not for an ids run or a dry run), then `runInvoiceSync` — Vtiger
 * invoices → Xero, payments and Xero invoices → Vtiger as the direction allows. Its counts become the run's
 * `invoices` row; an expected failure (Xero unreachable, daily limit) is that row's `error`, as for a pair.
 */
export interface InvoiceStepContext {
  runId: string;
  trigger: SyncTrigger;
  language?: string;
  /** Brings an invoice's missing organization/contact/items into Xero (an ids run of the four pairs). */
  syncPrerequisites: (crmids: number[]) => Promise<void>;
}

/** How an invoice outcome counts in the run's table: deleted/voided in Xero is an update, a refusal a failure. */
const COUNTED_AS: Readonly<Record<InvoiceOutcomeKind, keyof PairCounts>> = {
  created: 'created',
  updated: 'updated',
  deleted: 'updated',
  unchanged: 'unchanged',
  skipped: 'skipped',
  refused: 'failed',
  failed: 'failed',
};

export function invoiceRow(parts: ReadonlyArray<{ counts: InvoiceCounts } | undefined>): PairSummary {
  const row = emptyCounts();
  for (const part of parts) {
    if (!part) continue;
    for (const [kind, n] of Object.entries(part.counts) as Array<[InvoiceOutcomeKind, number]>) row[COUNTED_AS[kind]] += n;
  }
  return row;
}

export async function runInvoiceStep(deps: RunSyncDeps, req: ParsedRunSyncRequest, ctx: InvoiceStepContext, summary: RunSummary): Promise<void> {
  const row = emptyCounts();
  summary.pairs.invoices = row;
  const base = {
    knex: deps.knex,
    xero: deps.xero,
    vtiger: deps.vtiger,
    ...(deps.syncUserName ? { syncUserName: deps.syncUserName } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  try {
    if (!req.ids && !req.dryRun) await syncChartOfAccounts(base, { trigger: ctx.trigger, runId: ctx.runId });
    const overlapMs = deps.options?.xeroOverlapMs;
    const result = await runInvoiceSync(
      { ...base, syncPrerequisites: ctx.syncPrerequisites, ...(overlapMs !== undefined ? { paymentOptions: { overlapMs } } : {}) },
      {
        ...(req.ids ? { ids: req.ids } : {}),
        ...(req.direction ? { direction: req.direction } : {}),
        dryRun: req.dryRun,
        trigger: req.trigger,
        ...(ctx.language ? { language: ctx.language } : {}),
        runId: ctx.runId,
      },
    );
    Object.assign(row, invoiceRow([result.toXero, result.payments, result.fromXero]));
    if (result.toXero?.error) row.error = result.toXero.error;
    for (const part of [result.toXero, result.payments, result.fromXero]) if (part) addRecords(summary, part);
  } catch (error) {
    if (!isXTigerError(error)) throw error;
    row.error = { code: error.code, message: error.message };
    deps.logger?.warn({ runId: ctx.runId, code: error.code }, 'invoice sync stopped early');
  }
}

function addRecords(summary: RunSummary, part: InvoiceRunSummary): void {
  for (const r of part.records) {
    if (summary.records.length >= 500) return;
    if (r.outcome === 'unchanged' && r.message === '') continue;
    summary.records.push({ pair: 'invoices', crmid: r.crmid, xeroId: r.xeroId, outcome: COUNTED_AS[r.outcome], action: r.outcome, message: r.message });
  }
}
