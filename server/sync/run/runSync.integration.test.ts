import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSyncSettings } from '../selection/syncSettingsRepository.js';
import { readModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { createVtigerWebserviceClient, type VtigerWebserviceClient } from '../../vtiger/webservice/index.js';
import type { XeroContact, XeroItem } from '../../xeroSandbox/model.js';
import { runSync } from './runSync.js';
import { faultyVtiger, type VtigerFaults } from './testing/faults.js';
import { bookkeeping, startSyncHarness, type SyncHarness } from './testing/syncHarness.js';
import type { RunSyncRequest, RunSummary } from './types.js';
import { SYNC_PAIRS } from '../types.js';
import { closeSyncHarness } from './testing/closeSyncHarness.js';

/**
 * The sync run end to end on one sample database (XTiger's modules installed), the Vtiger webservice double and
 * the Xero sandbox with its contract check. Tests run in order and build on each other's state, like the runs
 * of a real installation.
 */
let h: SyncHarness;
let ws: VtigerWebserviceClient;

const WRITE_OPS = new Set(['create', 'update', 'revise', 'delete']);

function marks(): { calls: number; writes: number; ws: number } {
  const s = h.sandbox.stats();
  return { calls: s.calls, writes: s.writes, ws: h.double.calls.length };
}

function vtigerWritesSince(from: number) {
  return h.double.calls.slice(from).filter((c) => WRITE_OPS.has(c.operation));
}

function xeroWriteCalls(): number {
  const ops = h.sandbox.stats().byOperation;
  return Object.entries(ops).filter(([op]) => !op.startsWith('get')).reduce((n, [, c]) => n + c, 0);
}

/** A run of the four module pairs (the subject of this file); invoices in a full run: see the last describe. */
async function sync(request: Partial<RunSyncRequest> = {}): Promise<RunSummary> {
  return runSync(await h.deps(), { trigger: 'instant', modules: [...SYNC_PAIRS], ...request });
}

const org = () => h.sandbox.org(h.tenantId);
const xeroContact = (name: string): XeroContact => {
  const c = org().contacts.find((x) => x.Name === name);
  if (!c) throw new Error(`no Xero contact ${name}`);
  return c;
};
const xeroItem = (code: string): XeroItem => {
  const i = org().items.find((x) => x.Code === code);
  if (!i) throw new Error(`no Xero item ${code}`);
  return i;
};

interface SandboxPerson { FirstName?: string; LastName?: string; EmailAddress?: string }
interface SandboxPhone { PhoneType: string; PhoneNumber?: string; PhoneAreaCode?: string; PhoneCountryCode?: string }
interface SandboxAddress { AddressType: string; City?: string; [k: string]: unknown }
const persons = (c: XeroContact): SandboxPerson[] => (c['ContactPersons'] ?? []) as SandboxPerson[];
const phones = (c: XeroContact): SandboxPhone[] => (c['Phones'] ?? []) as SandboxPhone[];
const addresses = (c: XeroContact): SandboxAddress[] => (c['Addresses'] ?? []) as SandboxAddress[];

async function block(table: string, index: string, crmid: number): Promise<{ xt_xero_id: string | null; xt_sync_status: string | null; xt_last_sync: string | null }> {
  return (await h.db.knex(table).where(index, crmid).first('xt_xero_id', 'xt_sync_status', 'xt_last_sync')) as { xt_xero_id: string | null; xt_sync_status: string | null; xt_last_sync: string | null };
}

async function logsOf(runId: string) {
  return (await h.db.knex('vtiger_xtlog').where('xtl_run_id', runId).orderBy('xtlogid')) as Array<Record<string, string | number | null>>;
}

beforeAll(async () => {
  h = await startSyncHarness();
  ws = await createVtigerWebserviceClient({ knex: h.db.knex, url: h.double.url, userName: 'admin' });
}, 120_000);

afterAll(() => closeSyncHarness(h));

describe('first sync', () => {
  it('creates the sample organizations, contacts and items in Xero once each, with logs, links and the Xero Information block', async () => {
    const summary = await sync();
    expect(summary.pairs).toEqual({
      accounts: { created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 },
      contacts: { created: 5, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 },
      products: { created: 4, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 },
      services: { created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 },
    });
    const contacts = org().contacts.all();
    expect(contacts.map((c) => [c.Name, c.ContactNumber]).sort()).toEqual([
      ['Acme Corporation', 'ACC1'],
      ['Globex GmbH', 'ACC2'],
      ['Initech Ltd', 'ACC3'],
      ['Maria Garcia', 'CON5'],
    ]);
    // Contacts with an organization are its ContactPersons: invoices land on the organization's contact.
    expect(persons(xeroContact('Acme Corporation')).map((p) => `${p.FirstName} ${p.LastName} <${p.EmailAddress}>`)).toEqual([
      'John Smith <john.smith@acme.example.com>',
      'Jane Doe <jane.doe@acme.example.com>',
    ]);
    expect(persons(xeroContact('Globex GmbH')).map((p) => p.LastName)).toEqual(['Müller']);
    expect(org().items.all().map((i) => [i.Code, i.Name, i.SalesDetails?.UnitPrice]).sort()).toEqual([
      ['CAB-002', 'Cable 2m', 5.25],
      ['GAD-100', 'Gadget Pro', 199],
      ['SER1', 'Installation Service', 75],
      ['WID-001', 'Widget A', 19.99],
      ['WID-002', 'Widget B', 49.5],
    ]);
    const acme = xeroContact('Acme Corporation');
    expect(await block('vtiger_accountscf', 'accountid', 2)).toMatchObject({ xt_xero_id: acme.ContactID, xt_sync_status: 'Synced' });
    // A person's Xero ID is the organization's contact, where its invoices go.
    expect(await block('vtiger_contactscf', 'contactid', 5)).toMatchObject({ xt_xero_id: acme.ContactID, xt_sync_status: 'Synced' });
    expect(await block('vtiger_productcf', 'productid', 10)).toMatchObject({ xt_xero_id: xeroItem('WID-001').ItemID, xt_sync_status: 'Synced' });
    const logs = await logsOf(summary.runId);
    expect(logs).toHaveLength(13);
    expect(logs.find((l) => l['xtl_related_to'] === 5)).toMatchObject({
      xtl_module: 'Contacts', xtl_xero_id: acme.ContactID, xtl_direction: 'Vtiger to Xero', xtl_action: 'Create', xtl_status: 'Success',
      xtl_message: 'John Smith (CON1) was created in Xero.', xtl_trigger: 'Instant', xtl_email_status: 'Not required',
    });
    expect((await bookkeeping(h.db.knex)).links).toBe(13);
  });

  it('a second run with no changes writes nothing to Xero or Vtiger and logs nothing', async () => {
    const before = marks();
    const writesBefore = xeroWriteCalls();
    const books = await bookkeeping(h.db.knex);
    const summary = await sync({ trigger: 'scheduled' });
    expect(h.sandbox.stats().writes - before.writes).toBe(0);
    expect(xeroWriteCalls() - writesBefore).toBe(0);
    expect(vtigerWritesSince(before.ws)).toEqual([]);
    // One read per Xero endpoint (contacts serve Contacts and Organizations, items Products and Services).
    expect(h.sandbox.stats().calls - before.calls).toBe(2);
    const after = await bookkeeping(h.db.knex);
    expect([after.links, after.xtlog, after.xtqueue]).toEqual([books.links, books.xtlog, books.xtqueue]);
    for (const counts of Object.values(summary.pairs)) expect(counts).toMatchObject({ created: 0, updated: 0, failed: 0, conflicts: 0 });
  });
});

describe('changes on one side', () => {
  it('an edit in Xero (phone, address) reaches the Vtiger record through the webservice, and does not echo back', async () => {
    h.clock.advance(120_000);
    const acme = xeroContact('Acme Corporation');
    org().contacts.add({
      ...acme,
      Phones: [...phones(acme).filter((p) => p.PhoneType !== 'DEFAULT'), { PhoneType: 'DEFAULT', PhoneCountryCode: '1', PhoneAreaCode: '555', PhoneNumber: '0199' }],
      Addresses: [
        ...addresses(acme).filter((a) => a.AddressType !== 'POBOX'),
        { AddressType: 'POBOX', AddressLine1: '1 Infinite Loop', AddressLine2: 'Building 5', City: 'Cupertino', Region: 'CA', PostalCode: '95014', Country: 'USA' },
      ],
    });
    const before = marks();
    const summary = await sync();
    expect(summary.pairs.accounts).toMatchObject({ updated: 1, failed: 0 });
    const writes = vtigerWritesSince(before.ws);
    expect(writes.map((c) => c.operation)).toEqual(['revise']);
    expect(JSON.parse(writes[0]?.params['element'] ?? '{}')).toMatchObject({ phone: '+1 555 0199', bill_street: '1 Infinite Loop\nBuilding 5', bill_city: 'Cupertino', bill_code: '95014' });
    const row = (await h.db.knex('vtiger_account as a').join('vtiger_accountbillads as b', 'b.accountaddressid', 'a.accountid').where('a.accountid', 2).first('a.phone', 'b.bill_street', 'b.bill_city')) as Record<string, string>;
    expect(row).toEqual({ phone: '+1 555 0199', bill_street: '1 Infinite Loop\nBuilding 5', bill_city: 'Cupertino' });
    const log = (await logsOf(summary.runId)).find((l) => l['xtl_related_to'] === 2);
    expect(log).toMatchObject({ xtl_direction: 'Xero to Vtiger', xtl_action: 'Update', xtl_status: 'Success' });
    expect(String(log?.['xtl_message'])).toContain('Phone');

    // The Vtiger write (and its Xero Information write-back) is not synced back.
    h.clock.advance(120_000);
    const again = marks();
    await sync();
    expect(h.sandbox.stats().writes - again.writes).toBe(0);
    expect(vtigerWritesSince(again.ws)).toEqual([]);
  });

  it('an edit in Vtiger (through the webservice) reaches Xero', async () => {
    h.clock.advance(60_000);
    await ws.revise({ id: '12x9', mobile: '+34 600 999 000', mailingcity: 'Sevilla' });
    const summary = await sync();
    expect(summary.pairs.contacts).toMatchObject({ updated: 1 });
    const maria = xeroContact('Maria Garcia');
    expect(phones(maria).find((p) => p.PhoneType === 'MOBILE')).toMatchObject({ PhoneCountryCode: '34', PhoneAreaCode: '600', PhoneNumber: '999 000' });
    expect(addresses(maria).find((a) => a.AddressType === 'POBOX')?.City).toBe('Sevilla');
    // A person's change goes to its organization's ContactPersons.
    h.clock.advance(60_000);
    await ws.revise({ id: '12x6', email: 'jane.doe@new.example.com' });
    const ja = await sync({ language: 'ja_jp' });
    expect(persons(xeroContact('Acme Corporation')).map((p) => p.EmailAddress)).toEqual(['john.smith@acme.example.com', 'jane.doe@new.example.com']);
    // Messages in the user's language.
    expect((await logsOf(ja.runId)).find((l) => l['xtl_related_to'] === 6)?.['xtl_message']).toBe('Jane Doe (CON2) を Xero で更新しました: Email。');
  });
});

describe('the same field edited on both sides', () => {
  const policies = ['vtiger_wins', 'xero_wins', 'most_recent', 'hold'] as const;
  let n = 0;
  async function editBoth(vtigerFirst: boolean): Promise<{ vtiger: string; xero: string }> {
    n += 1;
    const vtiger = `Widget B v${n}`;
    const xero = `Widget B x${n}`;
    const editVtiger = () => ws.revise({ id: '14x11', productname: vtiger });
    const editXero = () => org().items.add({ ...xeroItem('WID-002'), Name: xero });
    h.clock.advance(60_000);
    if (vtigerFirst) await editVtiger();
    else editXero();
    h.clock.advance(5_000);
    if (vtigerFirst) editXero();
    else await editVtiger();
    return { vtiger, xero };
  }
  const vtigerName = async () => ((await h.db.knex('vtiger_products').where('productid', 11).first('productname')) as { productname: string }).productname;

  it.each(policies)('follows the %s policy', async (policy) => {
    const meta = await readModuleMetadata(h.db.knex, 'Products');
    await saveSyncSettings(h.db.knex, 'products', { conflictPolicy: policy }, meta.fields, new Date(h.clock.now()));
    const { vtiger, xero } = await editBoth(true); // Xero edited last
    const summary = await sync({ modules: ['products'] });
    const expected = { vtiger_wins: vtiger, xero_wins: xero, most_recent: xero } as const;
    if (policy === 'hold') {
      expect(summary.pairs.products).toMatchObject({ conflicts: 1, updated: 0 });
      expect(await vtigerName()).toBe(vtiger);
      expect(xeroItem('WID-002').Name).toBe(xero);
      const log = (await logsOf(summary.runId)).find((l) => l['xtl_related_to'] === 11);
      expect(log).toMatchObject({ xtl_status: 'Conflict', xtl_email_status: 'Pending' });
      expect(String(log?.['xtl_message'])).toContain(`Vtiger "${vtiger}", Xero "${xero}"`);
      expect(await block('vtiger_productcf', 'productid', 11)).toMatchObject({ xt_sync_status: 'Conflict' });
      return;
    }
    expect(summary.pairs.products).toMatchObject({ updated: 1, conflicts: 0 });
    expect(await vtigerName()).toBe(expected[policy]);
    expect(xeroItem('WID-002').Name).toBe(expected[policy]);
    expect(String((await logsOf(summary.runId)).find((l) => l['xtl_related_to'] === 11)?.['xtl_message'])).toContain(`by the ${policy} policy`);
  });

  it('a held conflict is resolved later with the side the user keeps', async () => {
    // The hold test above left WID-002 in conflict: Vtiger and Xero each hold their own name.
    const [vtigerHeld, xeroHeld] = [await vtigerName(), xeroItem('WID-002').Name];
    expect(vtigerHeld).not.toBe(xeroHeld);
    await expect(sync({ modules: ['products'], keep: 'xero' })).rejects.toThrow(/keep/);
    const resolved = await sync({ modules: ['products'], ids: [11], keep: 'xero' });
    expect(resolved.pairs.products).toMatchObject({ updated: 1, conflicts: 0 });
    expect(await vtigerName()).toBe(xeroHeld);
    expect(xeroItem('WID-002').Name).toBe(xeroHeld);
    expect(await block('vtiger_productcf', 'productid', 11)).toMatchObject({ xt_sync_status: 'Synced' });
  });

  it('most recent wins the other way too', async () => {
    const meta = await readModuleMetadata(h.db.knex, 'Products');
    await saveSyncSettings(h.db.knex, 'products', { conflictPolicy: 'most_recent' }, meta.fields, new Date(h.clock.now()));
    const { vtiger } = await editBoth(false); // Vtiger edited last
    await sync({ modules: ['products'] });
    expect(await vtigerName()).toBe(vtiger);
    expect(xeroItem('WID-002').Name).toBe(vtiger);
  });
});

describe('dry run', () => {
  it('reports what would happen and changes nothing in either system', async () => {
    h.clock.advance(60_000);
    await ws.revise({ id: '14x13', unit_price: '6.10' });
    org().contacts.add({ ...xeroContact('Initech Ltd'), EmailAddress: 'hello@initech.example.co.uk' });
    const before = marks();
    const books = await bookkeeping(h.db.knex);
    const cableBefore = xeroItem('CAB-002');
    const summary = await sync({ dryRun: true });
    expect(summary.dryRun).toBe(true);
    expect(summary.pairs.products).toMatchObject({ updated: 1 });
    expect(summary.pairs.accounts).toMatchObject({ updated: 1 });
    expect(h.sandbox.stats().writes - before.writes).toBe(0);
    expect(vtigerWritesSince(before.ws)).toEqual([]);
    expect(await bookkeeping(h.db.knex)).toEqual(books);
    expect(xeroItem('CAB-002')).toEqual(cableBefore);
    expect(((await h.db.knex('vtiger_account').where('accountid', 4).first('email1')) as { email1: string }).email1).toBe('');
    // The real run then does it.
    await sync();
    expect(xeroItem('CAB-002').SalesDetails?.UnitPrice).toBe(6.1);
    expect(((await h.db.knex('vtiger_account').where('accountid', 4).first('email1')) as { email1: string }).email1).toBe('hello@initech.example.co.uk');
  });
});

describe('failures and the queue', () => {
  it('an empty Part Number fails its record alone with one line naming the field; it needs action: not queued, left alone until it is edited', async () => {
    h.clock.advance(60_000);
    await ws.revise({ id: '14x12', productcode: '' });
    await ws.revise({ id: '14x10', unit_price: '21.50' });
    const summary = await sync({ modules: ['products'] });
    expect(summary.pairs.products).toMatchObject({ failed: 1, updated: 1 });
    expect(xeroItem('WID-001').SalesDetails?.UnitPrice).toBe(21.5);
    const failed = (await logsOf(summary.runId)).filter((l) => l['xtl_related_to'] === 12);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ xtl_status: 'Failed', xtl_email_status: 'Pending' });
    expect(failed[0]?.['xtl_message']).toBe('Gadget Pro (PRO3): Part Number is empty, but Xero needs it for Item Code.');
    const queued = () => h.db.knex('vtiger_xtqueue').where('xtq_related_to', 12).select('xtq_status', 'xtq_attempts');
    expect(await queued()).toEqual([]);
    expect(await block('vtiger_productcf', 'productid', 12)).toMatchObject({ xt_sync_status: 'Failed' });
    expect(await h.db.knex('xtiger_record_waits').where({ module: 'Products', crmid: 12 }).first('cause', 'ref')).toEqual({ cause: 'needsAction', ref: 'Part Number' });

    // Later runs leave it alone: no retry, no line.
    h.clock.advance(6 * 60_000);
    const later = await sync({ modules: ['products'] });
    expect((await logsOf(later.runId)).filter((l) => l['xtl_related_to'] === 12)).toEqual([]);
    // Edited: it goes again, and its wait is over.
    await ws.revise({ id: '14x12', productcode: 'GAD-100' });
    const fixed = await sync({ modules: ['products'] });
    expect(fixed.pairs.products).toMatchObject({ failed: 0 });
    expect(await h.db.knex('xtiger_record_waits').where({ module: 'Products', crmid: 12 })).toEqual([]);
    expect(await queued()).toEqual([]);
  });

  it('a write that keeps failing (HTTP 500) is retried by the queue with backoff, ends Failed after the maximum attempts, and never holds the others back', async () => {
    h.clock.advance(60_000);
    org().items.add({ ...xeroItem('CAB-002'), Name: 'Cable 2m (new)' });
    const faults: VtigerFaults = { http500For: new Set(['14x13']), writesSent: 0 };
    const opts = { maxQueueAttempts: 2, queueBackoffMs: 1000 };
    const faulty = async () => ({ ...(await h.deps(opts)), vtiger: await faultyVtiger(h, faults) });
    const first = await runSync(await faulty(), { trigger: 'scheduled', modules: ['products'] });
    expect(first.pairs.products).toMatchObject({ failed: 1 });
    const queued = () => h.db.knex('vtiger_xtqueue').where('xtq_related_to', 13).select('xtq_status', 'xtq_attempts', 'xtq_direction');
    expect((await queued())[0]).toMatchObject({ xtq_status: 'Queued', xtq_attempts: 1, xtq_direction: 'Xero to Vtiger' });
    h.clock.advance(5_000);
    await ws.revise({ id: '14x10', unit_price: '22.00' });
    const summary = await runSync(await faulty(), { trigger: 'scheduled', modules: ['products'] });
    expect(summary.pairs.products).toMatchObject({ failed: 1, updated: 1 });
    expect(xeroItem('WID-001').SalesDetails?.UnitPrice).toBe(22);
    expect((await queued())[0]).toMatchObject({ xtq_status: 'Failed', xtq_attempts: 2 });
    expect(String((await logsOf(summary.runId)).find((l) => l['xtl_related_to'] === 13)?.['xtl_message'])).toContain('no longer retried');
    // Vtiger works again: "sync now" on the record brings the Xero change over.
    const now = await sync({ modules: ['products'], ids: [13] });
    expect(now.pairs.products).toMatchObject({ updated: 1, failed: 0 });
  });
});

describe('deletes and archives', () => {
  it('a Xero archive marks the Vtiger record and keeps it; a Vtiger delete archives the Xero contact', async () => {
    h.clock.advance(60_000);
    org().contacts.add({ ...xeroContact('Globex GmbH'), ContactStatus: 'ARCHIVED' });
    await ws.delete('12x9');
    const summary = await sync({ modules: ['accounts', 'contacts'] });
    expect(summary.pairs.accounts).toMatchObject({ updated: 1 });
    const globex = (await h.db.knex('vtiger_crmentity').where('crmid', 3).first('deleted')) as { deleted: number };
    expect(globex.deleted).toBe(0);
    expect(await block('vtiger_accountscf', 'accountid', 3)).toMatchObject({ xt_sync_status: 'Not synced' });
    expect(xeroContact('Maria Garcia').ContactStatus).toBe('ARCHIVED');
    const logs = await logsOf(summary.runId);
    expect(logs.map((l) => [l['xtl_module'], l['xtl_action'], l['xtl_status']])).toEqual(expect.arrayContaining([
      ['Accounts', 'Delete', 'Success'],
      ['Contacts', 'Delete', 'Success'],
    ]));
    // Settled: nothing more to do.
    const before = marks();
    await sync({ modules: ['accounts', 'contacts'] });
    expect(h.sandbox.stats().writes - before.writes).toBe(0);
    expect(vtigerWritesSince(before.ws)).toEqual([]);
  });
});

describe('new records in Xero', () => {
  it('a contact and an item created in Xero are created in Vtiger through the webservice, with the Xero ID stored', async () => {
    h.clock.advance(60_000);
    const created = org().contacts.add({ Name: 'Umbrella Corp', EmailAddress: 'info@umbrella.example.com', ContactPersons: [{ FirstName: 'Alice', LastName: 'Abernathy', EmailAddress: 'alice@umbrella.example.com', IncludeInEmails: true }] });
    const item = org().items.add({ Code: 'NEW-1', Name: 'New thing', Description: 'Fits everything', SalesDetails: { UnitPrice: 12.5 } });
    org().items.add({ Code: 'NEW-2', Name: 'Thumbs', Description: 'Fits nothing 👍', SalesDetails: { UnitPrice: 1 } });
    const before = marks();
    const summary = await sync();
    expect(summary.pairs.accounts).toMatchObject({ created: 1 });
    expect(summary.pairs.contacts).toMatchObject({ created: 1 });
    expect(summary.pairs.products).toMatchObject({ created: 1, failed: 1 });
    expect(vtigerWritesSince(before.ws).map((c) => [c.operation, c.params['elementType']])).toEqual([
      ['create', 'Accounts'],
      ['create', 'Contacts'],
      ['create', 'Products'],
    ]);
    const account = (await h.db.knex('vtiger_account as a').join('vtiger_accountscf as c', 'c.accountid', 'a.accountid').where('a.accountname', 'Umbrella Corp').first('a.accountid', 'a.email1', 'c.xt_xero_id', 'c.xt_sync_status')) as Record<string, unknown>;
    expect(account).toMatchObject({ email1: 'info@umbrella.example.com', xt_xero_id: created.ContactID, xt_sync_status: 'Synced' });
    const alice = (await h.db.knex('vtiger_contactdetails').where('lastname', 'Abernathy').first('accountid', 'email')) as Record<string, unknown>;
    expect(alice).toEqual({ accountid: account['accountid'], email: 'alice@umbrella.example.com' });
    const product = (await h.db.knex('vtiger_products as p').join('vtiger_productcf as c', 'c.productid', 'p.productid').where('p.productcode', 'NEW-1').first('p.productname', 'p.unit_price', 'c.xt_xero_id')) as Record<string, unknown>;
    expect(product).toEqual({ productname: 'New thing', unit_price: '12.50000000', xt_xero_id: item.ItemID });
    // Vtiger's utf8 columns cannot hold 4-byte characters: the item is not written to Vtiger (no "????"); one Failed
    // line names the field and says what to change in Xero.
    expect(((await h.db.knex('vtiger_crmentity as e').join('vtiger_products as p', 'p.productid', 'e.crmid').where('p.productcode', 'NEW-1').first('e.description')) as { description: string }).description).toBe('Fits everything');
    expect(await h.db.knex('vtiger_products').where('productcode', 'NEW-2').first('productid')).toBeUndefined();
    const productLogs = (await logsOf(summary.runId)).filter((l) => l['xtl_module'] === 'Products');
    const thumbs = productLogs.filter((l) => String(l['xtl_message']).includes('Thumbs'));
    expect(thumbs.map((l) => l['xtl_status'])).toEqual(['Failed']);
    expect(thumbs[0]?.['xtl_message']).toContain('Description in Xero has characters Vtiger cannot store (such as emoji). Remove them from Description in Xero');
    expect(productLogs.find((l) => String(l['xtl_message']).includes('New thing'))?.['xtl_message']).toBe('New thing was created in Vtiger from Xero.');
    const again = marks();
    await sync();
    expect(h.sandbox.stats().writes - again.writes).toBe(0);
    expect(vtigerWritesSince(again.ws)).toEqual([]);
    expect(org().contacts.all().filter((c) => c.Name === 'Umbrella Corp')).toHaveLength(1);
  });
});

describe('invoices in a full run', () => {
  it('runs after the four pairs: the chart of accounts, the sample invoices to Xero once; the next run writes nothing', async () => {
    const summary = await runSync(await h.deps(), { trigger: 'scheduled' });
    expect(Object.keys(summary.pairs)).toEqual(['contacts', 'accounts', 'products', 'services', 'invoices']);
    // Globex GmbH was archived in Xero above (its Vtiger record kept, unlinked): INV2 is refused, saying so.
    expect(summary.pairs.invoices).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 0, failed: 1, conflicts: 0 });
    const records = summary.records.filter((r) => r.pair === 'invoices');
    expect(records.map((r) => [r.crmid, r.outcome, r.action]).sort()).toEqual([[15, 'created', 'created'], [16, 'failed', 'refused'], [17, 'created', 'created']]);
    // It waits for its organization and says the root cause: archived in Xero (issue 10).
    expect(records.find((r) => r.crmid === 16)?.message).toContain('waits for its organization Globex GmbH: Globex GmbH is archived in Xero');
    expect(org().invoices.all().map((i) => [i.InvoiceNumber, i.Total]).sort()).toEqual([['INV1', 575.38], ['INV3', 680.63]]);
    const accounts = (await h.db.knex('vtiger_xeroaccounts').count({ n: '*' })) as Array<{ n: number }>;
    expect(Number(accounts[0]?.n)).toBe(org().accounts.all().length);

    const before = marks();
    const again = await runSync(await h.deps(), { trigger: 'scheduled' });
    expect(again.pairs.invoices).toMatchObject({ created: 0, updated: 0 });
    expect(h.sandbox.stats().writes - before.writes).toBe(0);
    expect(vtigerWritesSince(before.ws)).toEqual([]);
    // One read each: contacts, items, the chart of accounts, and invoices changed in Xero (for payments). Nothing
    // changed in Vtiger, so no invoice is read or sent (INV2's refusal waits for a Vtiger change).
    expect(h.sandbox.stats().calls - before.calls).toBe(4);
  });
});
