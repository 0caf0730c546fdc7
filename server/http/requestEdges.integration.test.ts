import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../testing/startTestApp.js';
import { useXeroSandbox } from '../xeroSandbox/testing/useXeroSandbox.js';
import { AdminBrowser, consentForm, locationOf } from '../xero/testing/adminBrowser.js';

/**
 * The edges of the backend against unauthenticated and malformed requests (4xx, never an error-level log) and
 * the Xero connect's protections: PKCE S256 that the sandbox checks like Xero, only the scopes XTiger uses, the
 * callback bound to the launching browser, and Secure cookies decided by the trusted-proxy setting.
 */
const APP = {
  clientId: 'XTIGERTESTAPP00000000000000000E1',
  clientSecret: `test-secret-${randomBytes(12).toString('hex')}`,
  redirectUris: ['http://vtiger.test/modules/XTiger/callback.php'],
  name: 'XTiger edge test app',
};

const ctx = useXeroSandbox();
let db: SampleDatabase;
let app: TestApp;
let behindProxyOff: TestApp;
let admin: string;

const errorLines = (a: TestApp) => a.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

async function start(a: TestApp, token: string): Promise<string> {
  const res = await fetch(`${a.url}/api/xero/connection/start`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { launchUrl: string }).launchUrl;
}

beforeAll(async () => {
  ctx.sandbox.registerApp(APP);
  db = await createSampleDatabase({ migrate: true });
  const config = { XERO_IDENTITY_URL: ctx.sandbox.url, XERO_LOGIN_URL: ctx.sandbox.url, XERO_API_URL: ctx.sandbox.url, XTIGER_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  app = await startTestApp(db, { config: { ...config, XTIGER_TRUST_PROXY: 'loopback' } });
  behindProxyOff = await startTestApp(db, { config: { ...config, XTIGER_TRUST_PROXY: 'false' } });
  admin = await app.tokenFor({ userId: 1 });
  const saved = await fetch(`${app.url}/api/xero/api-details`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: APP.clientId, clientSecret: APP.clientSecret }),
  });
  expect(saved.status).toBe(200);
});
afterAll(async () => {
  await behindProxyOff?.close();
  await app?.close();
  await db?.drop();
});

describe('bad requests get 4xx and no error-level log', () => {
  it('an oversized body is 413, an unknown content encoding or charset 415, broken JSON and wrong types 400, a broken URL escape 400', async () => {
    const big = await fetch(`${app.url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"ids":[${'1,'.repeat(1_200_000)}1]}` });
    expect(big.status).toBe(413);
    const encoded = await fetch(`${app.url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'bogus' }, body: '{}' });
    expect(encoded.status).toBe(415);
    const charset = await fetch(`${app.url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json; charset=ebcdic' }, body: '{}' });
    expect(charset.status).toBe(415);
    const broken = await fetch(`${app.url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
    const wrongType = await fetch(`${app.url}/api/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ module: 'Accounts', ids: 'all' }),
    });
    expect(wrongType.status).toBe(400);
    const badEscape = await fetch(`${app.url}/api/records/Accounts/%E0%A4%A/xero-status`, { headers: { authorization: `Bearer ${admin}` } });
    expect(badEscape.status).toBe(400);
    expect(errorLines(app)).toEqual([]);
  });

  it('a malformed cookie on the callback is no cookie: a redirect with a reason, no 500, and the last connect status stays', async () => {
    await db.knex('xtiger_settings').insert({ name: 'xero.last_connect', value: JSON.stringify({ result: 'connected', at: '2026-12-01T00:00:00.000Z' }), is_secret: false, updated_at: db.knex.fn.now() }).onConflict('name').merge();
    for (const cookie of ['xtiger_xero_connect=%E0%A4%A', 'xtiger_xero_connect="><x', '=;;=']) {
      const res = await fetch(`${app.url}/api/xero/callback?code=abc&state=forged-state`, { headers: { cookie }, redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toContain('xero=failed');
    }
    const last = (await db.knex('xtiger_settings').where({ name: 'xero.last_connect' }).first('value')) as { value: string };
    expect(JSON.parse(last.value)).toEqual({ result: 'connected', at: '2026-12-01T00:00:00.000Z' });
    expect(errorLines(app)).toEqual([]);
  });
});

describe('the Xero connect', () => {
  it('asks only for the scopes XTiger uses, with a PKCE S256 challenge', async () => {
    const browser = new AdminBrowser();
    const authorize = new URL(locationOf(await browser.get(await start(app, admin))));
    const scopes = (authorize.searchParams.get('scope') ?? '').split(' ');
    expect(scopes).toContain('offline_access');
    expect(scopes).not.toEqual(expect.arrayContaining(['openid']));
    expect(scopes.filter((s) => ['openid', 'profile', 'email'].includes(s))).toEqual([]);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("the sandbox, like Xero, refuses the code without the right code_verifier; XTiger's own exchange succeeds", async () => {
    const browser = new AdminBrowser();
    const authorize = locationOf(await browser.get(await start(app, admin)));
    const form = consentForm(await (await browser.get(authorize)).text());
    const answered = await browser.get(new URL('/identity/connect/authorize', authorize).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: form.request, decision: 'allow', tenant: form.tenants[0] ?? '' }).toString(),
    });
    const code = new URL(locationOf(answered)).searchParams.get('code') ?? '';
    const stolen = await fetch(`${ctx.sandbox.url}/connect/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: APP.redirectUris[0] ?? '', code_verifier: 'a'.repeat(43) }).toString(),
    });
    expect(stolen.status).toBe(400);
    expect(((await stolen.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('a callback from a browser that did not launch the connect changes nothing', async () => {
    const launcher = new AdminBrowser();
    const authorize = locationOf(await launcher.get(await start(app, admin)));
    const state = new URL(authorize).searchParams.get('state') ?? '';
    const before = (await db.knex('xtiger_settings').where({ name: 'xero.last_connect' }).first('value')) as { value: string } | undefined;
    const stranger = await fetch(`${app.url}/api/xero/callback?code=abc&state=${encodeURIComponent(state)}`, { redirect: 'manual' });
    expect(stranger.headers.get('location')).toContain('reason=state_other_admin');
    const after = (await db.knex('xtiger_settings').where({ name: 'xero.last_connect' }).first('value')) as { value: string } | undefined;
    expect(after).toEqual(before);
    // The state is not spent: the launching browser can still finish.
    const row = (await db.knex('xtiger_xero_oauth_states').whereNotNull('browser_hash').whereNull('used_at').count({ n: '*' }).first()) as { n: number };
    expect(Number(row.n)).toBeGreaterThan(0);
  });

  it('the launch cookie is Secure only when the request is https through a trusted proxy', async () => {
    const launchOn = async (a: TestApp, headers: Record<string, string>) => {
      const launch = new URL(await start(a, admin));
      const res = await fetch(`${a.url}${launch.pathname}${launch.search}`, { headers, redirect: 'manual' });
      expect(res.status).toBe(302);
      return res.headers.getSetCookie().find((c) => c.startsWith('xtiger_xero_connect=')) ?? '';
    };
    // 127.0.0.1 is a trusted (loopback) proxy here: its X-Forwarded-Proto counts.
    expect(await launchOn(app, { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    expect(await launchOn(app, {})).not.toMatch(/;\s*Secure/i);
    // Trust proxy off: the header is anyone's to send, so it does not count.
    expect(await launchOn(behindProxyOff, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i);
    expect(await launchOn(app, {})).toMatch(/HttpOnly/i);
  });
});
