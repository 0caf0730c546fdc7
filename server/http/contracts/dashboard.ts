import { z } from 'zod';
import { SYNC_NOW_MODULES } from './sync.js';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → Dashboard (admin).
 *
 * GET /api/dashboard?days=14&failures=20
 *   - `runs`: the runs of the period (newest first, at most 200), per module synced (created + updated) and failed;
 *   - `days`: the same summed per UTC day and module, every day of the period present (zeros), for a chart;
 *   - `latestFailures`: the newest XTLog lines with status Failed or Conflict, with the record's module, id and
 *     label (for links to the record: index.php?module=<module>&view=Detail&record=<recordId>);
 *   - `queue`: open XTQueue entries (waiting, and given up), per module;
 *   - `schedule`: the next scheduled run per module (null when off or nothing runs on a schedule yet).
 */
const module = z.enum(SYNC_NOW_MODULES);

export const dashboardRunSchema = z.object({
  runId: z.string().nullable(),
  trigger: z.string(),
  entryPoint: z.string(),
  status: z.enum(['running', 'finished', 'failed', 'interrupted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  modules: z.array(z.object({ module, synced: z.number().int(), failed: z.number().int(), conflicts: z.number().int() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const dashboardSchema = z.object({
  from: z.string(),
  to: z.string(),
  runs: z.array(dashboardRunSchema),
  days: z.array(z.object({ date: z.string(), module, runs: z.number().int(), synced: z.number().int(), failed: z.number().int() })),
  latestFailures: z.array(
    z.object({
      logId: z.number().int(),
      logNo: z.string(),
      at: z.string().nullable(),
      module: z.string(),
      recordId: z.number().int().nullable(),
      /** The record's label in Vtiger (its name), null when the record is gone. */
      recordLabel: z.string().nullable(),
      xeroId: z.string().nullable(),
      status: z.enum(['Failed', 'Conflict']),
      direction: z.string(),
      message: z.string(),
      runId: z.string(),
    }),
  ),
  queue: z.object({
    waiting: z.number().int(),
    gaveUp: z.number().int(),
    byModule: z.array(z.object({ module: z.string(), waiting: z.number().int(), gaveUp: z.number().int() })),
  }),
  schedule: z.object({
    active: z.boolean(),
    modules: z.array(z.object({ module, nextRunAt: z.string().nullable(), lastScheduledRunAt: z.string().nullable() })),
  }),
});
export type DashboardView = z.infer<typeof dashboardSchema>;

export const getDashboard = defineEndpoint({
  method: 'get',
  path: '/api/dashboard',
  access: 'admin',
  query: z
    .object({
      days: z.coerce.number().int().min(1).max(366).default(14),
      failures: z.coerce.number().int().min(1).max(200).default(20),
    }),
  response: dashboardSchema,
});
