import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isXTigerError, XTigerError } from '../../errors/XTigerError.js';
import { systemClock } from '../../time/clock.js';
import { withDbLock } from '../../xero/connection/dbLock.js';
import type { XeroContact, XeroItem } from '../../xero/api/XeroAccountingApi.js';
import { WebserviceIds } from '../../vtiger/webservice/webserviceIds.js';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { readCheckpoint, saveCheckpoint } from '../checkpoints/checkpointsRepository.js';
import type { ChangeCheckpoint } from '../../vtiger/changes/changeFeed.js';
import { findLinksByCrmids, findLinksByXeroIds } from '../links/linksRepository.js';
import { SYNC_PAIRS, type SyncPair } from '../types.js';
import { z } from 'zod';
import { summaryOf, type RecordOutcome } from './outcomes.js';
import { runPairPass, stopOf, type RunContext } from './pairPass.js';
import { loadPairSetup, type PairSetup } from './pairSetup.js';
import { dryRunVtiger, dryRunXero, inRolledBackTransaction, WriteRecorder } from './dryRunPorts.js';
import { runInvoiceStep } from './invoiceStep.js';
import { dueItems, indexOpenItems, readOpenQueueItems } from './syncQueue.js';
import { DEFAULT_OVERLAP_MS, emptyCounts, runSyncRequestSchema, type PairCounts, type PairSummary, type ParsedRunSyncRequest, type RunSummary, type RunSyncDeps, type RunSyncRequest } from './types.js';
import { advancePairCursor, groupModifiedSince, pairXeroCursorSchema, readXeroContacts, readXeroItems, type PairXeroCursor, type XeroRead } from './xeroRead.js';
import type { PassState } from './workSet.js';

/**
 * A sync run: Organizations, then Contacts (persons ride on their organization's Xero contact), then Products
 * and Services, then invoices (invoiceStep.ts: chart of accounts, invoices to Xero, payments and Xero invoices back). Pairs that share a Xero endpoint share its reads. Each pair's checkpoints move only when all
 * its work is recorded; a run killed at any moment and started again finishes the work without duplicates
 * (links per batch, content-derived Idempotency-Keys, matching before creating). One run at a time per
 * database (a MariaDB named lock); a second one fails with CONFLICT.
 */
const ENDPOINTS: ReadonlyArray<{ endpoint: 'contacts' | 'items'; pairs: readonly SyncPair[] }> = [
  { endpoint: 'contacts', pairs: ['accounts', 'contacts'] },
  { endpoint: 'items', pairs: ['products', 'services'] },
];

const vtigerCheckpointSchema = z.object({ modifiedTime: z.string(), crmid: z.number().int().nonnegative() });

const TRIGGERS: Record<ParsedRunSyncRequest['trigger'], SyncTrigger> = { instant: 'Instant', scheduled: 'Scheduled', webhook: 'Webhook' };

function parseRequest(request: RunSyncRequest): ParsedRunSyncRequest {
  const parsed = runSyncRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new XTigerError('BAD_REQUEST', `The sync request is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`, { details: { path: issue?.path.join('.') } });
}

async function syncUser(knex: Knex, userName: string): Promise<{ id: number; language: string }> {
  const row = (await knex('vtiger_users').where({ user_name: userName, status: 'Active' }).first('id', 'language')) as { id: number; language: string | null } | undefined;
  if (!row) throw new XTigerError('VTIGER_RECORD_NOT_FOUND', `The Vtiger sync user "${userName}" does not exist or is not active.`, { details: { userName } });
  return { id: Number(row.id), language: row.language ?? 'en_us' };
}

/** Runs a sync and returns its summary. See README.md for the deps and how to build them. */
export async function runSync(deps: RunSyncDeps, request: RunSyncRequest): Promise<RunSummary> {
  const req = parseRequest(request);
  if (req.dryRun) return dryRun(deps, req);
  try {
    return await withDbLock(deps.knex, 'sync run', 0, () => execute(deps, req));
  } catch (error) {
    if (isXTigerError(error, 'CONFLICT') && (error.details as { purpose?: string } | undefined)?.purpose === 'sync run') {
      throw new XTigerError('CONFLICT', 'A sync is already running; this one did not start. Try again when it has finished.', { details: { purpose: 'sync run' } });
    }
    throw error;
  }
}

/**
 * A dry run works on ports that cannot write (dryRunPorts.ts): Xero and Vtiger writes are recorded and refused,
 * and the database work happens in a transaction that is rolled back. Its summary lists what it would have written.
 */
async function dryRun(deps: RunSyncDeps, req: ParsedRunSyncRequest): Promise<RunSummary> {
  const recorder = new WriteRecorder();
  const summary = await inRolledBackTransaction(deps.knex, recorder, (trx) =>
    execute({ ...deps, knex: trx, xero: dryRunXero(deps.xero, recorder), vtiger: dryRunVtiger(deps.vtiger, recorder) }, req),
  );
  return { ...summary, wouldWrite: recorder.summary() };
}

async function execute(deps: RunSyncDeps, req: ParsedRunSyncRequest, sharedRunId?: string, attempted = new Set<number>()): Promise<RunSummary> {
  const clock = deps.clock ?? systemClock;
  const now = (): Date => new Date(clock.now());
  const startedAt = now();
  const opts = deps.options ?? {};
  const knex = deps.knex;
  const user = await syncUser(knex, deps.syncUserName ?? 'admin');
  const runId = sharedRunId ?? randomUUID();
  const wanted = SYNC_PAIRS.filter((p) => !req.modules || req.modules.includes(p));
  const setups = new Map<SyncPair, PairSetup>();
  for (const pair of wanted) {
    const setup = await loadPairSetup(knex, pair, req.direction, req.keep);
    if (setup.settings.enabled && setup.direction !== undefined) setups.set(pair, setup);
  }
  const openQueue = indexOpenItems(await readOpenQueueItems(knex, [...setups.values()].map((s) => s.module)));
  const run: RunContext = {
    knex,
    api: deps.xero,
    writer: { client: deps.vtiger, ids: await WebserviceIds.load(knex), knex, userId: user.id, ...(opts.vtigerConcurrency ? { concurrency: opts.vtigerConcurrency } : {}), now },
    request: req,
    identity: { runId, trigger: TRIGGERS[req.trigger], language: req.language ?? user.language, startedAt, ownerId: user.id, lines: new Map() },
    queue: { maxAttempts: opts.maxQueueAttempts ?? 5, backoffMs: opts.queueBackoffMs ?? 5 * 60_000, ownerId: user.id, write: { actingUserId: user.id } },
    openQueue,
    settleSeconds: opts.vtigerSettleSeconds ?? 1,
    now,
    ...(opts.budgetMs !== undefined && !sharedRunId ? { deadline: startedAt.getTime() + opts.budgetMs } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
  };
  const summary: RunSummary = { runId, trigger: req.trigger, dryRun: req.dryRun, startedAt: startedAt.toISOString(), finishedAt: '', pairs: {}, records: [] };
  for (const pair of setups.keys()) summary.pairs[pair] = emptyCounts();
  deps.logger?.info({ runId, pairs: [...setups.keys()], trigger: req.trigger, dryRun: req.dryRun }, 'sync run started');

  // The budget is checked after work was done (a run always makes some progress), between batches and parts.
  let worked = false;
  for (const { endpoint, pairs } of ENDPOINTS) {
    const group = pairs.flatMap((p) => (setups.has(p) ? [setups.get(p) as PairSetup] : []));
    if (group.length === 0 || summary.stopped) continue;
    if (worked && pastDeadline(run)) summary.stopped = stopOf(budgetReached(endpoint));
    else await runEndpoint(deps, run, endpoint, pairs, group, summary, attempted);
    worked = true;
  }
  if (worked && !summary.stopped && (!req.modules || req.modules.includes('invoices')) && pastDeadline(run)) summary.stopped = stopOf(budgetReached('invoices'));
  if (!summary.stopped && (!req.modules || req.modules.includes('invoices'))) {
    // An invoice whose organization, contact or items are not in Xero yet (an invoices-only or ids run): bring
    // them over first, as an ids run of the four pairs within this run (same run id, same lock).
    // A record this run already worked on (synced, refused, waiting) is not tried again: one line per record per run.
    const syncPrerequisites = async (crmids: number[]): Promise<void> => {
      const fresh = crmids.filter((c) => !attempted.has(c));
      if (fresh.length === 0) return;
      const prerequisites = await execute(deps, { ...req, ids: fresh, modules: [...SYNC_PAIRS], direction: 'toXero' }, runId, attempted);
      mergeSummary(summary, prerequisites);
    };
    await runInvoiceStep(deps, req, { runId, trigger: TRIGGERS[req.trigger], language: run.identity.language, syncPrerequisites }, summary);
  }
  summary.finishedAt = now().toISOString();
  deps.logger?.info({ runId, pairs: summary.pairs }, 'sync run finished');
  return summary;
}

function pastDeadline(run: RunContext): boolean {
  return run.deadline !== undefined && run.now().getTime() >= run.deadline;
}

function budgetReached(where: string): XTigerError {
  return new XTigerError('SYNC_TIME_BUDGET', `The sync stopped after its time budget before ${where}; the next run continues from there.`, { details: { pair: where } });
}

/** Adds a prerequisites run's counts and records to the run's summary. */
function mergeSummary(summary: RunSummary, part: RunSummary): void {
  for (const [pair, counts] of Object.entries(part.pairs) as Array<[SyncPair, PairSummary]>) {
    const into = (summary.pairs[pair] ??= emptyCounts());
    for (const key of ['created', 'updated', 'unchanged', 'skipped', 'failed', 'conflicts'] as const) into[key] += counts[key];
    if (counts.error && !into.error) into.error = counts.error;
  }
  for (const r of part.records) if (summary.records.length < 500) summary.records.push(r);
}

/**
 * Counts a pass's outcomes into the summary, each record once per run: a record seen again in a later pass (read
 * back after our own write) replaces its earlier count instead of adding to it.
 */
function addOutcomes(summary: RunSummary, pair: SyncPair, outcomes: readonly RecordOutcome[], language: string | undefined, countUnchanged: boolean, counted: Map<string, keyof PairCounts>): void {
  const counts = summary.pairs[pair] as PairSummary;
  for (const o of countUnchanged ? outcomes : outcomes.filter((x) => x.kind !== 'unchanged')) {
    const key = `${pair}:${o.crmid ?? `x:${o.xeroId ?? ''}`}`;
    const before = counted.get(key);
    // A later pass that only saw the record again (skipped, unchanged) does not replace what was done to it.
    if (before !== undefined && (o.kind === 'skipped' || o.kind === 'unchanged')) continue;
    if (before !== undefined) counts[before] -= 1;
    counts[o.kind] += 1;
    counted.set(key, o.kind);
  }
  for (const o of outcomes) {
    if (summary.records.length >= 500) break;
    if (o.kind === 'unchanged' && o.logs.length === 0) continue;
    summary.records.push(summaryOf(o, language));
  }
}

async function runEndpoint(
  deps: RunSyncDeps,
  run: RunContext,
  endpoint: 'contacts' | 'items',
  endpointPairs: readonly SyncPair[],
  group: PairSetup[],
  summary: RunSummary,
  attempted: Set<number>,
): Promise<void> {
  const { knex } = run;
  const opts = deps.options ?? {};
  const overlap = opts.xeroOverlapMs ?? DEFAULT_OVERLAP_MS;
  const cursors = new Map<SyncPair, PairXeroCursor | undefined>();
  const vtigerSince = new Map<SyncPair, ChangeCheckpoint | null>();
  for (const s of group) {
    cursors.set(s.pair, await readCheckpoint(knex, s.pair, 'xero', pairXeroCursorSchema));
    vtigerSince.set(s.pair, (await readCheckpoint(knex, s.pair, 'vtiger', vtigerCheckpointSchema)) ?? null);
  }
  const maxPasses = run.request.dryRun || run.request.ids ? 1 : Math.max(1, opts.maxPasses ?? 2);
  const pending = new Map<SyncPair, string[]>();
  let since = groupModifiedSince([...cursors.values()], overlap);
  const stopped = new Set<SyncPair>();
  const counted = new Map<string, keyof PairCounts>();

  for (let pass = 1; pass <= maxPasses; pass++) {
    const refetch = pass === 1 ? [...[...cursors.values()].flatMap((c) => c?.pending ?? []), ...(await dueQueueXeroIds(run, group))] : [];
    const read = await readEndpoint(deps, run, endpoint, group, since, refetch);
    const state: PassState = {
      knex,
      api: run.api,
      byId: new Map((read.objects as Array<XeroContact | XeroItem>).map((o) => [idOf(o), o])),
      changedXeroIds: (read.objects as Array<XeroContact | XeroItem>).map(idOf),
      claimed: new Set<string>(),
      explicitIds: run.request.ids ? new Set(run.request.ids) : undefined,
      queueByCrmid: new Map([...run.openQueue.values()].flatMap((q) => (q.relatedTo !== null ? [[q.relatedTo, q] as const] : []))),
    };
    // Xero records that belong to a record of any pair of this endpoint are never matched to another record.
    for (const pair of endpointPairs) for (const id of (await findLinksByXeroIds(knex, pair, state.changedXeroIds)).keys()) state.claimed.add(id);

    let wroteXero = false;
    for (const setup of group) {
      if (stopped.has(setup.pair)) continue;
      const result = await runPairPass(run, setup, state, vtigerSince.get(setup.pair) ?? null, pass);
      addOutcomes(summary, setup.pair, result.outcomes, run.identity.language, pass === 1, counted);
      for (const o of result.outcomes) if (o.crmid !== null && o.kind !== 'unchanged') attempted.add(o.crmid);
      pending.set(setup.pair, [...(pending.get(setup.pair) ?? []), ...result.pendingXeroIds]);
      wroteXero ||= result.wroteXero;
      if (result.stopped) {
        stopped.add(setup.pair);
        const why = stopOf(result.stopped.error);
        (summary.pairs[setup.pair] as PairSummary).error = why;
        if (result.stopped.reach === 'run') {
          // Nothing more of this run: its checkpoints stay where they were, the next run continues from there.
          if (!isXTigerError(result.stopped.error)) throw result.stopped.error;
          summary.stopped = why;
          return;
        }
        continue;
      }
      if (result.vtigerCheckpoint) vtigerSince.set(setup.pair, result.vtigerCheckpoint);
    }
    if (run.request.dryRun || run.request.ids) return;
    // Both sides of this pass are recorded: move the checkpoints of the pairs that finished.
    for (const setup of group) {
      if (stopped.has(setup.pair)) continue;
      const at = run.now();
      const v = vtigerSince.get(setup.pair);
      if (v) await saveCheckpoint(knex, setup.pair, 'vtiger', v, at);
      const next = advancePairCursor(cursors.get(setup.pair), read, pending.get(setup.pair) ?? []);
      cursors.set(setup.pair, next);
      await saveCheckpoint(knex, setup.pair, 'xero', next, at);
    }
    if (!wroteXero || stopped.size === group.length) break;
    since = Math.floor((read.startedAt - overlap) / 1000) * 1000;
  }
}

/**
 * The Xero records of due queue items: a retry must see the Xero side again (a change from Xero that failed to
 * reach Vtiger is not in this run's incremental read any more).
 */
async function dueQueueXeroIds(run: RunContext, group: PairSetup[]): Promise<string[]> {
  if (run.request.ids) return [];
  const due = dueItems([...run.openQueue.values()], run.now());
  const ids: string[] = [];
  for (const setup of group) {
    const crmids = due.filter((q) => q.module === setup.module && q.relatedTo !== null).map((q) => q.relatedTo as number);
    for (const link of (await findLinksByCrmids(run.knex, setup.pair, crmids)).values()) ids.push(link.xeroKind === 'person' ? (link.xeroId.split('#person:')[0] ?? '') : link.xeroId);
  }
  return ids.filter((id) => id !== '');
}

function idOf(o: XeroContact | XeroItem): string {
  return ('contactID' in o ? o.contactID : (o as XeroItem).itemID) ?? '';
}

/** Reads the endpoint's changes (an ids run: only the Xero records linked to those ids). */
async function readEndpoint(
  deps: RunSyncDeps,
  run: RunContext,
  endpoint: 'contacts' | 'items',
  group: PairSetup[],
  since: number | undefined,
  pendingIds: string[],
): Promise<XeroRead<XeroContact | XeroItem>> {
  const clock = () => run.now().getTime();
  if (endpoint === 'items') {
    const read = await readXeroItems(run.api, run.request.ids || pendingIds.length > 0 ? undefined : since, clock);
    if (!run.request.ids) return read;
    const linked = await linkedXeroIds(run.knex, group, run.request.ids);
    return { ...read, objects: read.objects.filter((o) => linked.has(o.itemID ?? '')) };
  }
  if (run.request.ids) {
    const linked = await linkedXeroIds(run.knex, group, run.request.ids);
    const startedAt = clock();
    const objects = linked.size > 0 ? await run.api.getContactsById([...linked]) : [];
    return { objects, startedAt, newestUpdate: undefined, complete: false };
  }
  const read = await readXeroContacts(run.api, since, deps.options?.xeroPageSize ?? 1000, clock);
  const seen = new Set(read.objects.map((o) => o.contactID));
  const missing = pendingIds.filter((id) => !seen.has(id));
  if (missing.length > 0) read.objects.push(...(await run.api.getContactsById(missing)));
  return read;
}

/** Xero ids linked to these crmids in the group's pairs (for persons: their organization's contact). */
async function linkedXeroIds(knex: Knex, group: PairSetup[], ids: readonly number[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const setup of group) {
    for (const link of (await findLinksByCrmids(knex, setup.pair, ids)).values()) out.add(link.xeroKind === 'person' ? link.xeroId.split('#person:')[0] ?? '' : link.xeroId);
  }
  if (group.some((s) => s.pair === 'contacts')) {
    const rows = (await knex('vtiger_contactdetails').whereIn('contactid', [...ids]).whereNotNull('accountid').andWhere('accountid', '>', 0).select('accountid')) as Array<{ accountid: number }>;
    for (const link of (await findLinksByCrmids(knex, 'accounts', rows.map((r) => Number(r.accountid)))).values()) out.add(link.xeroId);
  }
  out.delete('');
  return out;
}

