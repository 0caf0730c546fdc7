import type { Router } from 'express';
import { XTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import { RUN_MODULES, RUN_MODULE_VTIGER, type PairCounts, type RunModule, type RunSummary } from '../../sync/run/types.js';
import { syncRunContextFor } from '../../syncRuns/startSyncRun.js';
import { findRunByJobOrRunId, type SyncRunRecord } from '../../syncRuns/syncRunsRepository.js';
import { syncJobsFor, type SyncJob } from '../../syncRuns/syncJobs.js';
import { endpointUrl } from '../contracts/endpoint.js';
import type { AppDeps } from '../appDeps.js';
import { SYNC_NOW_MODULES, getSyncRun, syncNow, type ModuleResult, type SyncNowModule, type SyncNowResult, type SyncRunView } from '../contracts/sync.js';
import { route } from '../route.js';

const PAIR_OF_MODULE: Readonly<Record<SyncNowModule, RunModule>> = { Contacts: 'contacts', Accounts: 'accounts', Products: 'products', Services: 'services', Invoice: 'invoices' };

/** Chosen records wait this long for the run before them (state `queued`) before the run fails as CONFLICT. */
const RECORDS_LOCK_WAIT_SECONDS = 600;

export function syncRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, syncNow, async ({ body, user, records, res }) => {
    const language = user?.language;
    const pair = body.module === undefined ? undefined : PAIR_OF_MODULE[body.module];
    if (body.all && !user?.isAdmin) {
      throw new XTigerError('FORBIDDEN', translate(language, 'settings.sync.allAdminsOnly'));
    }
    // Only the records the layer kept (Vtiger's permissions); the others are counted, never named.
    const ids = records?.ids;
    const job = await syncJobsFor(deps, deps.now)
      .start(await syncRunContextFor(deps), {
      request: {
        trigger: 'instant',
        ...(pair ? { modules: [pair] } : {}),
        ...(ids ? { ids } : {}),
        dryRun: body.dryRun ?? false,
        ...(user ? { language: user.language } : {}),
      },
      entryPoint: 'http',
      ...(user ? { requestedBy: user.userId } : {}),
      // Everything: refused at once when the schedule (or anyone) is syncing; chosen records wait their turn.
      lockWaitSeconds: body.all ? 0 : RECORDS_LOCK_WAIT_SECONDS,
      })
      .catch((err: unknown) => {
        throw inLanguage(err, language);
      });
    if (records && records.leftOut > 0) {
      job.leftOut = { count: records.leftOut, message: translate(language, 'authz.leftOut', { count: records.leftOut, module: records.module }) };
    }
    res.status(202);
    return { runId: job.id, state: job.state, statusUrl: endpointUrl(getSyncRun.path, { runId: job.id }), ...(job.leftOut ? { leftOut: job.leftOut } : {}) };
  });

  route(router, deps, getSyncRun, async ({ params, user }) => {
    // Another user's run is answered like a run that does not exist.
    const mayRead = (requestedBy: number | null | undefined): boolean => Boolean(user?.isAdmin || (user && Number(requestedBy) === user.userId));
    const notFound = () => new XTigerError('NOT_FOUND', translate(user?.language, 'authz.runNotFound', { runId: params.runId }), { details: { runId: params.runId } });
    const job = syncJobsFor(deps, deps.now).get(params.runId);
    if (job) {
      if (!mayRead(job.requestedBy)) throw notFound();
      const view = jobView(job);
      // A run that waited its turn too long failed on the runs lock: said in the user's language.
      return view.error?.code === 'CONFLICT' ? { ...view, error: { code: 'CONFLICT', message: translate(user?.language, 'settings.sync.busyAll') } } : view;
    }
    const run = await findRunByJobOrRunId(deps.knex, params.runId);
    if (!run || !mayRead(run.requestedBy)) throw notFound();
    return toSyncRunView(run, params.runId, user?.language);
  });
}

/** The locks' refusals (CONFLICT) in the user's language, details kept. */
function inLanguage(err: unknown, language: string | undefined): unknown {
  if (!(err instanceof XTigerError) || err.code !== 'CONFLICT') return err;
  const busy = err.details?.['busyRecordIds'];
  const message = Array.isArray(busy) ? translate(language, 'settings.sync.busyRecords', { ids: busy.join(', ') }) : translate(language, 'settings.sync.busyAll');
  return new XTigerError('CONFLICT', message, { ...(err.details ? { details: err.details } : {}), cause: err });
}

function moduleResults(pairs: RunSummary['pairs']): ModuleResult[] {
  return RUN_MODULES.flatMap((pair) => {
    const s = pairs[pair];
    if (!s) return [];
    const result: ModuleResult = { module: RUN_MODULE_VTIGER[pair], created: s.created, updated: s.updated, unchanged: s.unchanged, skipped: s.skipped, failed: s.failed, conflicts: s.conflicts };
    if (s.error) result.error = { code: s.error.code, message: s.error.message };
    return [result];
  });
}

export function toSyncNowResult(summary: RunSummary, ids: readonly number[] | undefined): SyncNowResult {
  const modules = moduleResults(summary.pairs);
  const totals: PairCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 };
  for (const m of modules) for (const k of Object.keys(totals) as Array<keyof PairCounts>) totals[k] += m[k];
  const chosen = ids ? new Set(ids) : undefined;
  return {
    runId: summary.runId,
    dryRun: summary.dryRun,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    modules,
    totals,
    records: summary.records
      .filter((r) => !chosen || (r.crmid !== null && chosen.has(r.crmid)))
      .map((r) => ({ module: RUN_MODULE_VTIGER[r.pair], recordId: r.crmid, xeroId: r.xeroId, outcome: r.outcome, action: r.action, message: r.message })),
  };
}

function jobView(job: SyncJob): SyncRunView {
  const result = job.summary ? { ...toSyncNowResult(job.summary, job.ids), ...(job.leftOut ? { leftOut: job.leftOut } : {}) } : null;
  return {
    runId: job.id,
    state: job.state,
    trigger: job.trigger,
    entryPoint: job.entryPoint,
    dryRun: job.dryRun,
    startedAt: job.startedAt,
    finishedAt: job.state === 'done' || job.state === 'failed' ? job.finishedAt : null,
    progress: [...job.progress].flatMap(([module, p]) => ((SYNC_NOW_MODULES as readonly string[]).includes(module) ? [{ module: module as SyncNowModule, done: p.done, total: p.total }] : [])),
    modules: result?.modules ?? [],
    result,
    error: job.error ?? null,
  };
}

/** A run this process does not hold (another backend, the CLI, the schedule, or after a restart): from the runs log. */
function toSyncRunView(run: SyncRunRecord, asked: string, language: string | undefined): SyncRunView {
  return {
    runId: asked,
    state: run.status === 'running' ? 'running' : run.status === 'finished' ? 'done' : 'failed',
    trigger: run.trigger,
    entryPoint: run.entryPoint,
    dryRun: run.dryRun,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    progress: [],
    modules: moduleResults(run.pairs ?? {}),
    result: null,
    error: run.error ?? (run.status === 'interrupted' ? { code: 'INTERRUPTED', message: translate(language, 'settings.sync.interrupted') } : null),
  };
}
