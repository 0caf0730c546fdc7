import type { Knex } from 'knex';
import { RUN_MODULES, type PairSummary, type RunModule, type RunSummary } from '../sync/run/types.js';

/**
 * `xtiger_sync_runs`: one row per run an entry point started (migration 0005). Plain objects in and out.
 */
export const ENTRY_POINTS = ['cli', 'http', 'schedule', 'demo', 'webhook', 'vtiger-edit'] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

export type SyncRunStatus = 'running' | 'finished' | 'failed' | 'interrupted';

/** What was asked, as stored (ids are counted, not listed). */
export interface StoredRunRequest {
  modules: RunModule[] | null;
  direction: string | null;
  idCount: number;
}

export interface SyncRunRecord {
  id: number;
  /** The engine's run id, as in XTLog; null while running or when the run failed before it began. */
  runId: string | null;
  trigger: string;
  entryPoint: EntryPoint;
  dryRun: boolean;
  status: SyncRunStatus;
  request: StoredRunRequest;
  pairs: Partial<Record<RunModule, PairSummary>> | null;
  error: { code: string; message: string } | null;
  requestedBy: number | null;
  startedAt: string;
  finishedAt: string | null;
}

interface Row {
  id: number | string;
  run_id: string | null;
  trigger: string;
  entry_point: string;
  dry_run: number;
  status: string;
  request: string;
  counts: string | null;
  error_code: string | null;
  error_message: string | null;
  requested_by: number | null;
  lock_connection_id: number | string | null;
  started_at: string;
  finished_at: string | null;
}

const TABLE = 'xtiger_sync_runs';

export async function recordRunStarted(
  knex: Knex,
  input: {
    trigger: string;
    entryPoint: EntryPoint;
    dryRun: boolean;
    request: StoredRunRequest;
    requestedBy?: number | undefined;
    lockConnectionId?: number | undefined;
    /** The id "sync now" answered for the run (asynchronous runs). */
    jobId?: string | undefined;
    at: Date;
  },
): Promise<number> {
  const [id] = await knex(TABLE).insert({
    ...(input.jobId ? { job_id: input.jobId } : {}),
    trigger: input.trigger,
    entry_point: input.entryPoint,
    dry_run: input.dryRun,
    status: 'running',
    request: JSON.stringify(input.request),
    requested_by: input.requestedBy ?? null,
    lock_connection_id: input.lockConnectionId ?? null,
    started_at: input.at,
  });
  return Number(id);
}

export async function recordRunFinished(knex: Knex, id: number, summary: Pick<RunSummary, 'runId' | 'pairs'>, at: Date): Promise<void> {
  await knex(TABLE).where({ id }).update({ status: 'finished', run_id: summary.runId, counts: JSON.stringify(summary.pairs), finished_at: at });
}

export async function recordRunFailed(knex: Knex, id: number, error: { code: string; message: string }, at: Date): Promise<void> {
  await knex(TABLE).where({ id }).update({ status: 'failed', error_code: error.code.slice(0, 40), error_message: error.message, finished_at: at });
}

export async function listRecentRuns(knex: Knex, limit: number): Promise<SyncRunRecord[]> {
  const rows = (await knex(TABLE).orderBy('id', 'desc').limit(limit)) as Row[];
  return toRecords(knex, rows);
}

/** Runs started at or after `since`, newest first (the dashboard). */
export async function listRunsSince(knex: Knex, since: Date, limit: number): Promise<SyncRunRecord[]> {
  const rows = (await knex(TABLE).where('started_at', '>=', since.toISOString().replace('T', ' ').replace('Z', '')).orderBy('id', 'desc').limit(limit)) as Row[];
  return toRecords(knex, rows);
}

export async function findRunByRunId(knex: Knex, runId: string): Promise<SyncRunRecord | undefined> {
  const rows = (await knex(TABLE).where({ run_id: runId }).limit(1)) as Row[];
  return (await toRecords(knex, rows))[0];
}

/** A run by the id "sync now" answered for it, or by the engine's run id. */
export async function findRunByJobOrRunId(knex: Knex, id: string): Promise<SyncRunRecord | undefined> {
  const rows = (await knex(TABLE).where({ job_id: id }).orWhere({ run_id: id }).orderBy('id', 'desc').limit(1)) as Row[];
  return (await toRecords(knex, rows))[0];
}

/** 'running' rows whose lock connection has gone were interrupted (the process died). */
async function toRecords(knex: Knex, rows: Row[]): Promise<SyncRunRecord[]> {
  const running = rows.filter((r) => r.status === 'running' && r.lock_connection_id !== null).map((r) => Number(r.lock_connection_id));
  const alive = new Set<number>();
  if (running.length > 0) {
    const [found] = (await knex.raw(`SELECT ID AS id FROM information_schema.PROCESSLIST WHERE ID IN (${running.map(() => '?').join(',')})`, running)) as [Array<{ id: number | string }>];
    for (const f of found) alive.add(Number(f.id));
  }
  return rows.map((r) => ({
    id: Number(r.id),
    runId: r.run_id,
    trigger: r.trigger,
    entryPoint: (ENTRY_POINTS as readonly string[]).includes(r.entry_point) ? (r.entry_point as EntryPoint) : 'cli',
    dryRun: Boolean(r.dry_run),
    status: r.status === 'running' && r.lock_connection_id !== null && !alive.has(Number(r.lock_connection_id)) ? 'interrupted' : (r.status as SyncRunStatus),
    request: JSON.parse(r.request) as StoredRunRequest,
    pairs: r.counts === null ? null : pickPairs(JSON.parse(r.counts) as Record<string, PairSummary>),
    error: r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '' },
    requestedBy: r.requested_by,
    startedAt: isoOf(r.started_at),
    finishedAt: r.finished_at === null ? null : isoOf(r.finished_at),
  }));
}

function pickPairs(stored: Record<string, PairSummary>): Partial<Record<RunModule, PairSummary>> {
  const out: Partial<Record<RunModule, PairSummary>> = {};
  for (const pair of RUN_MODULES) if (stored[pair]) out[pair] = stored[pair];
  return out;
}

/** DATETIME(3) as stored (UTC text) → ISO 8601. */
function isoOf(text: string): string {
  return new Date(`${text.replace(' ', 'T')}Z`).toISOString();
}
