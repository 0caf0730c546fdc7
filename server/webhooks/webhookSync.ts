import type { Knex } from 'knex';
import { isXTigerError } from '../errors/XTigerError.js';
import type { Logger } from '../logging/logger.js';
import { withJobLock } from '../schedule/jobLock.js';
import type { RunModule, RunSummary } from '../sync/run/types.js';
import { startSyncRun, type SyncRunContext } from '../syncRuns/startSyncRun.js';
import { markWebhookEventsTaken, openWebhookEvents, type WebhookCategory } from './webhookEvents.js';

/**
 * Syncs what Xero's webhooks said changed, a moment after they arrived: a small debounced job that looks at the
 * stored events every `pollMs` (one indexed read), waits until none came for `quietMs` (or the oldest has waited
 * `maxWaitMs`), then runs one sync of the modules concerned (contacts → Organizations and Contacts; invoices →
 * Invoices), trigger 'webhook'. The run reads Xero's changes with If-Modified-Since since its checkpoint — the
 * records the events named, and any change a lost webhook did not announce — and spends its calls through the
 * process's shared rate governor like every other run. A run already going (the schedule, a "sync now") leaves the
 * events for the next tick: not stacked, not lost. Two backends: the job lock lets one of them take the events.
 */
export const WEBHOOK_SYNC_JOB = 'webhook-sync';

const MODULES: Record<WebhookCategory, RunModule[]> = { CONTACT: ['accounts', 'contacts'], INVOICE: ['invoices'] };

export type WebhookSyncOutcome =
  | { outcome: 'ran'; runId: string; events: number; modules: RunModule[]; summary: RunSummary }
  | { outcome: 'waiting'; events: number }
  | { outcome: 'busy'; message: string }
  | { outcome: 'failed'; code: string; message: string };

export interface WebhookSyncOptions {
  pollMs?: number;
  quietMs?: number;
  maxWaitMs?: number;
  budgetMs?: number;
  /** Pause after a failed run (default 30 s). */
  retryAfterMs?: number;
  onOutcome?: (o: WebhookSyncOutcome) => void;
}

export interface WebhookSync {
  stop(): Promise<void>;
}

export async function syncWebhookEvents(knex: Knex, ctx: () => Promise<SyncRunContext>, logger: Logger, options: WebhookSyncOptions, now = Date.now()): Promise<WebhookSyncOutcome | undefined> {
  const open = await openWebhookEvents(knex);
  if (!open) return undefined;
  const quiet = now - open.lastReceivedAt.getTime() >= (options.quietMs ?? 1000);
  const waitedEnough = now - open.firstReceivedAt.getTime() >= (options.maxWaitMs ?? 5000);
  if (!quiet && !waitedEnough) return { outcome: 'waiting', events: open.count };
  const modules = [...new Set(open.categories.flatMap((c) => MODULES[c]))];
  try {
    const locked = await withJobLock(knex, WEBHOOK_SYNC_JOB, async () => {
      const summary = await startSyncRun(await ctx(), { request: { trigger: 'webhook', modules }, entryPoint: 'webhook', lockWaitSeconds: 0, budgetMs: options.budgetMs ?? 60_000 });
      await markWebhookEventsTaken(knex, open.maxId, new Date());
      return summary;
    });
    if (!locked.ran) return { outcome: 'busy', message: 'Another XTiger backend is syncing webhook events.' };
    logger.info({ job: WEBHOOK_SYNC_JOB, events: open.count, modules, runId: locked.value.runId, pairs: locked.value.pairs }, 'changes announced by Xero synced');
    return { outcome: 'ran', runId: locked.value.runId, events: open.count, modules, summary: locked.value };
  } catch (err) {
    if (isXTigerError(err, 'CONFLICT')) return { outcome: 'busy', message: err.message };
    if (isXTigerError(err, 'SYNC_TIME_BUDGET')) {
      // What was done stays done; the events stay open and the next tick continues.
      return { outcome: 'failed', code: err.code, message: err.message };
    }
    const failure = isXTigerError(err) ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'unexpected error; see the log' };
    if (!isXTigerError(err)) logger.error({ err, job: WEBHOOK_SYNC_JOB }, 'webhook sync hit an unexpected error');
    else logger.warn({ job: WEBHOOK_SYNC_JOB, code: failure.code, reason: failure.message }, 'webhook sync failed; the events stay for the next try');
    return { outcome: 'failed', ...failure };
  }
}

export function startWebhookSync(deps: { knex: Knex; logger: Logger }, ctx: () => Promise<SyncRunContext>, options: WebhookSyncOptions = {}): WebhookSync {
  let running: Promise<void> | undefined;
  let stopped = false;
  // After a failed run (Xero not connected, unreachable) the events wait this long before the next try.
  let notBefore = 0;
  const tick = (): void => {
    if (running || stopped || Date.now() < notBefore) return;
    running = syncWebhookEvents(deps.knex, ctx, deps.logger, options)
      .then((o) => {
        if (o?.outcome === 'failed') notBefore = Date.now() + (options.retryAfterMs ?? 30_000);
        if (o) options.onOutcome?.(o);
      })
      .catch((err: unknown) => deps.logger.error({ err, job: WEBHOOK_SYNC_JOB }, 'webhook sync tick failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.pollMs ?? 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
