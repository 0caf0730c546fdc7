import type { ModuleSchedule, ScheduleSettings, ScheduledModule } from '../settings/scheduleSettings.js';
import type { RunModule } from '../sync/run/types.js';
import { cronExpressionForInterval } from './interval.js';

/** The run module of each scheduled Vtiger module. */
export const RUN_MODULE_OF: Readonly<Record<ScheduledModule, RunModule>> = {
  Contacts: 'contacts',
  Accounts: 'accounts',
  Products: 'products',
  Services: 'services',
  Invoice: 'invoices',
};

/**
 * One node-cron task per module that is on: its expression, and for "every N minutes" that cron cannot express
 * (90, 100, …) a per-minute expression whose ticks are kept only at multiples of N minutes since midnight UTC.
 */
export interface ModuleTaskPlan {
  module: RunModule;
  cron: string;
  everyMinutes?: number;
}

export function planModuleTasks(schedule: ScheduleSettings): ModuleTaskPlan[] {
  return (Object.entries(schedule.modules) as Array<[ScheduledModule, ModuleSchedule]>).flatMap(([module, s]) => {
    const run = RUN_MODULE_OF[module];
    if (s.kind === 'off') return [];
    if (s.kind === 'cron') return [{ module: run, cron: s.expression }];
    try {
      const cron = cronExpressionForInterval(s.minutes, `schedule.${module}`);
      return cron ? [{ module: run, cron }] : [];
    } catch {
      return [{ module: run, cron: '* * * * *', everyMinutes: s.minutes }];
    }
  });
}

/** Whether a per-minute tick at `slot` is one of an "every N minutes" schedule's. */
export function isEveryMinutesSlot(slot: Date, everyMinutes: number): boolean {
  const minuteOfDay = slot.getUTCHours() * 60 + slot.getUTCMinutes();
  return minuteOfDay % everyMinutes === 0;
}

/** A stable key of the plan: the tasks are rebuilt only when it changes. */
export function planKey(plan: readonly ModuleTaskPlan[]): string {
  return JSON.stringify([...plan].sort((a, b) => a.module.localeCompare(b.module)));
}
