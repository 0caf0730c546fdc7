import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVtigerWebserviceClient, type VtigerWebserviceClient } from '../../vtiger/webservice/index.js';
import { runSync } from './runSync.js';
import { startSyncHarness, type SyncHarness } from './testing/syncHarness.js';
import type { RunSyncRequest, RunSummary } from './types.js';
import { closeSyncHarness } from './testing/closeSyncHarness.js';

/**
 * Issue 10, item 2: two Vtiger records that would land on one Xero record (Item Codes as Xero compares them: case
 * and surrounding spaces ignored; organization names likewise) are both refused, each naming the other; a Xero
 * record only writes to the Vtiger record it is linked to, so a Xero item that once held two products' data never
 * overwrites a product.
 */
let h: SyncHarness;
let ws: VtigerWebserviceClient;
const ids: Record<string, number> = {};
const org = () => h.sandbox.org(h.tenantId);
const xeroCodes = () => org().items.all().map((i) => String(i.Code ?? '').trim().toLowerCase());
const sync = async (request: Partial<RunSyncRequest> = {}): Promise<RunSummary> => runSync(await h.deps(), { trigger: 'instant', ...request });
const linesOf = async (runId: string, crmid: number) => (await h.db.knex('vtiger_xtlog').where({ xtl_run_id: runId, xtl_related_to: crmid }).select('xtl_status', 'xtl_message')) as Array<{ xtl_status: string; xtl_message: string }>;
const product = async (crmid: number) => (await h.db.knex('vtiger_products').where('productid', crmid).first('productname', 'productcode', 'unit_price')) as { productname: string; productcode: string; unit_price: string };

async function createProduct(key: string, productname: string, productcode: string, unit_price: string): Promise<void> {
  const created = await ws.create('Products', { productname, productcode, unit_price, discontinued: '1', assigned_user_id: '19x1' });
  ids[key] = Number(created.id.split('x')[1]);
}

beforeAll(async () => {
  h = await startSyncHarness();
  ws = await createVtigerWebserviceClient({ knex: h.db.knex, url: h.double.url, userName: 'admin' });
  await createProduct('dupA', 'Duplicate A', 'DUP-777', '10.00');
  await createProduct('dupB', 'Duplicate B', 'DUP-777', '20.00');
  await createProduct('tonerSmall', 'Toner small', 'tn-2000', '30.00');
  await createProduct('tonerBig', 'Toner big', ' TN-2000 ', '40.00');
  await ws.create('Accounts', { accountname: 'Sample KK', assigned_user_id: '19x1' }).then((c) => (ids['kk1'] = Number(c.id.split('x')[1])));
  // Vtiger's own duplicate check refuses the same name through the webservice; imports and older data have them.
  await ws.create('Accounts', { accountname: 'Sample KK (import)', assigned_user_id: '19x1' }).then((c) => (ids['kk2'] = Number(c.id.split('x')[1])));
  await h.db.knex('vtiger_account').where('accountid', ids['kk2']).update({ accountname: 'SAMPLE kk ' });
  await h.db.knex('vtiger_crmentity').where('crmid', ids['kk2']).update({ label: 'SAMPLE kk ' });
  h.clock.advance(5_000);
}, 120_000);

afterAll(() => closeSyncHarness(h));

describe('records that would land on one Xero record', () => {
  it('are both refused with one line each naming the other; nothing of them reaches Xero; everything else syncs', async () => {
    const summary = await sync();
    expect(summary.stopped).toBeUndefined();
    expect(summary.pairs.products).toMatchObject({ created: 4, failed: 4 });
    expect(summary.pairs.accounts).toMatchObject({ created: 3, failed: 2 });
    expect(summary.pairs.invoices?.error).toBeUndefined();
    const pairs: Array<[string, string]> = [['dupA', 'dupB'], ['dupB', 'dupA'], ['tonerSmall', 'tonerBig'], ['tonerBig', 'tonerSmall'], ['kk1', 'kk2'], ['kk2', 'kk1']];
    for (const [me, other] of pairs) {
      const lines = await linesOf(summary.runId, ids[me] as number);
      expect(lines, me).toHaveLength(1);
      expect(lines[0]?.xtl_status).toBe('Failed');
      expect(lines[0]?.xtl_message).toContain(`#${ids[other]}`);
    }
    expect((await linesOf(summary.runId, ids['dupA'] as number))[0]?.xtl_message).toMatch(/Duplicate B.*same Item Code "DUP-777".*Change the Part Number/);
    expect(xeroCodes()).not.toContain('dup-777');
    expect(xeroCodes()).not.toContain('tn-2000');
    expect(org().contacts.all().filter((c) => String(c.Name).trim().toLowerCase() === 'sample kk')).toHaveLength(0);
    expect(await h.db.knex('xtiger_links').whereIn('crmid', Object.values(ids))).toHaveLength(0);
  });

  it('are not queued for retry and leave no line in the next run until they are edited', async () => {
    expect(await h.db.knex('vtiger_xtqueue').whereIn('xtq_related_to', Object.values(ids)).andWhere('xtq_status', 'Queued')).toHaveLength(0);
    h.clock.advance(10 * 60_000);
    const summary = await sync();
    for (const crmid of Object.values(ids)) expect(await linesOf(summary.runId, crmid)).toHaveLength(0);
  });

  it('a Xero item left holding one of them (as the old engine merged it) never overwrites a product', async () => {
    // What an earlier engine left: one Xero item DUP-777 with the second product's name and price, linked to nobody.
    h.clock.advance(60_000);
    org().items.add({ Code: 'DUP-777', Name: 'Duplicate B', SalesDetails: { UnitPrice: 20 }, IsSold: true, IsPurchased: false } as never);
    h.clock.advance(60_000);
    const before = { a: await product(ids['dupA'] as number), b: await product(ids['dupB'] as number) };
    const stillDuplicated = await sync();
    expect(await product(ids['dupA'] as number)).toEqual(before.a);
    expect(await product(ids['dupB'] as number)).toEqual(before.b);
    expect(stillDuplicated.stopped).toBeUndefined();
  });

  it('once the admin changes one code, both go with no other edit: the other one waited for it; the old item takes the values of the product it is linked to', async () => {
    const before = await product(ids['dupA'] as number);
    h.clock.advance(60_000);
    await ws.revise({ id: `14x${ids['dupB']}`, productcode: 'DUP-778' });
    h.clock.advance(5_000);
    const fixed = await sync();
    expect(fixed.pairs.products?.failed).toBe(0); // the toners still share a code, but nothing changed for them: no line
    expect(await product(ids['dupA'] as number)).toEqual(before);
    const items = org().items.all().filter((i) => ['dup-777', 'dup-778'].includes(String(i.Code).toLowerCase()));
    expect(items.map((i) => [i.Code, i.Name, i.SalesDetails?.UnitPrice]).sort()).toEqual([
      ['DUP-777', 'Duplicate A', 10],
      ['DUP-778', 'Duplicate B', 20],
    ]);
    const log = (await linesOf(fixed.runId, ids['dupA'] as number)).map((l) => l.xtl_message).join(' ');
    expect(log).toMatch(/Duplicate A/);
    expect(log).not.toMatch(/Xero wins/);
    expect(await h.db.knex('xtiger_record_waits').whereIn('crmid', [ids['dupA'] as number, ids['dupB'] as number])).toEqual([]);
  });
});

describe('an organization named like a standalone contact', () => {
  it('are both refused, each naming the other and its module, since Xero keeps them as one list of contacts', async () => {
    const acc = await ws.create('Accounts', { accountname: 'Mika Tanaka', assigned_user_id: '19x1' });
    const con = await ws.create('Contacts', { firstname: 'mika', lastname: 'TANAKA ', assigned_user_id: '19x1' });
    ids['mikaOrg'] = Number(acc.id.split('x')[1]);
    ids['mikaContact'] = Number(con.id.split('x')[1]);
    h.clock.advance(60_000);
    const summary = await sync({ modules: ['accounts', 'contacts'] });
    expect(summary.stopped).toBeUndefined();
    const orgLines = await linesOf(summary.runId, ids['mikaOrg']);
    const contactLines = await linesOf(summary.runId, ids['mikaContact']);
    expect(orgLines).toHaveLength(1);
    expect(contactLines).toHaveLength(1);
    expect(orgLines[0]?.xtl_status).toBe('Failed');
    expect(orgLines[0]?.xtl_message).toMatch(new RegExp(`the contact .*#${ids['mikaContact']}.*same name "Mika Tanaka"`));
    expect(contactLines[0]?.xtl_message).toMatch(new RegExp(`the organization Mika Tanaka \\(#${ids['mikaOrg']}\\)`));
    expect(org().contacts.all().filter((c) => String(c.Name).trim().toLowerCase() === 'mika tanaka')).toHaveLength(0);
  });

  it('once the contact is renamed, both go in the next run with no other edit', async () => {
    h.clock.advance(60_000);
    await ws.revise({ id: `12x${ids['mikaContact']}`, lastname: 'Tanaka-Sato' });
    h.clock.advance(5_000);
    const summary = await sync({ modules: ['accounts', 'contacts'] });
    expect(summary.pairs.accounts?.failed).toBe(0);
    expect(summary.pairs.contacts?.failed).toBe(0);
    const names = org().contacts.all().map((c) => String(c.Name));
    expect(names).toContain('Mika Tanaka');
    expect(names).toContain('mika Tanaka-Sato');
    expect(await h.db.knex('xtiger_record_waits').whereIn('crmid', [ids['mikaOrg'] as number, ids['mikaContact'] as number])).toEqual([]);
  });
});
