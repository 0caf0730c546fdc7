import { createTask, type ScheduledTask } from 'node-cron';
import type { XTigerConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { SyncRunContext } from '../syncRuns/startSyncRun.js';
import { cronExpressionForInterval } from './interval.js';
import { runScheduledSync, SCHEDULED_SYNC_JOB, type ScheduledSyncOutcome } from './scheduledSync.js';

/**
 * The backend's timed jobs (node-cron), started by server/main.ts. Each job is switched by its setting (0 = off),
 * takes a database lock so two backends never run it at once, has a time budget, logs how it ended, and never
 * lets an error reach the process. Today there is one: the scheduled sync every SYNC_INTERVAL_MINUTES.
 */
export interface Schedule {
  /** Names of the jobs that are on. */
  jobs: string[];
  /** Stops the timers and waits for a running tick to end. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  /** A cron expression instead of the interval's (tests: `* * * * * *`, every second). */
  syncCron?: string;
  /** Default: 80 % of the interval, at least a minute. */
  syncBudgetMs?: number;
  /** Called after each tick of the scheduled sync (tests, metrics). */
  onSyncTick?: (outcome: ScheduledSyncOutcome) => void;
}

export function startSchedule(
  config: Pick<XTigerConfig, 'SYNC_INTERVAL_MINUTES'>,
  ctx: () => Promise<SyncRunContext>,
  logger: Logger,
  options: ScheduleOptions = {},
): Schedule {
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<unknown>>();
  const syncCron = options.syncCron ?? cronExpressionForInterval(config.SYNC_INTERVAL_MINUTES, 'SYNC_INTERVAL_MINUTES');
  if (syncCron === undefined) {
    logger.info('scheduled sync is off (SYNC_INTERVAL_MINUTES=0)');
  } else {
    const budgetMs = options.syncBudgetMs ?? Math.max(60_000, Math.floor(config.SYNC_INTERVAL_MINUTES * 60_000 * 0.8));
    const tick = async (): Promise<void> => {
      try {
        const outcome = await runScheduledSync(await ctx(), { budgetMs });
        options.onSyncTick?.(outcome);
      } catch (err) {
        // runScheduledSync never throws; building the context (the encryption key) or a callback can.
        logger.error({ err, job: SCHEDULED_SYNC_JOB }, 'scheduled sync could not start');
      }
    };
    const task = createTask(
      syncCron,
      () => {
        const p = tick();
        running.add(p);
        return p.finally(() => running.delete(p));
      },
      // noOverlap: a tick that is still running makes the next one skip (the lock does the same across backends).
      { name: SCHEDULED_SYNC_JOB, noOverlap: true },
    );
    void task.start();
    tasks.push(task);
    logger.info({ cron: syncCron, budgetMs }, 'scheduled sync is on');
  }
  return {
    jobs: tasks.map((t) => t.name ?? t.id),
    async stop() {
      for (const t of tasks) await t.destroy();
      await Promise.allSettled([...running]);
    },
  };
}
