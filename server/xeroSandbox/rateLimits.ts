/**
 * Xero's API limits, per organisation and app: `concurrent` calls in flight, `perMinute` and `perDay` calls in
 * fixed windows that start when the organisation was created (so each organisation resets at its own time), and
 * `appPerMinute` across all organisations. A refused call is not counted. Windows run on the sandbox clock.
 */
import type { SandboxClock } from './clock.js';

export interface SandboxLimits {
  perMinute: number;
  concurrent: number;
  perDay: number;
  appPerMinute: number;
}

export const XERO_LIMITS: SandboxLimits = { perMinute: 60, concurrent: 5, perDay: 5000, appPerMinute: 10000 };

export type RateLimitProblem = 'minute' | 'daily' | 'concurrent' | 'appminute';

export type Admission =
  | { ok: true; headers: Record<string, string>; release(): void }
  | { ok: false; problem: RateLimitProblem; retryAfterSeconds?: number; headers: Record<string, string> };

interface Window {
  index: number;
  count: number;
}

interface OrgUsage {
  minute: Window;
  day: Window;
  inFlight: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export class RateLimits {
  private readonly orgs = new Map<string, OrgUsage>();
  private readonly apps = new Map<string, Window>();
  peakPerMinute = 0;
  peakConcurrent = 0;
  rejected = 0;

  constructor(private readonly clock: SandboxClock, readonly limits: SandboxLimits) {}

  admit(tenantId: string, anchorMs: number, appId: string): Admission {
    const now = this.clock.now();
    const usage = this.orgs.get(tenantId) ?? { minute: { index: -1, count: 0 }, day: { index: -1, count: 0 }, inFlight: 0 };
    this.orgs.set(tenantId, usage);
    const minuteIndex = Math.floor((now - anchorMs) / MINUTE);
    const dayIndex = Math.floor((now - anchorMs) / DAY);
    const appMinuteIndex = Math.floor(now / MINUTE);
    if (usage.minute.index !== minuteIndex) usage.minute = { index: minuteIndex, count: 0 };
    if (usage.day.index !== dayIndex) usage.day = { index: dayIndex, count: 0 };
    const app = this.apps.get(appId) ?? { index: appMinuteIndex, count: 0 };
    if (app.index !== appMinuteIndex) Object.assign(app, { index: appMinuteIndex, count: 0 });
    this.apps.set(appId, app);

    const headers = (): Record<string, string> => ({
      'X-DayLimit-Remaining': String(Math.max(0, this.limits.perDay - usage.day.count)),
      'X-MinLimit-Remaining': String(Math.max(0, this.limits.perMinute - usage.minute.count)),
      'X-AppMinLimit-Remaining': String(Math.max(0, this.limits.appPerMinute - app.count)),
    });
    const secondsUntil = (windowEnd: number): number => Math.max(1, Math.ceil((windowEnd - now) / 1000));
    const refuse = (problem: RateLimitProblem, retryAfterSeconds?: number): Admission => {
      this.rejected++;
      return { ok: false, problem, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}), headers: headers() };
    };

    if (usage.day.count >= this.limits.perDay) return refuse('daily', secondsUntil(anchorMs + (dayIndex + 1) * DAY));
    if (usage.minute.count >= this.limits.perMinute) return refuse('minute', secondsUntil(anchorMs + (minuteIndex + 1) * MINUTE));
    if (app.count >= this.limits.appPerMinute) return refuse('appminute', secondsUntil((appMinuteIndex + 1) * MINUTE));
    if (usage.inFlight >= this.limits.concurrent) return refuse('concurrent');

    usage.day.count++;
    usage.minute.count++;
    app.count++;
    usage.inFlight++;
    this.peakPerMinute = Math.max(this.peakPerMinute, usage.minute.count);
    this.peakConcurrent = Math.max(this.peakConcurrent, usage.inFlight);
    let released = false;
    return {
      ok: true,
      headers: headers(),
      release: () => {
        if (!released) usage.inFlight--;
        released = true;
      },
    };
  }
}
