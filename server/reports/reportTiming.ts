import type { DigestFrequency } from './reportData.js';

/**
 * When reports go out, as pure functions: the last complete day, week (Monday to Monday) or month (UTC) a digest
 * covers, and the back-off between attempts of a send that failed.
 */
export function lastCompletePeriod(frequency: DigestFrequency, now: Date): { from: Date; to: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (frequency === 'daily') return { from: new Date(today - 86_400_000), to: new Date(today) };
  if (frequency === 'weekly') {
    const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
    const thisMonday = today - sinceMonday * 86_400_000;
    return { from: new Date(thisMonday - 7 * 86_400_000), to: new Date(thisMonday) };
  }
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), to: new Date(thisMonth) };
}

/** Delay before attempt `attempts + 1` after `attempts` failures: base × 2^(attempts−1), at most `capMs`. */
export function retryDelayMs(attempts: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
