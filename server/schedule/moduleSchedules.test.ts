import { describe, expect, it } from 'vitest';
import { validate } from 'node-cron';
import { PROPOSED_SCHEDULE, type ScheduleSettings } from '../settings/scheduleSettings.js';
import { isEveryMinutesSlot, planKey, planModuleTasks } from './moduleSchedules.js';

const off = { kind: 'off' } as const;

describe('per-module schedule plan', () => {
  it('gives each module that is on a task with a valid cron expression', () => {
    const plans = planModuleTasks(PROPOSED_SCHEDULE);
    expect(plans.map((p) => [p.module, p.cron])).toEqual([
      ['contacts', '*/15 * * * *'],
      ['accounts', '*/15 * * * *'],
      ['products', '0 */1 * * *'],
      ['services', '0 */1 * * *'],
      ['invoices', '*/15 * * * *'],
    ]);
    for (const p of plans) expect(validate(p.cron)).toBe(true);
  });

  it('leaves modules that are off out, and keeps a cron expression as saved', () => {
    const s: ScheduleSettings = { modules: { Contacts: { kind: 'cron', expression: '*/2 * * * * *' }, Accounts: off, Products: off, Services: off, Invoice: off } };
    expect(planModuleTasks(s)).toEqual([{ module: 'contacts', cron: '*/2 * * * * *' }]);
  });

  it('runs an interval cron cannot express on a per-minute task kept at its multiples since midnight UTC', () => {
    const s: ScheduleSettings = { modules: { Contacts: off, Accounts: off, Products: { kind: 'every', minutes: 90 }, Services: off, Invoice: off } };
    const [plan] = planModuleTasks(s);
    expect(plan).toEqual({ module: 'products', cron: '* * * * *', everyMinutes: 90 });
    expect(isEveryMinutesSlot(new Date('2026-12-03T01:30:00Z'), 90)).toBe(true);
    expect(isEveryMinutesSlot(new Date('2026-12-03T03:00:00Z'), 90)).toBe(true);
    expect(isEveryMinutesSlot(new Date('2026-12-03T02:00:00Z'), 90)).toBe(false);
  });

  it('keys a plan by content, whatever the order', () => {
    const a = planModuleTasks(PROPOSED_SCHEDULE);
    expect(planKey([...a].reverse())).toBe(planKey(a));
    expect(planKey(a.slice(1))).not.toBe(planKey(a));
  });
});
