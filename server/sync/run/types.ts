import type { Knex } from 'knex';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../time/clock.js';
import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import type { XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import { PAIR_MODULE, SYNC_PAIRS, type SyncPair } from '../types.js';

/**
 * The contract of a sync run (see README.md): what the entry points (CLI, HTTP "sync now", cron) pass in and get
 * back. The request is validated at the edge with `runSyncRequestSchema`; `runSync` parses it again, so a bad
 * request from any caller fails with BAD_REQUEST naming the field.
 */
/** See RunSyncOptions.xeroOverlapMs. */
export const DEFAULT_OVERLAP_MS = 30_000;

export const SYNC_TRIGGERS = ['instant', 'scheduled', 'webhook'] as const;
export type RunTrigger = (typeof SYNC_TRIGGERS)[number];

/**
 * What a run can sync: the four module pairs, then invoices (Vtiger invoices → Xero, payments and Xero invoices
 * back, as the direction allows). Invoices always run last, so the contacts and items they need are linked.
 */
export const RUN_MODULES = [...SYNC_PAIRS, 'invoices'] as const;
export type RunModule = (typeof RUN_MODULES)[number];

/** The Vtiger module of each part of a run. */
export const RUN_MODULE_VTIGER: Readonly<Record<RunModule, 'Contacts' | 'Accounts' | 'Products' | 'Services' | 'Invoice'>> = { ...PAIR_MODULE, invoices: 'Invoice' };

export const runSyncRequestSchema = z.object({
  /** What to sync; default everything. Organizations always run before Contacts, invoices after all four pairs. */
  modules: z.array(z.enum(RUN_MODULES)).min(1).optional(),
  /** Narrows each pair's configured direction for this run (a pair whose direction excludes it is left out). */
  direction: z.enum(['both', 'toXero', 'toVtiger']).optional(),
  /** Explicit Vtiger crmids ("sync now" on selected records): only these, whatever the selection settings say. */
  ids: z.array(z.number().int().positive()).min(1).max(10_000).optional(),
  /** Report what would happen; write nothing anywhere. */
  dryRun: z.boolean().default(false),
  trigger: z.enum(SYNC_TRIGGERS),
  /** Vtiger language code for XTLog messages (`en_us`, `ja_jp`); default the sync user's language. */
  language: z.string().max(10).optional(),
  /**
   * Resolves the held conflicts of the chosen records (`ids` required): for fields changed on both sides, the side
   * whose values win this once, whatever the module's policy says.
   */
  keep: z.enum(['vtiger', 'xero']).optional(),
}).refine((r) => r.keep === undefined || r.ids !== undefined, { message: 'keep resolves conflicts of chosen records: give ids too', path: ['keep'] });
export type RunSyncRequest = z.input<typeof runSyncRequestSchema>;
export type ParsedRunSyncRequest = z.output<typeof runSyncRequestSchema>;

/** Tuning; the defaults are what production uses. */
export interface RunSyncOptions {
  /**
   * How far before the last read a Xero read starts again (If-Modified-Since). Default 30 s: contacts and items
   * get their UpdatedDateUTC when they are saved, so the overlap only has to cover commit latency and the skew
   * between our clock and Xero's (both normally under a second). Records re-read through it are recognised by
   * their content hash and cost nothing but the read.
   */
  xeroOverlapMs?: number;
  /** Contacts per Xero page (1–1000); default 1000. */
  xeroPageSize?: number;
  /** Leave Vtiger records saved in the last N seconds for the next run (same-second keyset gap); default 1. */
  vtigerSettleSeconds?: number;
  /** Webservice writes in flight at once; default the client's sessions (VTIGER_WS_SESSIONS). */
  vtigerConcurrency?: number;
  /** A queue item that failed this many times is set to Failed and no longer retried; default 5. */
  maxQueueAttempts?: number;
  /** First retry delay; doubles per attempt (capped at a day); default 5 min. */
  queueBackoffMs?: number;
  /** After a pass that wrote to Xero, read Xero again in the same run (absorbs our own echoes); default 2 passes. */
  maxPasses?: number;
  /**
   * Time budget in ms (on the run's clock): the run stops after the first recorded batch past it, keeps its
   * summary (`stopped`: SYNC_TIME_BUDGET) and the next run continues. Default: none.
   */
  budgetMs?: number;
}

export interface RunSyncDeps {
  /** The Vtiger database, which also holds XTiger's own tables (xtiger_*). */
  knex: Knex;
  /** Xero for this run: `openXeroAccountingApi(xeroServices)` (one per run, never shared). */
  xero: XeroAccountingApi;
  /** Writes to Contacts/Accounts/Products/Services: `createVtigerWebserviceClient({ knex, url, userName })`. */
  vtiger: VtigerWebserviceClient;
  /** The Vtiger user the run writes as (owner of XTLog/XTQueue rows); default `admin`. */
  syncUserName?: string;
  clock?: Clock;
  logger?: Logger;
  options?: RunSyncOptions;
  /** Progress for a CLI bar: called after each batch of records. */
  onProgress?: (progress: RunProgress) => void;
}

export interface RunProgress {
  pair: SyncPair;
  pass: number;
  done: number;
  total: number;
}

export interface PairCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  conflicts: number;
}

export interface PairSummary extends PairCounts {
  /** Set when the pair stopped early (Xero unreachable, daily limit): its checkpoints did not move. */
  error?: { code: string; message: string };
}

/** One record's outcome, for the caller (first 500 of a run). */
export interface RecordOutcomeSummary {
  pair: RunModule;
  crmid: number | null;
  xeroId: string | null;
  outcome: keyof PairCounts;
  action: string;
  message: string;
}

export interface RunSummary {
  runId: string;
  trigger: RunTrigger;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  /** Per pair, and `invoices` (all invoice work of the run: to Xero, payments back, Xero invoices to Vtiger). */
  pairs: Partial<Record<RunModule, PairSummary>>;
  records: RecordOutcomeSummary[];
  /**
   * Set when the run stopped before the end for a run-level reason (Xero connection lost or not authorised, the
   * daily call limit, the database or Vtiger gone, the time budget): what was done is recorded, and the next run
   * continues from the checkpoints.
   */
  stopped?: { code: string; message: string };
  /** A dry run: the writes its ports recorded instead of making (Xero, Vtiger, database), summed per operation. */
  wouldWrite?: Array<{ target: 'xero' | 'vtiger' | 'database'; operation: string; count: number }>;
}

export function emptyCounts(): PairSummary {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 };
}
