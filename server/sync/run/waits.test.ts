import { describe, expect, it } from 'vitest';
import { dueWaits, type StoredWait } from './waits.js';

const twin = (crmid: number, ref: number, since: string, twinModifiedAtRefusal: string | null = null): StoredWait =>
  ({ module: 'Products', crmid, cause: 'twin', ref: String(ref), reason: { key: 'sync.failed.record', params: {} }, factsHash: twinModifiedAtRefusal, since }) as StoredWait;

describe('dueWaits (twin)', () => {
  it('a record refused for its twin goes again once the twin is edited (its modifiedtime differs from the one the refusal saw, whatever the clocks), or deleted', () => {
    const at = '2026-12-03 10:00:05';
    const waits = [twin(1, 11, at, '2026-12-03 09:00:00'), twin(2, 12, at, '2026-12-03 09:00:00'), twin(3, 13, at, '2026-12-03 09:00:00'), twin(4, 14, at, '2026-12-03 09:00:00')];
    const modified = new Map<number, string | null>([
      [11, '2026-12-03 10:00:06'], // edited after the refusal
      [12, '2026-12-03 10:00:05'], // edited in the second of the refusal
      [13, '2026-12-03 09:00:00'], // not edited since
    ]); // 14: deleted
    expect(dueWaits(waits, { linked: new Set(), modified, factsHash: undefined }).sort()).toEqual([1, 2, 4]);
  });

  it('a wait stored without the twin\'s modifiedtime compares with the refusal\'s time: an edit in the same second is not seen as later', () => {
    const at = '2026-12-03 10:00:05';
    const modified = new Map<number, string | null>([[11, '2026-12-03 10:00:06'], [12, at]]);
    expect(dueWaits([twin(1, 11, at), twin(2, 12, at)], { linked: new Set(), modified, factsHash: undefined })).toEqual([1]);
  });
});
