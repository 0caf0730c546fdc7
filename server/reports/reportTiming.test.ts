import { describe, expect, it } from 'vitest';
import { lastCompletePeriod, retryDelayMs } from './reportTiming.js';

describe('report timing', () => {
  it('covers the last complete day, week (Monday to Monday) and month, in UTC', () => {
    const now = new Date('2026-12-03T00:30:00Z'); // a Thursday
    expect(lastCompletePeriod('daily', now)).toEqual({ from: new Date('2026-12-02T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z') });
    expect(lastCompletePeriod('weekly', now)).toEqual({ from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') });
    expect(lastCompletePeriod('monthly', now)).toEqual({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
    expect(lastCompletePeriod('monthly', new Date('2027-01-01T08:00:00Z'))).toEqual({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
    expect(lastCompletePeriod('weekly', new Date('2026-11-30T00:00:00Z')).to).toEqual(new Date('2026-11-30T00:00:00Z'));
  });

  it('backs off doubling, bounded', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 60_000, 3_600_000))).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000]);
  });
});
