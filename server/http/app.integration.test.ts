import express, { Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSampleDatabase, type SampleDatabase } from '../testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../testing/startTestApp.js';
import { readBridgeSecret, signBridgeToken } from './auth/bridgeToken.js';
import { defineEndpoint } from './contracts/endpoint.js';
import { route } from './route.js';
import { errorHandler } from './errorHandler.js';

// Test-only endpoints mounted through the real `route` helper, to prove validation and access control.
const echoForAdmins = defineEndpoint({
  method: 'post',
  path: '/api/test/echo/:module',
  access: 'admin',
  params: z.object({ module: z.enum(['Contacts', 'Accounts']) }),
  body: z.object({ ids: z.array(z.number().int().positive()).min(1) }),
  response: z.object({ module: z.string(), ids: z.array(z.number()), userId: z.number() }),
});
const whoAmI = defineEndpoint({ method: 'get', path: '/api/test/me', access: 'user', response: z.object({ userId: z.number() }) });

describe('HTTP app', () => {
  let db: SampleDatabase;
  let app: TestApp;
  let testServer: Server;
  let testUrl: string;
  beforeAll(async () => {
    db = await createSampleDatabase({ migrate: true });
    app = await startTestApp(db);
    // The test endpoints go through the real `route` helper and error handler on an app of their own.
    const router = Router();
    route(router, app.deps, echoForAdmins, async ({ params, body, user }) => ({ module: params.module, ids: body.ids, userId: user?.userId ?? 0 }));
    route(router, app.deps, whoAmI, async ({ user }) => ({ userId: user?.userId ?? 0 }));
    const testApp = express().use(express.json()).use(router).use(errorHandler(app.deps.logger));
    testServer = await new Promise<Server>((resolve) => {
      const s = testApp.listen(0, '127.0.0.1', () => resolve(s));
    });
    testUrl = `http://127.0.0.1:${(testServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => testServer?.close(r));
    await app?.close();
    await db?.drop();
  });

  it('answers health without internals (no database name)', async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'ok', version: expect.any(String) as string });
    expect(text).not.toContain(db.name);
  });

  it('rejects a request without a Vtiger token, with a bad signature, or expired', async () => {
    expect((await fetch(`${testUrl}/api/test/me`)).status).toBe(401);
    const good = await app.tokenFor({ userId: 5, isAdmin: false });
    const tampered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
    const res = await fetch(`${testUrl}/api/test/me`, { headers: { authorization: `Bearer ${tampered}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const secret = await readBridgeSecret(db.knex);
    const old = signBridgeToken(secret, { uid: 1, adm: true, lang: 'en_us', iat: 1000, exp: 1300 });
    expect((await fetch(`${testUrl}/api/test/me`, { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
    const ok = await fetch(`${testUrl}/api/test/me`, { headers: { authorization: `Bearer ${good}` } });
    expect(await ok.json()).toEqual({ userId: 5 });
  });

  it('keeps admin endpoints for admins', async () => {
    const user = await app.tokenFor({ userId: 5, isAdmin: false });
    const res = await fetch(`${testUrl}/api/test/echo/Contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [5] }),
    });
    expect(res.status).toBe(403);
  });

  it('validates path and body and names the field', async () => {
    const admin = await app.tokenFor();
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const badModule = await fetch(`${testUrl}/api/test/echo/Leads`, { method: 'POST', headers, body: JSON.stringify({ ids: [1] }) });
    expect(badModule.status).toBe(400);
    expect(((await badModule.json()) as { error: { message: string } }).error.message).toContain('"module"');
    const badIds = await fetch(`${testUrl}/api/test/echo/Contacts`, { method: 'POST', headers, body: JSON.stringify({ ids: ['x'] }) });
    expect(badIds.status).toBe(400);
    expect(((await badIds.json()) as { error: { details: { field: string } } }).error.details.field).toBe('ids.0');
    const badJson = await fetch(`${testUrl}/api/test/echo/Contacts`, { method: 'POST', headers, body: '{' });
    expect(badJson.status).toBe(400);
    const ok = await fetch(`${testUrl}/api/test/echo/Contacts`, { method: 'POST', headers, body: JSON.stringify({ ids: [7, 8] }) });
    expect(await ok.json()).toEqual({ module: 'Contacts', ids: [7, 8], userId: 1 });
  });

  it('answers CORS preflight for the Vtiger origin only', async () => {
    const pre = await fetch(`${app.url}/api/health`, { method: 'OPTIONS', headers: { origin: 'http://vtiger.test' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://vtiger.test');
    const other = await fetch(`${app.url}/api/health`, { headers: { origin: 'http://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
