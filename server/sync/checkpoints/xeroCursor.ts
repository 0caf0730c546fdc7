import { z } from 'zod';
import { toInstant } from '../values/normalise.js';

/**
 * Xero's read cursor. Reads use If-Modified-Since (whole seconds) ordered by UpdatedDateUTC; some Xero changes
 * do not bump UpdatedDateUTC right away, so each read starts `overlap` before the newest UpdatedDateUTC seen.
 * Records read again through the overlap are recognised by their content hash: the cursor keeps the hashes of
 * the records seen within the overlap window, and the link hash catches the rest.
 */
export const DEFAULT_XERO_OVERLAP_MS = 5 * 60_000;

export const xeroCursorSchema = z.object({
  /** Newest UpdatedDateUTC seen, ISO. */
  updatedUpTo: z.string().optional(),
  /** Xero id → content hash of records whose UpdatedDateUTC lies within the overlap before `updatedUpTo`. */
  recent: z.record(z.string(), z.string()).default({}),
});
export type XeroCursor = z.infer<typeof xeroCursorSchema>;

export const EMPTY_XERO_CURSOR: XeroCursor = { recent: {} };

/** The If-Modified-Since to send: undefined for a full read. */
export function xeroModifiedSince(cursor: XeroCursor | undefined, overlapMs: number = DEFAULT_XERO_OVERLAP_MS): Date | undefined {
  const upTo = toInstant(cursor?.updatedUpTo);
  if (!upTo) return undefined;
  return new Date(Math.floor((upTo.getTime() - overlapMs) / 1000) * 1000);
}

export interface SeenXeroRecord {
  xeroId: string;
  hash: string;
  /** UpdatedDateUTC, ISO (as the Xero wrapper gives it) or a Date. */
  updatedAt: string | Date | undefined;
}

/** Whether a record read now is one the cursor already saw with the same content (a re-read through the overlap). */
export function seenBefore(cursor: XeroCursor | undefined, xeroId: string, hash: string): boolean {
  return cursor?.recent[xeroId] === hash;
}

/** The cursor after a page of records: newest UpdatedDateUTC, and the hashes of what lies within the overlap. */
export function advanceXeroCursor(cursor: XeroCursor | undefined, page: readonly SeenXeroRecord[], overlapMs: number = DEFAULT_XERO_OVERLAP_MS): XeroCursor {
  let upTo = toInstant(cursor?.updatedUpTo) ?? undefined;
  const times = new Map<string, number>();
  for (const r of page) {
    const t = toInstant(r.updatedAt);
    if (!t) continue;
    times.set(r.xeroId, t.getTime());
    if (!upTo || t > upTo) upTo = t;
  }
  if (!upTo) return { recent: { ...(cursor?.recent ?? {}) } };
  const from = upTo.getTime() - overlapMs;
  const recent: Record<string, string> = {};
  // Earlier entries stay while they are still within the window (their time is unknown here: keep them until
  // the window moves past the previous upTo).
  const previousUpTo = toInstant(cursor?.updatedUpTo);
  if (previousUpTo && previousUpTo.getTime() >= from) Object.assign(recent, cursor?.recent ?? {});
  for (const r of page) {
    const t = times.get(r.xeroId);
    if (t !== undefined && t >= from) recent[r.xeroId] = r.hash;
    else delete recent[r.xeroId];
  }
  return { updatedUpTo: upTo.toISOString(), recent };
}
