import { z } from 'zod';
import { SYNC_NOW_MAX_IDS, SYNC_NOW_MODULES } from './sync.js';
import { defineEndpoint } from './endpoint.js';

/**
 * "Add to queue" on list views (any signed-in user): the chosen records get an XTQueue entry each, taken by the
 * next run (scheduled or "Sync everything now") in queue order. A record that already has an open entry is not
 * queued twice: it is answered in `alreadyWaiting`.
 *
 * POST /api/queue  { module, ids }  → 200. Only records the user may edit are queued (the authorization layer);
 * the others are counted in `leftOut`, never named (none left → 403).
 */
export const addToQueue = defineEndpoint({
  method: 'post',
  path: '/api/queue',
  access: 'user',
  body: z
    .object({
      module: z.enum(SYNC_NOW_MODULES),
      ids: z.array(z.number().int().positive()).min(1).max(SYNC_NOW_MAX_IDS),
    })
    .strict(),
  // Queued records are synced (written) by the next run: edit permission, as for sync now.
  records: { need: 'edit', from: ({ body }) => ({ module: body.module, ids: body.ids }), keep: 'permitted' },
  response: z.object({
    module: z.enum(SYNC_NOW_MODULES),
    /** How many entries were added now. */
    queued: z.number().int(),
    queuedIds: z.array(z.number().int()),
    /** Records already waiting in the queue (not added again). */
    alreadyWaiting: z.array(z.number().int()),
    /** Open entries in the whole queue after this, so the screen can say "N records wait for the next run". */
    queueSize: z.number().int(),
    /** One sentence for the user, in their language. */
    message: z.string(),
    /** Chosen records left out (missing, deleted, or not editable by the user: counted, never named). Absent when none. */
    leftOut: z.object({ count: z.number().int().positive(), message: z.string() }).optional(),
  }),
});
