import { z } from 'zod';
import { SYNCED_MODULES, XERO_SYNC_STATUSES } from '../../vtiger/xeroInformationBlock.js';
import { defineEndpoint } from './endpoint.js';

/**
 * The Xero Information values of one record, for the widget's status badge on detail views.
 * GET /api/records/:module/:id/xero-status — a signed-in Vtiger user who may view the record (else 404).
 */
export const recordXeroStatusSchema = z.object({
  module: z.enum(SYNCED_MODULES),
  recordId: z.number().int().positive(),
  /** Allow XTiger Sync (checkbox). */
  allowSync: z.boolean(),
  /** The Xero id (ContactID, ItemID, InvoiceID …), null until the record has been synced. */
  xeroId: z.string().nullable(),
  /** Xero Sync Status; null when never set (read as "Not synced"). */
  syncStatus: z.enum(XERO_SYNC_STATUSES).nullable(),
  /** Last Xero Sync as ISO 8601 UTC, or null. */
  lastSync: z.string().nullable(),
});
export type RecordXeroStatus = z.infer<typeof recordXeroStatusSchema>;

export const getRecordXeroStatus = defineEndpoint({
  method: 'get',
  path: '/api/records/:module/:id/xero-status',
  access: 'user',
  params: z.object({ module: z.enum(SYNCED_MODULES), id: z.coerce.number().int().positive() }),
  response: recordXeroStatusSchema,
  records: { need: 'view', from: ({ params }) => ({ module: params.module, ids: [params.id] }), keep: 'every' },
});
