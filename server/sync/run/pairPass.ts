import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import { reason } from '../types.js';
import { dueWaits, parentCause, readWaits, refusalReasons, waitFacts } from './waits.js';
import type { Logger } from '../../logging/logger.js';
import { checkpointAfter, readChanges, type ChangeCheckpoint } from '../../vtiger/changes/changeFeed.js';
import type { XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import { messageOfError, reachOf, type ErrorReach } from './errorClass.js';
import { executeBatch, type BatchContext, type BatchResult } from './executeBatch.js';
import { executePersonBatch } from './executePersons.js';
import { failed } from './outcomeLines.js';
import { TO_VTIGER, TO_XERO, type RecordOutcome } from './outcomes.js';
import type { PairSetup } from './pairSetup.js';
import { recordBatch, type RunIdentity } from './recordBatch.js';
import { dueItems, type OpenQueueItem, type QueueSettings } from './syncQueue.js';
import type { ParsedRunSyncRequest, RunProgress } from './types.js';
import type { VtigerWriter } from './vtigerWrites.js';
import { planItem, xeroIdOf, type PlannedItem, type WorkItem } from './workItem.js';
import { buildWorkSet, type PassState } from './workSet.js';

/**
 * One pass of one pair: which Vtiger records changed (change feed since the checkpoint, everything the first
 * time, or the explicit ids), the work set with the Xero side, a plan per record, then batches of ≤ 50 carried
 * out and recorded one after the other. Returns the outcomes and where the Vtiger feed stopped; the caller moves
 * checkpoints only when every pass of the endpoint finished.
 */
export const BATCH_SIZE = 50;

export interface RunContext {
  knex: Knex;
  api: XeroAccountingApi;
  writer: VtigerWriter;
  request: ParsedRunSyncRequest;
  identity: RunIdentity;
  queue: QueueSettings;
  /** Open queue items of the run's modules, by key (see syncQueue.ts); kept current as batches are recorded. */
  openQueue: Map<string, OpenQueueItem>;
  settleSeconds: number;
  now: () => Date;
  /** When the run's time budget ends (ms on `now`'s clock): the run stops after the batch that passes it. */
  deadline?: number;
  logger?: Logger;
  onProgress?: (progress: RunProgress) => void;
}

export interface PairPassResult {
  outcomes: RecordOutcome[];
  /** Whether anything was written to Xero (another pass then reads back our own writes). */
  wroteXero: boolean;
  /** Where the Vtiger change feed stopped (undefined: nothing new, or an ids run). */
  vtigerCheckpoint: ChangeCheckpoint | undefined;
  /** Xero records without a Vtiger record whose work failed: fetched by id next time. */
  pendingXeroIds: string[];
  /** The pass stopped early: how far the reason reaches (the pair, or the whole run) and the error. */
  stopped?: PassStop;
}

export interface PassStop {
  reach: Exclude<ErrorReach, 'record'>;
  error: unknown;
}

/** Why a run stopped, as the summary shows it. */
export function stopOf(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' && code !== '' ? code : 'INTERNAL', message: messageOfError(error) };
}

/** A batch that threw although its stages return outcomes: its records fail with the error, or the pass stops. */
function batchThrew(setup: PairSetup, planned: readonly PlannedItem[], error: unknown): BatchResult {
  const message = messageOfError(error);
  const outcomes = planned.map((p) => failed(setup, p, [{ key: 'sync.failed.batch', params: { record: p.label, message } }]));
  return reachOf(error) === 'record' ? { outcomes } : { outcomes, stop: error };
}

/** Records waiting for a parent or a twin whose cause may have gone (see waits.ts), to go again this pass. */
async function dueWaitingIds(run: RunContext, setup: PairSetup): Promise<number[]> {
  const waits = (await readWaits(run.knex, [setup.module])).filter((w) => w.cause === 'parent' || w.cause === 'twin');
  if (waits.length === 0) return [];
  const facts = await waitFacts(run.knex, waits);
  return dueWaits(waits, { ...facts, factsHash: undefined });
}

/**
 * A record waiting for its parent says why the parent is not in Xero: the parent's own refusal (an invalid e-mail,
 * a duplicate name…) or that it was not sent yet — never just "sync it first".
 */
async function withParentCauses(run: RunContext, outcomes: RecordOutcome[]): Promise<RecordOutcome[]> {
  const waiting = outcomes.filter((o) => o.wait?.cause === 'parent' && o.logs.length > 0);
  if (waiting.length === 0) return outcomes;
  const causes = await refusalReasons(run.knex, waiting.map((o) => Number(o.wait?.ref)));
  const language = run.identity.language;
  return outcomes.map((o) => {
    if (!waiting.includes(o)) return o;
    const params = o.wait?.reason.params ?? {};
    const parent = String(params['organization'] ?? o.wait?.ref ?? '');
    const why = parentCause(language, parent, causes.get(Number(o.wait?.ref)));
    const line = o.logs[0] as RecordOutcome['logs'][number];
    const message = reason('sync.waiting.parent', { record: String(params['record'] ?? o.crmid ?? ''), module: translate(language, 'sync.module.organization'), parent, why });
    return { ...o, logs: [{ ...line, reasons: [message] }] };
  });
}

function budgetError(run: RunContext, setup: PairSetup): XTigerError {
  return new XTigerError('SYNC_TIME_BUDGET', `The sync stopped after its time budget while on ${setup.pair}; the next run continues from there.`, { details: { pair: setup.pair } });
}

async function explicitIdsOf(knex: Knex, setup: PairSetup, ids: readonly number[]): Promise<number[]> {
  const rows = (await knex('vtiger_crmentity').whereIn('crmid', [...ids]).andWhere('setype', setup.module).select('crmid').orderBy('crmid')) as Array<{ crmid: number }>;
  return rows.map((r) => Number(r.crmid));
}

async function changedIds(run: RunContext, setup: PairSetup, since: ChangeCheckpoint | null): Promise<{ ids: number[]; checkpoint: ChangeCheckpoint | undefined }> {
  const ids: number[] = [];
  let checkpoint: ChangeCheckpoint | undefined;
  for await (const page of readChanges(run.knex, setup.module, since, { pageSize: 1000, settleSeconds: run.settleSeconds })) {
    for (const c of page) ids.push(c.crmid);
    checkpoint = checkpointAfter(page) ?? checkpoint;
  }
  return { ids, checkpoint };
}

/** Work order: due queue items first (queue order), then organizations' persons grouped per organization. */
function ordered(items: WorkItem[]): WorkItem[] {
  const queued = items.filter((i) => i.queueItem).sort((a, b) => (a.queueItem?.sequence ?? 0) - (b.queueItem?.sequence ?? 0));
  const rest = items.filter((i) => !i.queueItem);
  const plain = rest.filter((i) => i.kind !== 'person');
  const persons = rest.filter((i) => i.kind === 'person').sort((a, b) => (a.place?.organizationCrmid ?? 0) - (b.place?.organizationCrmid ?? 0));
  return [...queued, ...plain, ...persons];
}

function batches(items: WorkItem[]): WorkItem[][] {
  const out: WorkItem[][] = [];
  const plain = items.filter((i) => i.kind !== 'person');
  const persons = items.filter((i) => i.kind === 'person');
  for (let i = 0; i < plain.length; i += BATCH_SIZE) out.push(plain.slice(i, i + BATCH_SIZE));
  // Persons of one organization stay in one batch (one element per organization).
  let current: WorkItem[] = [];
  let org: number | undefined;
  for (const p of persons) {
    const o = p.place?.organizationCrmid;
    if (current.length >= BATCH_SIZE && o !== org) {
      out.push(current);
      current = [];
    }
    current.push(p);
    org = o;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** What a pass keeps of a recorded outcome: enough for counts and the summary, not links and snapshots. */
function light(o: RecordOutcome): RecordOutcome {
  return { pair: o.pair, crmid: o.crmid, xeroId: o.xeroId, kind: o.kind, action: o.action, logs: o.logs };
}

export async function runPairPass(run: RunContext, setup: PairSetup, state: PassState, since: ChangeCheckpoint | null, pass: number): Promise<PairPassResult> {
  const explicit = run.request.ids ? await explicitIdsOf(run.knex, setup, run.request.ids) : undefined;
  const feed = explicit ? { ids: explicit, checkpoint: undefined } : await changedIds(run, setup, since);
  const due = pass === 1 && !explicit ? dueItems([...run.openQueue.values()].filter((q) => q.module === setup.module && q.relatedTo !== null), run.now()) : [];
  const waiting = pass === 1 && !explicit ? await dueWaitingIds(run, setup) : [];
  const ids = [...new Set([...due.map((q) => q.relatedTo as number), ...waiting, ...feed.ids])];

  const work = await buildWorkSet(state, setup, ids);
  const items = ordered(work.items);
  const outcomes: RecordOutcome[] = work.unchanged.map((u) => ({ pair: setup.pair, crmid: u.crmid, xeroId: u.xeroId, kind: 'unchanged' as const, action: 'skip', logs: [] }));
  const ambiguous: RecordOutcome[] = work.ambiguous.map((a) => ({
    pair: setup.pair,
    crmid: a.item.crmid ?? null,
    xeroId: null,
    kind: 'skipped' as const,
    action: 'skip',
    logs: [{ direction: TO_XERO, action: 'Skip' as const, status: 'Skipped' as const, reasons: [a.reason] }],
  }));
  outcomes.push(...ambiguous);
  const refused: RecordOutcome[] = work.refused.map((r) => {
    const direction = r.item.row ? TO_XERO : TO_VTIGER;
    return r.item.row
      ? {
          pair: setup.pair, crmid: r.item.crmid ?? null, xeroId: null, kind: 'failed' as const, action: 'refuse',
          logs: [{ direction, action: r.item.link ? ('Update' as const) : ('Create' as const), status: 'Failed' as const, reasons: [r.reason] }],
          block: { status: 'Failed' as const }, queue: { needsAction: true as const, direction },
          wait: { cause: 'twin' as const, ref: r.twin !== undefined ? String(r.twin) : null, reason: r.reason },
        }
      : {
          pair: setup.pair, crmid: null, xeroId: xeroIdOf(r.item.xero) ?? null, kind: 'skipped' as const, action: 'refuse',
          logs: [{ direction, action: 'Skip' as const, status: 'Skipped' as const, reasons: [r.reason] }],
        };
  });
  outcomes.push(...refused);
  const ctx: BatchContext = { setup, api: run.api, writer: run.writer, byId: state.byId, dryRun: run.request.dryRun, now: run.now };
  const pending: string[] = [];
  let wroteXero = false;
  let done = 0;
  if (!run.request.dryRun && ambiguous.length + refused.length > 0) await recordBatch(run.knex, setup, [...ambiguous, ...refused], run.identity, run.openQueue, run.queue, run.now());
  const stopped = (so: RecordOutcome[], stop: PassStop): PairPassResult => ({ outcomes: so, wroteXero, vtigerCheckpoint: undefined, pendingXeroIds: pending, stopped: stop });

  for (const batch of batches(items)) {
    // Planned batch by batch, so a pass of 10,000 records holds 50 plans at a time.
    const planned = batch.map((item) => planItem(setup, item));
    let result: BatchResult;
    try {
      result = batch[0]?.kind === 'person' ? await executePersonBatch(ctx, planned) : await executeBatch(ctx, planned);
    } catch (error) {
      result = batchThrew(setup, planned, error);
    }
    if (result.outcomes.some((o) => ['createInXero', 'updateXero', 'updateBoth', 'archiveInXero'].includes(o.action) && o.kind !== 'failed' && o.kind !== 'skipped')) wroteXero = true;
    for (const o of result.outcomes) if (o.kind === 'failed' && o.crmid === null && o.xeroId) pending.push(o.xeroId);
    result.outcomes = await withParentCauses(run, result.outcomes);
    let recorded = result.outcomes;
    if (!run.request.dryRun) {
      try {
        recorded = await recordBatch(run.knex, setup, result.outcomes, run.identity, run.openQueue, run.queue, run.now());
      } catch (error) {
        outcomes.push(...result.outcomes.map(light));
        return stopped(outcomes, { reach: reachOf(error) === 'pair' ? 'pair' : 'run', error });
      }
    }
    outcomes.push(...recorded.map(light));
    done += batch.length;
    if (result.stop !== undefined) {
      run.logger?.warn({ pair: setup.pair, ...stopOf(result.stop) }, 'sync stopped');
      return stopped(outcomes, { reach: reachOf(result.stop) === 'pair' ? 'pair' : 'run', error: result.stop });
    }
    try {
      run.onProgress?.({ pair: setup.pair, pass, done, total: items.length });
    } catch (error) {
      return stopped(outcomes, { reach: 'run', error });
    }
    if (run.deadline !== undefined && run.now().getTime() >= run.deadline && done < items.length) return stopped(outcomes, { reach: 'run', error: budgetError(run, setup) });
  }
  return { outcomes, wroteXero, vtigerCheckpoint: feed.checkpoint, pendingXeroIds: pending };
}
