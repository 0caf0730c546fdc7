import { isXTigerError } from '../errors/XTigerError.js';
import type { PairSummary, RunModule } from '../sync/run/types.js';
import { startSyncRun, type SyncRunContext } from '../syncRuns/startSyncRun.js';
import { claimJobSlot } from './jobSlots.js';
import { withJobLock } from './jobLock.js';

/** How one tick of the scheduled sync ended. The job never throws: every ending is one of these. */
export type ScheduledSyncOutcome =
  | { outcome: 'ran'; runId: string; pairs: Partial<Record<RunModule, PairSummary>> }
  /** Another backend runs this job now, or another sync holds a module (a manual "sync all", the CLI). */
  | { outcome: 'skipped'; reason: 'job_running_elsewhere' | 'slot_taken_elsewhere' | 'sync_busy' | 'xero_not_connected'; message: string }
  | { outcome: 'stopped_at_budget'; message: string }
  | { outcome: 'failed'; code: string; message: string };

export const SCHEDULED_SYNC_JOB = 'scheduled-sync';

export interface ScheduledSyncOptions {
  budgetMs: number;
  /** The modules due at this tick (default all); the run takes their due XTQueue items first, in queue order. */
  modules?: RunModule[];
  /**
   * The cron slot this tick belongs to: claimed once across all backends on the database (xtiger_job_slots), so a
   * backend whose tick comes after another backend's run of the same slot has ended does not run it again.
   */
  slot?: Date;
}

/**
 * One tick of the scheduled sync: the due modules (default every module), trigger 'scheduled' (which also retries
 * the XTQueue items that are due), under the job's lock, within `budgetMs`. Logs how it ended and returns it;
 * never throws.
 */
export async function runScheduledSync(ctx: SyncRunContext, options: ScheduledSyncOptions): Promise<ScheduledSyncOutcome> {
  const log = ctx.logger.child({ job: SCHEDULED_SYNC_JOB, ...(options.modules ? { modules: options.modules } : {}) });
  const started = ctx.xero.clock.now();
  let result: ScheduledSyncOutcome;
  try {
    if (options.slot && !(await claimJobSlot(ctx.knex, SCHEDULED_SYNC_JOB, options.slot.toISOString(), new Date()))) {
      const skipped: ScheduledSyncOutcome = { outcome: 'skipped', reason: 'slot_taken_elsewhere', message: `Another XTiger backend took the scheduled sync of ${options.slot.toISOString()}.` };
      log.debug({ slot: options.slot.toISOString() }, 'scheduled sync slot taken by another backend');
      return skipped;
    }
    const request = { trigger: 'scheduled' as const, ...(options.modules ? { modules: options.modules } : {}) };
    const locked = await withJobLock(ctx.knex, SCHEDULED_SYNC_JOB, () =>
      startSyncRun(ctx, { request, entryPoint: 'schedule', lockWaitSeconds: 0, budgetMs: options.budgetMs }),
    );
    const stopped = locked.ran ? locked.value.stopped : undefined;
    result = !locked.ran
      ? { outcome: 'skipped', reason: 'job_running_elsewhere', message: 'Another XTiger backend is running the scheduled sync.' }
      : stopped?.code === 'SYNC_TIME_BUDGET'
        ? { outcome: 'stopped_at_budget', message: stopped.message }
        : stopped
          ? { outcome: 'failed', code: stopped.code, message: stopped.message }
          : { outcome: 'ran', runId: locked.value.runId, pairs: locked.value.pairs };
  } catch (err) {
    if (isXTigerError(err, 'CONFLICT')) result = { outcome: 'skipped', reason: 'sync_busy', message: err.message };
    else if (isXTigerError(err, 'XERO_NOT_CONNECTED') || isXTigerError(err, 'XERO_RECONNECT_NEEDED')) result = { outcome: 'skipped', reason: 'xero_not_connected', message: err.message };
    else if (isXTigerError(err, 'SYNC_TIME_BUDGET')) result = { outcome: 'stopped_at_budget', message: err.message };
    else if (isXTigerError(err)) result = { outcome: 'failed', code: err.code, message: err.message };
    else {
      log.error({ err }, 'scheduled sync hit an unexpected error');
      result = { outcome: 'failed', code: 'INTERNAL', message: 'unexpected error; see the log line before this one' };
    }
  }
  const ms = ctx.xero.clock.now() - started;
  if (result.outcome === 'ran') log.info({ ms, runId: result.runId, pairs: result.pairs }, 'scheduled sync finished');
  else if (result.outcome === 'failed') log.error({ ms, code: result.code, reason: result.message }, 'scheduled sync failed');
  else log.warn({ ms, outcome: result.outcome, reason: result.message }, 'scheduled sync did not run to the end');
  return result;
}
