import { describe, expect, it } from 'vitest';
import { redact, redactText } from './redact.js';

describe('redact', () => {
  it('removes secret keys at any depth', () => {
    const out = redact({ a: { refresh_token: 'r1', nested: [{ Authorization: 'Bearer x' }] }, ok: 'visible' });
    expect(out).toEqual({ a: { refresh_token: '[REDACTED]', nested: [{ Authorization: '[REDACTED]' }] }, ok: 'visible' });
  });

  it('scrubs bearer tokens, JWTs and form pairs from free text', () => {
    const text = 'POST failed: Bearer abc.def grant_type=refresh_token&refresh_token=SECRET123&client_secret=S2 eyJhbGciOi.eyJzdWIiOi.sig';
    const out = redactText(text);
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('SECRET123');
    expect(out).not.toContain('S2 ');
    expect(out).not.toContain('eyJhbGciOi');
    expect(out).toContain('grant_type=refresh_token');
  });

  it("keeps an error's own stack frames (scrubbed), not frames inside redact.ts", () => {
    function failingInCaller(): Error {
      return new Error('refresh failed: refresh_token=SECRET9');
    }
    const original = failingInCaller();
    const copy = redact({ err: original }).err as unknown as Error;
    expect(copy).not.toBe(original);
    expect(copy.stack).toContain('failingInCaller');
    expect(copy.stack).not.toContain('redact.ts');
    expect(copy.stack).not.toContain('SECRET9');
    expect(copy.message).toBe('refresh failed: refresh_token=[REDACTED]');
  });
});
