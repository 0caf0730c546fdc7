import { describe, expect, it } from 'vitest';
import { settleEach } from './settleEach.js';

describe('settleEach', () => {
  it('answers every item in input order, a failure as that item’s result, with at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await settleEach([30, 5, 20, 1, 10], 2, async (ms, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      if (i === 1) throw new Error('refused');
      return ms * 2;
    });
    expect(most).toBe(2);
    expect(results.map((r) => (r.ok ? r.value : (r.error as Error).message))).toEqual([60, 'refused', 40, 2, 20]);
  });

  it('handles no items', async () => {
    expect(await settleEach([], 4, async () => 1)).toEqual([]);
  });
});
