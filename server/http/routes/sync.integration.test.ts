import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVtigerKnex } from '../../db/vtigerKnex.js';
import { startConnectedBackend, xeroCounts, type ConnectedBackend } from '../../syncRuns/testing/connectedBackend.js';
import { acquireSyncLocks } from '../../syncRuns/syncLocks.js';
import { syncRunSchema, syncStartedSchema, type SyncNowResult, type SyncRunView } from '../contracts/sync.js';
import { saveSyncSettings } from '../../sync/selection/syncSettingsRepository.js';
import { readModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { createVtigerWebserviceClient } from '../../vtiger/webservice/index.js';

/**
 * POST /api/sync and GET /api/sync/runs/:runId through the real app: sample database with the modules, the
 * webservice double, the Xero sandbox, the real OAuth connect, the real engine.
 */
let b: ConnectedBackend;
let userToken: string;

async function post(body: unknown, token = userToken): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${b.app.url}/api/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Posts, expects the run accepted at once (202), then follows it until it is done or failed. */
async function syncAndWait(body: unknown, token = userToken): Promise<SyncRunView> {
  const started = Date.now();
  const res = await post(body, token);
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  expect(Date.now() - started).toBeLessThan(3000);
  const accepted = syncStartedSchema.parse(res.json);
  expect(accepted.statusUrl).toBe(`/api/sync/runs/${accepted.runId}`);
  for (;;) {
    const view = await getRun(accepted.runId, token);
    expect(view.status).toBe(200);
    const run = syncRunSchema.parse(view.json);
    if (run.state === 'done' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function getRun(runId: string, token = userToken): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${b.app.url}/api/sync/runs/${runId}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: await res.json() };
}

function resultOf(run: SyncRunView): SyncNowResult {
  expect(run.state, JSON.stringify(run.error)).toBe('done');
  expect(run.result).not.toBeNull();
  return run.result as SyncNowResult;
}

const errorOf = (json: Record<string, unknown>) => json['error'] as { code: string; message: string; details?: Record<string, unknown> };

beforeAll(async () => {
  b = await startConnectedBackend();
  userToken = await b.app.tokenFor({ userId: 5, isAdmin: false });
});
afterAll(async () => {
  await b?.close();
});

describe('POST /api/sync: the request', () => {
  it('answers 400 naming the field for a body that is neither records nor everything', async () => {
    for (const [body, field] of [
      [{}, 'ids'],
      [{ ids: [2] }, 'module'],
      [{ module: 'Accounts', ids: [2], all: true }, 'all'],
      [{ module: 'Quotes', ids: [2] }, 'module'],
      [{ module: 'Accounts', ids: [] }, 'ids'],
      [{ module: 'Accounts', ids: [2], force: true }, 'body'],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res.json).message, JSON.stringify(body)).toContain(`"${field}"`);
    }
  });

  it('lets only an administrator sync everything', async () => {
    const res = await post({ all: true });
    expect(res.status).toBe(403);
    expect(errorOf(res.json).message).toContain('administrator');
  });

  it('refuses records that are not in the module without naming them (a hidden id looks the same)', async () => {
    const res = await post({ module: 'Accounts', ids: [5, 999999] });
    expect(res.status).toBe(403);
    expect(errorOf(res.json)).toMatchObject({ code: 'FORBIDDEN', details: { leftOut: 2 } });
    expect(JSON.stringify(res.json)).not.toContain('999999');
  });

  it('says to connect Xero first, and notes the failed run', async () => {
    const run = await syncAndWait({ module: 'Accounts', ids: [2] });
    expect(run.state).toBe('failed');
    expect(run.error).toMatchObject({ code: 'XERO_NOT_CONNECTED' });
    expect(run.result).toBeNull();
    const [row] = (await b.db.knex('xtiger_sync_runs').orderBy('id', 'desc').limit(1)) as Array<{ status: string; error_code: string; entry_point: string; requested_by: number }>;
    expect(row).toMatchObject({ status: 'failed', error_code: 'XERO_NOT_CONNECTED', entry_point: 'http', requested_by: 5 });
  });
});

describe('POST /api/sync: running', () => {
  beforeAll(async () => {
    await b.connect();
  });

  it('syncs exactly the chosen records and answers their outcomes; the run can be looked up', async () => {
    const followed = await syncAndWait({ module: 'Accounts', ids: [3] });
    const result = resultOf(followed);
    expect(followed.progress.find((p) => p.module === 'Accounts')).toMatchObject({ done: 1, total: 1 });
    expect(followed.modules).toEqual(result.modules);
    expect(result.modules).toEqual([{ module: 'Accounts', created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 }]);
    expect(result.totals.created).toBe(1);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ module: 'Accounts', recordId: 3, outcome: 'created', action: 'createInXero' });
    const xeroId = result.records[0]?.xeroId ?? '';
    const org = b.sandbox.org(b.sandbox.demoTenantId);
    expect(org.contacts.all().map((c) => [c.ContactID, c.Name])).toEqual([[xeroId, 'Globex GmbH']]);

    // By XTLog's run id, from the runs log (as for a run of another process): counts, no per-record result.
    const run = await getRun(result.runId);
    expect(run.status).toBe(200);
    const view = syncRunSchema.parse(run.json);
    expect(view).toMatchObject({ runId: result.runId, trigger: 'instant', entryPoint: 'http', state: 'done', dryRun: false, error: null, result: null });
    expect(view.modules).toEqual(result.modules);
    expect(await b.db.knex('xtiger_sync_runs').where({ job_id: followed.runId, run_id: result.runId }).count({ n: '*' })).toEqual([{ n: 1 }]);
    const missing = await fetch(`${b.app.url}/api/sync/runs/no-such-run`, { headers: { authorization: `Bearer ${userToken}` } });
    expect(missing.status).toBe(404);
  });

  it('refuses at once records another run is syncing, and everything while any run is on (409)', async () => {
    // Another process (the CLI, a second backend) holding the locks.
    const other = createVtigerKnex({ ...b.db.settings, poolMax: 2 });
    try {
      const held = await acquireSyncLocks(other, { ids: [2, 4], waitSeconds: 0 });
      const started = Date.now();
      const records = await post({ module: 'Accounts', ids: [4] });
      expect(records.status).toBe(409);
      expect(errorOf(records.json)).toMatchObject({ code: 'CONFLICT', details: { busyRecordIds: [4] } });
      expect(errorOf(records.json).message).toBe('A sync of record(s) 4 is already running; wait for it to finish, then try again.');
      const all = await post({ all: true }, b.adminToken);
      expect(all.status).toBe(409);
      expect(errorOf(all.json).message).toBe('Another sync is running; try again when it has finished.');
      expect(Date.now() - started).toBeLessThan(5000);
      await held.release();
      expect(xeroCounts(b.sandbox).contacts).toBe(1);
    } finally {
      await other.destroy();
    }
  });

  it('of two identical requests at once, runs one and refuses the other', async () => {
    const answers = await Promise.all([post({ module: 'Accounts', ids: [2] }), post({ module: 'Accounts', ids: [2] })]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    const accepted = answers.find((a) => a.status === 202);
    for (;;) {
      const run = syncRunSchema.parse((await getRun(String(accepted?.json['runId']))).json);
      if (run.state === 'done') break;
      expect(run.state).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(xeroCounts(b.sandbox).contacts).toBe(2);
  });

  it('a dry run reports and writes nothing', async () => {
    const runsBefore = await b.db.knex('xtiger_sync_runs').count({ n: '*' });
    const writes = b.sandbox.stats().writes;
    const result = resultOf(await syncAndWait({ module: 'Products', ids: [10, 11], dryRun: true }));
    expect(result.dryRun).toBe(true);
    expect(result.modules).toEqual([{ module: 'Products', created: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 }]);
    expect(result.records.map((r) => r.recordId).sort()).toEqual([10, 11]);
    expect(b.sandbox.stats().writes).toBe(writes);
    expect(xeroCounts(b.sandbox).items).toBe(0);
    expect(await b.db.knex('xtiger_sync_runs').count({ n: '*' })).toEqual(runsBefore);
  });

  it('syncs a chosen invoice from the Invoice pages, bringing its contact and items to Xero first', async () => {
    const result = resultOf(await syncAndWait({ module: 'Invoice', ids: [16] }));
    expect(result.modules.find((m) => m.module === 'Invoice')).toEqual({ module: 'Invoice', created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
    // Only the chosen record's outcome is answered; its prerequisites are counted in their modules' rows.
    expect(result.records).toEqual([expect.objectContaining({ module: 'Invoice', recordId: 16, outcome: 'created', action: 'created' })]);
    expect(result.modules.reduce((n, m) => n + (m.module === 'Invoice' ? 0 : m.created), 0)).toBeGreaterThan(0);
    const inv2 = b.sandbox.org(b.sandbox.demoTenantId).invoices.find((i) => i.InvoiceNumber === 'INV2');
    expect(inv2?.Total).toBe(286.07);
  });

  it('an administrator syncs everything: each sample record reaches Xero once', async () => {
    const result = resultOf(await syncAndWait({ all: true }, b.adminToken));
    expect(result.modules.map((m) => m.module)).toEqual(['Contacts', 'Accounts', 'Products', 'Services', 'Invoice']);
    // INV2 went over by itself before; INV1 and INV3 now.
    expect(result.modules.find((m) => m.module === 'Invoice')).toMatchObject({ created: 2, failed: 0 });
    expect(result.totals).toMatchObject({ failed: 0, conflicts: 0 });
    const counts = xeroCounts(b.sandbox);
    // 3 organizations and the one contact without an organization; 4 products and 1 service.
    expect(counts.contacts).toBe(4);
    expect(counts.items).toBe(5);
    expect(new Set(counts.contactNumbers).size).toBe(4);
  });

  it('answers at once while the run before is going: the chosen records wait their turn (queued), then run', async () => {
    const other = createVtigerKnex({ ...b.db.settings, poolMax: 2 });
    try {
      const held = await acquireSyncLocks(other, { waitSeconds: 0 });
      const started = Date.now();
      const res = await post({ module: 'Accounts', ids: [4] });
      expect(res.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(3000);
      const accepted = syncStartedSchema.parse(res.json);
      expect(accepted.state).toBe('queued');
      expect(syncRunSchema.parse((await getRun(accepted.runId)).json)).toMatchObject({ state: 'queued', startedAt: null, progress: [], result: null });
      // The same record again while it waits: refused at once.
      expect((await post({ module: 'Accounts', ids: [4] })).status).toBe(409);
      await held.release();
      let run = syncRunSchema.parse((await getRun(accepted.runId)).json);
      while (run.state === 'queued' || run.state === 'running') {
        await new Promise((r) => setTimeout(r, 100));
        run = syncRunSchema.parse((await getRun(accepted.runId)).json);
      }
      expect(run.state).toBe('done');
      expect(run.startedAt).not.toBeNull();
      expect(run.result?.modules).toEqual([expect.objectContaining({ module: 'Accounts', failed: 0 })]);
    } finally {
      await other.destroy();
    }
  });
});

describe('POST /api/conflicts/:logId/resolve', () => {
  const xeroItem = (code: string) => b.sandbox.org(b.sandbox.demoTenantId).items.all().find((i) => i.Code === code);
  async function resolve(logId: number, body: unknown, token = b.adminToken): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${b.app.url}/api/conflicts/${logId}/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('resolves a conflict held for review from its XTLog line, with the side the user keeps', async () => {
    const meta = await readModuleMetadata(b.db.knex, 'Products');
    await saveSyncSettings(b.db.knex, 'products', { conflictPolicy: 'hold' }, meta.fields, new Date());
    // The same field edited on both sides: WID-001's name in Vtiger (through the webservice) and in Xero.
    const ws = await createVtigerWebserviceClient({ knex: b.db.knex, url: b.double.url, userName: 'admin' });
    await ws.revise({ id: '14x10', productname: 'Widget A (CRM)' });
    const item = xeroItem('WID-001');
    expect(item).toBeDefined();
    b.sandbox.org(b.sandbox.demoTenantId).items.add({ ...item!, Name: 'Widget A (Xero)' });
    const held = resultOf(await syncAndWait({ module: 'Products', ids: [10] }));
    expect(held.totals).toMatchObject({ conflicts: 1, updated: 0 });
    const log = (await b.db.knex('vtiger_xtlog').where({ xtl_related_to: 10, xtl_status: 'Conflict' }).orderBy('xtlogid', 'desc').first('xtlogid')) as { xtlogid: number };

    expect((await resolve(log.xtlogid, { keep: 'both' })).status).toBe(400);
    // Which side wins is decided for everyone: administrators only.
    expect((await resolve(log.xtlogid, { keep: 'vtiger' }, userToken)).status).toBe(403);
    const done = await resolve(log.xtlogid, { keep: 'vtiger' });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect((done.json as unknown as SyncNowResult).totals).toMatchObject({ updated: 1, conflicts: 0 });
    expect(xeroItem('WID-001')?.Name).toBe('Widget A (CRM)');
    expect(((await b.db.knex('vtiger_products').where({ productid: 10 }).first('productname')) as { productname: string }).productname).toBe('Widget A (CRM)');
  });

  it('refuses a log line that is not a held conflict, and one that does not exist', async () => {
    const ok = (await b.db.knex('vtiger_xtlog').where({ xtl_status: 'Success' }).first('xtlogid')) as { xtlogid: number };
    const notConflict = await resolve(ok.xtlogid, { keep: 'xero' });
    expect(notConflict.status).toBe(409);
    expect(errorOf(notConflict.json).message).toMatch(/is not a conflict held for review/);
    expect((await resolve(99_999_999, { keep: 'xero' })).status).toBe(404);
  });
});
