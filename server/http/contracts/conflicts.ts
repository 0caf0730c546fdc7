import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';
import { syncNowResultSchema } from './sync.js';

/**
 * A conflict held for review (policy "hold") is an XTLog line with status Conflict and both values. Resolving it
 * from that line syncs its record once more with the side the user keeps winning the fields changed on both sides.
 * Administrators only (issue 11: "a non-admin cannot … resolve conflicts"): the kept side wins for everyone. The log
 * line must be one they may see (else 404, as if it did not exist) and its record one they may edit.
 */
export const resolveConflict = defineEndpoint({
  method: 'post',
  path: '/api/conflicts/:logId/resolve',
  // Resolving decides which side's data wins for everyone: an admin's call (issue 11).
  access: 'admin',
  params: z.object({ logId: z.coerce.number().int().positive() }),
  body: z.object({ keep: z.enum(['vtiger', 'xero']) }).strict(),
  response: syncNowResultSchema,
});
