import type { Knex } from 'knex';
import type { XTigerConfig } from '../config/config.js';
import { loadEncryptionKey } from '../crypto/encryptionKey.js';
import { createSecretBox } from '../crypto/secretBox.js';
import type { Logger } from '../logging/logger.js';
import { startReportJobs, type ReportJobs } from '../reports/reportJobs.js';
import { startSchedule, type Schedule } from '../schedule/startSchedule.js';
import { startVtigerEditWatch, type VtigerEditWatch } from '../schedule/vtigerEditWatch.js';
import { syncRunContextFor } from '../syncRuns/startSyncRun.js';
import { startWebhookSync, type WebhookSync } from '../webhooks/webhookSync.js';

/**
 * Everything the backend does on its own, started by server/main.ts after the HTTP app: the per-module sync schedule,
 * the sync of changes announced by Xero's webhooks, the watch of Vtiger edits, and the e-mail report mailer. They
 * share the app's deps (one Xero token store and rate governor per process) and stop together.
 */
export interface BackgroundJobs {
  schedule: Schedule;
  reports: ReportJobs;
  stop(): Promise<void>;
}

export async function startBackgroundJobs(deps: { config: XTigerConfig; knex: Knex; logger: Logger; now: () => number }): Promise<BackgroundJobs> {
  const ctx = () => syncRunContextFor(deps);
  const { key } = await loadEncryptionKey(deps.config);
  const schedule = startSchedule(deps, ctx);
  const webhooks: WebhookSync = startWebhookSync(deps, ctx);
  const watch: VtigerEditWatch | undefined = deps.config.VTIGER_EDIT_POLL_SECONDS > 0 ? startVtigerEditWatch(deps, ctx, { pollMs: deps.config.VTIGER_EDIT_POLL_SECONDS * 1000 }) : undefined;
  if (!watch) deps.logger.info('the watch of Vtiger edits is off (VTIGER_EDIT_POLL_SECONDS=0); edits go to Xero with the schedule');
  const reports = startReportJobs({
    knex: deps.knex,
    logger: deps.logger,
    box: createSecretBox(key),
    vtigerUrl: deps.config.VTIGER_URL,
    mailFrom: deps.config.MAIL_FROM,
    syncUserName: deps.config.VTIGER_SYNC_USER,
  });
  return {
    schedule,
    reports,
    async stop() {
      await Promise.allSettled([schedule.stop(), webhooks.stop(), watch?.stop(), reports.stop()]);
    },
  };
}
