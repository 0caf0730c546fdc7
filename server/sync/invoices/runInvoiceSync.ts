import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import { syncPaymentsToVtiger } from '../payments/syncPaymentsToVtiger.js';
import type { InvoiceRunSummary } from './invoiceOutcome.js';
import { syncInvoicesToXero, type InvoiceSyncDeps, type InvoiceSyncRequest, type InvoiceSyncSummary } from './syncInvoicesToXero.js';
import { syncXeroInvoicesToVtiger } from './syncXeroInvoicesToVtiger.js';

/**
 * The invoice part of a sync run, for the run (after contacts and items), the CLI or "sync now": Vtiger invoices
 * → Xero, then Xero payments → Vtiger, then Xero invoices not in Vtiger → Vtiger. Explicit ids are Vtiger
 * crmids of any module: only the invoices among them are sent, and nothing is read back. `direction` narrows
 * the run the way the run's request does; each use case still follows the invoice settings.
 */
export interface InvoiceRunDeps extends InvoiceSyncDeps {
  vtiger: VtigerWebserviceClient;
}

export interface InvoiceRunRequest extends InvoiceSyncRequest {
  direction?: 'both' | 'toXero' | 'toVtiger';
}

export interface InvoiceRunResult {
  toXero?: InvoiceSyncSummary;
  payments?: InvoiceRunSummary;
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
  if (direction !== 'toVtiger') result.toXero = await syncInvoicesToXero(deps, { ...rest, ...(invoiceIds ? { ids: invoiceIds } : {}) });
  if (invoiceIds === undefined && direction !== 'toXero') {
    const pass = { ...(rest.dryRun !== undefined ? { dryRun: rest.dryRun } : {}), ...(rest.language ? { language: rest.language } : {}), ...(rest.runId ? { runId: rest.runId } : {}) };
    result.payments = await syncPaymentsToVtiger(deps, { ...pass, ...(rest.trigger ? { trigger: rest.trigger } : {}) });
    result.fromXero = await syncXeroInvoicesToVtiger(deps, pass);
  }
  return result;
}
