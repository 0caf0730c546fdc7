import { z } from 'zod';
import type { XeroAccountingApi, XeroContact, XeroItem } from '../../xero/api/XeroAccountingApi.js';
import { xeroCursorSchema } from '../checkpoints/xeroCursor.js';
import { toInstant } from '../values/normalise.js';

/**
 * Reading Xero's side of a pair. Contacts and Organizations share Xero's contacts, Products and Services its
 * items, so one read serves both pairs of an endpoint. Reads use If-Modified-Since (whole seconds), archived
 * contacts included, ordered by UpdatedDateUTC ascending; the first run reads everything.
 *
 * The cursor (one per pair, side `xero`) extends the core's with `readAt`, the moment the last complete read
 * started: everything Xero had saved before `readAt − overlap` was visible to that read, so the next read may
 * start there even when nothing changed since (reading from the newest UpdatedDateUTC alone would re-read the
 * same overlap window on every run). `pending` lists Xero ids whose work failed (fetched by id until it succeeds).
 */
export const pairXeroCursorSchema = xeroCursorSchema.extend({
  readAt: z.string().optional(),
  pending: z.array(z.string()).default([]),
});
export type PairXeroCursor = z.infer<typeof pairXeroCursorSchema>;

/** The If-Modified-Since a pair needs; undefined: read everything. */
export function modifiedSinceOf(cursor: PairXeroCursor | undefined, overlapMs: number): number | undefined {
  if (!cursor) return undefined;
  const upTo = toInstant(cursor.updatedUpTo)?.getTime();
  const readAt = toInstant(cursor.readAt)?.getTime();
  const anchor = Math.max(upTo ?? Number.NEGATIVE_INFINITY, readAt ?? Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(anchor)) return undefined;
  return Math.floor((anchor - overlapMs) / 1000) * 1000;
}

/** The earliest If-Modified-Since among pairs read together (undefined if any pair needs everything). */
export function groupModifiedSince(cursors: ReadonlyArray<PairXeroCursor | undefined>, overlapMs: number): number | undefined {
  let min: number | undefined;
  for (const c of cursors) {
    const since = modifiedSinceOf(c, overlapMs);
    if (since === undefined) return undefined;
    min = min === undefined ? since : Math.min(min, since);
  }
  return min;
}

export interface XeroRead<T> {
  objects: T[];
  /** Our clock when the read started (ms). */
  startedAt: number;
  /** Newest UpdatedDateUTC seen (ISO). */
  newestUpdate: string | undefined;
  /**
   * Whether `startedAt` may anchor the next read: false when more than one page was read and a record changed
   * while reading (offset paging may then have skipped a record that moved pages).
   */
  complete: boolean;
}

function newest(objects: ReadonlyArray<{ updatedDateUTC?: string }>): string | undefined {
  let latest: number | undefined;
  for (const o of objects) {
    const t = toInstant(o.updatedDateUTC)?.getTime();
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  return latest === undefined ? undefined : new Date(latest).toISOString();
}

export async function readXeroContacts(api: XeroAccountingApi, since: number | undefined, pageSize: number, now: () => number): Promise<XeroRead<XeroContact>> {
  const startedAt = now();
  const objects: XeroContact[] = [];
  let pages = 0;
  for await (const page of api.readContacts({ ...(since !== undefined ? { modifiedSince: new Date(since) } : {}), pageSize })) {
    objects.push(...page.items);
    pages++;
  }
  const newestUpdate = newest(objects);
  // A record saved in the very millisecond the read started was saved before it (our writes are sequential).
  const changedWhileReading = newestUpdate !== undefined && Date.parse(newestUpdate) > startedAt;
  return { objects, startedAt, newestUpdate, complete: pages <= 1 || !changedWhileReading };
}

export async function readXeroItems(api: XeroAccountingApi, since: number | undefined, now: () => number): Promise<XeroRead<XeroItem>> {
  const startedAt = now();
  const objects = await api.getItems(since !== undefined ? { modifiedSince: new Date(since) } : {});
  return { objects, startedAt, newestUpdate: newest(objects), complete: true };
}

/** The cursor of a pair after a pass that read `read` completely and recorded its work. */
export function advancePairCursor(previous: PairXeroCursor | undefined, read: XeroRead<unknown>, pending: readonly string[]): PairXeroCursor {
  // A read that may have skipped a record moves nothing: the next run reads the same window again.
  if (!read.complete) return { ...(previous ?? { recent: {} }), recent: {}, pending: [...new Set(pending)] };
  const upTo = [previous?.updatedUpTo, read.newestUpdate].filter((v): v is string => v !== undefined).sort((a, b) => Date.parse(a) - Date.parse(b)).pop();
  return {
    ...(upTo !== undefined ? { updatedUpTo: new Date(Date.parse(upTo)).toISOString() } : {}),
    recent: {},
    readAt: new Date(read.startedAt).toISOString(),
    pending: [...new Set(pending)],
  };
}
