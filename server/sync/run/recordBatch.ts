import type { Knex } from 'knex';
import { writeXTLogEntries, type XTLogEntry } from '../../vtiger/ownModules/xtLog.js';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { setLinkState } from '../links/linksRepository.js';
import { reason } from '../types.js';
import { messageOfError, reachOf } from './errorClass.js';
import { findLinkClashes, upsertLinks } from './linkWrites.js';
import { loggedModule, messageOf, TO_XERO, type RecordOutcome } from './outcomes.js';
import type { PairSetup } from './pairSetup.js';
import { applyQueueChanges, type OpenQueueItem, type QueueFailure, type QueueSettings } from './syncQueue.js';
import { saveWaits } from './waits.js';
import { writeXeroInformation } from './xeroInformation.js';

/**
 * Makes one batch's outcomes durable, in one transaction: links (with hashes and snapshots), the Xero
 * Information block of the records, the queue, and the XTLog lines. Once this returns, a killed run that starts
 * again finds the batch done; until it returns, nothing of the batch's bookkeeping is visible.
 * A record whose link would clash with another record's is failed alone (never re-pointed); if the transaction
 * fails for a record-level reason (a duplicate key…), the outcomes are recorded one by one, so the others keep
 * their links and log lines, and the one that cannot be recorded is logged as failed. Returns the outcomes as
 * recorded.
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
): Promise<RecordOutcome[]> {
  if (outcomes.length === 0) return [];
  const checked = await refuseLinkClashes(knex, setup, outcomes);
  const before = new Map(open);
  try {
    await knex.transaction((trx) => writeOutcomes(trx, setup, checked, run, open, queue, at));
    return checked;
  } catch (error) {
    if (reachOf(error) !== 'record') throw error;
    open.clear();
    for (const [k, v] of before) open.set(k, v);
    if (checked.length > 1) {
      const out: RecordOutcome[] = [];
      for (const o of checked) out.push(...(await recordBatch(knex, setup, [o], run, open, queue, at)));
      return out;
    }
    const alone = checked[0] as RecordOutcome;
    if (alone.kind === 'failed' && !alone.link && !alone.block) throw error;
    const failedAlone = asFailed(alone, reason('sync.failed.record', { record: labelOf(alone), message: messageOfError(error) }));
    await knex.transaction((trx) => writeOutcomes(trx, setup, [failedAlone], run, open, queue, at));
    return [failedAlone];
  }
}

function labelOf(o: RecordOutcome): string {
  const first = o.logs[0]?.reasons[0]?.params['record'];
  return first !== undefined ? String(first) : String(o.crmid ?? o.xeroId ?? '?');
}

/** The outcome as a failure with this reason: no link, no queue retry, its block "Failed". */
function asFailed(o: RecordOutcome, why: ReturnType<typeof reason>): RecordOutcome {
  const direction = o.logs[0]?.direction ?? TO_XERO;
  return {
    pair: o.pair,
    crmid: o.crmid,
    xeroId: o.xeroId,
    kind: 'failed',
    action: o.action,
    logs: [{ direction, action: o.logs[0]?.action ?? 'Update', status: 'Failed', reasons: [why] }],
    queue: { needsAction: true, direction },
    wait: { cause: 'needsAction', ref: null, reason: why },
    ...(o.crmid !== null && !o.recordDeleted ? { block: { status: 'Failed' as const } } : {}),
    ...(o.recordDeleted ? { recordDeleted: true } : {}),
  };
}

/** A link that would take a Xero record from another Vtiger record fails its record, naming the other one. */
async function refuseLinkClashes(knex: Knex, setup: PairSetup, outcomes: readonly RecordOutcome[]): Promise<RecordOutcome[]> {
  const clashes = await findLinkClashes(knex, outcomes.flatMap((o) => (o.link ? [o.link] : [])));
  if (clashes.length === 0) return [...outcomes];
  const others = await crmLabels(knex, clashes.map((c) => c.linkedCrmid));
  const byLink = new Map(clashes.map((c) => [c.link, c]));
  const field = setup.kind === 'item' ? 'Item Code' : 'name';
  return outcomes.map((o) => {
    const clash = o.link ? byLink.get(o.link) : undefined;
    if (!clash) return o;
    const other = `${others.get(clash.linkedCrmid) ?? ''} (#${clash.linkedCrmid})`.trim();
    return asFailed(o, reason('sync.failed.linkClash', { record: labelOf(o), kind: clash.link.xeroKind, xeroId: clash.link.xeroId, other, field }));
  });
}

async function crmLabels(knex: Knex, crmids: readonly number[]): Promise<Map<number, string>> {
  if (crmids.length === 0) return new Map();
  const rows = (await knex('vtiger_crmentity').whereIn('crmid', [...new Set(crmids)]).select('crmid', 'label')) as Array<{ crmid: number; label: string | null }>;
  return new Map(rows.map((r) => [Number(r.crmid), r.label ?? '']));
}

async function writeOutcomes(
  trx: Knex.Transaction,
  setup: PairSetup,
  outcomes: readonly RecordOutcome[],
  run: RunIdentity,
  open: Map<string, OpenQueueItem>,
  queue: QueueSettings,
  at: Date,
): Promise<void> {
  // Clashes were turned into failures above (refuseLinkClashes); any left (a concurrent writer) are not stored.
  await upsertLinks(trx, outcomes.flatMap((o) => (o.link ? [o.link] : [])));
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
  const settled: Array<{ module: typeof module; relatedTo: number | null; xeroId: string | null; error: string }> = [];
  for (const o of outcomes) {
    if (!o.queue) continue;
    if ('needsAction' in o.queue) {
      const first = o.logs[0];
      settled.push({ module, relatedTo: o.recordDeleted ? null : o.crmid, xeroId: o.crmid === null ? o.xeroId : null, error: first ? messageOf(first, run.language) : o.action });
      continue;
    }
    if (o.queue.failed) {
      const first = o.logs[0];
      const error = o.queue.error || (first ? messageOf(first, run.language) : o.action);
      failures.push({ module, relatedTo: o.recordDeleted ? null : o.crmid, xeroId: o.crmid === null ? o.xeroId : null, direction: o.queue.direction, error, outcome: o });
    } else {
      succeeded.push({ module, relatedTo: o.crmid, xeroId: o.crmid === null ? o.xeroId : null });
    }
  }
  const { gaveUp } = await applyQueueChanges(trx, open, failures, succeeded, at, { ...queue, write: { ...queue.write } }, settled);
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
  await saveWaits(trx, module, outcomes.flatMap((o) => (o.crmid !== null && !o.recordDeleted ? [{ crmid: o.crmid, wait: o.wait }] : [])), at);
}
