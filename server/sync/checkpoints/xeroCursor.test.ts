import { describe, expect, it } from 'vitest';
import { advanceXeroCursor, seenBefore, xeroCursorSchema, xeroModifiedSince } from './xeroCursor.js';

describe('Xero cursor', () => {
  it('reads everything first, then from the newest UpdatedDateUTC minus the overlap, in whole seconds', () => {
    expect(xeroModifiedSince(undefined)).toBeUndefined();
    const cursor = advanceXeroCursor(undefined, [
      { xeroId: 'a', hash: 'h1', updatedAt: '2026-01-05T09:00:00.500Z' },
      { xeroId: 'b', hash: 'h2', updatedAt: '2026-01-05T10:00:00.000Z' },
    ]);
    expect(cursor.updatedUpTo).toBe('2026-01-05T10:00:00.000Z');
    expect(xeroModifiedSince(cursor)?.toISOString()).toBe('2026-01-05T09:55:00.000Z');
    expect(xeroModifiedSince(cursor, 60_000)?.toISOString()).toBe('2026-01-05T09:59:00.000Z');
  });

  it('remembers hashes within the overlap, so re-read records are recognised', () => {
    const cursor = advanceXeroCursor(undefined, [
      { xeroId: 'old', hash: 'h0', updatedAt: '2026-01-05T09:00:00Z' },
      { xeroId: 'b', hash: 'h2', updatedAt: '2026-01-05T10:00:00Z' },
      { xeroId: 'c', hash: 'h3', updatedAt: '2026-01-05T09:58:00Z' },
    ]);
    expect(cursor.recent).toEqual({ b: 'h2', c: 'h3' });
    expect(seenBefore(cursor, 'b', 'h2')).toBe(true);
    expect(seenBefore(cursor, 'b', 'changed')).toBe(false);
    expect(seenBefore(cursor, 'old', 'h0')).toBe(false);
    // The next page moves the window: b (10:00) stays within 5 min of 10:03, c (09:58) drops out only if re-read older.
    const next = advanceXeroCursor(cursor, [{ xeroId: 'd', hash: 'h4', updatedAt: '2026-01-05T10:03:00Z' }]);
    expect(next.updatedUpTo).toBe('2026-01-05T10:03:00.000Z');
    expect(next.recent['d']).toBe('h4');
    expect(next.recent['b']).toBe('h2');
    const far = advanceXeroCursor(next, [{ xeroId: 'e', hash: 'h5', updatedAt: '2026-01-05T12:00:00Z' }]);
    expect(far.recent).toEqual({ e: 'h5' });
  });

  it('round-trips through its schema (stored as JSON)', () => {
    const cursor = advanceXeroCursor(undefined, [{ xeroId: 'a', hash: 'h', updatedAt: new Date('2026-01-05T10:00:00Z') }]);
    expect(xeroCursorSchema.parse(JSON.parse(JSON.stringify(cursor)))).toEqual(cursor);
  });
});
