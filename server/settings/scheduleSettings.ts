import type { Knex } from 'knex';
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { XTigerError } from '../errors/XTigerError.js';
import { readSetting, saveSetting } from '../sync/invoices/xtigerSettings.js';
import { notifySettingsSaved } from './settingsEvents.js';

/**
 * When each module syncs on its own (Settings → XTiger → Sync Settings → Schedule), kept as JSON in
 * `xtiger_settings`. Shared by the settings screens (HTTP) and the backend's node-cron jobs.
 *
 * Safe first run: nothing runs on a schedule until an admin has saved Sync Settings once (`savedAt` set); until
 * then every module reads as `off` whatever is stored, and the screens say so.
 */
export const SCHEDULED_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'] as const;
export type ScheduledModule = (typeof SCHEDULED_MODULES)[number];

/** Every N minutes (1 to 1,440), or a node-cron expression (5 or 6 fields), or off. */
export const moduleScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('off') }),
  z.object({ kind: z.literal('every'), minutes: z.number().int().min(1).max(1440) }),
  z.object({
    kind: z.literal('cron'),
    expression: z
      .string()
      .trim()
      .min(9)
      .max(100)
      .refine((e) => isValidCron(e), { message: 'not a valid cron expression' }),
  }),
]);
export type ModuleSchedule = z.infer<typeof moduleScheduleSchema>;

export const scheduleSettingsSchema = z.object({
  modules: z.object(Object.fromEntries(SCHEDULED_MODULES.map((m) => [m, moduleScheduleSchema])) as Record<ScheduledModule, typeof moduleScheduleSchema>),
});
export type ScheduleSettings = z.infer<typeof scheduleSettingsSchema>;

/** What the screens propose on a fresh install (saved only when the admin saves Sync Settings). */
export const PROPOSED_SCHEDULE: ScheduleSettings = {
  modules: { Contacts: { kind: 'every', minutes: 15 }, Accounts: { kind: 'every', minutes: 15 }, Products: { kind: 'every', minutes: 60 }, Services: { kind: 'every', minutes: 60 }, Invoice: { kind: 'every', minutes: 15 } },
};

const OFF: ScheduleSettings = { modules: Object.fromEntries(SCHEDULED_MODULES.map((m) => [m, { kind: 'off' }])) as ScheduleSettings['modules'] };

const KEY = 'sync.schedule';
const SAVED_KEY = 'sync.settings_saved';

/** Who saved Sync Settings first and when; absent on a fresh install. */
export interface SyncSettingsSaved {
  savedAt: string;
  savedBy: number;
}

export async function readSyncSettingsSaved(knex: Knex): Promise<SyncSettingsSaved | undefined> {
  return readSetting<SyncSettingsSaved>(knex, SAVED_KEY);
}

/** Marks Sync Settings as saved by an admin (the schedule may run from now on). */
export async function markSyncSettingsSaved(knex: Knex, userId: number, at: Date): Promise<void> {
  await saveSetting(knex, SAVED_KEY, { savedAt: at.toISOString(), savedBy: userId } satisfies SyncSettingsSaved);
  notifySettingsSaved('schedule');
}

/** The schedule in force: all off until Sync Settings were saved once; stored values otherwise. */
export async function readScheduleSettings(knex: Knex): Promise<{ schedule: ScheduleSettings; saved: SyncSettingsSaved | undefined }> {
  const saved = await readSyncSettingsSaved(knex);
  if (!saved) return { schedule: OFF, saved };
  const stored = await readSetting<unknown>(knex, KEY);
  const parsed = scheduleSettingsSchema.safeParse(stored);
  return { schedule: parsed.success ? parsed.data : OFF, saved };
}

/** Validates and stores the schedule; the error names the module and what is wrong. */
export async function saveScheduleSettings(knex: Knex, input: unknown): Promise<ScheduleSettings> {
  const parsed = scheduleSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.filter((p) => p !== 'modules').join('.') || 'schedule';
    throw new XTigerError('SYNC_SETTINGS_INVALID', `Schedule of ${where}: ${issue?.message ?? 'invalid'}.`, { details: { field: `schedule.${where}` } });
  }
  await saveSetting(knex, KEY, parsed.data);
  notifySettingsSaved('schedule');
  return parsed.data;
}
