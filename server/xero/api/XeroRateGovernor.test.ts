import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../xeroSandbox/clock.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import { XeroRateGovernor } from './XeroRateGovernor.js';

const MIN = 60_000;

/** Runs `n` calls of `durationMs` (virtual) through the governor with `parallel` workers; returns their [start, end]. */
async function burst(governor: XeroRateGovernor, clock: ReturnType<typeof createVirtualClock>, n: number, parallel: number, durationMs = 0) {
  const calls: Array<{ start: number; end: number }> = [];
  let next = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const worker = async () => {
    while (next < n) {
      next += 1;
      const permit = await governor.acquire();
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const start = clock.now();
      if (durationMs > 0) await clock.sleep(durationMs);
      else await new Promise((r) => setImmediate(r));
      const end = clock.now();
      inFlight -= 1;
      permit.release();
      calls.push({ start, end });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { calls, maxInFlight };
}

/** Most calls whose [start,end] touches any fixed 60 s window, over many window offsets. */
function worstWindow(calls: Array<{ start: number; end: number }>): number {
  let worst = 0;
  const t0 = Math.min(...calls.map((c) => c.start));
  const t1 = Math.max(...calls.map((c) => c.end));
  for (let a = t0 - MIN; a <= t1; a += 1000) {
    worst = Math.max(worst, calls.filter((c) => c.end >= a && c.start < a + MIN).length);
  }
  return worst;
}

describe('XeroRateGovernor', () => {
  it('keeps 200 instant calls from 20 workers to ≤ 5 in flight and ≤ 60 in any minute, in about 3 simulated minutes', async () => {
    const clock = createVirtualClock();
    const start = clock.now();
    const governor = new XeroRateGovernor(clock);
    const { calls, maxInFlight } = await burst(governor, clock, 200, 20);
    expect(calls).toHaveLength(200);
    expect(maxInFlight).toBeLessThanOrEqual(5);
    expect(worstWindow(calls)).toBeLessThanOrEqual(60);
    expect(governor.stats().maxStartedPerMinute).toBe(60);
    const minutes = (clock.now() - start) / MIN;
    expect(minutes).toBeGreaterThanOrEqual(3);
    expect(minutes).toBeLessThan(3.1);
  });

  it('counts a slow call in every minute it overlaps, so no fixed window sees more than 60', async () => {
    const clock = createVirtualClock();
    const governor = new XeroRateGovernor(clock);
    const { calls, maxInFlight } = await burst(governor, clock, 150, 8, 7_000);
    expect(maxInFlight).toBeLessThanOrEqual(5);
    expect(worstWindow(calls)).toBeLessThanOrEqual(60);
  });

  it('believes Xero when it says fewer calls are left this minute', async () => {
    const clock = createVirtualClock();
    const governor = new XeroRateGovernor(clock);
    const t0 = clock.now();
    (await governor.acquire()).release({ minuteRemaining: 0, dayRemaining: 4000 });
    await governor.acquire();
    expect(clock.now() - t0).toBeGreaterThanOrEqual(MIN);
  });

  it('dates Xero\'s figure from the call\'s start: a stale answer after a clock jump does not block the next window', async () => {
    const clock = createVirtualClock();
    const governor = new XeroRateGovernor(clock);
    const t0 = clock.now();
    const permit = await governor.acquire();
    clock.advance(MIN); // the call was answered a minute later (a virtual clock jumped while it was in flight)
    permit.release({ minuteRemaining: 0 });
    await governor.acquire();
    expect(clock.now() - t0).toBe(MIN);
  });

  it('waits out a pause (429 Retry-After) before the next call', async () => {
    const clock = createVirtualClock();
    const governor = new XeroRateGovernor(clock);
    const t0 = clock.now();
    governor.pauseFor(12_000, 'Xero minute limit');
    (await governor.acquire()).release();
    expect(clock.now() - t0).toBe(12_000);
  });

  it('refuses calls past the daily budget with a typed error saying when it resumes', async () => {
    const clock = createVirtualClock();
    const governor = new XeroRateGovernor(clock, { perMinute: 60, concurrent: 5, perDay: 1000 }, 'Demo Company');
    await burst(governor, clock, 1000, 5);
    expect(governor.dayCallsLeft()).toBe(0);
    const err = await governor.acquire().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isXTigerError(err, 'XERO_RATE_LIMITED')).toBe(true);
    expect((err as Error).message).toContain('Demo Company (1000 calls a day)');
    expect((err as Error).message).toMatch(/resumes after 2026-01-06T/);
  });

  it("takes Xero's day figure when it is lower than its own", async () => {
    const clock = createVirtualClock();
    const governor = new XeroRateGovernor(clock);
    (await governor.acquire()).release({ dayRemaining: 2 });
    (await governor.acquire()).release();
    (await governor.acquire()).release();
    await expect(governor.acquire()).rejects.toThrow(/today's Xero call budget/);
  });
});
