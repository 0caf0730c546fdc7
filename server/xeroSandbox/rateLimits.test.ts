import { describe, expect, it } from 'vitest';
import { createVirtualClock } from './clock.js';
import { RateLimits } from './rateLimits.js';

describe('RateLimits', () => {
  it('refuses the 61st call of a minute with Retry-After to the end of that organisation\'s window', () => {
    const clock = createVirtualClock(1_000_000);
    const limits = new RateLimits(clock, { perMinute: 60, concurrent: 5, perDay: 5000, appPerMinute: 10000 });
    const anchor = clock.now() - 15_000; // the organisation's minute window started 15 s ago
    for (let i = 0; i < 60; i++) {
      const a = limits.admit('org', anchor, 'app');
      expect(a.ok).toBe(true);
      if (a.ok) a.release();
    }
    const refused = limits.admit('org', anchor, 'app');
    expect(refused).toMatchObject({ ok: false, problem: 'minute', retryAfterSeconds: 45 });
    expect(refused.headers['X-MinLimit-Remaining']).toBe('0');
    expect(refused.headers['X-DayLimit-Remaining']).toBe('4940');
    expect(limits.admit('other-org', anchor, 'app').ok).toBe(true);
    clock.advance(45_000);
    expect(limits.admit('org', anchor, 'app').ok).toBe(true);
    expect(limits.peakPerMinute).toBe(60);
  });

  it('refuses a sixth concurrent call without Retry-After, and admits again after a release', () => {
    const limits = new RateLimits(createVirtualClock(0), { perMinute: 60, concurrent: 5, perDay: 5000, appPerMinute: 10000 });
    const held = Array.from({ length: 5 }, () => limits.admit('org', 0, 'app'));
    const sixth = limits.admit('org', 0, 'app');
    expect(sixth).toMatchObject({ ok: false, problem: 'concurrent' });
    expect('retryAfterSeconds' in sixth).toBe(false);
    const first = held[0];
    if (first?.ok) first.release();
    expect(limits.admit('org', 0, 'app').ok).toBe(true);
  });

  it('counts the daily limit and the app-wide minute limit', () => {
    const clock = createVirtualClock(0);
    const limits = new RateLimits(clock, { perMinute: 1000, concurrent: 5, perDay: 3, appPerMinute: 4 });
    for (let i = 0; i < 3; i++) (limits.admit('a', 0, 'app') as { release(): void }).release();
    expect(limits.admit('a', 0, 'app')).toMatchObject({ ok: false, problem: 'daily', retryAfterSeconds: 86_400 });
    (limits.admit('b', 0, 'app') as { release(): void }).release();
    expect(limits.admit('c', 0, 'app')).toMatchObject({ ok: false, problem: 'appminute' });
  });
});
