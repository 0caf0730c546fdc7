import { describe, expect, it } from 'vitest';
import { backoffMs, dueItems, type OpenQueueItem } from './syncQueue.js';

describe('queue timing', () => {
  it('doubles the delay per attempt, capped at a day', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 300_000))).toEqual([300_000, 600_000, 1_200_000, 2_400_000]);
    expect(backoffMs(30, 300_000)).toBe(86_400_000);
  });

  it('retries only items whose next attempt has come, in the order given (queue order)', () => {
    const item = (crmid: number, nextAttemptAt: string | null, sequence: number): OpenQueueItem => ({ crmid, module: 'Products', relatedTo: crmid, direction: 'Vtiger to Xero', attempts: 1, nextAttemptAt, lastError: '', sequence });
    const items = [item(1, '2026-11-28 10:00:00', 1), item(2, '2026-11-28 10:05:00', 2), item(3, null, 3)];
    expect(dueItems(items, new Date('2026-11-28T10:01:00Z')).map((i) => i.crmid)).toEqual([1, 3]);
  });
});
