import type { Knex } from 'knex';
import { rewriteXTLogEntries, writeXTLogEntries, type XTLogEntry } from '../../vtiger/ownModules/xtLog.js';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { setLinkState } from '../links/linksRepository.js';
import { reason } from '../types.js';
import { messageOfError, reachOf } from './errorClass.js';
import { findLinkClashes, upsertLinks } from './linkWrites.js';
import { loggedModule, messageOf, TO_XERO, type LogLine, type RecordOutcome } from './outcomes.js';
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
  /**
   * The XTLog lines this run wrote, by record (`lineKey`): a record met again later in the run (a write
   * retried after an HTTP 500, a deletion seen by the next pass) has its line rewritten with the final outcome,
   * so each record has one line per run (see `supersedes`).
   */
  lines?: Map<string, WrittenLine[]>;
}

/** The record an outcome is about, for `RunIdentity.lines`. */
function lineKey(o: RecordOutcome): string {
  return o.crmid !== null ? `${o.pair}:${o.crmid}` : `${o.pair}:xero:${o.xeroId ?? ''}`;
}

interface WrittenLine {
  crmid: number;
  status: string;
}
type WrittenLines = Array<[key: string, lines: WrittenLine[]]>;

function rememberLines(run: RunIdentity, written: WrittenLines): void {
  for (const [k, lines] of written) run.lines?.set(k, lines);
}

const PROBLEM = new Set(['Failed', 'Conflict']);

/**
 * Whether a record's later lines in a run replace its earlier ones: a later outcome that says something new (a
 * retried write that succeeded, a deletion seen by the next pass) does; a mere skip, or the same failure met again
 * (whose first line carries the queue's word, e.g. "no longer retried"), leaves the earlier line.
 */
function supersedes(earlier: readonly WrittenLine[], later: readonly LogLine[]): boolean {
  if (earlier.length === 0) return true;
  if (later.every((l) => l.status === 'Skipped')) return false;
  return !(later.every((l) => PROBLEM.has(l.status)) && earlier.every((l) => PROBLEM.has(l.status)));
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
  const checked = await refuseLinkClashes(knex, setup, await markDeletedDuringRun(knex, outcomes));
  const before = new Map(open);
  try {
    rememberLines(run, await knex.transaction((trx) => writeOutcomes(trx, setup, checked, run, open, queue, at)));
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
    const failedAlone =
      alone.kind === 'failed' && !alone.link && !alone.block
        ? { ...alone, logs: alone.logs.map((l) => ({ ...l, detail: [l.detail, messageOfError(error)].filter(Boolean).join(' ') })) }
        : asFailed(alone, reason('sync.failed.record', { record: labelOf(alone), message: messageOfError(error) }));
    return [await recordLastResort(knex, setup, failedAlone, run, open, queue, at)];
  }
}

/**
 * The last try for one record whose bookkeeping was refused for a record-level reason: its line alone, then (if
 * still refused, e.g. the record vanished in between) the line unrelated to the record. A line that cannot be
 * written at all is a record-level problem too: the run goes on (the record stays counted in the summary).
 */
async function recordLastResort(knex: Knex, setup: PairSetup, o: RecordOutcome, run: RunIdentity, open: Map<string, OpenQueueItem>, queue: QueueSettings, at: Date): Promise<RecordOutcome> {
  const before = new Map(open);
  for (const attempt of [o, { ...o, recordDeleted: true, link: undefined, block: undefined, queue: undefined, wait: undefined }]) {
    try {
      rememberLines(run, await knex.transaction((trx) => writeOutcomes(trx, setup, [attempt], run, open, queue, at)));
      return attempt;
    } catch (error) {
      if (reachOf(error) !== 'record') throw error;
      open.clear();
      for (const [k, v] of before) open.set(k, v);
    }
  }
  return o;
}

/**
 * A record deleted in Vtiger between the run's read and its bookkeeping: Vtiger refuses a relation to a deleted
 * record (as its own UI does: a deleted record cannot be picked), so its line is written unrelated, naming the
 * record (label and number) and saying it was deleted during the sync; no link, block, queue item or wait is kept
 * for it. Outcomes already known as deletions (a Vtiger delete carried to Xero) are left as they are.
 */
async function markDeletedDuringRun(knex: Knex, outcomes: readonly RecordOutcome[]): Promise<RecordOutcome[]> {
  const ids = [...new Set(outcomes.flatMap((o) => (o.crmid !== null && !o.recordDeleted ? [o.crmid] : [])))];
  if (ids.length === 0) return [...outcomes];
  const rows = (await knex('vtiger_crmentity').whereIn('crmid', ids).where('deleted', 0).select('crmid')) as Array<{ crmid: number }>;
  const live = new Set(rows.map((r) => Number(r.crmid)));
  return outcomes.map((o) => {
    if (o.crmid === null || o.recordDeleted || live.has(o.crmid)) return o;
    // Deleted in Vtiger: one Failed line, and nothing kept for it (no link, block, queue item or wait).
    return { ...failedLine(o, reason('sync.failed.deletedDuringRun', { record: labelOf(o), crmid: o.crmid })), recordDeleted: true };
  });
}

/** The record's outcome reduced to one Failed line with this reason, in the direction and action it had. */
function failedLine(o: RecordOutcome, why: ReturnType<typeof reason>): RecordOutcome & { logs: [RecordOutcome['logs'][number]] } {
  const direction = o.logs[0]?.direction ?? TO_XERO;
  return {
    pair: o.pair,
    crmid: o.crmid,
    xeroId: o.xeroId,
    kind: 'failed',
    action: o.action,
    logs: [{ direction, action: o.logs[0]?.action ?? 'Update', status: 'Failed', reasons: [why] }],
  };
}

function labelOf(o: RecordOutcome): string {
  const first = o.logs[0]?.reasons[0]?.params['record'];
  return first !== undefined ? String(first) : String(o.crmid ?? o.xeroId ?? '?');
}

/** The outcome as a failure with this reason: no link, no queue retry, its block "Failed". */
function asFailed(o: RecordOutcome, why: ReturnType<typeof reason>): RecordOutcome {
  const failed = failedLine(o, why);
  return {
    ...failed,
    queue: { needsAction: true, direction: failed.logs[0]!.direction },
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
): Promise<WrittenLines> {
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
  const owners: string[] = []; // the record (lineKey) of each new entry
  const rewrites: Array<{ crmid: number; entry: XTLogEntry }> = [];
  const written: WrittenLines = [];
  for (const o of outcomes) {
    if (o.logs.length === 0) continue;
    const key = lineKey(o);
    const earlier = run.lines?.get(key) ?? [];
    if (!supersedes(earlier, o.logs)) continue;
    const kept: WrittenLine[] = [];
    o.logs.forEach((line, i) => {
      const problem = line.status === 'Failed' || line.status === 'Conflict';
      const entry: XTLogEntry = {
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
      };
      const again = earlier[i];
      if (again !== undefined) {
        rewrites.push({ crmid: again.crmid, entry });
        kept.push({ crmid: again.crmid, status: line.status });
      } else {
        entries.push(entry);
        owners.push(key);
      }
    });
    written.push([key, kept]);
  }
  if (entries.length > 0) {
    const created = await writeXTLogEntries(trx, entries, { actingUserId: run.ownerId });
    created.forEach((c, i) => written.find(([k]) => k === owners[i])?.[1].push({ crmid: c.crmid, status: entries[i]?.status ?? '' }));
  }
  if (rewrites.length > 0) await rewriteXTLogEntries(trx, rewrites, { actingUserId: run.ownerId });
  await saveWaits(trx, module, outcomes.flatMap((o) => (o.crmid !== null && !o.recordDeleted ? [{ crmid: o.crmid, wait: o.wait }] : [])), at);
  return written;
}
