import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVtigerWebserviceClient } from '../../vtiger/webservice/index.js';
import { runSync } from './runSync.js';
import { startSyncHarness, type SyncHarness } from './testing/syncHarness.js';
import { closeSyncHarness } from './testing/closeSyncHarness.js';
import { changedTables, checksums } from './testing/tableChecksums.js';

/**
 * Issue 10, item 5: a dry run writes nothing anywhere — not Vtiger, not XTiger's tables nor XTLog / XTQueue /
 * XeroAccounts, not Xero — by construction. Proven with CHECKSUM TABLE of every table of the database before and
 * after, on a database that was never synced (no links, an empty chart of accounts: the run would load it) and on
 * one with links and changes waiting on both sides, and with the sandbox's count of write requests.
 */
let h: SyncHarness;

beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);

afterAll(() => closeSyncHarness(h));

describe('a dry run', () => {
  it('on a database never synced (no links, no chart of accounts) changes no table and sends no write to Xero, and reports what it would write', async () => {
    expect(await h.db.knex('xtiger_links').count({ n: '*' })).toEqual([{ n: 0 }]);
    const before = await checksums(h.db.knex);
    const writes = h.sandbox.stats().writes;
    const vtigerWrites = h.double.calls.filter((c) => ['create', 'revise', 'update', 'delete'].includes(c.operation)).length;
    const summary = await runSync(await h.deps(), { trigger: 'instant', dryRun: true });
    expect(summary.dryRun).toBe(true);
    expect(summary.pairs.products).toMatchObject({ created: 5 - 1 });
    expect(changedTables(before, await checksums(h.db.knex))).toEqual([]);
    expect(h.sandbox.stats().writes).toBe(writes);
    expect(h.double.calls.filter((c) => ['create', 'revise', 'update', 'delete'].includes(c.operation))).toHaveLength(vtigerWrites);
    // The chart of accounts the invoice part needs was loaded and its records "written" — into the rolled-back transaction.
    expect(summary.wouldWrite?.some((w) => w.target === 'database')).toBe(true);
  });

  it('with links and changes waiting on both sides changes no table, sends no write, and says what would happen', async () => {
    const real = await runSync(await h.deps(), { trigger: 'instant' });
    expect(real.stopped).toBeUndefined();
    h.clock.advance(60_000);
    const ws = await createVtigerWebserviceClient({ knex: h.db.knex, url: h.double.url, userName: 'admin' });
    await ws.revise({ id: '14x10', unit_price: '23.00' });
    const org = h.sandbox.org(h.tenantId);
    const cable = org.items.find((i) => i.Code === 'CAB-002');
    org.items.add({ ...cable, Name: 'Cable 2 m (dry)' } as never);
    h.clock.advance(5_000);
    const before = await checksums(h.db.knex);
    const writes = h.sandbox.stats().writes;
    const summary = await runSync(await h.deps(), { trigger: 'instant', dryRun: true });
    expect(changedTables(before, await checksums(h.db.knex))).toEqual([]);
    expect(h.sandbox.stats().writes).toBe(writes);
    expect(summary.records.filter((r) => r.pair === 'products').map((r) => [r.crmid, r.action]).sort()).toEqual([
      [10, 'updateXero'],
      [13, 'updateVtiger'],
    ]);
    // The same run for real then does exactly that.
    const after = await runSync(await h.deps(), { trigger: 'instant' });
    expect(after.pairs.products).toMatchObject({ updated: 2, failed: 0 });
  });
});

describe('the Xero read overlap (SYNC_XERO_OVERLAP_MINUTES, passed by startSyncRun as xeroOverlapMs)', () => {
  it('starts the next contacts and items reads that long before the last complete read', async () => {
    const quiet = await runSync(await h.deps(), { trigger: 'instant', modules: ['accounts', 'contacts', 'products', 'services'] });
    expect(quiet.stopped).toBeUndefined();
    const lastRead = h.clock.now();
    h.clock.advance(60_000);
    const deps = await h.deps({ xeroOverlapMs: 10 * 60_000 });
    const seen: number[] = [];
    const api = deps.xero as unknown as Record<string, (o: { modifiedSince?: Date }) => unknown>;
    for (const method of ['readContacts', 'getItems'] as const) {
      const original = (api[method] as (o: { modifiedSince?: Date }) => unknown).bind(deps.xero);
      api[method] = (o) => {
        if (o.modifiedSince) seen.push(o.modifiedSince.getTime());
        return original(o);
      };
    }
    await runSync(deps, { trigger: 'instant', modules: ['accounts', 'contacts', 'products', 'services'] });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const since of seen) {
      expect(lastRead - since).toBeGreaterThanOrEqual(10 * 60_000 - 1_000);
      expect(lastRead - since).toBeLessThanOrEqual(11 * 60_000);
    }
  });
});
