import { describe, expect, it } from 'vitest';
import { advancePairCursor, groupModifiedSince, modifiedSinceOf, type XeroRead } from './xeroRead.js';

const read = (startedAt: string, newestUpdate: string | undefined, complete = true): XeroRead<unknown> => ({ objects: [], startedAt: Date.parse(startedAt), newestUpdate, complete });

describe('Xero read cursor of a pair', () => {
  it('reads everything first, then from the last complete read minus the overlap, in whole seconds', () => {
    expect(modifiedSinceOf(undefined, 60_000)).toBeUndefined();
    const cursor = advancePairCursor(undefined, read('2026-11-28T10:00:00.700Z', '2026-11-28T09:30:00.000Z'), []);
    expect(cursor).toEqual({ updatedUpTo: '2026-11-28T09:30:00.000Z', readAt: '2026-11-28T10:00:00.700Z', recent: {}, pending: [] });
    expect(new Date(modifiedSinceOf(cursor, 60_000) ?? 0).toISOString()).toBe('2026-11-28T09:59:00.000Z');
  });

  it('moves on when nothing changed, so a quiet organisation is not re-read window after window', () => {
    const first = advancePairCursor(undefined, read('2026-11-28T10:00:00Z', '2026-11-28T09:59:30Z'), []);
    const second = advancePairCursor(first, read('2026-11-28T10:15:00Z', undefined), []);
    expect(second.updatedUpTo).toBe('2026-11-28T09:59:30.000Z');
    expect(new Date(modifiedSinceOf(second, 60_000) ?? 0).toISOString()).toBe('2026-11-28T10:14:00.000Z');
  });

  it('does not move after a paged read during which records changed (offset paging may have skipped one)', () => {
    const first = advancePairCursor(undefined, read('2026-11-28T10:00:00Z', '2026-11-28T09:59:30Z'), []);
    const shaky = advancePairCursor(first, read('2026-11-28T10:15:00Z', '2026-11-28T10:15:02Z', false), ['x1']);
    expect(modifiedSinceOf(shaky, 60_000)).toBe(modifiedSinceOf(first, 60_000));
    expect(shaky.pending).toEqual(['x1']);
  });

  it('a shared endpoint is read from the earliest cursor of its pairs, everything if one pair never read', () => {
    const a = advancePairCursor(undefined, read('2026-11-28T10:00:00Z', undefined), []);
    const b = advancePairCursor(undefined, read('2026-11-28T11:00:00Z', undefined), []);
    expect(new Date(groupModifiedSince([a, b], 0) ?? 0).toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(groupModifiedSince([a, undefined], 0)).toBeUndefined();
  });
});
