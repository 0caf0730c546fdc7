import type { Knex } from 'knex';
import { createTask, type ScheduledTask, type TaskContext } from 'node-cron';
import type { Logger } from '../logging/logger.js';
import { readScheduleSettings } from '../settings/scheduleSettings.js';
import { onSettingsSaved } from '../settings/settingsEvents.js';
import type { RunModule } from '../sync/run/types.js';
import type { SyncRunContext } from '../syncRuns/startSyncRun.js';
import { pruneJobSlots } from './jobSlots.js';
import { isEveryMinutesSlot, planKey, planModuleTasks, type ModuleTaskPlan } from './moduleSchedules.js';
import { runScheduledSync, SCHEDULED_SYNC_JOB, type ScheduledSyncOutcome } from './scheduledSync.js';

/**
 * The per-module sync schedule (Settings → XTiger → Sync Settings → Schedule), run by node-cron in the backend.
 *
 * - Every module that is on has a task of its own (every N minutes, or its cron expression); nothing runs until
 *   Sync Settings were saved once (readScheduleSettings: safe first run).
 * - The settings are re-read at once when saved in this process (settingsEvents.ts), and every `pollMs` (default
 *   30 s, one small SELECT) for saves elsewhere; the tasks are rebuilt when they changed. `refresh()`: now.
 * - Modules due at the same moment run together, as one run (a run per module would make the second find the
 *   first going and skip). A tick that finds this process's previous scheduled run still going is skipped, not
 *   stacked; across backends each slot is claimed once (xtiger_job_slots) and the job lock and the run lock keep
 *   one run at a time per database (one Xero organisation).
 */
export interface Schedule {
  /** The modules scheduled now (`scheduled-sync:contacts`, …). */
  jobs(): string[];
  /** Re-reads the settings now and rebuilds the tasks if they changed. */
  refresh(): Promise<void>;
  /** Stops the timers and waits for a running tick to end. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  /** How often the saved schedule is re-read (default 30 s). */
  pollMs?: number;
  /** Time budget of a run; default 80 % of the shortest gap to the due modules' next tick, at least a minute. */
  syncBudgetMs?: number;
  /** Called after each tick of the scheduled sync (tests, metrics). */
  onSyncTick?: (outcome: ScheduledSyncOutcome, tick: { slot: Date; modules: RunModule[] }) => void;
}

export function startSchedule(deps: { knex: Knex; logger: Logger }, ctx: () => Promise<SyncRunContext>, options: ScheduleOptions = {}): Schedule {
  const logger = deps.logger.child({ job: SCHEDULED_SYNC_JOB });
  let tasks: Array<{ plan: ModuleTaskPlan; task: ScheduledTask }> = [];
  let currentKey = '';
  let running: Promise<void> | undefined;
  let stopped = false;
  const due = new Map<string, { slot: Date; modules: Set<RunModule>; budgets: number[] }>();

  const budgetOf = (task: ScheduledTask): number => {
    const [a, b] = task.getNextRuns(2);
    const gap = a && b ? b.getTime() - a.getTime() : 60_000;
    return Math.max(60_000, Math.floor(gap * 0.8));
  };

  const flush = (key: string): void => {
    const tick = due.get(key);
    due.delete(key);
    if (!tick || stopped) return;
    const modules = [...tick.modules];
    if (running) {
      const outcome: ScheduledSyncOutcome = { outcome: 'skipped', reason: 'sync_busy', message: 'The previous scheduled sync is still running; this tick is skipped.' };
      logger.warn({ slot: tick.slot.toISOString(), modules }, outcome.message);
      options.onSyncTick?.(outcome, { slot: tick.slot, modules });
      return;
    }
    const budgetMs = options.syncBudgetMs ?? Math.min(...tick.budgets);
    running = (async () => {
      try {
        const outcome = await runScheduledSync(await ctx(), { budgetMs, modules, slot: tick.slot });
        options.onSyncTick?.(outcome, { slot: tick.slot, modules });
      } catch (err) {
        // runScheduledSync never throws; building the context (the encryption key) or a callback can.
        logger.error({ err }, 'scheduled sync could not start');
      }
    })().finally(() => {
      running = undefined;
    });
  };

  const onTick = (plan: ModuleTaskPlan, task: ScheduledTask) => (context: TaskContext) => {
    const slot = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
    if (plan.everyMinutes !== undefined && !isEveryMinutesSlot(slot, plan.everyMinutes)) return;
    const key = slot.toISOString();
    let tick = due.get(key);
    if (!tick) {
      tick = { slot, modules: new Set(), budgets: [] };
      due.set(key, tick);
      // The tasks of one slot fire within a few ms of each other: gather them, then run once.
      setTimeout(() => flush(key), 100);
    }
    tick.modules.add(plan.module);
    tick.budgets.push(plan.everyMinutes !== undefined ? Math.max(60_000, plan.everyMinutes * 48_000) : budgetOf(task));
  };

  const rebuild = async (plans: ModuleTaskPlan[]): Promise<void> => {
    for (const t of tasks) await t.task.destroy();
    tasks = plans.map((plan) => {
      // The tick needs its task (for the next runs), which exists only once createTask has returned.
      const ref: { task?: ScheduledTask } = {};
      const task = createTask(plan.cron, (context: TaskContext) => (ref.task ? onTick(plan, ref.task)(context) : undefined), { name: `${SCHEDULED_SYNC_JOB}:${plan.module}` });
      ref.task = task;
      return { plan, task };
    });
    for (const t of tasks) await t.task.start();
    logger.info({ modules: plans.map((p) => ({ module: p.module, cron: p.cron, ...(p.everyMinutes ? { everyMinutes: p.everyMinutes } : {}) })) }, plans.length > 0 ? 'sync schedule set' : 'sync schedule is off');
  };

  let refreshing: Promise<void> = Promise.resolve();
  const refresh = (): Promise<void> => {
    refreshing = refreshing.catch(() => undefined).then(refreshOnce);
    return refreshing;
  };
  let lastPrune = 0;
  const refreshOnce = async (): Promise<void> => {
    if (stopped) return;
    if (Date.now() - lastPrune > 3_600_000) {
      // Claimed slots older than a week can no longer be due.
      lastPrune = Date.now();
      await pruneJobSlots(deps.knex, new Date(Date.now() - 7 * 86_400_000));
    }
    const { schedule } = await readScheduleSettings(deps.knex);
    const plans = planModuleTasks(schedule);
    const key = planKey(plans);
    if (key === currentKey) return;
    currentKey = key;
    await rebuild(plans);
  };

  const safeRefresh = (): void => {
    refresh().catch((err: unknown) => logger.error({ err }, 'could not read the sync schedule; the previous one stays'));
  };
  safeRefresh();
  const poll = setInterval(safeRefresh, options.pollMs ?? 30_000);
  poll.unref();
  // A save in this process (the settings screen) applies at once; the poll covers other processes.
  const unsubscribe = onSettingsSaved('schedule', safeRefresh);

  return {
    jobs: () => tasks.map((t) => t.task.name ?? t.task.id),
    refresh,
    async stop() {
      stopped = true;
      clearInterval(poll);
      unsubscribe();
      for (const t of tasks) await t.task.destroy();
      tasks = [];
      await running;
    },
  };
}
