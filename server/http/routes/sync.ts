import type { Router } from 'express';
import { XTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import { RUN_MODULES, RUN_MODULE_VTIGER, type PairCounts, type RunModule, type RunSummary } from '../../sync/run/types.js';
import { startSyncRun, syncRunContextFor } from '../../syncRuns/startSyncRun.js';
import { findRunByRunId, type SyncRunRecord } from '../../syncRuns/syncRunsRepository.js';
import type { AppDeps } from '../appDeps.js';
import { getSyncRun, syncNow, type ModuleResult, type SyncNowModule, type SyncNowResult, type SyncRunView } from '../contracts/sync.js';
import { route } from '../route.js';

/** A chosen record waits this long for a module another run is syncing before the answer is 409. */
const RECORDS_LOCK_WAIT_SECONDS = 10;

const PAIR_OF_MODULE: Readonly<Record<SyncNowModule, RunModule>> = { Contacts: 'contacts', Accounts: 'accounts', Products: 'products', Services: 'services', Invoice: 'invoices' };

export function syncRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, syncNow, async ({ body, user, records }) => {
    const pair = body.module === undefined ? undefined : PAIR_OF_MODULE[body.module];
    if (body.all && !user?.isAdmin) {
      throw new XTigerError('FORBIDDEN', 'Only a Vtiger administrator can sync every record; select the records to sync instead.');
    }
    // Only the records the layer kept (Vtiger's permissions); the others are counted, never named.
    const ids = records?.ids;
    const summary = await startSyncRun(await syncRunContextFor(deps), {
      request: {
        trigger: 'instant',
        ...(pair ? { modules: [pair] } : {}),
        ...(ids ? { ids } : {}),
        dryRun: body.dryRun ?? false,
        ...(user ? { language: user.language } : {}),
      },
      entryPoint: 'http',
      ...(user ? { requestedBy: user.userId } : {}),
      // Everything: refused at once when the schedule (or anyone) is syncing; chosen records wait their turn briefly.
      lockWaitSeconds: body.all ? 0 : RECORDS_LOCK_WAIT_SECONDS,
    });
    const result = toSyncNowResult(summary, ids);
    if (records && records.leftOut > 0) {
      result.leftOut = { count: records.leftOut, message: translate(user?.language, 'authz.leftOut', { count: records.leftOut, module: records.module }) };
    }
    return result;
  });

  route(router, deps, getSyncRun, async ({ params, user }) => {
    const run = await findRunByRunId(deps.knex, params.runId);
    // Another user's run is answered like a run that does not exist.
    if (!run || !(user?.isAdmin || (user && Number(run.requestedBy) === user.userId))) {
      throw new XTigerError('NOT_FOUND', translate(user?.language, 'authz.runNotFound', { runId: params.runId }), { details: { runId: params.runId } });
    }
    return toSyncRunView(run);
  });
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

function toSyncRunView(run: SyncRunRecord): SyncRunView {
  return {
    runId: run.runId,
    trigger: run.trigger,
    entryPoint: run.entryPoint,
    dryRun: run.dryRun,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    modules: moduleResults(run.pairs ?? {}),
    error: run.error,
  };
}
