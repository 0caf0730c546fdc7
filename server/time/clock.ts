/**
 * Time as a dependency. Production uses the system clock; tests and benchmarks pass a virtual clock (the Xero
 * sandbox's `createVirtualClock`) so that rate-limit windows, token expiry and back-off are simulated, not waited for.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` on this clock. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
