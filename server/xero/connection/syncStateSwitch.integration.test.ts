import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ConnectedBackend, startConnectedBackend, syncNowAndWait } from '../../syncRuns/testing/connectedBackend.js';
import { connectionHealthSchema, type ConnectionHealth } from '../../http/contracts/connectionHealth.js';
import { recordXeroStatusSchema } from '../../http/contracts/recordStatus.js';
import { connectAsAdmin } from '../testing/adminBrowser.js';

/**
 * Sync state belongs to one Xero organisation, through the real app: connect A and sync; connect B → its state
 * starts fresh (a dry run creates, nothing is "unchanged", no record shows A's Xero id); back to A → A's links,
 * queue and Xero ids are as before; reconnecting to A again keeps them. Also the connection health answer.
 */
let b: ConnectedBackend;
let orgB: string;

const api = (method: string, path: string, body?: unknown, token?: string) => callApi(b, method, path, body, token);

const syncAndWait = (body: unknown) => syncNowAndWait(b, body);

async function health(check: 'local' | 'refresh' = 'local', language = 'en_us'): Promise<ConnectionHealth> {
  const res = await api('GET', `/api/xero/connection/health?check=${check}`, undefined, await b.app.tokenFor({ userId: language === 'ja_jp' ? 51 : 1, isAdmin: true, language }));
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return connectionHealthSchema.parse(res.json);
}

async function connectTo(tenantId: string): Promise<URL> {
  return (await connectAsAdmin({ backendUrl: b.app.url, adminToken: b.adminToken, tenants: [tenantId] })).finalUrl;
}

const xeroIdOf = async (accountId: number): Promise<string | null> =>
  ((await b.db.knex('vtiger_accountscf').where({ accountid: accountId }).first('xt_xero_id')) as { xt_xero_id: string | null }).xt_xero_id;

beforeAll(async () => {
  b = await startConnectedBackend();
  orgB = b.sandbox.createOrganisation({ name: 'Second Org Ltd' }).tenantId;
});
afterAll(async () => {
  await b?.close();
});

describe('connection health', () => {
  it('before connecting: not configured, with what to do, and nothing to park', async () => {
    const h = await health();
    expect(h).toMatchObject({ state: 'not_configured', healthy: false, organisation: null, tokens: { health: 'missing' } });
    expect(h.nextStep).toContain('client id and secret');
    expect(h.syncState.current).toMatchObject({ links: 0, queueEntries: 0, checkpoints: 0 });
    expect(h.syncState.onReconnect).toContain('No sync state yet');
  });

  it('is for administrators only', async () => {
    const res = await api('GET', '/api/xero/connection/health', undefined, await b.app.tokenFor({ userId: 5, isAdmin: false }));
    expect(res.status).toBe(403);
    expect((await api('GET', '/api/xero/connection/health?check=sometimes')).json).toMatchObject({ error: { code: 'BAD_REQUEST', details: { field: 'check' } } });
  });

  it('connected: a real refresh works, the organisation and its short code are known; answered in Japanese too', async () => {
    await b.connect();
    const before = b.sandbox.stats();
    const h = await health('refresh');
    expect(h).toMatchObject({ state: 'connected', healthy: true, organisation: { name: 'XTiger Demo Company', tenantId: b.sandbox.demoTenantId }, tokens: { health: 'ok' }, nextStep: null, lastError: null });
    expect(h.tokens.checkedAt).not.toBeNull();
    expect(b.sandbox.stats().calls).toBeGreaterThan(before.calls);
    // Cached for a minute: asking again costs Xero nothing.
    const calls = b.sandbox.stats().calls;
    expect((await health('refresh')).tokens.health).toBe('ok');
    expect(b.sandbox.stats().calls).toBe(calls);
    const ja = await health('local', 'ja_jp');
    expect(ja.syncState.onReconnect).toMatch(/同期の状態はまだありません/);
  });
});

describe('sync state per organisation', () => {
  let linksOfA = 0;
  let xeroIdOfGlobex: string | null = null;

  it('organisation A: a full sync links the records; the health answer says what reconnecting elsewhere would do', async () => {
    const result = await syncAndWait({ all: true });
    expect(result.totals.failed).toBe(0);
    xeroIdOfGlobex = await xeroIdOf(3);
    expect(xeroIdOfGlobex).toMatch(/^[0-9a-f-]{36}$/);
    const panel = recordXeroStatusSchema.parse((await api('GET', '/api/records/Accounts/3/xero-status')).json);
    expect(panel.xero).toEqual({ kind: 'contact', exact: true, url: expect.stringContaining(`shortcode=`) as string });
    expect(decodeURIComponent(panel.xero?.url ?? '')).toContain(`redirecturl=/Contacts/View/${xeroIdOfGlobex}`);
    const h = await health();
    linksOfA = h.syncState.current.links;
    expect(linksOfA).toBeGreaterThanOrEqual(8);
    expect(h.syncState.current).toMatchObject({ tenantId: b.sandbox.demoTenantId, organisation: 'XTiger Demo Company' });
    expect(h.syncState.onReconnect).toContain(`keeps its ${linksOfA} linked records`);
  });

  it('organisation B: its state starts fresh, the Vtiger records no longer show A\'s Xero ids, and a dry run creates', async () => {
    const landed = await connectTo(orgB);
    expect(landed.searchParams.get('xero')).toBe('connected');
    expect(landed.searchParams.get('syncState')).toBe('fresh');
    const h = await health();
    expect(h.organisation).toEqual({ name: 'Second Org Ltd', tenantId: orgB });
    expect(h.syncState.current).toMatchObject({ links: 0, queueEntries: 0, checkpoints: 0 });
    expect(h.syncState.parked).toEqual([expect.objectContaining({ tenantId: b.sandbox.demoTenantId, organisation: 'XTiger Demo Company', links: linksOfA })]);
    expect(h.syncState.lastSwitch).toMatchObject({ outcome: 'fresh', fromTenantId: b.sandbox.demoTenantId, toTenantId: orgB, parked: { links: linksOfA } });
    expect(h.syncState.lastSwitch?.message).toContain('its sync starts fresh');
    expect(await xeroIdOf(3)).toBeNull();

    const dry = await syncAndWait({ module: 'Accounts', ids: [2, 3, 4], dryRun: true });
    expect(dry.modules.find((m) => m.module === 'Accounts')).toMatchObject({ created: 3, unchanged: 0, failed: 0 });
  });

  it('back to A: its links, checkpoints and Xero ids are restored, and nothing needs syncing; B is parked', async () => {
    const landed = await connectTo(b.sandbox.demoTenantId);
    expect(landed.searchParams.get('syncState')).toBe('restored');
    const h = await health();
    expect(h.syncState.current.links).toBe(linksOfA);
    expect(h.syncState.lastSwitch).toMatchObject({ outcome: 'restored', restored: { links: linksOfA } });
    expect(h.syncState.parked.map((p) => p.tenantId)).toEqual([orgB]);
    expect(await xeroIdOf(3)).toBe(xeroIdOfGlobex);
    const dry = await syncAndWait({ module: 'Accounts', ids: [2, 3, 4], dryRun: true });
    expect(dry.modules.find((m) => m.module === 'Accounts')).toMatchObject({ created: 0, failed: 0 });
  });

  it('reconnecting to the same organisation keeps the state', async () => {
    const landed = await connectTo(b.sandbox.demoTenantId);
    expect(landed.searchParams.get('syncState')).toBe('kept');
    const h = await health();
    expect(h.syncState.current.links).toBe(linksOfA);
    expect(h.syncState.lastSwitch?.outcome).toBe('kept');
  });
});
