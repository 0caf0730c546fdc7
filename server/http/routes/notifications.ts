import type { Router } from 'express';
import { loadEncryptionKey } from '../../crypto/encryptionKey.js';
import { createSecretBox } from '../../crypto/secretBox.js';
import { readNotificationsView, saveNotificationsScreen } from '../../settingsScreens/notificationsScreen.js';
import type { AppDeps } from '../appDeps.js';
import { getNotificationSettings, saveNotificationSettingsEndpoint } from '../contracts/notifications.js';
import { route } from '../route.js';

export function notificationRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, getNotificationSettings, () => readNotificationsView(deps.knex));
  route(router, deps, saveNotificationSettingsEndpoint, async ({ body, user }) => {
    const { key } = await loadEncryptionKey(deps.config);
    const saved = await saveNotificationsScreen(deps.knex, createSecretBox(key), body, user?.language);
    deps.logger.info({ recipients: saved.recipients.length, frequency: saved.frequency, smtp: saved.smtp.source, hasSmtpPassword: saved.hasSmtpPassword }, 'notification settings saved');
    return saved;
  });
}
