import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { useXeroSandbox } from '../../xeroSandbox/testing/useXeroSandbox.js';
import { createSecretBox } from '../../crypto/secretBox.js';
import { createLogger } from '../../logging/logger.js';
import { openXeroAccountingApi } from '../openXeroAccountingApi.js';
import { createXeroServices, type XeroServices } from '../xeroServices.js';

/**
 * Two real processes (tsx) refresh the same connection at the same moment, against the same database and the
 * Xero sandbox. A counting proxy in front of the sandbox's token endpoint is the independent witness of how many
 * refreshes reached Xero.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../..');
const ctx = useXeroSandbox();
const key = randomBytes(32);
let db: SampleDatabase;
let services: XeroServices;
let proxy: Server;
let proxyUrl: string;
const refreshGrants: string[] = [];

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true });
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/connect/token') refreshGrants.push(new URLSearchParams(body.toString()).get('grant_type') ?? '');
      const headers = { ...req.headers } as Record<string, string>;
      delete headers['host'];
      void fetch(`${ctx.sandbox.url}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body.length ? { body } : {}) }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  services = createXeroServices({
    settings: { VTIGER_URL: 'http://vtiger.test', XERO_API_URL: ctx.sandbox.url, XERO_IDENTITY_URL: proxyUrl, XERO_LOGIN_URL: ctx.sandbox.url, XERO_DAILY_CALL_BUDGET: 5000 },
    knex: db.knex,
    logger: createLogger({ level: 'silent' }),
    box: createSecretBox(key),
  });
  await services.apiDetails.save({ clientId: ctx.sandbox.demoApp.clientId, clientSecret: ctx.sandbox.demoApp.clientSecret });
});
afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await db?.drop();
});

function runChild(connectionId: number, startAt: number): Promise<{ result: Record<string, unknown>; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(here, '../testing/refreshInChildProcess.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DB_HOST: db.settings.host,
        DB_PORT: String(db.settings.port),
        DB_USER: db.settings.user,
        DB_PASSWORD: db.settings.password,
        DB_NAME: db.name,
        XERO_URL: ctx.sandbox.url,
        XERO_IDENTITY_URL: proxyUrl,
        KEY: key.toString('base64'),
        CONNECTION_ID: String(connectionId),
        START_AT: String(startAt),
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const line = output.split('\n').find((l) => l.includes('"outcome"'));
      resolve({ result: line ? (JSON.parse(line) as Record<string, unknown>) : { outcome: 'no output' }, output });
    });
  });
}

describe('token refresh across processes', () => {
  it('two processes refreshing at once: one refresh reaches Xero, both get the same valid token, no invalid_grant', async () => {
    const issued = ctx.sandbox.issueTokenSet();
    const tenants = await services.identity.listConnections(issued.access_token);
    const now = Date.now();
    const conn = await services.connections.create({
      tokens: { accessToken: issued.access_token, refreshToken: issued.refresh_token ?? '', expiresAt: now + 60_000, scopes: issued.scope.split(' ') },
      tenants: tenants.filter((t) => t.tenantId === ctx.sandbox.demoTenantId),
      userId: 1,
      now,
    });
    refreshGrants.length = 0;
    const startAt = Date.now() + 8000;
    const [a, b] = await Promise.all([runChild(conn.id, startAt), runChild(conn.id, startAt)]);
    expect(a.result, a.output).toMatchObject({ outcome: 'ok' });
    expect(b.result, b.output).toMatchObject({ outcome: 'ok' });
    // Both asked at the agreed moment (neither was late starting up), so they really raced.
    for (const r of [a.result, b.result]) expect(Number(r['startedAt']) - startAt).toBeLessThan(250);
    expect(a.result['tokenHash']).toBe(b.result['tokenHash']);
    expect(refreshGrants).toEqual(['refresh_token']);
    const both = a.output + b.output;
    expect(both).not.toContain('invalid_grant');
    expect(both.match(/Xero access token refreshed/g)).toHaveLength(1);
    for (const secret of [issued.access_token, issued.refresh_token ?? 'x', ctx.sandbox.demoApp.clientSecret]) expect(both).not.toContain(secret);

    // The stored token set is the new one, it works, and its refresh token is the live one.
    const stored = await services.connections.tokens(conn.id);
    expect(createHash('sha256').update(stored?.accessToken ?? '').digest('hex')).toBe(a.result['tokenHash']);
    expect(stored?.refreshToken).not.toBe(issued.refresh_token);
    expect((await (await openXeroAccountingApi(services)).getOrganisation()).name).toBe('XTiger Demo Company');
    const next = await services.identity.refresh(await services.apiDetails.credentials(), stored?.refreshToken ?? '');
    expect(next.accessToken).not.toBe(stored?.accessToken);
    expect((await services.connections.get(conn.id))?.status).toBe('connected');
  });

  it('within one process, concurrent callers share one refresh (single flight)', async () => {
    const issued = ctx.sandbox.issueTokenSet();
    const tenants = await services.identity.listConnections(issued.access_token);
    const now = Date.now();
    const conn = await services.connections.create({
      tokens: { accessToken: issued.access_token, refreshToken: issued.refresh_token ?? '', expiresAt: now + 60_000, scopes: issued.scope.split(' ') },
      tenants: tenants.filter((t) => t.tenantId === ctx.sandbox.demoTenantId),
      userId: 1,
      now,
    });
    refreshGrants.length = 0;
    const tokens = await Promise.all(Array.from({ length: 10 }, () => services.tokens.accessToken(conn.id)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(issued.access_token);
    expect(refreshGrants).toEqual(['refresh_token']);
    // Fresh now: no further refresh.
    await services.tokens.accessToken(conn.id);
    expect(refreshGrants).toHaveLength(1);
  });

  it('backs off after a failed refresh and keeps using the still-valid token', async () => {
    const issued = ctx.sandbox.issueTokenSet();
    const tenants = await services.identity.listConnections(issued.access_token);
    const now = Date.now();
    const conn = await services.connections.create({
      tokens: { accessToken: issued.access_token, refreshToken: issued.refresh_token ?? '', expiresAt: now + 120_000, scopes: issued.scope.split(' ') },
      tenants: tenants.filter((t) => t.tenantId === ctx.sandbox.demoTenantId),
      userId: 1,
      now,
    });
    // A wrong client secret: the refresh fails with invalid_client (not a reconnect: fixing the secret is enough).
    await services.apiDetails.save({ clientSecret: 'wrong-secret-value' });
    try {
      refreshGrants.length = 0;
      expect(await services.tokens.accessToken(conn.id)).toBe(issued.access_token);
      const after = await services.connections.get(conn.id);
      expect(after).toMatchObject({ status: 'connected', refreshFailures: 1 });
      expect(after?.lastRefreshError).toContain('did not accept the client id and client secret');
      expect((after?.nextRefreshAttemptAt ?? 0) - Date.now()).toBeGreaterThan(20_000);
      // Backing off: no second attempt at Xero yet.
      services.tokens.invalidate(conn.id);
      expect(await services.tokens.accessToken(conn.id)).toBe(issued.access_token);
      expect(refreshGrants).toHaveLength(1);
    } finally {
      await services.apiDetails.save({ clientSecret: ctx.sandbox.demoApp.clientSecret });
    }
  });
});
