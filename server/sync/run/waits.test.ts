import { describe, expect, it } from 'vitest';
import { dueWaits, type StoredWait } from './waits.js';

const twin = (crmid: number, ref: number, since: string): StoredWait =>
  ({ module: 'Products', crmid, cause: 'twin', ref: String(ref), reason: { key: 'sync.failed.record', params: {} }, factsHash: null, since }) as StoredWait;

describe('dueWaits (twin)', () => {
  it('a record refused for its twin goes again once the twin is edited, also within the second of the refusal, or deleted', () => {
    const waits = [twin(1, 11, '2026-12-03 10:00:05'), twin(2, 12, '2026-12-03 10:00:05'), twin(3, 13, '2026-12-03 10:00:05'), twin(4, 14, '2026-12-03 10:00:05')];
    const modified = new Map<number, string | null>([
      [11, '2026-12-03 10:00:06'], // edited after
      [12, '2026-12-03 10:00:05'], // edited in the same second
      [13, '2026-12-03 10:00:04'], // not edited since
    ]); // 14: deleted
    expect(dueWaits(waits, { linked: new Set(), modified, factsHash: undefined }).sort()).toEqual([1, 2, 4]);
  });
});
