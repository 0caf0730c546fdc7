import type { Clock } from '../../time/clock.js';
import { XTigerError } from '../../errors/XTigerError.js';
import type { RateHeaders } from './xeroApiError.js';

/**
 * Keeps XTiger inside Xero's limits for ONE organisation: at most `concurrent` calls in flight, at most `perMinute`
 * calls in any minute, at most `perDay` calls in any 24 hours, and never more than Xero's own
 * `X-MinLimit-Remaining` / `X-DayLimit-Remaining` say are left (other apps or processes may share the limits).
 *
 * Why it counts a call until its response arrived, not only at its start: Xero counts a call when it *receives*
 * it, somewhere between our send and our receipt, and its minute windows are fixed at an unknown offset. Counting
 * every call whose [start, end] interval reaches into the last 60 s guarantees at most `perMinute` in ANY window,
 * whatever the offset and however long the call took. Time is the injected Clock, so a virtual clock simulates
 * hours of pacing in milliseconds.
 */
export interface RateLimits {
  perMinute: number;
  concurrent: number;
  perDay: number;
}

export const XERO_LIMITS: RateLimits = { perMinute: 60, concurrent: 5, perDay: 5000 };

export interface GovernorPermit {
  /** Call when the call finished (answered or failed), with the rate headers of its response if any. */
  release(observed?: RateHeaders): void;
}

export interface GovernorStats {
  granted: number;
  /** Grants that had to wait (for a free slot, the minute window, or a pause). */
  waited: number;
  maxInFlight: number;
  /** Most calls started in any 60 s span, by this governor's count. */
  maxStartedPerMinute: number;
}

const MINUTE = 60_000;
const DAY = 24 * 3_600_000;

interface Waiter {
  resolve(permit: GovernorPermit): void;
  reject(err: unknown): void;
  queuedAt: number;
}

export class XeroRateGovernor {
  private inFlight = 0;
  /** End times of finished calls within the last minute, ascending. */
  private readonly ended: number[] = [];
  /** Start times within the last minute, ascending (for stats only). */
  private readonly startedThisMinute: number[] = [];
  /** Start times within the last day, ascending. */
  private readonly startedToday: number[] = [];
  private serverMinute: { left: number; until: number } | undefined;
  private serverDay: { left: number; until: number } | undefined;
  private pausedUntil = 0;
  private pauseReason = '';
  private readonly queue: Waiter[] = [];
  private timerAt: number | undefined;
  private readonly counters: GovernorStats = { granted: 0, waited: 0, maxInFlight: 0, maxStartedPerMinute: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly limits: RateLimits = XERO_LIMITS,
    /** For messages: the organisation's name or id. */
    private readonly organisation = 'the organisation',
  ) {}

  /** Waits until a call may start; rejects with XERO_RATE_LIMITED when the daily budget is spent. */
  acquire(): Promise<GovernorPermit> {
    return new Promise<GovernorPermit>((resolve, reject) => {
      this.queue.push({ resolve, reject, queuedAt: this.clock.now() });
      this.pump();
    });
  }

  /** Xero answered 429 with Retry-After: nobody calls this organisation until then. */
  pauseFor(ms: number, reason: string): void {
    const until = this.clock.now() + Math.max(0, ms);
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.pauseReason = reason;
    }
  }

  /** Xero answered 429 for the daily limit: no more calls until Retry-After has passed. */
  noteDayLimitReached(retryAfterMs: number): void {
    const now = this.clock.now();
    this.serverDay = { left: 0, until: now + Math.max(60_000, retryAfterMs) };
  }

  stats(): GovernorStats {
    return { ...this.counters };
  }

  /** Calls left today by our own count and Xero's last word, whichever is lower. */
  dayCallsLeft(): number {
    const now = this.clock.now();
    this.prune(now);
    const own = this.limits.perDay - this.startedToday.length;
    const server = this.serverDay && now < this.serverDay.until ? this.serverDay.left : Number.POSITIVE_INFINITY;
    return Math.max(0, Math.min(own, server));
  }

  private prune(now: number): void {
    while (this.ended.length > 0 && (this.ended[0] ?? 0) <= now - MINUTE) this.ended.shift();
    while (this.startedThisMinute.length > 0 && (this.startedThisMinute[0] ?? 0) <= now - MINUTE) this.startedThisMinute.shift();
    while (this.startedToday.length > 0 && (this.startedToday[0] ?? 0) <= now - DAY) this.startedToday.shift();
    if (this.serverMinute && now >= this.serverMinute.until) this.serverMinute = undefined;
    if (this.serverDay && now >= this.serverDay.until) this.serverDay = undefined;
  }

  /** The earliest time a new call may start, or `undefined` when only a release can unblock it. */
  private earliestStart(now: number): number | undefined {
    let at = Math.max(now, this.pausedUntil);
    const counted = this.inFlight + this.ended.length;
    if (counted >= this.limits.perMinute) {
      // The (counted - perMinute + 1) oldest finished calls must leave the window; in-flight calls never do.
      const mustLeave = counted - this.limits.perMinute + 1;
      const end = this.ended[mustLeave - 1];
      if (end === undefined) return undefined;
      at = Math.max(at, end + MINUTE);
    }
    if (this.serverMinute && this.serverMinute.left <= 0) at = Math.max(at, this.serverMinute.until);
    return at;
  }

  private dayExhausted(now: number): XTigerError | undefined {
    if (this.dayCallsLeft() > 0) return undefined;
    const ownResume = this.startedToday.length >= this.limits.perDay ? (this.startedToday[this.startedToday.length - this.limits.perDay] ?? now) + DAY : now;
    const resume = Math.max(ownResume, this.serverDay && this.serverDay.left <= 0 ? this.serverDay.until : now);
    return new XTigerError(
      'XERO_RATE_LIMITED',
      `XTiger has used today's Xero call budget for ${this.organisation} (${this.limits.perDay} calls a day). Syncing resumes after ${new Date(resume).toISOString()}; to spread calls, sync less often or raise XERO_DAILY_CALL_BUDGET if your Xero plan allows it.`,
      { details: { limit: 'day', budget: this.limits.perDay, resumesAt: new Date(resume).toISOString() } },
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const now = this.clock.now();
      this.prune(now);
      const exhausted = this.dayExhausted(now);
      if (exhausted) {
        for (const w of this.queue.splice(0)) w.reject(exhausted);
        return;
      }
      if (this.inFlight >= this.limits.concurrent) return; // a release pumps again
      const at = this.earliestStart(now);
      if (at === undefined) return;
      if (at > now) {
        this.armTimer(at);
        return;
      }
      const waiter = this.queue.shift();
      if (!waiter) return;
      this.grant(now, waiter);
    }
  }

  private grant(now: number, waiter: Waiter): void {
    this.inFlight += 1;
    this.startedThisMinute.push(now);
    this.startedToday.push(now);
    if (this.serverMinute) this.serverMinute.left -= 1;
    if (this.serverDay) this.serverDay.left -= 1;
    this.counters.granted += 1;
    if (now > waiter.queuedAt) this.counters.waited += 1;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.inFlight);
    this.counters.maxStartedPerMinute = Math.max(this.counters.maxStartedPerMinute, this.startedThisMinute.length);
    let released = false;
    waiter.resolve({
      release: (observed?: RateHeaders) => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        const end = this.clock.now();
        this.ended.push(end);
        this.observe(now, observed);
        this.pump();
      },
    });
  }

  /**
   * Xero's remaining-call headers, from a call that started at `startedAt`. Xero counted it somewhere between its
   * start and its end, in a window that ends at most a minute later; the figure is dated from the start, so an
   * answer that took long (or arrived after a virtual clock jumped) is not mistaken for news about a later window.
   * Calls still in flight may or may not be in Xero's count yet, so they are taken off what is left (conservative).
   * This is the defence against OTHER users of the same limits; our own calls are paced by the interval rule above.
   */
  private observe(startedAt: number, observed: RateHeaders | undefined): void {
    if (!observed) return;
    const now = this.clock.now();
    if (observed.minuteRemaining !== undefined && startedAt + MINUTE > now) {
      this.serverMinute = { left: observed.minuteRemaining - this.inFlight, until: startedAt + MINUTE };
    }
    if (observed.dayRemaining !== undefined && startedAt + DAY > now) {
      this.serverDay = { left: observed.dayRemaining - this.inFlight, until: startedAt + DAY };
    }
  }

  private armTimer(at: number): void {
    if (this.timerAt !== undefined && this.timerAt <= at) return;
    this.timerAt = at;
    void this.clock.sleep(at - this.clock.now()).then(() => {
      if (this.timerAt === at) this.timerAt = undefined;
      this.pump();
    });
  }

  /** For messages and logs. */
  describePause(): string | undefined {
    return this.pausedUntil > this.clock.now() ? `${this.pauseReason} until ${new Date(this.pausedUntil).toISOString()}` : undefined;
  }
}

/** One governor per organisation (tenant id) in this process, shared by every unit of work. */
export class XeroRateGovernors {
  private readonly byTenant = new Map<string, XeroRateGovernor>();
  constructor(
    private readonly clock: Clock,
    private readonly limits: RateLimits = XERO_LIMITS,
  ) {}

  for(tenantId: string, organisation?: string): XeroRateGovernor {
    let g = this.byTenant.get(tenantId);
    if (!g) {
      g = new XeroRateGovernor(this.clock, this.limits, organisation ?? tenantId);
      this.byTenant.set(tenantId, g);
    }
    return g;
  }
}
