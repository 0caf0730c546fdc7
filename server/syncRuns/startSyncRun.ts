import type { Knex } from 'knex';
import type { XTigerConfig } from '../config/config.js';
import { XTigerError, isXTigerError } from '../errors/XTigerError.js';
import type { Logger } from '../logging/logger.js';
import { redactText } from '../logging/redact.js';
import { runSyncRequestSchema, type RunProgress, type RunSummary, type RunSyncRequest } from '../sync/run/types.js';
import { createVtigerWebserviceClient } from '../vtiger/webservice/index.js';
import { openXeroAccountingApi } from '../xero/openXeroAccountingApi.js';
import { xeroServicesFor, type XeroServices } from '../xero/xeroServices.js';
import { runSync } from './engine.js';
import { acquireSyncLocks, type HeldSyncLocks } from './syncLocks.js';
import { recordRunFailed, recordRunFinished, recordRunStarted, type EntryPoint } from './syncRunsRepository.js';

/**
 * The use case behind every entry point (CLI, HTTP "sync now", the schedule, the demo): take the run's locks,
 * note the run in xtiger_sync_runs, give the engine a fresh Xero API and Vtiger webservice client, run, and note
 * how it ended. A dry run takes no lock and notes nothing: it writes nothing anywhere.
 */
export interface SyncRunContext {
  knex: Knex;
  logger: Logger;
  /** The process's Xero services (shared token store and rate governors). */
  xero: XeroServices;
  /** Vtiger's base URL (the webservice is `<url>/webservice.php`) and the user the sync writes as. */
  vtigerUrl: string;
  syncUserName: string;
  /** Webservice sessions the run writes through in parallel (VTIGER_WS_SESSIONS); default 1. */
  vtigerSessions?: number;
  /** How far before the last complete Xero read the next one starts (SYNC_XERO_OVERLAP_MINUTES); default the engine's. */
  xeroOverlapMs?: number;
}

export interface SyncRunInput {
  request: RunSyncRequest;
  entryPoint: EntryPoint;
  /** Vtiger user id of whoever asked (HTTP). */
  requestedBy?: number;
  /** How long to wait for another run to finish before answering CONFLICT (runs take turns). */
  lockWaitSeconds: number;
  onProgress?: (progress: RunProgress) => void;
  /**
   * Time budget (ms on the Xero services' clock). The run stops at the first batch boundary after it and returns
   * its summary with `stopped` (SYNC_TIME_BUDGET): what was done stays done, and the next run picks up the rest.
   */
  budgetMs?: number;
  /** The id "sync now" answered for this run (noted with the run). */
  jobId?: string;
  /** The chosen records are locked (nothing else can start them); the run may still wait for the one before. */
  onRecordsLocked?: () => void;
  /** The run has its turn and begins (after the locks and the runs-log row; at once for a dry run). */
  onStarted?: () => void;
}

/** The context for a process: the HTTP app's deps (shared Xero services) or the CLI's. */
export async function syncRunContextFor(deps: { config: XTigerConfig; knex: Knex; logger: Logger; now: () => number }): Promise<SyncRunContext> {
  return {
    knex: deps.knex,
    logger: deps.logger,
    xero: await xeroServicesFor(deps),
    vtigerUrl: deps.config.VTIGER_URL,
    syncUserName: deps.config.VTIGER_SYNC_USER,
    vtigerSessions: deps.config.VTIGER_WS_SESSIONS,
    xeroOverlapMs: deps.config.SYNC_XERO_OVERLAP_MINUTES * 60_000,
  };
}

export async function startSyncRun(ctx: SyncRunContext, input: SyncRunInput): Promise<RunSummary> {
  const parsed = runSyncRequestSchema.safeParse(input.request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new XTigerError('BAD_REQUEST', `Invalid sync request field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid value'}.`);
  }
  const request = parsed.data;
  const log = ctx.logger.child({ trigger: request.trigger, entryPoint: input.entryPoint, dryRun: request.dryRun });
  let locks: HeldSyncLocks | undefined;
  let runRow: number | undefined;
  try {
    if (!request.dryRun) {
      locks = await acquireSyncLocks(ctx.knex, {
        ...(request.ids ? { ids: request.ids } : {}),
        waitSeconds: input.lockWaitSeconds,
        ...(input.onRecordsLocked ? { onRecordsLocked: input.onRecordsLocked } : {}),
      });
      runRow = await recordRunStarted(ctx.knex, {
        trigger: request.trigger,
        entryPoint: input.entryPoint,
        dryRun: false,
        request: { modules: request.modules ?? null, direction: request.direction ?? null, idCount: request.ids?.length ?? 0 },
        requestedBy: input.requestedBy,
        lockConnectionId: locks.connectionId,
        jobId: input.jobId,
        at: new Date(ctx.xero.clock.now()),
      });
    }
    input.onStarted?.();
    log.info({ modules: request.modules ?? 'all', direction: request.direction ?? 'configured', ids: request.ids?.length ?? 0 }, 'sync run starting');
    const xero = await openXeroAccountingApi(ctx.xero);
    const vtiger = await createVtigerWebserviceClient({ knex: ctx.knex, url: ctx.vtigerUrl, userName: ctx.syncUserName, logger: ctx.logger, ...(ctx.vtigerSessions ? { sessions: ctx.vtigerSessions } : {}) });
    const summary = await runSync(
      {
        knex: ctx.knex,
        xero,
        vtiger,
        syncUserName: ctx.syncUserName,
        clock: ctx.xero.clock,
        logger: ctx.logger,
        options: {
          ...(input.budgetMs !== undefined ? { budgetMs: input.budgetMs } : {}),
          ...(ctx.xeroOverlapMs !== undefined ? { xeroOverlapMs: ctx.xeroOverlapMs } : {}),
        },
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      },
      request,
    );
    if (runRow !== undefined) {
      const at = new Date(ctx.xero.clock.now());
      if (summary.stopped) await recordRunFailed(ctx.knex, runRow, summary.stopped, at);
      else await recordRunFinished(ctx.knex, runRow, summary, at);
    }
    if (summary.stopped) log.warn({ runId: summary.runId, code: summary.stopped.code, reason: summary.stopped.message, pairs: summary.pairs }, 'sync run stopped before the end');
    else log.info({ runId: summary.runId, pairs: summary.pairs }, 'sync run finished');
    return summary;
  } catch (err) {
    const failure = isXTigerError(err) ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: redactText(err instanceof Error ? err.message : String(err)) };
    if (runRow !== undefined) await recordRunFailed(ctx.knex, runRow, failure, new Date(ctx.xero.clock.now())).catch((e: unknown) => log.error({ err: e }, 'could not note the failed run'));
    log.warn({ code: failure.code, reason: failure.message, ...(isXTigerError(err) ? {} : { err }) }, 'sync run failed');
    throw err;
  } finally {
    await locks?.release();
  }
}
