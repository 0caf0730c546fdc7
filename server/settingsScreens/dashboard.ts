import type { Knex } from 'knex';
import type { DashboardView } from '../http/contracts/dashboard.js';
import { SYNC_NOW_MODULES, type SyncNowModule } from '../http/contracts/sync.js';
import { RUN_MODULES, RUN_MODULE_VTIGER } from '../sync/run/types.js';
import { listRunsSince, type SyncRunRecord } from '../syncRuns/syncRunsRepository.js';
import { readSyncSettingsView } from './syncSettingsScreen.js';

/**
 * Settings → XTiger → Dashboard: runs over time per module (synced = created + updated, failed, conflicts), per day
 * for a chart, the newest failures with their records, the queue, and the next scheduled runs.
 */
const MAX_RUNS = 200;

function runModules(run: SyncRunRecord): DashboardView['runs'][number]['modules'] {
  return RUN_MODULES.flatMap((m) => {
    const s = run.pairs?.[m];
    return s ? [{ module: RUN_MODULE_VTIGER[m], synced: s.created + s.updated, failed: s.failed, conflicts: s.conflicts }] : [];
  });
}

const dayOf = (iso: string): string => iso.slice(0, 10);

async function latestFailures(knex: Knex, limit: number): Promise<DashboardView['latestFailures']> {
  const rows = (await knex('vtiger_xtlog as l')
    .join('vtiger_crmentity as e', 'e.crmid', 'l.xtlogid')
    .leftJoin('vtiger_crmentity as r', 'r.crmid', 'l.xtl_related_to')
    .where('e.deleted', 0)
    .whereIn('l.xtl_status', ['Failed', 'Conflict'])
    .orderBy('l.xtlogid', 'desc')
    .limit(limit)
    .select('l.xtlogid', 'l.xtl_no', 'l.xtl_started_at', 'l.xtl_module', 'l.xtl_related_to', 'l.xtl_xero_id', 'l.xtl_status', 'l.xtl_direction', 'l.xtl_message', 'l.xtl_run_id', 'r.label as record_label', 'r.deleted as record_deleted')) as Array<{
    xtlogid: number;
    xtl_no: string | null;
    xtl_started_at: string | null;
    xtl_module: string | null;
    xtl_related_to: number | null;
    xtl_xero_id: string | null;
    xtl_status: 'Failed' | 'Conflict';
    xtl_direction: string | null;
    xtl_message: string | null;
    xtl_run_id: string | null;
    record_label: string | null;
    record_deleted: number | null;
  }>;
  return rows.map((r) => {
    const related = r.xtl_related_to !== null && Number(r.xtl_related_to) > 0 ? Number(r.xtl_related_to) : null;
    return {
      logId: Number(r.xtlogid),
      logNo: r.xtl_no ?? '',
      at: r.xtl_started_at ? new Date(`${r.xtl_started_at.replace(' ', 'T')}Z`).toISOString() : null,
      module: r.xtl_module ?? '',
      recordId: related,
      recordLabel: related !== null && Number(r.record_deleted) === 0 ? r.record_label : null,
      xeroId: r.xtl_xero_id || null,
      status: r.xtl_status,
      direction: r.xtl_direction ?? '',
      message: r.xtl_message ?? '',
      runId: r.xtl_run_id ?? '',
    };
  });
}

async function queueCounts(knex: Knex): Promise<DashboardView['queue']> {
  if (!(await knex.schema.hasTable('vtiger_xtqueue'))) return { waiting: 0, gaveUp: 0, byModule: [] };
  const rows = (await knex('vtiger_xtqueue as q')
    .join('vtiger_crmentity as e', 'e.crmid', 'q.xtqueueid')
    .where('e.deleted', 0)
    .whereIn('q.xtq_status', ['Queued', 'Failed'])
    .groupBy('q.xtq_module', 'q.xtq_status')
    .select('q.xtq_module as module', 'q.xtq_status as status')
    .count({ n: '*' })) as Array<{ module: string; status: string; n: number | string }>;
  const byModule = new Map<string, { module: string; waiting: number; gaveUp: number }>();
  for (const r of rows) {
    const m = byModule.get(r.module) ?? { module: r.module, waiting: 0, gaveUp: 0 };
    if (r.status === 'Queued') m.waiting += Number(r.n);
    else m.gaveUp += Number(r.n);
    byModule.set(r.module, m);
  }
  const list = [...byModule.values()].sort((a, b) => a.module.localeCompare(b.module));
  return { waiting: list.reduce((n, m) => n + m.waiting, 0), gaveUp: list.reduce((n, m) => n + m.gaveUp, 0), byModule: list };
}

export async function readDashboard(knex: Knex, input: { days: number; failures: number; now: Date; language: string | undefined }): Promise<DashboardView> {
  const to = input.now;
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate() - (input.days - 1)));
  const runs = (await listRunsSince(knex, from, MAX_RUNS)).filter((r) => !r.dryRun);
  const days = new Map<string, { date: string; module: SyncNowModule; runs: number; synced: number; failed: number }>();
  for (let d = 0; d < input.days; d++) {
    const date = new Date(from.getTime() + d * 86_400_000).toISOString().slice(0, 10);
    for (const module of SYNC_NOW_MODULES) days.set(`${date}|${module}`, { date, module, runs: 0, synced: 0, failed: 0 });
  }
  const runViews = runs.map((run) => {
    const modules = runModules(run);
    for (const m of modules) {
      const cell = days.get(`${dayOf(run.startedAt)}|${m.module}`);
      if (cell) {
        cell.runs += 1;
        cell.synced += m.synced;
        cell.failed += m.failed;
      }
    }
    return { runId: run.runId, trigger: run.trigger, entryPoint: run.entryPoint, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, modules, error: run.error };
  });
  const settings = await readSyncSettingsView(knex, input.language, input.now);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    runs: runViews,
    days: [...days.values()],
    latestFailures: await latestFailures(knex, input.failures),
    queue: await queueCounts(knex),
    schedule: { active: settings.scheduleActive, modules: settings.modules.map((m) => ({ module: m.module, nextRunAt: m.nextRunAt, lastScheduledRunAt: m.lastScheduledRunAt })) },
  };
}
