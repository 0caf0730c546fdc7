import type { Knex } from 'knex';
import { z } from 'zod';
import { XTigerError } from '../errors/XTigerError.js';
import { translate } from '../i18n/translate.js';
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

const emailAddress = z.email();

/**
 * A recipient that is not an address is named, with its place in the list, in the admin's language (the stored
 * settings' own schema would say only "recipients.1: Invalid email address").
 */
function checkRecipients(recipients: readonly string[], language: string | undefined): void {
  recipients.forEach((address, i) => {
    if (!emailAddress.safeParse(address).success) {
      throw new XTigerError('BAD_REQUEST', translate(language, 'settings.notifications.badRecipient', { position: i + 1, address }), { details: { field: `recipients.${i}`, value: address } });
    }
  });
}

export async function saveNotificationsScreen(
  knex: Knex,
  box: SecretBox,
  input: Omit<NotificationSettings, 'recipients'> & { recipients: string[]; smtpPassword?: string | undefined },
  language?: string,
): Promise<NotificationSettingsView> {
  checkRecipients(input.recipients, language);
  const { smtpPassword, ...settings } = input;
  await saveNotificationSettings(knex, box, settings, smtpPassword);
  return readNotificationsView(knex);
}
