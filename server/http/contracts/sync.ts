import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * "Sync now" from Vtiger's pages, shared by the Express handler (server/http/routes/sync.ts), the tests and the
 * widget's client. Asynchronous: no request is held while a run goes.
 *
 * POST /api/sync — any signed-in Vtiger user for chosen records (the list view's mass action, the detail view's
 * button): `{ module, ids }`; admins only for everything ("Sync everything now"): `{ all: true, module? }`.
 * Answers AT ONCE 202 `{ runId, state, statusUrl }` (trigger 'instant'); the run goes on in the backend.
 * Records another run is syncing → 409 CONFLICT at once (nothing started); everything while any run is on → 409.
 * Chosen records whose module another run is syncing wait their turn (state `queued`).
 *
 * GET /api/sync/runs/:runId — the user who started the run, or an administrator (else 404): the run's state
 * (queued, running, done, failed), progress per module so far and, when done, the result with each chosen
 * record's outcome. Poll every second or two.
 */
/** Invoice: the invoice part of a run (its organization, contact and items are brought to Xero first when missing). */
export const SYNC_NOW_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'] as const;
export type SyncNowModule = (typeof SYNC_NOW_MODULES)[number];

/** Records one "sync now" takes; a larger selection is a job for `all` or the schedule. */
export const SYNC_NOW_MAX_IDS = 1000;

export const syncNowBodySchema = z
  .object({
    module: z.enum(SYNC_NOW_MODULES).optional(),
    ids: z.array(z.number().int().positive()).min(1).max(SYNC_NOW_MAX_IDS).optional(),
    all: z.literal(true).optional(),
    /** Report what would happen; write nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.ids !== undefined && body.all !== undefined) ctx.addIssue({ code: 'custom', path: ['all'], message: 'give either ids or all, not both' });
    else if (body.ids === undefined && body.all === undefined) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give the record ids to sync (with module), or all: true' });
    else if (body.ids !== undefined && body.module === undefined) ctx.addIssue({ code: 'custom', path: ['module'], message: 'the module of the records is required with ids' });
  });
export type SyncNowBody = z.infer<typeof syncNowBodySchema>;

const countsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  conflicts: z.number().int(),
});
/** How many records of a run (or of one module) ended each way. */
export type SyncCounts = z.infer<typeof countsSchema>;

export const moduleResultSchema = countsSchema.extend({
  module: z.enum(SYNC_NOW_MODULES),
  /** Set when the module stopped early (Xero unreachable, daily limit reached). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ModuleResult = z.infer<typeof moduleResultSchema>;

export const recordResultSchema = z.object({
  module: z.enum(SYNC_NOW_MODULES),
  recordId: z.number().int().nullable(),
  xeroId: z.string().nullable(),
  outcome: z.enum(['created', 'updated', 'unchanged', 'skipped', 'failed', 'conflicts']),
  /** The engine's action (`createInXero`, `updateVtiger`, `skip` …). */
  action: z.string(),
  /** In the user's language, as in XTLog. */
  message: z.string(),
});
export type RecordResult = z.infer<typeof recordResultSchema>;

export const syncNowResultSchema = z.object({
  runId: z.string(),
  dryRun: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  modules: z.array(moduleResultSchema),
  totals: countsSchema,
  /** With ids: the outcome of each chosen record the run reached; with all: the first outcomes of the run. */
  records: z.array(recordResultSchema),
  /**
   * Chosen records that were not synced because they do not exist, were deleted, or the user may not edit them
   * (one count: the answer never says which, nor whether a hidden record exists). Absent when none.
   */
  leftOut: z.object({ count: z.number().int().positive(), message: z.string() }).optional(),
});
export type SyncNowResult = z.infer<typeof syncNowResultSchema>;

export const SYNC_RUN_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type SyncRunState = (typeof SYNC_RUN_STATES)[number];

export const syncStartedSchema = z.object({
  /** Follow the run with GET /api/sync/runs/:runId. (XTLog's Run Id of the run is `result.runId` when done.) */
  runId: z.string(),
  state: z.enum(SYNC_RUN_STATES),
  /** The path of GET /api/sync/runs/:runId for this run. */
  statusUrl: z.string(),
  /** Chosen records left out (missing, deleted, or not editable by the user: counted, never named). Absent when none. */
  leftOut: z.object({ count: z.number().int().positive(), message: z.string() }).optional(),
});
export type SyncStarted = z.infer<typeof syncStartedSchema>;

export const syncNow = defineEndpoint({
  method: 'post',
  path: '/api/sync',
  access: 'user',
  body: syncNowBodySchema,
  response: syncStartedSchema,
  // A sync may write the chosen records (Xero's changes come back), so it needs edit; a dry run only reads.
  records: {
    need: 'edit',
    needFor: ({ body }) => (body.dryRun ? 'view' : 'edit'),
    from: ({ body }) => (body.ids && body.module ? { module: body.module, ids: body.ids } : undefined),
    keep: 'permitted',
  },
  limit: 'syncNow',
});

export const moduleProgressSchema = z.object({
  module: z.enum(SYNC_NOW_MODULES),
  /** Records of the module the run has dealt with so far, of `total` (the latest pass). */
  done: z.number().int(),
  total: z.number().int(),
});
export type ModuleProgress = z.infer<typeof moduleProgressSchema>;

export const syncRunSchema = z.object({
  runId: z.string(),
  state: z.enum(SYNC_RUN_STATES),
  trigger: z.string(),
  entryPoint: z.string(),
  dryRun: z.boolean(),
  /** Set when the run began (after waiting its turn). */
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Per module so far; empty while queued. */
  progress: z.array(moduleProgressSchema),
  /** Per module counts: final when done; from the runs log for runs of another process. */
  modules: z.array(moduleResultSchema),
  /** When done: the summary with each chosen record's outcome (null otherwise, and for runs of another process). */
  result: syncNowResultSchema.nullable(),
  /** When failed: why, in the user's language where XTiger words it. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type SyncRunView = z.infer<typeof syncRunSchema>;

export const getSyncRun = defineEndpoint({
  method: 'get',
  path: '/api/sync/runs/:runId',
  access: 'user',
  params: z.object({ runId: z.string().min(1).max(64) }),
  response: syncRunSchema,
});
