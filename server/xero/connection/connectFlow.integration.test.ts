import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../../testing/startTestApp.js';
import { useXeroSandbox } from '../../xeroSandbox/testing/useXeroSandbox.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import { openXeroAccountingApi } from '../openXeroAccountingApi.js';
import { AdminBrowser, connectAsAdmin, locationOf } from '../testing/adminBrowser.js';
import { xeroServicesFor, type XeroServices } from '../xeroServices.js';

/**
 * The whole connect flow over HTTP: our backend (real Express app, real MariaDB) against the Xero sandbox, with a
 * scripted admin browser and callback.php's forwarding.
 */
const APP = {
  clientId: 'XTIGERTESTAPP00000000000000000C1',
  clientSecret: `test-secret-${randomBytes(12).toString('hex')}`,
  redirectUris: ['http://vtiger.test/modules/XTiger/callback.php'],
  name: 'XTiger test app',
};

const ctx = useXeroSandbox();
let db: SampleDatabase;
let app: TestApp;
let services: XeroServices;
let admin: string;
let clockOffsetMs = 0;

async function api(method: string, path: string, body?: unknown, token = admin): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

async function rawRows(): Promise<string> {
  const [conns] = (await db.knex.raw('SELECT * FROM xtiger_xero_connections')) as [unknown[]];
  const [settings] = (await db.knex.raw('SELECT * FROM xtiger_settings')) as [unknown[]];
  const [states] = (await db.knex.raw('SELECT * FROM xtiger_xero_oauth_states')) as [unknown[]];
  return JSON.stringify([conns, settings, states]);
}

beforeAll(async () => {
  ctx.sandbox.registerApp(APP);
  db = await createSampleDatabase({ migrate: true });
  app = await startTestApp(db, {
    config: {
      XERO_IDENTITY_URL: ctx.sandbox.url,
      XERO_LOGIN_URL: ctx.sandbox.url,
      XERO_API_URL: ctx.sandbox.url,
      XTIGER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
    deps: { now: () => Date.now() + clockOffsetMs },
  });
  services = await xeroServicesFor(app.deps);
  admin = await app.tokenFor({ userId: 1, isAdmin: true });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('API details', () => {
  it('stores the secret encrypted, never answers it, and defaults the redirect URL from VTIGER_URL', async () => {
    const user = await app.tokenFor({ userId: 5, isAdmin: false });
    expect((await api('GET', '/api/xero/api-details', undefined, user)).status).toBe(403);
    const bad = await api('PUT', '/api/xero/api-details', { clientId: 'not a client id!' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('"clientId"');
    const saved = await api('PUT', '/api/xero/api-details', { clientId: APP.clientId, clientSecret: APP.clientSecret });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      clientId: APP.clientId,
      hasSecret: true,
      redirectUri: 'http://vtiger.test/modules/XTiger/callback.php',
      redirectUriIsDefault: true,
      scopeSet: 'granular',
    });
    expect(saved.json['scopes']).toEqual(expect.arrayContaining(['offline_access', 'accounting.invoices', 'accounting.banktransactions']));
    const read = await api('GET', '/api/xero/api-details');
    expect(read.text).not.toContain(APP.clientSecret);
    expect(await rawRows()).not.toContain(APP.clientSecret);
    const broad = await api('PUT', '/api/xero/api-details', { scopeSet: 'broad' });
    expect(broad.json['scopes']).toContain('accounting.transactions');
    await api('PUT', '/api/xero/api-details', { scopeSet: 'granular' });
  });
});

describe('connect flow against the Xero sandbox', () => {
  it('start → consent page → Allow → callback → one organisation → connected; tokens only encrypted at rest', async () => {
    const run = await connectAsAdmin({ backendUrl: app.url, adminToken: admin });
    expect(run.xeroRedirect.origin + run.xeroRedirect.pathname).toBe('http://vtiger.test/modules/XTiger/callback.php');
    expect(run.finalUrl.toString()).toBe('http://vtiger.test/index.php?module=XTiger&parent=Settings&view=Settings&page=apiDetails&xero=connected&syncState=fresh');

    // The status names the organisation, scopes and token times: administrators only.
    expect((await api('GET', '/api/xero/connection', undefined, await app.tokenFor({ userId: 5, isAdmin: false }))).status).toBe(403);
    const status = await api('GET', '/api/xero/connection');
    expect(status.json).toMatchObject({ state: 'connected', organisation: 'XTiger Demo Company', tenantId: ctx.sandbox.demoTenantId });
    expect(status.json['scopes']).toEqual(expect.arrayContaining(['offline_access', 'accounting.contacts']));
    expect(typeof status.json['lastRefreshAt']).toBe('string');

    const current = await services.connections.current();
    const tokens = current ? await services.connections.tokens(current.id) : undefined;
    expect(tokens?.accessToken.length).toBeGreaterThan(20);
    const raw = await rawRows();
    expect(raw).not.toContain(tokens?.accessToken ?? 'missing');
    expect(raw).not.toContain(tokens?.refreshToken ?? 'missing');
    expect(raw).not.toContain(tokens?.accessToken.split('.')[1] ?? 'missing'); // not even the JWT's payload
    expect(raw).toContain('xt1:');

    const org = await (await openXeroAccountingApi(services)).getOrganisation();
    expect(org.name).toBe('XTiger Demo Company');
  });

  it('several organisations → the admin picks one', async () => {
    const second = ctx.sandbox.createOrganisation({ name: 'Second Org Ltd' });
    const run = await connectAsAdmin({ backendUrl: app.url, adminToken: admin, tenants: [ctx.sandbox.demoTenantId, second.tenantId] });
    expect(run.finalUrl.searchParams.get('xero')).toBe('choose_tenant');
    const pending = await api('GET', '/api/xero/connection');
    expect(pending.json['state']).toBe('choose_tenant');
    expect((pending.json['tenantChoices'] as Array<{ tenantName: string }>).map((t) => t.tenantName).sort()).toEqual(['Second Org Ltd', 'XTiger Demo Company']);
    await expect(openXeroAccountingApi(services)).rejects.toThrow(/Choose the Xero organisation/);
    const wrong = await api('POST', '/api/xero/connection/tenant', { tenantId: 'not-offered' });
    expect(wrong.status).toBe(400);
    const chosen = await api('POST', '/api/xero/connection/tenant', { tenantId: second.tenantId });
    expect(chosen.json).toMatchObject({ state: 'connected', organisation: 'Second Org Ltd' });
    expect((await (await openXeroAccountingApi(services)).getOrganisation()).name).toBe('Second Org Ltd');
  });

  it('consent denied, replayed, unknown, expired and other-browser callbacks each end on a clear reason', async () => {
    const denied = await connectAsAdmin({ backendUrl: app.url, adminToken: admin, decision: 'deny' });
    expect(denied.finalUrl.searchParams.get('xero')).toBe('failed');
    expect(denied.finalUrl.searchParams.get('reason')).toBe('consent_denied');
    const status = await api('GET', '/api/xero/connection');
    expect((status.json['lastConnect'] as { message: string }).message).toContain('choose Allow access');

    const browser = new AdminBrowser();
    const ok = await connectAsAdmin({ backendUrl: app.url, adminToken: admin, browser });
    expect(ok.finalUrl.searchParams.get('xero')).toBe('connected');
    const replay = new URL(`${app.url}/api/xero/callback`);
    replay.search = ok.xeroRedirect.search;
    expect(new URL(locationOf(await browser.get(replay.toString()))).searchParams.get('reason')).toBe('state_used');

    expect(new URL(locationOf(await browser.get(`${app.url}/api/xero/callback?code=abc&state=made-up`))).searchParams.get('reason')).toBe('state_unknown');
    expect(new URL(locationOf(await browser.get(`${app.url}/api/xero/callback?code=abc`))).searchParams.get('reason')).toBe('state_missing');

    const other = await connectAsAdmin({ backendUrl: app.url, adminToken: admin, callbackBrowser: new AdminBrowser() });
    expect(other.finalUrl.searchParams.get('reason')).toBe('state_other_admin');

    // Expired: the admin launches, then comes back 11 minutes later.
    const started = (await api('POST', '/api/xero/connection/start')).json as { launchUrl: string };
    const slow = new AdminBrowser();
    locationOf(await slow.get(started.launchUrl));
    clockOffsetMs = 11 * 60_000;
    try {
      const state = new URL(started.launchUrl).searchParams.get('state') ?? '';
      const late = await slow.get(`${app.url}/api/xero/callback?code=abc&state=${encodeURIComponent(state)}`);
      expect(new URL(locationOf(late)).searchParams.get('reason')).toBe('state_expired');
    } finally {
      clockOffsetMs = 0;
    }
    expect((await api('GET', '/api/xero/connection')).json['state']).toBe('connected');
  });

  it('a wrong client secret gives invalid_client with a next step, and the secret appears nowhere', async () => {
    const wrongSecret = `wrong-${randomBytes(8).toString('hex')}`;
    await api('PUT', '/api/xero/api-details', { clientSecret: wrongSecret });
    try {
      const run = await connectAsAdmin({ backendUrl: app.url, adminToken: admin });
      expect(run.finalUrl.searchParams.get('reason')).toBe('invalid_client');
      const status = await api('GET', '/api/xero/connection');
      expect((status.json['lastConnect'] as { message: string }).message).toMatch(/did not accept the client id and client secret.*developer\.xero\.com/);
      expect(status.text + app.logs.join('')).not.toContain(wrongSecret);
    } finally {
      await api('PUT', '/api/xero/api-details', { clientSecret: APP.clientSecret });
    }
  });

  it('a redirect URL that is not registered is refused on Xero\'s page; start names the URL to register', async () => {
    await api('PUT', '/api/xero/api-details', { redirectUri: 'https://crm.example.com/modules/XTiger/callback.php' });
    try {
      const started = await api('POST', '/api/xero/connection/start');
      expect(started.json['redirectUri']).toBe('https://crm.example.com/modules/XTiger/callback.php');
      const browser = new AdminBrowser();
      const page = await browser.get(locationOf(await browser.get(started.json['launchUrl'] as string)));
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('Invalid redirect_uri');
    } finally {
      await api('PUT', '/api/xero/api-details', { redirectUri: null });
    }
  });

  it('the organisation disconnected in Xero → 403 → reconnect needed, with the reason and a next step', async () => {
    const run = await connectAsAdmin({ backendUrl: app.url, adminToken: admin });
    expect(run.finalUrl.searchParams.get('xero')).toBe('connected');
    const xero = await openXeroAccountingApi(services);
    ctx.sandbox.disconnectTenant(ctx.sandbox.demoTenantId);
    const err = await xero.getOrganisation().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isXTigerError(err, 'XERO_NOT_CONNECTED')).toBe(true);
    const status = await api('GET', '/api/xero/connection');
    expect(status.json).toMatchObject({ state: 'reconnect_needed', reason: 'organisation_disconnected', nextStep: 'Click "Connect to Xero" to reconnect.' });
    expect(status.json['message']).toContain('"XTiger Demo Company" was disconnected');
    await expect(openXeroAccountingApi(services)).rejects.toMatchObject({ code: 'XERO_RECONNECT_NEEDED' });
  });

  it('disconnect removes the connection at Xero, revokes, and forgets the tokens', async () => {
    await connectAsAdmin({ backendUrl: app.url, adminToken: admin });
    const current = await services.connections.current();
    const tokens = current ? await services.connections.tokens(current.id) : undefined;
    const done = await api('DELETE', '/api/xero/connection');
    expect(done.json).toMatchObject({ wasConnected: true, organisation: 'XTiger Demo Company', removedAtXero: true, tokenRevoked: true, notes: [] });
    expect((await api('GET', '/api/xero/connection')).json['state']).toBe('not_connected');
    const [rows] = (await db.knex.raw('SELECT COUNT(*) AS n FROM xtiger_xero_connections WHERE token_set IS NOT NULL')) as [[{ n: number }]];
    expect(Number(rows[0].n)).toBe(0);
    const after = await fetch(`${ctx.sandbox.url}/connections`, { headers: { authorization: `Bearer ${tokens?.accessToken ?? ''}` } });
    expect(after.status).toBe(401);
    expect((await api('DELETE', '/api/xero/connection')).json).toMatchObject({ wasConnected: false });
  });

  it('an expired or revoked refresh token turns into reconnect needed; its log lines hold no token or secret', async () => {
    await connectAsAdmin({ backendUrl: app.url, adminToken: admin });
    const current = await services.connections.current();
    if (!current) throw new Error('not connected');
    const tokens = await services.connections.tokens(current.id);
    if (!tokens) throw new Error('no tokens');
    // The access token is due for a refresh; then Xero revokes everything.
    await services.connections.saveRefreshedTokens(current.id, { ...tokens, expiresAt: Date.now() + 60_000 }, Date.now());
    services.tokens.invalidate(current.id);
    ctx.sandbox.revokeAllTokens();
    const logStart = app.logs.length;
    const err = await services.tokens.accessToken(current.id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isXTigerError(err, 'XERO_RECONNECT_NEEDED')).toBe(true);
    expect((err as Error).message).toContain('reconnect Xero in Settings → XTiger → API details');
    const status = await api('GET', '/api/xero/connection');
    expect(status.json).toMatchObject({ state: 'reconnect_needed', reason: 'refresh_token_rejected' });
    const logs = app.logs.slice(logStart).join('');
    expect(logs).toContain('Xero rejected the refresh token');
    for (const secret of [tokens.accessToken, tokens.refreshToken, APP.clientSecret, tokens.accessToken.split('.')[2] ?? 'x']) {
      expect(logs).not.toContain(secret);
      expect(status.text).not.toContain(secret);
    }
  });
});
