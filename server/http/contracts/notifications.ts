import { z } from 'zod';
import { notificationSettingsSchema, REPORT_FREQUENCIES, REPORT_LANGUAGES } from '../../settings/notificationSettings.js';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → Notifications (admin): who gets the sync report, how often, in which language, and through
 * which SMTP server (Vtiger's Outgoing Server, or XTiger's own). The SMTP password is write-only.
 *
 * GET /api/settings/notifications
 * PUT /api/settings/notifications   `smtpPassword`: missing keeps the stored one, "" removes it, text replaces it.
 *                                   Bad input → 400 naming the field (`recipients.1` with the address, `smtp.port` …).
 */
export const notificationSettingsViewSchema = notificationSettingsSchema.extend({
  hasSmtpPassword: z.boolean(),
  /** Vtiger's Outgoing Server as configured there (null when not set up), so the screen can show what "vtiger" means. */
  vtigerOutgoingServer: z.object({ host: z.string(), port: z.number().int().nullable(), fromEmail: z.string().nullable() }).nullable(),
  options: z.object({ frequencies: z.array(z.enum(REPORT_FREQUENCIES)), languages: z.array(z.enum(REPORT_LANGUAGES)) }),
});
export type NotificationSettingsView = z.infer<typeof notificationSettingsViewSchema>;

export const getNotificationSettings = defineEndpoint({
  method: 'get',
  path: '/api/settings/notifications',
  access: 'admin',
  response: notificationSettingsViewSchema,
});

export const saveNotificationSettingsEndpoint = defineEndpoint({
  method: 'put',
  path: '/api/settings/notifications',
  access: 'admin',
  // Recipients are checked as e-mail addresses by the use case, which names a bad one in the admin's language.
  body: notificationSettingsSchema.extend({ recipients: z.array(z.string().trim().max(255)).max(20).default([]), smtpPassword: z.string().max(500).optional() }).strict(),
  response: notificationSettingsViewSchema,
});
