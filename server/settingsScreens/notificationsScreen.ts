import type { Knex } from 'knex';
import type { NotificationSettingsView } from '../http/contracts/notifications.js';
import type { SecretBox } from '../crypto/secretBox.js';
import { readNotificationSettings, REPORT_FREQUENCIES, REPORT_LANGUAGES, saveNotificationSettings, type NotificationSettings } from '../settings/notificationSettings.js';

/** Settings → XTiger → Notifications: the stored settings (password never answered) and Vtiger's Outgoing Server as it is set up. */
async function vtigerOutgoingServer(knex: Knex): Promise<NotificationSettingsView['vtigerOutgoingServer']> {
  if (!(await knex.schema.hasTable('vtiger_systems'))) return null;
  const row = (await knex('vtiger_systems').where({ server_type: 'email' }).first('server', 'server_port', 'from_email_field')) as
    | { server: string | null; server_port: number | null; from_email_field: string | null }
    | undefined;
  if (!row?.server) return null;
  return { host: row.server, port: row.server_port === null ? null : Number(row.server_port), fromEmail: row.from_email_field || null };
}

export async function readNotificationsView(knex: Knex): Promise<NotificationSettingsView> {
  const settings = await readNotificationSettings(knex);
  return { ...settings, vtigerOutgoingServer: await vtigerOutgoingServer(knex), options: { frequencies: [...REPORT_FREQUENCIES], languages: [...REPORT_LANGUAGES] } };
}

export async function saveNotificationsScreen(knex: Knex, box: SecretBox, input: NotificationSettings & { smtpPassword?: string | undefined }): Promise<NotificationSettingsView> {
  const { smtpPassword, ...settings } = input;
  await saveNotificationSettings(knex, box, settings, smtpPassword);
  return readNotificationsView(knex);
}
