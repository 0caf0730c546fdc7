import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XeroItem } from '../../xeroSandbox/model.js';
import { runSync } from './runSync.js';
import { failingXero, faultyVtiger, xeroTimeout, xeroUnauthorised, type VtigerFaults } from './testing/faults.js';
import { startSyncHarness, type SyncHarness } from './testing/syncHarness.js';
import { closeSyncHarness } from './testing/closeSyncHarness.js';

/**
 * Issue 10, item 1: an error about records fails those records only (one XTLog line each) and the run goes on;
 * the links and log lines of the batch's other records are stored. An error about the run stops it cleanly: the
 * summary is returned, no write starts after the stop, and the next run continues.
 */
let h: SyncHarness;
const org = () => h.sandbox.org(h.tenantId);
const item = (code: string): XeroItem => {
  const i = org().items.find((x) => x.Code === code);
  if (!i) throw new Error(`no Xero item ${code}`);
  return i;
};
const logsOf = async (runId: string, crmid?: number) =>
  (await h.db.knex('vtiger_xtlog').where('xtl_run_id', runId).modify((q) => (crmid !== undefined ? q.andWhere('xtl_related_to', crmid) : q)).orderBy('xtlogid')) as Array<Record<string, unknown>>;
const linkHash = async (crmid: number) => ((await h.db.knex('xtiger_links').where({ pair: 'products', crmid }).first('xero_hash')) as { xero_hash: string } | undefined)?.xero_hash;

beforeAll(async () => {
  h = await startSyncHarness();
  const first = await runSync(await h.deps(), { trigger: 'instant' });
  expect(first.stopped).toBeUndefined();
}, 180_000);

afterAll(() => closeSyncHarness(h));

/** Renames three items in Xero, so the next run revises three Vtiger products. */
function renameInXero(suffix: string): void {
  h.clock.advance(120_000);
  for (const code of ['WID-001', 'WID-002', 'CAB-002']) org().items.add({ ...item(code), Name: `${(item(code).Name ?? '').replace(/ \(.*\)$/, '')} (${suffix})` });
}

describe('an error about a record fails that record only', () => {
  it('a Vtiger write answered with an empty HTTP 500 fails its product with one log line; the others of the batch are written, linked and logged; the run goes on', async () => {
    renameInXero('v2');
    const before = { wid1: await linkHash(10), wid2: await linkHash(11) };
    const faults: VtigerFaults = { http500For: new Set(['14x13']), writesSent: 0 };
    const deps = { ...(await h.deps()), vtiger: await faultyVtiger(h, faults) };
    const summary = await runSync(deps, { trigger: 'instant' });
    expect(summary.stopped).toBeUndefined();
    expect(summary.pairs.products).toMatchObject({ updated: 2, failed: 1 });
    expect(summary.pairs.services).toBeDefined();
    expect(summary.pairs.invoices).toBeDefined();
    const failedLines = await logsOf(summary.runId, 13);
    expect(failedLines).toHaveLength(1);
    expect(failedLines[0]).toMatchObject({ xtl_status: 'Failed', xtl_direction: 'Xero to Vtiger' });
    expect(String(failedLines[0]?.['xtl_message'])).toMatch(/HTTP 500/);
    for (const crmid of [10, 11]) expect(await logsOf(summary.runId, crmid)).toMatchObject([{ xtl_status: 'Success', xtl_action: 'Update' }]);
    expect(await linkHash(10)).not.toBe(before.wid1);
    expect(await linkHash(11)).not.toBe(before.wid2);
    const names = (await h.db.knex('vtiger_products').whereIn('productid', [10, 11, 13]).orderBy('productid').select('productname')) as Array<{ productname: string }>;
    expect(names.map((n) => n.productname)).toEqual(['Widget A (v2)', 'Widget B (v2)', 'Cable 2m']);
  });

  it('a Xero batch that times out fails its records with one line each, and the run goes on to the next module', async () => {
    h.clock.advance(60_000);
    await h.db.knex('vtiger_products').where('productid', 10).update({ unit_price: 20.5 });
    await h.db.knex('vtiger_crmentity').where('crmid', 10).update({ modifiedtime: new Date(h.clock.now()).toISOString().replace('T', ' ').slice(0, 19) });
    const deps = await h.deps();
    failingXero(deps.xero, 'saveItems', (n) => n === 1, xeroTimeout);
    const summary = await runSync(deps, { trigger: 'instant', modules: ['products', 'services', 'invoices'] });
    expect(summary.stopped).toBeUndefined();
    const lines = await logsOf(summary.runId, 10);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ xtl_status: 'Failed' });
    expect(String(lines[0]?.['xtl_message'])).toMatch(/did not answer in time/);
    expect(summary.pairs.products?.failed).toBeGreaterThanOrEqual(1);
    expect(summary.pairs.invoices?.error).toBeUndefined();
  });
});

describe('an error about the run stops it cleanly', () => {
  it('Xero refusing the token stops the run with its summary; nothing is written after the stop, and the next run continues', async () => {
    h.clock.advance(60_000);
    renameInXero('v3');
    await (await h.deps()).vtiger.revise({ id: '11x2', phone: '+1 555 0177' });
    const deps = await h.deps();
    failingXero(deps.xero, 'saveContacts', () => true, xeroUnauthorised);
    const writes = h.sandbox.stats().writes;
    const summary = await runSync(deps, { trigger: 'instant' });
    expect(summary.stopped, JSON.stringify(summary)).toMatchObject({ code: 'XERO_AUTH' });
    expect(summary.pairs.accounts?.error).toMatchObject({ code: 'XERO_AUTH' });
    expect(summary.pairs.products).toMatchObject({ updated: 0 });
    expect(summary.pairs.invoices).toBeUndefined();
    expect(h.sandbox.stats().writes).toBe(writes);
    const after = await runSync(await h.deps(), { trigger: 'instant' });
    expect(after.stopped).toBeUndefined();
    expect(after.pairs.accounts?.updated).toBeGreaterThanOrEqual(1);
  });

  it('Vtiger gone in the middle of the write pool: no write starts after the failure, the writes done are recorded, the run stops', async () => {
    renameInXero('v4');
    const faults: VtigerFaults = { http500For: new Set(), unreachableAfterWrites: 1, writesSent: 0 };
    const deps = { ...(await h.deps({ vtigerConcurrency: 1 })), vtiger: await faultyVtiger(h, faults) };
    const calls = h.double.calls.length;
    const summary = await runSync(deps, { trigger: 'instant', modules: ['products', 'services'] });
    expect(summary.stopped, JSON.stringify(summary)).toMatchObject({ code: 'VTIGER_WS_HTTP' });
    const writesAtDouble = h.double.calls.slice(calls).filter((c) => ['create', 'revise'].includes(c.operation));
    expect(writesAtDouble).toHaveLength(1);
    const [written] = writesAtDouble;
    const crmid = Number(String(JSON.parse(written?.params['element'] ?? '{}').id).split('x')[1]);
    expect(await logsOf(summary.runId, crmid)).toMatchObject([{ xtl_status: 'Success' }]);
    expect(summary.pairs.services).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });
});
