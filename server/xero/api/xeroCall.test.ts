import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../xeroSandbox/clock.js';
import { XTigerError } from '../../errors/XTigerError.js';
import { XeroAccountingApi } from './XeroAccountingApi.js';
import { XeroApiError, normaliseXeroError } from './xeroApiError.js';
import { XeroRateGovernor } from './XeroRateGovernor.js';
import { newXeroSdkClient, useAccessToken } from './xeroSdkClient.js';

/**
 * The real xero-node SDK over real HTTP against a scripted server: proves how the SDK rejects (a JSON string),
 * that our normaliser reads it, and that the call pipeline retries, waits and renews as it should.
 * (Xero's behaviour itself is tested against the Xero sandbox in the integration tests.)
 */
type Script = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let url: string;
let script: Script[] = [];
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    const step = script.shift() ?? json(200, { Organisations: [{ Name: 'Fallback Ltd', OrganisationID: 'o1' }] });
    step(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  script = [];
  seen.length = 0;
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Script {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}
const hang: Script = () => undefined;
const drop: Script = (req) => req.socket.destroy();

function apiWith(tokens: { current: string; renewals: number } = { current: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', renewals: 0 }) {
  const clock = createVirtualClock();
  const api = new XeroAccountingApi({
    apiUrl: url,
    clock,
    governor: new XeroRateGovernor(clock),
    tenantId: 'tenant-1',
    organisation: 'Demo Company',
    timeoutMs: 300,
    tokens: {
      accessToken: async () => tokens.current,
      renewAfterRejection: async () => {
        tokens.renewals += 1;
        tokens.current = `renewed-${tokens.renewals}`;
        return tokens.current;
      },
    },
  });
  return { api, clock, tokens };
}

async function sdkRejection(step: Script): Promise<unknown> {
  script = [step];
  const xero = newXeroSdkClient({ apiUrl: url, timeoutMs: 300 });
  useAccessToken(xero, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJlc2VjcmV0');
  return xero.accountingApi.getOrganisations('tenant-1').then(
    () => 'resolved',
    (e: unknown) => e,
  );
}

describe('normaliseXeroError on real xero-node rejections', () => {
  it('the SDK rejects with a JSON string; a 400 becomes XERO_VALIDATION with Xero messages', async () => {
    const reason = await sdkRejection(
      json(400, { ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred', Elements: [{ ValidationErrors: [{ Message: 'Email address must be valid.' }] }] }),
    );
    expect(typeof reason).toBe('string');
    const err = normaliseXeroError(reason, { operation: 'create contacts', organisation: 'Demo Company' });
    expect(err).toBeInstanceOf(XeroApiError);
    expect(err.code).toBe('XERO_VALIDATION');
    expect((err as XeroApiError).validationErrors).toEqual(['Email address must be valid.']);
    expect(err.message).toContain('create contacts for the Xero organisation "Demo Company"');
    expect(JSON.stringify(err.toJSON())).not.toContain('eyJ');
  });

  it('a 429 carries Retry-After, the problem and the remaining-call headers', async () => {
    const reason = await sdkRejection(json(429, { Title: 'Too many requests' }, { 'retry-after': '17', 'x-rate-limit-problem': 'minute', 'x-daylimit-remaining': '4321' }));
    const err = normaliseXeroError(reason, { operation: 'read contacts' }) as XeroApiError;
    expect(err.code).toBe('XERO_RATE_LIMITED');
    expect(err.retryAfterMs).toBe(17_000);
    expect(err.rateLimitProblem).toBe('minute');
    expect(err.rateHeaders.dayRemaining).toBe(4321);
    expect(err.retryable).toBe(true);
  });

  it('401, 403, 404, 503, a dropped connection and a timeout each get their code; no token in any of them', async () => {
    const cases: Array<[Script, string]> = [
      [json(401, { Title: 'Unauthorized', Detail: 'AuthenticationUnsuccessful' }), 'XERO_AUTH'],
      [json(403, { Title: 'Forbidden', Detail: 'AuthorizationUnsuccessful' }), 'XERO_NOT_CONNECTED'],
      [json(404, { Message: 'Resource not found' }), 'XERO_NOT_FOUND'],
      [json(503, { Message: 'Service unavailable' }), 'XERO_SERVER'],
      [drop, 'XERO_NETWORK'],
      [hang, 'XERO_TIMEOUT'],
    ];
    for (const [step, code] of cases) {
      const reason = await sdkRejection(step);
      const err = normaliseXeroError(reason, { operation: 'read the organisation' });
      expect(err.code, code).toBe(code);
      const everything = `${err.message} ${JSON.stringify(err.toJSON())}`;
      expect(everything).not.toMatch(/eyJ|c2lnbmF0dXJl|Bearer/);
    }
  });

  it('strips a token that comes back inside a message', () => {
    const err = normaliseXeroError(new Error('request failed: Authorization: Bearer abc.def.ghi refresh_token=rt-secret'), { operation: 'x' });
    expect(err.message).not.toContain('abc.def.ghi');
    expect(err.message).not.toContain('rt-secret');
  });
});

describe('runXeroCall through XeroAccountingApi', () => {
  it('retries 503 and a dropped connection with backoff, then succeeds', async () => {
    const { api, clock } = apiWith();
    const t0 = clock.now();
    script = [json(503, { Message: 'busy' }), drop, json(200, { Organisations: [{ Name: 'Demo Company', OrganisationID: 'o1', CreatedDateUTC: '/Date(1767603600000+0000)/' }] })];
    const org = await api.getOrganisation();
    expect(org.name).toBe('Demo Company');
    expect(org.createdDateUTC).toBe('2026-01-05T09:00:00.000Z');
    expect(seen).toHaveLength(3);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(500 + 1000);
  });

  it('waits out a 429 Retry-After on the clock and never hands the 429 to the caller', async () => {
    const { api, clock } = apiWith();
    const t0 = clock.now();
    script = [json(429, {}, { 'retry-after': '30', 'x-rate-limit-problem': 'minute' }), json(200, { Organisations: [{ Name: 'Demo Company' }] })];
    expect((await api.getOrganisation()).name).toBe('Demo Company');
    expect(clock.now() - t0).toBeGreaterThanOrEqual(30_000);
  });

  it('hands a day-limit 429 to the caller as XERO_RATE_LIMITED', async () => {
    const { api } = apiWith();
    script = [json(429, {}, { 'retry-after': '40000', 'x-rate-limit-problem': 'daily' })];
    await expect(api.getOrganisation()).rejects.toMatchObject({ code: 'XERO_RATE_LIMITED', rateLimitProblem: 'daily' });
    await expect(api.getOrganisation()).rejects.toThrow(/today's Xero call budget/);
  });

  it('renews the token once after a 401 and sends the new one', async () => {
    const { api, tokens } = apiWith();
    script = [json(401, { Detail: 'TokenExpired' }), json(200, { Organisations: [{ Name: 'Demo Company' }] })];
    await api.getOrganisation();
    expect(tokens.renewals).toBe(1);
    expect(seen[1]?.headers.authorization).toBe('Bearer renewed-1');
    script = [json(401, {}), json(401, {})];
    await expect(api.getOrganisation()).rejects.toMatchObject({ code: 'XERO_AUTH' });
  });

  it('gives up after 5 attempts on a timeout with XERO_TIMEOUT', async () => {
    const { api } = apiWith();
    script = [hang, hang, hang, hang, hang];
    const err = await api.getOrganisation().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(XTigerError);
    expect((err as XTigerError).code).toBe('XERO_TIMEOUT');
    expect(seen).toHaveLength(5);
  });

  it('sends writes with summarizeErrors=false and the same Idempotency-Key on a retry', async () => {
    const { api } = apiWith();
    script = [drop, json(200, { Contacts: [{ ContactID: 'c1', Name: 'Acme', StatusAttributeString: 'OK' }] })];
    const result = await api.createContacts([{ name: 'Acme' }]);
    expect(result.succeeded.map((c) => c.contactID)).toEqual(['c1']);
    expect(seen.map((s) => s.url)).toEqual(['/api.xro/2.0/Contacts?summarizeErrors=false', '/api.xro/2.0/Contacts?summarizeErrors=false']);
    expect(seen[0]?.headers['idempotency-key']).toMatch(/^xtiger-createContacts-/);
    expect(seen[1]?.headers['idempotency-key']).toBe(seen[0]?.headers['idempotency-key']);
    expect(seen[0]?.headers['xero-tenant-id']).toBe('tenant-1');
  });

  it('reads pages with If-Modified-Since and order=UpdatedDateUTC ASC, includeArchived for contacts, until the last page', async () => {
    const { api } = apiWith();
    const contact = (id: string, ms: number) => ({ ContactID: id, Name: id, UpdatedDateUTC: `/Date(${ms}+0000)/` });
    script = [
      json(200, { pagination: { page: 1, pageSize: 2, pageCount: 2, itemCount: 3 }, Contacts: [contact('a', 1000), contact('b', 2000)] }),
      json(200, { pagination: { page: 2, pageSize: 2, pageCount: 2, itemCount: 3 }, Contacts: [contact('c', 3000)] }),
    ];
    const pages = [];
    for await (const page of api.readContacts({ modifiedSince: '2026-01-05T09:00:00.123Z', pageSize: 2 })) pages.push(page);
    expect(pages.map((p) => [p.page, p.items.map((c) => c.contactID), p.more, p.lastUpdatedDateUTC])).toEqual([
      [1, ['a', 'b'], true, '1970-01-01T00:00:02.000Z'],
      [2, ['c'], false, '1970-01-01T00:00:03.000Z'],
    ]);
    const first = new URL(`http://x${seen[0]?.url ?? ''}`);
    expect(first.searchParams.get('order')).toBe('UpdatedDateUTC ASC');
    expect(first.searchParams.get('includeArchived')).toBe('true');
    expect(first.searchParams.get('page')).toBe('1');
    expect(seen[0]?.headers['if-modified-since']).toBe('2026-01-05T09:00:00.000Z');
  });
});
