import type { Knex } from 'knex';
import { isXTigerError } from '../errors/XTigerError.js';
import type { Logger } from '../logging/logger.js';
import type { RunModule, RunSummary } from '../sync/run/types.js';
import { startSyncRun, type SyncRunContext } from '../syncRuns/startSyncRun.js';
import { withJobLock } from './jobLock.js';

/**
 * An edit saved in Vtiger reaches Xero without waiting for the schedule: every `pollMs` (default 5 s) one indexed
 * read of vtiger_crmentity finds records of the synced modules saved since the last look (~2 ms when nothing
 * changed); records whose link was written at or after their save (XTiger's own writes, already synced) are left
 * out; the rest start one sync of their modules (trigger 'instant'), which reads them from the change feed with the
 * module's selection and direction settings. Runs are at least `minGapMs` apart (default 10 s), so the watch spends
 * at most a few of Xero's 60 calls a minute; a run already going leaves the edits for the next look.
 */
export const VTIGER_EDIT_WATCH_JOB = 'vtiger-edit-watch';

const MODULES: Record<string, RunModule[]> = {
  Accounts: ['accounts'],
  Contacts: ['accounts', 'contacts'],
  Products: ['products'],
  Services: ['services'],
  Invoice: ['invoices'],
};
const PAIR: Record<string, string> = { Accounts: 'accounts', Contacts: 'contacts', Products: 'products', Services: 'services' };

export interface VtigerEdit {
  crmid: number;
  module: string;
  modifiedTime: string;
}

/**
 * Records of the synced modules saved at or after `since` and at least `settleSeconds` ago (the run leaves records
 * of the last second for later; see RunSyncOptions.vtigerSettleSeconds), that XTiger has not synced since.
 */
export async function findUnsyncedEdits(knex: Knex, since: string, settleSeconds = 2, limit = 1000): Promise<VtigerEdit[]> {
  const [rows] = (await knex.raw(
    `SELECT e.crmid, e.setype, e.modifiedtime FROM vtiger_crmentity e
     WHERE e.setype IN ('Accounts', 'Contacts', 'Products', 'Services', 'Invoice') AND e.modifiedtime >= ? AND e.modifiedtime <= UTC_TIMESTAMP() - INTERVAL ? SECOND
     ORDER BY e.modifiedtime, e.crmid LIMIT ?`,
    [since, settleSeconds, limit],
  )) as [Array<{ crmid: number; setype: string; modifiedtime: string }>];
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.crmid));
  const synced = new Map<string, number>();
  const links = (await knex('xtiger_links').whereIn('crmid', ids).select('pair', 'crmid', 'vtiger_modified_at', 'last_synced_at')) as Array<{ pair: string; crmid: number; vtiger_modified_at: string | null; last_synced_at: string }>;
  for (const l of links) synced.set(`${l.pair}:${l.crmid}`, Math.max(utc(l.vtiger_modified_at), utc(l.last_synced_at)));
  const invoices = (await knex('xtiger_invoice_links').whereIn('crmid', ids).select('crmid', 'last_synced_at')) as Array<{ crmid: number; last_synced_at: string }>;
  for (const l of invoices) synced.set(`invoices:${l.crmid}`, utc(l.last_synced_at));
  return rows
    .filter((r) => (synced.get(`${PAIR[r.setype] ?? 'invoices'}:${r.crmid}`) ?? 0) < utc(r.modifiedtime))
    .map((r) => ({ crmid: Number(r.crmid), module: r.setype, modifiedTime: r.modifiedtime }));
}

function utc(value: string | null): number {
  return value ? new Date(`${value.replace(' ', 'T')}Z`).getTime() : 0;
}

export type VtigerEditOutcome =
  | { outcome: 'ran'; edits: number; modules: RunModule[]; summary: RunSummary }
  | { outcome: 'busy'; edits: number; message: string }
  | { outcome: 'failed'; edits: number; code: string; message: string };

export interface VtigerEditWatchOptions {
  pollMs?: number;
  minGapMs?: number;
  settleSeconds?: number;
  budgetMs?: number;
  onOutcome?: (o: VtigerEditOutcome) => void;
}

export interface VtigerEditWatch {
  stop(): Promise<void>;
}

export function startVtigerEditWatch(deps: { knex: Knex; logger: Logger }, ctx: () => Promise<SyncRunContext>, options: VtigerEditWatchOptions = {}): VtigerEditWatch {
  const logger = deps.logger.child({ job: VTIGER_EDIT_WATCH_JOB });
  let since: string | undefined;
  /** Edits a run already took: crmid → modifiedtime (a record outside the selection is never linked, so it is remembered here). */
  const taken = new Map<number, string>();
  let lastRunAt = 0;
  let running: Promise<void> | undefined;
  let stopped = false;

  const look = async (): Promise<void> => {
    if (since === undefined) {
      const [[now]] = (await deps.knex.raw("SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s') AS t")) as [[{ t: string }]];
      since = now.t;
      return;
    }
    const edits = (await findUnsyncedEdits(deps.knex, since, options.settleSeconds ?? 2)).filter((e) => taken.get(e.crmid) !== e.modifiedTime);
    if (edits.length === 0 || Date.now() - lastRunAt < (options.minGapMs ?? 10_000)) return;
    const modules = [...new Set(edits.flatMap((e) => MODULES[e.module] ?? []))];
    lastRunAt = Date.now();
    let outcome: VtigerEditOutcome;
    try {
      const locked = await withJobLock(deps.knex, VTIGER_EDIT_WATCH_JOB, async () =>
        startSyncRun(await ctx(), { request: { trigger: 'instant', modules }, entryPoint: 'vtiger-edit', lockWaitSeconds: 0, budgetMs: options.budgetMs ?? 60_000 }),
      );
      if (!locked.ran) {
        outcome = { outcome: 'busy', edits: edits.length, message: 'Another XTiger backend is syncing Vtiger edits.' };
      } else {
        for (const e of edits) taken.set(e.crmid, e.modifiedTime);
        const newest = edits.reduce((m, e) => (e.modifiedTime > m ? e.modifiedTime : m), since);
        for (const [id, at] of taken) if (at < newest) taken.delete(id);
        since = newest;
        outcome = { outcome: 'ran', edits: edits.length, modules, summary: locked.value };
        logger.info({ edits: edits.length, modules, runId: locked.value.runId, pairs: locked.value.pairs }, 'Vtiger edits synced');
      }
    } catch (err) {
      if (isXTigerError(err, 'CONFLICT')) outcome = { outcome: 'busy', edits: edits.length, message: err.message };
      else {
        outcome = { outcome: 'failed', edits: edits.length, code: isXTigerError(err) ? err.code : 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
        // Try again after a pause, not at every look.
        lastRunAt = Date.now() + 20_000;
        if (isXTigerError(err)) logger.warn({ code: err.code, reason: err.message }, 'sync of Vtiger edits failed; tried again later');
        else logger.error({ err }, 'sync of Vtiger edits hit an unexpected error');
      }
    }
    options.onOutcome?.(outcome);
  };

  const tick = (): void => {
    if (running || stopped) return;
    running = look()
      .catch((err: unknown) => logger.error({ err }, 'looking for Vtiger edits failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, options.pollMs ?? 5000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
