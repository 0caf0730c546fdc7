/**
 * The sandbox's notion of time. Rate-limit windows, token lifetimes, UpdatedDateUTC and Retry-After all read it,
 * so a virtual clock lets a benchmark simulate hours of Xero traffic in seconds.
 */
export interface SandboxClock {
  now(): number;
  /** Moves time forward (virtual clocks only; the real clock ignores it). */
  advance(ms: number): void;
  /** Waits `ms` on this clock: real time for the real clock, an instant jump for a virtual one. */
  sleep(ms: number): Promise<void>;
}

export const realClock: SandboxClock = {
  now: () => Date.now(),
  advance: () => undefined,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock that only moves when told to. `sleep(ms)` yields to the event loop once, then moves time to at least
 * the moment the sleeper asked for (never backwards), so concurrent sleepers wake in deadline order and
 * simulated waiting costs no real time.
 */
export function createVirtualClock(startMs: number = Date.UTC(2026, 0, 5, 9, 0, 0)): SandboxClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number) {
      if (ms < 0) throw new RangeError('A virtual clock cannot go backwards');
      current += ms;
    },
    async sleep(ms: number) {
      const wakeAt = current + Math.max(0, ms);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (current < wakeAt) current = wakeAt;
    },
  };
}
