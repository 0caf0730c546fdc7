import { createTask } from 'node-cron';
import type { ModuleSchedule } from '../settings/scheduleSettings.js';

/**
 * When a module's schedule runs next (for the screens; the scheduler itself lives with the backend's jobs).
 * Every N minutes: N minutes after the later of its last scheduled run and the moment Sync Settings were saved,
 * or now when that is past. A cron expression: its next match after now (node-cron's own reading of it). Off: null.
 */
export function nextRunAt(schedule: ModuleSchedule, input: { now: Date; lastRunAt: Date | null; savedAt: Date }): Date | null {
  if (schedule.kind === 'off') return null;
  if (schedule.kind === 'every') {
    const base = Math.max(input.lastRunAt?.getTime() ?? 0, input.savedAt.getTime());
    const next = base + schedule.minutes * 60_000;
    return new Date(Math.max(next, input.now.getTime()));
  }
  const task = createTask(schedule.expression, () => undefined);
  try {
    // getNextRun() answers only for a started task; getNextRuns reads the expression itself.
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}
