import { randomUUID } from 'node:crypto';
import { isXTigerError } from '../errors/XTigerError.js';
import { redactText } from '../logging/redact.js';
import { PAIR_MODULE, type SyncPair } from '../sync/types.js';
import type { RunSummary } from '../sync/run/types.js';
import { startSyncRun, type SyncRunContext, type SyncRunInput } from './startSyncRun.js';

/**
 * Asynchronous runs for "sync now": the request is answered as soon as the run is accepted (its records locked,
 * or at once for everything and dry runs), and the run goes on in the backend. The process keeps each job's state
 * (progress per module, the summary, the failure) for an hour so GET /api/sync/runs/:id can answer; a run of
 * another process is found in xtiger_sync_runs by the same id.
 */
export type SyncJobState = 'queued' | 'running' | 'done' | 'failed';

export interface SyncJob {
  id: string;
  state: SyncJobState;
  trigger: string;
  entryPoint: string;
  dryRun: boolean;
  /** The chosen records (for the result's per-record outcomes). */
  ids: readonly number[] | undefined;
  startedAt: string | null;
  finishedAt: string | null;
  /** Per Vtiger module: done of total in the latest pass. */
  progress: Map<string, { done: number; total: number }>;
  summary: RunSummary | undefined;
  error: { code: string; message: string } | undefined;
  /** When the job may be forgotten (ms). */
  expiresAt: number;
  /** Vtiger user who asked (only they and administrators may follow the run). */
  requestedBy: number | undefined;
  /** Chosen records the authorization layer left out (counted, never named), as answered when it started. */
  leftOut?: { count: number; message: string };
}

const KEEP_MS = 60 * 60_000;
const MAX_JOBS = 500;

export class SyncJobs {
  private readonly jobs = new Map<string, SyncJob>();

  constructor(private readonly now: () => number = Date.now) {}

  get(id: string): SyncJob | undefined {
    this.prune();
    return this.jobs.get(id);
  }

  /**
   * Starts a run and resolves once it is accepted: with the job (queued or running), or rejects with the reason it
   * could not start (CONFLICT for records another run is syncing, a bad request …) — nothing runs then.
   */
  start(ctx: SyncRunContext, input: Omit<SyncRunInput, 'jobId' | 'onRecordsLocked' | 'onStarted' | 'onProgress'>): Promise<SyncJob> {
    this.prune();
    const job: SyncJob = {
      id: randomUUID(),
      state: 'queued',
      trigger: input.request.trigger,
      entryPoint: input.entryPoint,
      dryRun: input.request.dryRun ?? false,
      ids: input.request.ids,
      startedAt: null,
      finishedAt: null,
      progress: new Map(),
      summary: undefined,
      error: undefined,
      expiresAt: Number.POSITIVE_INFINITY,
      requestedBy: input.requestedBy,
    };
    return new Promise<SyncJob>((accept, refuse) => {
      let accepted = false;
      const acceptOnce = (): void => {
        if (accepted) return;
        accepted = true;
        this.jobs.set(job.id, job);
        accept(job);
      };
      // A dry run takes no lock: accepted at once.
      if (job.dryRun) acceptOnce();
      startSyncRun(ctx, {
        ...input,
        jobId: job.id,
        onRecordsLocked: () => {
          // Everything (no ids) must not wait: it is accepted when it has its turn (onStarted), else refused.
          if (job.ids) acceptOnce();
        },
        onStarted: () => {
          job.state = 'running';
          job.startedAt = new Date(this.now()).toISOString();
          acceptOnce();
        },
        onProgress: (p) => {
          job.progress.set(PAIR_MODULE[p.pair as SyncPair] ?? p.pair, { done: p.done, total: p.total });
        },
      })
        .then((summary) => {
          job.summary = summary;
          job.state = 'done';
        })
        .catch((err: unknown) => {
          job.error = isXTigerError(err) ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: redactText(err instanceof Error ? err.message : String(err)) };
          job.state = 'failed';
          if (!accepted) {
            accepted = true;
            refuse(err);
          }
        })
        .finally(() => {
          job.finishedAt = new Date(this.now()).toISOString();
          job.expiresAt = this.now() + KEEP_MS;
        });
    });
  }

  private prune(): void {
    const now = this.now();
    for (const [id, job] of this.jobs) if (job.expiresAt <= now) this.jobs.delete(id);
    if (this.jobs.size > MAX_JOBS) {
      const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null).sort((a, b) => a.expiresAt - b.expiresAt);
      for (const job of finished.slice(0, this.jobs.size - MAX_JOBS)) this.jobs.delete(job.id);
    }
  }
}

const perApp = new WeakMap<object, SyncJobs>();

/** The process's jobs for the HTTP app (one per AppDeps object). */
export function syncJobsFor(deps: object, now?: () => number): SyncJobs {
  let jobs = perApp.get(deps);
  if (!jobs) {
    jobs = new SyncJobs(now);
    perApp.set(deps, jobs);
  }
  return jobs;
}
