import type { Knex } from 'knex';
import { z } from 'zod';
import type { SecretBox } from '../crypto/secretBox.js';
import { XTigerError } from '../errors/XTigerError.js';
import { readSetting, saveSetting } from '../sync/invoices/xtigerSettings.js';

/**
 * Settings → XTiger → Notifications: who gets the sync report, how often, in which language, and through which
 * SMTP server (Vtiger's own Outgoing Server settings by default, or XTiger's own). Kept as JSON in
 * `xtiger_settings`; the SMTP password is sealed with the secret box under its own key and never answered back.
 */
export const REPORT_FREQUENCIES = ['off', 'each_sync', 'daily', 'weekly', 'monthly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];
export const REPORT_LANGUAGES = ['en_us', 'ja_jp'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const smtpSettingsSchema = z.discriminatedUnion('source', [
  /** Vtiger's Settings → Outgoing Server (vtiger_systems, server_type 'email'). */
  z.object({ source: z.literal('vtiger') }),
  z.object({
    source: z.literal('own'),
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    /** TLS from the start (465); false: STARTTLS when offered. */
    secure: z.boolean(),
    username: z.string().max(255).default(''),
    fromEmail: z.email().max(255),
    fromName: z.string().max(100).default('XTiger'),
  }),
]);
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;

export const notificationSettingsSchema = z.object({
  recipients: z.array(z.email().max(255)).max(20).default([]),
  frequency: z.enum(REPORT_FREQUENCIES).default('off'),
  language: z.enum(REPORT_LANGUAGES).default('en_us'),
  smtp: smtpSettingsSchema.default({ source: 'vtiger' }),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = notificationSettingsSchema.parse({});

const KEY = 'notifications';
const PASSWORD_KEY = 'notifications.smtp_password';
const PASSWORD_PURPOSE = 'xtiger_settings:notifications.smtp_password';

export async function readNotificationSettings(knex: Knex): Promise<NotificationSettings & { hasSmtpPassword: boolean }> {
  const parsed = notificationSettingsSchema.safeParse((await readSetting<unknown>(knex, KEY)) ?? {});
  const password = (await knex('xtiger_settings').where({ name: PASSWORD_KEY }).first('value')) as { value: string } | undefined;
  return { ...(parsed.success ? parsed.data : DEFAULT_NOTIFICATION_SETTINGS), hasSmtpPassword: Boolean(password?.value) };
}

/** XTiger's own SMTP password, opened; undefined when none is stored. */
export async function readSmtpPassword(knex: Knex, box: SecretBox): Promise<string | undefined> {
  const row = (await knex('xtiger_settings').where({ name: PASSWORD_KEY }).first('value')) as { value: string } | undefined;
  return row?.value ? box.open(row.value, PASSWORD_PURPOSE) : undefined;
}

/**
 * Validates and stores the settings. `smtpPassword`: undefined keeps the stored one, '' removes it, text replaces it.
 * The error names the field.
 */
export async function saveNotificationSettings(knex: Knex, box: SecretBox, input: unknown, smtpPassword?: string): Promise<NotificationSettings> {
  const parsed = notificationSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'notifications';
    throw new XTigerError('BAD_REQUEST', `Notification settings, ${field}: ${issue?.message ?? 'invalid'}.`, { details: { field } });
  }
  await saveSetting(knex, KEY, parsed.data);
  if (smtpPassword !== undefined) {
    await knex('xtiger_settings')
      .insert({ name: PASSWORD_KEY, value: smtpPassword === '' ? '' : box.seal(smtpPassword, PASSWORD_PURPOSE), is_secret: true, updated_at: knex.fn.now() })
      .onConflict('name')
      .merge(['value', 'is_secret', 'updated_at']);
  }
  return parsed.data;
}
