import { describe, expect, it } from 'vitest';
import { phpJson } from './php.js';

/** callback.php's decision: where Xero's OAuth redirect is forwarded (XTiger_CallbackRedirect + BridgeSettings). */
async function target(storedUrl: string, query: Record<string, unknown>): Promise<string | null> {
  return (await phpJson<{ target: string | null }>('callbackRedirect.php', [JSON.stringify({ storedUrl, query })])).target;
}

describe('OAuth callback forwarding', () => {
  it('forwards code and state to the backend, percent-encoded', async () => {
    const url = await target('https://xtiger.example.com/', { code: 'a b&c=d/é', state: 'xyz+1' });
    expect(url).toBe('https://xtiger.example.com/api/xero/callback?code=a%20b%26c%3Dd%2F%C3%A9&state=xyz%2B1');
    const parsed = new URL(url!);
    expect(parsed.searchParams.get('code')).toBe('a b&c=d/é');
    expect(parsed.searchParams.get('state')).toBe('xyz+1');
  });

  it('forwards an error with its state, and drops every other parameter', async () => {
    const url = await target('http://127.0.0.1:8787', { error: 'access_denied', state: 's1', module: 'Users', redirect: 'http://evil.test' });
    expect(url).toBe('http://127.0.0.1:8787/api/xero/callback?state=s1&error=access_denied');
  });

  it('ignores array-valued parameters (code[]=…)', async () => {
    expect(await target('http://backend.test', { code: ['x', 'y'], state: 's' })).toBe('http://backend.test/api/xero/callback?state=s');
  });

  it('has no target when the backend URL is not set or not http(s)', async () => {
    expect(await target('', { code: 'c', state: 's' })).toBeNull();
    expect(await target('javascript:alert(1)', { code: 'c' })).toBeNull();
    expect(await target('ftp://backend.test', { code: 'c' })).toBeNull();
  });
});
