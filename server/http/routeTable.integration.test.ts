import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../testing/startTestApp.js';
import { writeXTLogEntries } from '../vtiger/ownModules/xtLog.js';
import { assignRecord, createVtigerRole, createVtigerUser, setDefaultSharing } from '../vtiger/permissions/testing/vtigerSecurity.js';
import { signBridgeToken } from './auth/bridgeToken.js';
import { endpointUrl } from './contracts/endpoint.js';
import { mountedEndpoints } from './route.js';
import { registerRoutes } from './routes/index.js';

/**
 * Every registered route × every kind of caller, with the answer each must get. The route list comes from the
 * router itself (every endpoint mounted through `route`, and every Express route on the router), so a route
 * added without a row here fails, and so does a route that bypasses the authorization layer.
 *
 * Callers: no token; an expired token; a forged token (another secret); a well-signed token of a user id that
 * does not exist; a non-admin who owns the record the request names ("owner"); a non-admin in a peer role who
 * may not see it ("no access"; Accounts are Private); an administrator. A 409/400 for the owner or the admin
 * means the layer let the request through and the use case answered (Xero is not connected here).
 */
const CALLERS = ['none', 'expired', 'forged', 'ghost', 'owner', 'noAccess', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

interface Fixture {
  accountId: number;
  runId: string;
  conflictLogId: number;
}

interface Row {
  request(f: Fixture): { params?: Record<string, string | number>; query?: Record<string, string>; body?: unknown };
  expect: Record<Caller, number>;
  /** Why the answers are what they are. */
  because: string;
}

const SIGNED_IN_ONLY = { none: 401, expired: 401, forged: 401, ghost: 401 } as const;

const TABLE: Record<string, Row> = {
  'GET /api/health': {
    request: () => ({}),
    expect: { none: 200, expired: 200, forged: 200, ghost: 200, owner: 200, noAccess: 200, admin: 200 },
    because: 'public; answers without internals',
  },
  'GET /api/records/:module/:id/xero-status': {
    request: (f) => ({ params: { module: 'Accounts', id: f.accountId } }),
    expect: { ...SIGNED_IN_ONLY, owner: 200, noAccess: 404, admin: 200 },
    because: 'view permission on the record; a hidden record is answered like a missing one',
  },
  'GET /api/xero/api-details': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin (read from Vtiger now)',
  },
  'PUT /api/xero/api-details': {
    request: () => ({ body: {} }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin',
  },
  'PUT /api/xero/webhook-key': {
    request: () => ({ body: { key: 'too short' } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 400 },
    because: 'admin; a key not shaped like Xero\'s is refused naming the field (nothing saved)',
  },
  'DELETE /api/xero/webhook-key': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin; removes the saved webhook key (XERO_WEBHOOK_KEY applies again)',
  },
  'POST /api/xero/connection/start': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 409 },
    because: 'admin; the admin is told the API details are missing',
  },
  'GET /api/xero/connection/launch': {
    request: () => ({}),
    expect: { none: 302, expired: 302, forged: 302, ghost: 302, owner: 302, noAccess: 302, admin: 302 },
    because: 'public: the browser opens it; without a valid state it goes back to Vtiger with a reason, changing nothing',
  },
  'GET /api/xero/callback': {
    request: () => ({ query: { code: 'x', state: 'not-a-state' } }),
    expect: { none: 302, expired: 302, forged: 302, ghost: 302, owner: 302, noAccess: 302, admin: 302 },
    because: 'public: only the browser holding the launch cookie for the state changes anything',
  },
  'GET /api/xero/connection': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin: it names the organisation, scopes and token times',
  },
  'POST /api/xero/connection/tenant': {
    request: () => ({ body: { tenantId: 'none' } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 409 },
    because: 'admin; nothing to choose while not connected',
  },
  'DELETE /api/xero/connection': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin',
  },
  'POST /api/sync': {
    request: (f) => ({ body: { module: 'Accounts', ids: [f.accountId], dryRun: true } }),
    expect: { ...SIGNED_IN_ONLY, owner: 202, noAccess: 403, admin: 202 },
    because: 'records kept by permission (none left → 403 without naming them); then accepted at once (the run itself says Xero is not connected)',
  },
  'GET /api/sync/runs/:runId': {
    request: (f) => ({ params: { runId: f.runId } }),
    expect: { ...SIGNED_IN_ONLY, owner: 200, noAccess: 404, admin: 200 },
    because: 'the user who started the run, or an admin; others get 404 as for a missing run',
  },
  'POST /api/conflicts/:logId/resolve': {
    request: (f) => ({ params: { logId: f.conflictLogId }, body: { keep: 'xero' } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 409 },
    because: 'admin (issue 11: a non-admin cannot resolve conflicts); then Xero is not connected',
  },
  'GET /api/xero/connection/health': {
    request: () => ({ query: { check: 'refresh' } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin: API Details; not configured here, said with the next step',
  },
  'GET /api/settings/field-mapping/:module': {
    request: () => ({ params: { module: 'Accounts' } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin: Field Mapping',
  },
  'PUT /api/settings/field-mapping/:module': {
    request: () => ({ params: { module: 'Accounts' }, body: { fields: [] } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 400 },
    because: 'admin; an empty mapping has no Contact Name and is refused naming it',
  },
  'POST /api/settings/field-mapping/:module/check': {
    request: () => ({ params: { module: 'Accounts' }, body: { fields: [] } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin; answers the problems without saving',
  },
  'POST /api/settings/field-mapping/:module/reset': {
    request: () => ({ params: { module: 'Accounts' } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin',
  },
  'GET /api/settings/tax-map': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin; without Xero the rates are missing and it says why',
  },
  'PUT /api/settings/tax-map': {
    request: () => ({ body: { taxMap: {} } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 409 },
    because: 'admin; the map cannot be checked (so not saved) while Xero is not connected',
  },
  'GET /api/settings/sync': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin: Sync Settings',
  },
  'PUT /api/settings/sync': {
    request: () => ({ body: { modules: { Invoice: { enabled: true, direction: 'sideways' } } } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 400 },
    because: 'admin; a bad direction is refused naming the field (nothing saved, the schedule stays off)',
  },
  'GET /api/settings/notifications': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin: Notifications',
  },
  'PUT /api/settings/notifications': {
    request: () => ({ body: { recipients: ['not-an-address'] } }),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 400 },
    because: 'admin; a bad address is refused naming the field',
  },
  'GET /api/dashboard': {
    request: () => ({}),
    expect: { ...SIGNED_IN_ONLY, owner: 403, noAccess: 403, admin: 200 },
    because: 'admin: Dashboard',
  },
  'POST /api/queue': {
    request: (f) => ({ body: { module: 'Accounts', ids: [f.accountId] } }),
    expect: { ...SIGNED_IN_ONLY, owner: 200, noAccess: 403, admin: 200 },
    because: 'edit permission on the records (none left → 403 without naming them); a record is queued once',
  },
  'POST /webhooks/xero': {
    request: () => ({ body: { events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'ROUTETABLECHECKXXXXX' } }),
    expect: { none: 401, expired: 401, forged: 401, ghost: 401, owner: 401, noAccess: 401, admin: 401 },
    because: 'public, but only a body signed with the webhook key (x-xero-signature) is taken; a bridge token counts for nothing',
  },
};

let db: SampleDatabase;
let app: TestApp;
const tokens = {} as Record<Caller, string | undefined>;
let fixture: Fixture;
let routeKeys: string[];
let expressRouteKeys: string[];

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true, installModules: true });
  app = await startTestApp(db);
  const k = db.knex;
  const owner = await createVtigerUser(k, { userName: 'owner', roleId: 'H5' });
  const peerRole = await createVtigerRole(k, { name: 'Peer', parentRoleId: 'H3', profileIds: [2] });
  const noAccess = await createVtigerUser(k, { userName: 'peer', roleId: peerRole });
  await setDefaultSharing(k, 'Accounts', 3);
  await assignRecord(k, 3, owner);
  const runId = 'run-route-table';
  await k('xtiger_sync_runs').insert({ run_id: runId, trigger: 'instant', entry_point: 'http', dry_run: false, status: 'finished', request: '{}', requested_by: owner, started_at: new Date() });
  const [log] = await writeXTLogEntries(k, [
    { module: 'Accounts', relatedTo: 3, direction: 'Xero to Vtiger', action: 'Update', status: 'Conflict', message: 'name changed on both sides', runId, trigger: 'Instant', startedAt: new Date(), ownerId: 1 },
  ]);
  fixture = { accountId: 3, runId, conflictLogId: Number(log?.crmid) };
  const now = Math.floor(Date.now() / 1000);
  tokens.none = undefined;
  tokens.expired = await app.tokenFor({ userId: owner, issuedAt: now - 3600, lifetimeSeconds: 300 });
  tokens.forged = signBridgeToken('not the bridge secret', { uid: 1, adm: true, lang: 'en_us', iat: now, exp: now + 300 });
  tokens.ghost = await app.tokenFor({ userId: 999_999, isAdmin: true, ensureUser: false });
  tokens.owner = await app.tokenFor({ userId: owner });
  // The token claims admin; Vtiger's database says otherwise, and wins.
  tokens.noAccess = await app.tokenFor({ userId: noAccess, isAdmin: true });
  tokens.admin = await app.tokenFor({ userId: 1, isAdmin: false });

  const router = Router();
  registerRoutes(router, app.deps);
  routeKeys = mountedEndpoints(router).map((e) => `${e.method.toUpperCase()} ${e.path}`);
  const layers = (router as unknown as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> }).stack;
  expressRouteKeys = layers.flatMap((l) => (l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route?.path ?? ''}`) : []));
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('route table: every route × every caller', () => {
  it('has a row for every registered route and no row without a route; no route bypasses the layer', () => {
    expect(routeKeys.length).toBeGreaterThan(0);
    expect([...routeKeys].sort()).toEqual(Object.keys(TABLE).sort());
    expect([...expressRouteKeys].sort()).toEqual([...routeKeys].sort());
  });

  it('answers each caller of each route as the table says', async () => {
    const answers: Record<string, Record<Caller, number>> = {};
    for (const key of routeKeys) {
      const row = TABLE[key];
      if (!row) continue;
      const [method, path] = key.split(' ') as [string, string];
      const req = row.request(fixture);
      const url = new URL(`${app.url}${endpointUrl(path, req.params)}`);
      for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
      answers[key] = {} as Record<Caller, number>;
      for (const caller of CALLERS) {
        const token = tokens[caller];
        const res = await fetch(url, {
          method,
          redirect: 'manual',
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        });
        await res.arrayBuffer();
        answers[key][caller] = res.status;
      }
    }
    const expected = Object.fromEntries(routeKeys.map((k) => [k, TABLE[k]?.expect]));
    expect(answers).toEqual(expected);
  });

  it('no caller of the table caused an error-level log line', () => {
    const errors = app.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });
});
