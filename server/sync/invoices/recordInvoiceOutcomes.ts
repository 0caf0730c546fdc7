import type { Knex } from 'knex';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { writeXTLogEntries, type XTLogEntry } from '../../vtiger/ownModules/xtLog.js';
import { messageOf } from '../run/outcomes.js';
import { applyQueueChanges, type OpenQueueItem, type QueueFailure } from '../run/syncQueue.js';
import { saveWaits } from '../run/waits.js';
import { writeXeroInformation } from '../run/xeroInformation.js';
import { reason } from '../types.js';
import { upsertInvoiceLinks } from './invoiceLinks.js';
import type { InvoiceOutcome } from './invoiceOutcome.js';

/**
 * Makes one chunk's outcomes durable in one transaction: links, the invoices' Xero Information block, the queue
 * (failures open or advance an XTQueue item; successes close it) and the XTLog lines — with the contacts run's
 * own helpers for the block, the queue and the log message.
 */
export interface InvoiceRunIdentity {
  runId: string;
  trigger: SyncTrigger;
  language: string;
  startedAt: Date;
  ownerId: number;
  maxQueueAttempts: number;
  queueBackoffMs: number;
}

export async function recordInvoiceOutcomes(knex: Knex, outcomes: readonly InvoiceOutcome[], run: InvoiceRunIdentity, open: Map<string, OpenQueueItem>, at: Date): Promise<void> {
  if (outcomes.length === 0) return;
  await knex.transaction(async (trx) => {
    await upsertInvoiceLinks(trx, outcomes.flatMap((o) => (o.link ? [o.link] : [])));
    await writeXeroInformation(
      trx,
      'Invoice',
      outcomes.flatMap((o) => (o.block && o.crmid > 0 ? [{ crmid: o.crmid, status: o.block.status, ...(o.block.xeroId !== undefined ? { xeroId: o.block.xeroId } : {}) }] : [])),
      at,
    );
    const failures: Array<QueueFailure & { outcome: InvoiceOutcome }> = [];
    const succeeded: Array<{ module: 'Invoice'; relatedTo: number | null; xeroId: string | null; direction?: typeof outcomes[number]['direction'] }> = [];
    const settled: Array<{ module: 'Invoice'; relatedTo: number | null; xeroId: string | null; error: string; waiting?: boolean; direction?: typeof outcomes[number]['direction'] }> = [];
    const lineOf = (o: InvoiceOutcome): string =>
      o.log ? messageOf({ direction: o.direction, action: o.log.action, status: o.log.status, reasons: o.log.reasons, ...(o.log.detail ? { detail: o.log.detail } : {}) }, run.language) : '';
    for (const o of outcomes) {
      // A Xero document without a Vtiger record yet is queued under its Xero id.
      const key = o.crmid > 0 ? { relatedTo: o.crmid, xeroId: null } : { relatedTo: null, xeroId: o.xeroId };
      if (!o.queue) continue;
      if ('waiting' in o.queue) settled.push({ module: 'Invoice', ...key, error: o.queue.error ?? lineOf(o), waiting: true, direction: o.direction });
      else if ('needsAction' in o.queue) settled.push({ module: 'Invoice', ...key, error: lineOf(o) });
      else if (o.queue.failed) failures.push({ module: 'Invoice', ...key, direction: o.direction, error: o.queue.error || lineOf(o), outcome: o });
      // Xero → Vtiger (a payment written back) settles only that direction: a Vtiger change waiting stays queued.
      else succeeded.push({ module: 'Invoice', ...key, ...(o.direction === 'Xero to Vtiger' ? { direction: o.direction } : {}) });
    }
    const { gaveUp } = await applyQueueChanges(
      trx,
      open,
      failures,
      succeeded,
      at,
      { maxAttempts: run.maxQueueAttempts, backoffMs: run.queueBackoffMs, ownerId: run.ownerId, write: { actingUserId: run.ownerId } },
      settled,
    );
    for (const g of gaveUp) {
      const o = failures.find((f) => f.relatedTo === g.relatedTo && f.xeroId === g.xeroId)?.outcome;
      o?.log?.reasons.push(reason('sync.queue.gaveUp', { record: o.invoiceNumber ?? String(o.crmid), attempts: run.maxQueueAttempts }));
    }
    const entries: XTLogEntry[] = outcomes.flatMap((o) => {
      if (!o.log) return [];
      const problem = o.log.status === 'Failed' || o.log.status === 'Conflict';
      return [
        {
          module: 'Invoice' as const,
          relatedTo: o.crmid > 0 ? o.crmid : null,
          xeroId: o.xeroId,
          direction: o.direction,
          action: o.log.action,
          status: o.log.status,
          message: messageOf({ direction: o.direction, action: o.log.action, status: o.log.status, reasons: o.log.reasons, ...(o.log.detail ? { detail: o.log.detail } : {}) }, run.language),
          runId: run.runId,
          trigger: run.trigger,
          emailStatus: problem ? ('Pending' as const) : ('Not required' as const),
          startedAt: run.startedAt,
          finishedAt: at,
          ownerId: run.ownerId,
        },
      ];
    });
    if (entries.length > 0) await writeXTLogEntries(trx, entries, { actingUserId: run.ownerId });
    // Waits hold Vtiger changes: only an outcome of that direction replaces one.
    await saveWaits(trx, 'Invoice', outcomes.flatMap((o) => (o.crmid > 0 && o.direction === 'Vtiger to Xero' ? [{ crmid: o.crmid, wait: o.wait }] : [])), at);
  });
}
