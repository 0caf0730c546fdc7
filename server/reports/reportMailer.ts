import type { Knex } from 'knex';
import type { SecretBox } from '../crypto/secretBox.js';
import type { Logger } from '../logging/logger.js';
import { redactText } from '../logging/redact.js';
import { withJobLock } from '../schedule/jobLock.js';
import { readNotificationSettings, type NotificationSettings } from '../settings/notificationSettings.js';
import { readSetting, saveSetting } from '../sync/invoices/xtigerSettings.js';
import type { EmailStatus } from '../vtiger/ownModules/ownModuleValues.js';
import { setXTLogEmailStatus } from '../vtiger/ownModules/xtLog.js';
import { pendingLogIds, readReportData, type DigestFrequency, type ReportScope } from './reportData.js';
import { dueReports, enqueueDigest, enqueueFinishedRuns, retryReportLater, scopeOf, settleReport, type OutboxItem } from './reportOutbox.js';
import { lastCompletePeriod, retryDelayMs } from './reportTiming.js';
import { renderReport } from './renderReport.js';
import { resolveSmtpTarget, sendMail } from './smtpServer.js';

/**
 * One pass of the report mailer, under a database lock (two backends never send the same report): note the runs
 * that finished and the digest that is due, then send the due reports of the outbox. A report that could not be
 * sent is tried again later (back-off doubling from `retryBaseMs`, at most an hour), and given up after
 * `maxAttempts`. XTLog lines waiting for a report (e-mail status Pending) become Sent, Failed (given up) or Not
 * required (no report wanted, or a run that logged nothing). Runs themselves never wait for any of this.
 */
export const REPORT_MAILER_JOB = 'report-mailer';

export interface ReportMailerDeps {
  knex: Knex;
  logger: Logger;
  box: SecretBox;
  vtigerUrl: string;
  /** From address when Vtiger's Outgoing Server has none (MAIL_FROM). */
  mailFrom: string;
  /** The Vtiger user XTLog changes are made as (the sync user). */
  syncUserName: string;
  now?: () => Date;
}

export interface ReportMailerOptions {
  maxAttempts?: number;
  retryBaseMs?: number;
  sendTimeoutMs?: number;
}

export interface ReportPass {
  sent: number;
  retried: number;
  failed: number;
  notRequired: number;
  errors: string[];
}

const SINCE_KEY = 'reports.since';

export async function runReportPass(deps: ReportMailerDeps, options: ReportMailerOptions = {}): Promise<ReportPass | undefined> {
  const locked = await withJobLock(deps.knex, REPORT_MAILER_JOB, () => pass(deps, options));
  return locked.ran ? locked.value : undefined;
}

async function pass(deps: ReportMailerDeps, options: ReportMailerOptions): Promise<ReportPass> {
  const now = deps.now ?? (() => new Date());
  const { knex } = deps;
  const result: ReportPass = { sent: 0, retried: 0, failed: 0, notRequired: 0, errors: [] };
  // Runs from before the mailer first ran are not reported (no flood of old reports after an upgrade).
  let since = await readSetting<string>(knex, SINCE_KEY);
  if (!since) {
    since = now().toISOString();
    await saveSetting(knex, SINCE_KEY, since);
  }
  // Only recent runs are looked at (the table grows with every run); a backend down for days reports from there.
  await enqueueFinishedRuns(knex, new Date(Math.max(new Date(since).getTime(), now().getTime() - 2 * 86_400_000)), now());
  const settings = await readNotificationSettings(knex);
  const wanted = settings.frequency !== 'off' && settings.recipients.length > 0;
  const digest = wanted && settings.frequency !== 'each_sync' && settings.frequency !== 'off' ? settings.frequency : undefined;
  if (digest) {
    const period = lastCompletePeriod(digest, now());
    if (period.to.getTime() > new Date(since).getTime()) await enqueueDigest(knex, digest, period, now());
  }
  const userId = await syncUserId(knex, deps.syncUserName);
  for (const item of await dueReports(knex, now())) {
    const scope = scopeOf(item);
    if (!wanted || (item.kind === 'digest' && !digest)) {
      await settleReport(knex, item.id, 'not_required', now());
      await markLines(knex, scope, 'Not required', userId);
      result.notRequired++;
      continue;
    }
    if (item.kind === 'run' && settings.frequency !== 'each_sync') {
      // Its lines wait (Pending) for the day's, week's or month's report.
      await settleReport(knex, item.id, 'digest', now());
      continue;
    }
    const outcome = await sendOne(deps, settings, item, scope, options);
    if (outcome === 'nothing') {
      await settleReport(knex, item.id, 'not_required', now());
      await markLines(knex, scope, 'Not required', userId);
      result.notRequired++;
    } else if (outcome === 'sent') {
      await settleReport(knex, item.id, 'sent', now(), { attempts: item.attempts + 1 });
      await markLines(knex, scope, 'Sent', userId);
      result.sent++;
    } else {
      const attempts = item.attempts + 1;
      const error = redactText(outcome.error);
      result.errors.push(error);
      if (attempts >= (options.maxAttempts ?? 8)) {
        await settleReport(knex, item.id, 'failed', now(), { attempts, error });
        await markLines(knex, scope, 'Failed', userId);
        deps.logger.error({ job: REPORT_MAILER_JOB, report: item.runId, attempts, reason: error }, 'sync report could not be sent; given up');
        result.failed++;
      } else {
        const delay = retryDelayMs(attempts, options.retryBaseMs ?? 60_000, 3_600_000);
        await retryReportLater(knex, item.id, attempts, new Date(now().getTime() + delay), error);
        deps.logger.warn({ job: REPORT_MAILER_JOB, report: item.runId, attempts, retryInMs: delay, reason: error }, 'sync report could not be sent; will try again');
        result.retried++;
      }
    }
  }
  return result;
}

async function sendOne(deps: ReportMailerDeps, settings: NotificationSettings, item: OutboxItem, scope: ReportScope, options: ReportMailerOptions): Promise<'sent' | 'nothing' | { error: string }> {
  try {
    const data = await readReportData(deps.knex, scope);
    if (item.kind === 'run' && data.lines === 0) return 'nothing';
    const mail = renderReport(data, settings.language, deps.vtigerUrl);
    const target = await resolveSmtpTarget(deps.knex, deps.box, settings.smtp, deps.mailFrom);
    const sent = await sendMail(target, { to: settings.recipients, ...mail }, options.sendTimeoutMs ?? 30_000);
    deps.logger.info({ job: REPORT_MAILER_JOB, report: item.runId, smtp: target.describe, recipients: settings.recipients.length, messageId: sent.messageId }, 'sync report sent');
    return 'sent';
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

async function markLines(knex: Knex, scope: ReportScope, status: EmailStatus, actingUserId: number): Promise<void> {
  const ids = await pendingLogIds(knex, scope);
  for (let i = 0; i < ids.length; i += 1000) await setXTLogEmailStatus(knex, ids.slice(i, i + 1000), status, { actingUserId });
}

async function syncUserId(knex: Knex, userName: string): Promise<number> {
  const row = (await knex('vtiger_users').where({ user_name: userName }).first('id')) as { id: number } | undefined;
  return Number(row?.id ?? 1);
}

export type { DigestFrequency };
