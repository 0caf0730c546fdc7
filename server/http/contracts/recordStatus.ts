import { z } from 'zod';
import { SYNCED_MODULES, XERO_SYNC_STATUSES } from '../../vtiger/xeroInformationBlock.js';
import { defineEndpoint } from './endpoint.js';

/**
 * The Xero Information values of one record, for the widget on detail views: the status badge, the link to the
 * record in Xero, the last XTLog lines of the record, a conflict held for review with both sides, which
 * "Keep Vtiger" / "Keep Xero" resolve through POST /api/conflicts/:logId/resolve (administrators), and why the
 * record waits when it does.
 * GET /api/records/:module/:id/xero-status?log=5 — a signed-in Vtiger user who may view the record (else 404).
 */
export const recordLogLineSchema = z.object({
  logId: z.number().int(),
  logNo: z.string(),
  /** ISO 8601 UTC. */
  at: z.string().nullable(),
  runId: z.string(),
  direction: z.string(),
  action: z.string(),
  status: z.string(),
  trigger: z.string(),
  message: z.string(),
});
export type RecordLogLine = z.infer<typeof recordLogLineSchema>;

export const heldConflictSchema = z.object({
  /** The XTLog line to resolve: POST /api/conflicts/:logId/resolve { keep: 'vtiger' | 'xero' }. */
  logId: z.number().int(),
  at: z.string().nullable(),
  /** The fields changed on both sides; empty when XTiger can no longer tell them apart (the message says it all). */
  fields: z.array(z.object({ field: z.string(), label: z.string(), vtigerValue: z.string(), xeroValue: z.string() })),
  message: z.string(),
});
export type HeldConflict = z.infer<typeof heldConflictSchema>;

/** Why XTiger holds the record back and sends it by itself once the cause may have gone (xtiger_record_waits). */
export const recordWaitingSchema = z.object({
  /** parent, twin, taxRate, currency, locked, retry (server/sync/run/waits.ts); a record needing an edit has none. */
  cause: z.string(),
  /** ISO 8601 UTC: since when. */
  since: z.string().nullable(),
  /** Why, and what would end it, in the user's language. */
  message: z.string(),
});
export type RecordWaiting = z.infer<typeof recordWaitingSchema>;

export const xeroLinkSchema = z.object({
  url: z.string(),
  /** What the link opens: contact, item (the organisation's products and services), invoice, bill, receipt. */
  kind: z.enum(['contact', 'item', 'invoice', 'bill', 'receipt']),
  /** False when Xero has no deep link to the record itself (items): the link opens the list it is in. */
  exact: z.boolean(),
});
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
  /** The record in Xero (go.xero.com deep link into the connected organisation); null when not linked. */
  xero: xeroLinkSchema.nullable(),
  /** The newest XTLog lines of the record, newest first. */
  recentLog: z.array(recordLogLineSchema),
  /**
   * The newest conflict held for review and not resolved since, resolvable by Keep Vtiger / Keep Xero; null when
   * none. An invoice has none: a change Xero refuses for its locked document is a wait (`waiting`), which no choice
   * of side ends — voiding the document in Xero or allowing void and re-create does.
   */
  conflict: heldConflictSchema.nullable(),
  /** Why the record waits, when it does (e.g. a Vtiger change its locked Xero document refuses); null otherwise. */
  waiting: recordWaitingSchema.nullable(),
});
export type RecordXeroStatus = z.infer<typeof recordXeroStatusSchema>;

export const getRecordXeroStatus = defineEndpoint({
  method: 'get',
  path: '/api/records/:module/:id/xero-status',
  access: 'user',
  params: z.object({ module: z.enum(SYNCED_MODULES), id: z.coerce.number().int().positive() }),
  query: z.object({ log: z.coerce.number().int().min(0).max(50).default(5) }),
  response: recordXeroStatusSchema,
  records: { need: 'view', from: ({ params }) => ({ module: params.module, ids: [params.id] }), keep: 'every' },
});
