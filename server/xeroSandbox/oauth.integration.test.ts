/**
 * The OAuth dance over real HTTP: consent page, Allow/Deny, bad client and redirect, code exchange with both
 * client authentication styles, refresh-token rotation with its 30-minute grace, expiry on the virtual clock,
 * revocation, connections and disconnecting — and xero-node's openid-client validating the signed id_token.
 */
import { Issuer } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { XeroClient } from 'xero-node';
import { createVirtualClock } from './clock.js';
import { sdkClientFor, sdkError } from './testing/sdkClient.js';
import { useXeroSandbox } from './testing/useXeroSandbox.js';

const clock = createVirtualClock();
const ctx = useXeroSandbox({ clock });
const APP = { clientId: 'TESTAPP1', clientSecret: 'test-secret-1', redirectUris: ['https://crm.example.test/modules/XTiger/callback.php'], name: 'XTiger test app' };
const REDIRECT = APP.redirectUris[0] as string;
const SCOPES = 'openid profile email offline_access accounting.contacts accounting.settings accounting.invoices';

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function authorizeUrl(params: Record<string, string>): string {
  const u = new URL(`${ctx.sandbox.url}/identity/connect/authorize`);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: APP.clientId, redirect_uri: REDIRECT, scope: SCOPES, state: 'st-123', ...params })) u.searchParams.set(k, v);
  return u.toString();
}

/** Opens the consent page and submits it; returns the redirect the browser would follow. */
async function consent(decision: 'allow' | 'deny', tenants: string[] = [], params: Record<string, string> = {}): Promise<URL> {
  const page = await fetch(authorizeUrl(params));
  expect(page.status).toBe(200);
  const html = await page.text();
  const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const form = new URLSearchParams({ request: requestId, decision });
  for (const t of tenants) form.append('tenant', t);
  const res = await fetch(`${ctx.sandbox.url}/identity/connect/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

async function token(form: Record<string, string>, auth: string | undefined = basic(APP.clientId, APP.clientSecret)): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${ctx.sandbox.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth !== undefined ? { authorization: auth } : {}) },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function fullDance(): Promise<Record<string, unknown>> {
  const redirect = await consent('allow', [ctx.sandbox.demoTenantId]);
  const exchanged = await token({ grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', redirect_uri: REDIRECT });
  expect(exchanged.status).toBe(200);
  return exchanged.body;
}

describe('OAuth 2.0 against the sandbox', () => {
  it('shows a consent page naming the app and the scopes, and Allow redirects with code and state', async () => {
    ctx.sandbox.registerApp(APP);
    const html = await (await fetch(authorizeUrl({}))).text();
    expect(html).toContain('XTiger test app');
    expect(html).toContain('accounting.contacts');
    expect(html).toMatch(/value="allow"[\s\S]*value="deny"/);
    const second = ctx.sandbox.createOrganisation({ name: 'Second Org Ltd', baseCurrency: 'GBP' });
    const redirect = await consent('allow', [ctx.sandbox.demoTenantId, second.tenantId]);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('st-123');
    const code = redirect.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: SCOPES });
    expect(typeof exchanged.body['refresh_token']).toBe('string');
    expect(String(exchanged.body['id_token']).split('.')).toHaveLength(3);

    const connections = (await (await fetch(`${ctx.sandbox.url}/connections`, { headers: { authorization: `Bearer ${String(exchanged.body['access_token'])}` } })).json()) as { tenantId: string; tenantName: string; tenantType: string }[];
    expect(connections.map((c) => c.tenantName).sort()).toEqual(['Second Org Ltd', 'XTiger Demo Company']);
    expect(connections.every((c) => c.tenantType === 'ORGANISATION')).toBe(true);

    // The code is single-use.
    expect(await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('Deny redirects with error=access_denied and the state', async () => {
    const redirect = await consent('deny');
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('st-123');
    expect(redirect.searchParams.get('code')).toBeNull();
  });

  it('answers an unknown client or an unregistered redirect_uri with an error page, never a redirect', async () => {
    const badRedirect = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example.test/cb' }), { redirect: 'manual' });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers.get('location')).toBeNull();
    expect(await badRedirect.text()).toContain('redirect_uri');
    const badClient = await fetch(authorizeUrl({ client_id: 'NOPE' }), { redirect: 'manual' });
    expect(badClient.status).toBe(400);
    expect(await badClient.text()).toContain('client_id');
    const badScope = await fetch(authorizeUrl({ scope: 'openid accounting.everything' }), { redirect: 'manual' });
    expect(new URL(badScope.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
  });

  it('refuses a wrong secret (invalid_client), an unknown grant type, and accepts form credentials', async () => {
    const body = await fullDance();
    expect(await token({ grant_type: 'refresh_token', refresh_token: String(body['refresh_token']) }, basic(APP.clientId, 'wrong'))).toEqual({ status: 400, body: { error: 'invalid_client' } });
    expect(await token({ grant_type: 'password', username: 'x' })).toEqual({ status: 400, body: { error: 'unsupported_grant_type' } });
    const viaForm = await token({ grant_type: 'refresh_token', refresh_token: String(body['refresh_token']), client_id: APP.clientId, client_secret: APP.clientSecret }, undefined);
    expect(viaForm.status).toBe(200);
  });

  it('rotates refresh tokens: the previous one gives the same new pair for 30 minutes, an older one is invalid_grant', async () => {
    const first = await fullDance();
    const a = String(first['refresh_token']);
    const r1 = await token({ grant_type: 'refresh_token', refresh_token: a });
    expect(r1.status).toBe(200);
    const b = String(r1.body['refresh_token']);
    expect(b).not.toBe(a);

    clock.advance(29 * 60_000); // the response to the first refresh was "lost": retry A within the grace
    const retry = await token({ grant_type: 'refresh_token', refresh_token: a });
    expect(retry).toEqual(r1);

    const r2 = await token({ grant_type: 'refresh_token', refresh_token: b });
    expect(r2.status).toBe(200);
    expect(await token({ grant_type: 'refresh_token', refresh_token: a })).toEqual({ status: 400, body: { error: 'invalid_grant' } });

    const c = String(r2.body['refresh_token']);
    const r3 = await token({ grant_type: 'refresh_token', refresh_token: c });
    clock.advance(31 * 60_000); // past the grace, C is spent
    expect((await token({ grant_type: 'refresh_token', refresh_token: c })).body).toEqual({ error: 'invalid_grant' });
    expect((await token({ grant_type: 'refresh_token', refresh_token: String(r3.body['refresh_token']) })).status).toBe(200);
  });

  it('expires access tokens after 30 minutes and unused refresh tokens after 60 days, on the sandbox clock', async () => {
    const body = await fullDance();
    const xero = sdkClientFor(ctx.sandbox, body as never);
    await expect(xero.accountingApi.getOrganisations(ctx.sandbox.demoTenantId)).resolves.toBeDefined();
    clock.advance(30 * 60_000 + 1000);
    const expired = sdkError(await xero.accountingApi.getOrganisations(ctx.sandbox.demoTenantId).catch((e: unknown) => e));
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toMatchObject({ Title: 'Unauthorized', Status: 401 });
    expect(String(expired.body['Detail'])).toMatch(/^TokenExpired: token expired at \d\d\/\d\d\/\d{4} /);
    clock.advance(60 * 86_400_000);
    expect((await token({ grant_type: 'refresh_token', refresh_token: String(body['refresh_token']) })).body).toEqual({ error: 'invalid_grant' });
  });

  it('revocation ends the grant; a disconnected organisation answers 403', async () => {
    const body = await fullDance();
    const xero = sdkClientFor(ctx.sandbox, body as never);
    const auth = { authorization: `Bearer ${String(body['access_token'])}` };
    const [connection] = (await (await fetch(`${ctx.sandbox.url}/connections`, { headers: auth })).json()) as { id: string; tenantId: string }[];
    expect(connection).toBeDefined();
    expect((await fetch(`${ctx.sandbox.url}/connections/${connection?.id ?? ''}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    const forbidden = sdkError(await xero.accountingApi.getContacts(ctx.sandbox.demoTenantId).catch((e: unknown) => e));
    expect(forbidden).toMatchObject({ statusCode: 403, body: { Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' } });

    const revoke = await fetch(`${ctx.sandbox.url}/connect/revocation`, { method: 'POST', headers: { authorization: basic(APP.clientId, APP.clientSecret), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: String(body['refresh_token']) }) });
    expect(revoke.status).toBe(200);
    expect((await token({ grant_type: 'refresh_token', refresh_token: String(body['refresh_token']) })).body).toEqual({ error: 'invalid_grant' });
  });

  it('xero-node completes the flow through openid-client, validating the RS256 id_token against the JWKS', async () => {
    const redirectUri = 'http://127.0.0.1:8123/xtiger/callback';
    const xero = new XeroClient({ clientId: ctx.sandbox.demoApp.clientId, clientSecret: ctx.sandbox.demoApp.clientSecret, redirectUris: [redirectUri], scopes: SCOPES.split(' '), state: 'sdk-state' });
    const issuer = await Issuer.discover(ctx.sandbox.url);
    expect(issuer.metadata.token_endpoint).toBe(`${ctx.sandbox.url}/connect/token`);
    Object.assign(xero, { openIdClient: new issuer.Client({ client_id: ctx.sandbox.demoApp.clientId, client_secret: ctx.sandbox.demoApp.clientSecret, redirect_uris: [redirectUri] }) });
    const consentUrl = new URL(await xero.buildConsentUrl());
    expect(consentUrl.pathname).toBe('/identity/connect/authorize');
    const html = await (await fetch(consentUrl)).text();
    const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await fetch(`${ctx.sandbox.url}/identity/connect/authorize`, { method: 'POST', body: new URLSearchParams({ request: requestId, decision: 'allow', tenant: ctx.sandbox.demoTenantId }), redirect: 'manual' });
    const tokenSet = await xero.apiCallback(res.headers.get('location') ?? '');
    expect(tokenSet.claims()['email']).toBe('demo.user@xtiger.test');
    const refreshed = await xero.refreshToken();
    expect(refreshed.refresh_token).not.toBe(tokenSet.refresh_token);
  });
});
