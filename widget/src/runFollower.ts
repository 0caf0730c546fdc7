import type { RecordResult, SyncCounts } from '../../server/http/contracts/sync.js';
import type { BridgeClient } from './bridgeClient.js';
import { fill, PATHS } from './settings/paths.js';

/**
 * "Sync now" answers at once with a run id; the widget follows the run by polling its status (no request is held
 * while Xero's rate limit slows the run down). Counts are summed over the run's modules.
 */
export type RunCounts = SyncCounts;

/** What the widget shows of a record's outcome (the contract's RecordResult, read loosely). */
export type RunRecordOutcome = Pick<RecordResult, 'recordId' | 'message'> & { outcome: string };

export interface RunProgress {
  runId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** Records done so far and the run's total when known (summed over its modules). */
  done: number;
  total: number | null;
  totals: RunCounts;
  records: RunRecordOutcome[];
  error: { code: string; message: string } | null;
}

/**
 * The answers of POST /api/sync (`{runId, state, statusUrl}`) and GET /api/sync/runs/:runId (contract:
 * server/http/contracts/sync.ts), read loosely: every field but the run id may be missing.
 */
export interface RunAnswer {
  runId?: string | null;
  state?: string;
  progress?: Array<{ done: number; total: number }>;
  modules?: Array<Partial<RunCounts>>;
  result?: { totals: RunCounts; records: RunRecordOutcome[] } | null;
  error?: { code: string; message: string } | null;
  /** A conflict resolution answers the run's summary itself (no run to follow). */
  totals?: RunCounts;
  records?: RunRecordOutcome[];
}

const ZERO: RunCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 };
const STATES = ['queued', 'running', 'done', 'failed'] as const;

export function readRun(answer: RunAnswer, runId: string): RunProgress {
  const totals = { ...ZERO };
  const summary = answer.result ?? (answer.totals ? { totals: answer.totals, records: answer.records ?? [] } : null);
  const parts = summary ? [summary.totals] : (answer.modules ?? []);
  for (const part of parts) for (const k of Object.keys(ZERO) as Array<keyof RunCounts>) totals[k] += Number(part[k] ?? 0);
  const progress = answer.progress ?? [];
  const status = STATES.find((s) => s === answer.state) ?? (summary ? 'done' : 'running');
  return {
    runId: answer.runId ?? runId,
    status,
    done: progress.reduce((a, p) => a + p.done, 0),
    total: progress.length ? progress.reduce((a, p) => a + p.total, 0) : null,
    totals,
    records: summary?.records ?? [],
    error: answer.error ?? null,
  };
}

export function isOver(run: RunProgress): boolean {
  return run.status === 'done' || run.status === 'failed';
}

/** Starts a run (POST /api/sync) and follows it until it is over, reporting progress on the way. */
export async function startAndFollow(
  client: BridgeClient,
  body: Record<string, unknown>,
  onProgress: (run: RunProgress) => void,
  options: { intervalMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<RunProgress> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = await client.postJson<RunAnswer>(PATHS.syncNow, body);
  const runId = String(started.runId ?? '');
  return follow(client, readRun(started, runId), onProgress, sleep, options.intervalMs ?? 1000);
}

/** Polls a run until it is over. */
export async function follow(client: BridgeClient, first: RunProgress, onProgress: (run: RunProgress) => void, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), intervalMs = 1000): Promise<RunProgress> {
  let run = first;
  onProgress(run);
  while (!isOver(run)) {
    await sleep(intervalMs);
    run = readRun(await client.getJson<RunAnswer>(fill(PATHS.syncRun, { runId: run.runId })), run.runId);
    onProgress(run);
  }
  return run;
}
