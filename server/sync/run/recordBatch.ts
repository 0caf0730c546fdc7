import type { Knex } from 'knex';
import { writeXTLogEntries, type XTLogEntry } from '../../vtiger/ownModules/xtLog.js';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { setLinkState } from '../links/linksRepository.js';
import { reason } from '../types.js';
import { upsertLinks } from './linkWrites.js';
import { loggedModule, messageOf, type RecordOutcome } from './outcomes.js';
import type { PairSetup } from './pairSetup.js';
import { applyQueueChanges, type OpenQueueItem, type QueueFailure, type QueueSettings } from './syncQueue.js';
import { writeXeroInformation } from './xeroInformation.js';

/**
 * Makes one batch's outcomes durable, in one transaction: links (with hashes and snapshots), the Xero
 * Information block of the records, the queue, and the XTLog lines. Once this returns, a killed run that starts
 * again finds the batch done; until it returns, nothing of the batch's bookkeeping is visible.
 */
export interface RunIdentity {
  runId: string;
  trigger: SyncTrigger;
  language: string | undefined;
  startedAt: Date;
  ownerId: number;
}

export async function recordBatch(
  knex: Knex,
  setup: PairSetup,
  outcomes: readonly RecordOutcome[],
  run: RunIdentity,
  open: Map<string, OpenQueueItem>,
  queue: QueueSettings,
  at: Date,
): Promise<void> {
  await knex.transaction(async (trx) => {
    await upsertLinks(
      trx,
      outcomes.flatMap((o) => (o.link ? [o.link] : [])),
    );
    for (const o of outcomes) if (o.linkState && o.crmid !== null) await setLinkState(trx, setup.pair, o.crmid, o.linkState);
    await writeXeroInformation(
      trx,
      setup.module,
      outcomes.flatMap((o) => (o.block && o.crmid !== null ? [{ crmid: o.crmid, status: o.block.status, ...(o.block.xeroId !== undefined ? { xeroId: o.block.xeroId } : {}) }] : [])),
      at,
    );

    const module = loggedModule(setup.pair);
    const failures: Array<QueueFailure & { outcome: RecordOutcome }> = [];
    const succeeded: Array<{ module: typeof module; relatedTo: number | null; xeroId: string | null }> = [];
    for (const o of outcomes) {
      if (!o.queue) continue;
      if (o.queue.failed) {
        const first = o.logs[0];
        const error = o.queue.error || (first ? messageOf(first, run.language) : o.action);
        failures.push({ module, relatedTo: o.recordDeleted ? null : o.crmid, xeroId: o.crmid === null ? o.xeroId : null, direction: o.queue.direction, error, outcome: o });
      } else {
        succeeded.push({ module, relatedTo: o.crmid, xeroId: o.crmid === null ? o.xeroId : null });
      }
    }
    const { gaveUp } = await applyQueueChanges(trx, open, failures, succeeded, at, { ...queue, write: { ...queue.write } });
    for (const g of gaveUp) {
      const o = failures.find((f) => f.relatedTo === g.relatedTo && f.xeroId === g.xeroId)?.outcome;
      const line = o?.logs[0];
      if (line) line.reasons.push(reason('sync.queue.gaveUp', { record: String(o?.crmid ?? o?.xeroId ?? ''), attempts: queue.maxAttempts }));
    }

    const entries: XTLogEntry[] = [];
    for (const o of outcomes) {
      for (const line of o.logs) {
        const problem = line.status === 'Failed' || line.status === 'Conflict';
        entries.push({
          module,
          relatedTo: o.recordDeleted ? null : o.crmid,
          xeroId: o.xeroId,
          direction: line.direction,
          action: line.action,
          status: line.status,
          message: messageOf(line, run.language),
          runId: run.runId,
          trigger: run.trigger,
          emailStatus: problem ? 'Pending' : 'Not required',
          startedAt: run.startedAt,
          finishedAt: at,
          ownerId: run.ownerId,
        });
      }
    }
    if (entries.length > 0) await writeXTLogEntries(trx, entries, { actingUserId: run.ownerId });
  });
}
