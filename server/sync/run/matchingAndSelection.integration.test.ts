import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { readModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { expectNoContractViolations } from '../../xeroSandbox/testing/useXeroSandbox.js';
import type { XeroContact } from '../../xeroSandbox/model.js';
import { saveSyncSettings } from '../selection/syncSettingsRepository.js';
import { PAIR_MODULE, type SyncPair } from '../types.js';
import { runSync } from './runSync.js';
import { resetSyncState, startSyncHarness, type SyncHarness } from './testing/syncHarness.js';

/**
 * First syncs into different starting points, on one sample database: a Xero organisation that already holds
 * the sample's contacts and items (matched, not duplicated), and each kind of selection (exactly the chosen
 * records reach Xero). Every scenario gets a fresh Xero sandbox and forgotten sync state.
 */
let db: SampleDatabase;
let h: SyncHarness | undefined;

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true, installModules: true });
}, 120_000);

afterEach(async () => {
  if (!h) return;
  try {
    expectNoContractViolations(h.sandbox);
  } finally {
    await h.close();
    h = undefined;
  }
});

afterAll(async () => {
  await db?.drop();
});

async function scenario(): Promise<SyncHarness> {
  await resetSyncState(db.knex);
  h = await startSyncHarness({ db });
  return h;
}

async function settings(pair: SyncPair, input: unknown): Promise<void> {
  const meta = await readModuleMetadata(db.knex, PAIR_MODULE[pair]);
  await saveSyncSettings(db.knex, pair, input, meta.fields, new Date());
}

const persons = (c: XeroContact | undefined): string[] => ((c?.['ContactPersons'] ?? []) as Array<{ FirstName?: string; LastName?: string }>).map((p) => `${p.FirstName} ${p.LastName}`);

describe('selection', () => {
  const xeroState = (s: SyncHarness) => {
    const org = s.sandbox.org(s.tenantId);
    return {
      contacts: org.contacts.all().map((c) => c.Name).sort(),
      persons: org.contacts.all().flatMap((c) => persons(c)).sort(),
      items: org.items.all().map((i) => i.Code).sort(),
    };
  };

  it('by "Allow XTiger Sync" syncs exactly the ticked records', async () => {
    const s = await scenario();
    for (const pair of ['accounts', 'contacts', 'products', 'services'] as const) await settings(pair, { selection: { kind: 'allowSync' } });
    await db.knex('vtiger_accountscf').whereIn('accountid', [2]).update({ xt_allow_sync: '1' });
    await db.knex('vtiger_contactscf').whereIn('contactid', [6, 9]).update({ xt_allow_sync: '1' });
    await db.knex('vtiger_productcf').whereIn('productid', [12]).update({ xt_allow_sync: '1' });
    // The four pairs' selection; invoices (which bring their unlinked contacts and items along) are not in this run.
    const summary = await runSync(await s.deps(), { trigger: 'instant', modules: ['accounts', 'contacts', 'products', 'services'] });
    expect(xeroState(s)).toEqual({ contacts: ['Acme Corporation', 'Maria Garcia'], persons: ['Jane Doe'], items: ['GAD-100'] });
    expect(summary.pairs.contacts).toMatchObject({ created: 2, failed: 0 });
  });

  it('by status syncs exactly the records whose status is chosen', async () => {
    const s = await scenario();
    await db.knex('vtiger_account').whereIn('accountid', [2, 4]).update({ account_type: 'Customer' });
    await db.knex('vtiger_account').where('accountid', 3).update({ account_type: 'Reseller' });
    await db.knex('vtiger_products').where('productid', 13).update({ discontinued: 0 });
    await settings('accounts', { selection: { kind: 'status', field: 'accounttype', values: ['Customer'] } });
    await settings('products', { selection: { kind: 'status', field: 'discontinued', values: ['1'] } });
    await runSync(await s.deps(), { trigger: 'instant', modules: ['accounts', 'products'] });
    expect(xeroState(s)).toEqual({ contacts: ['Acme Corporation', 'Initech Ltd'], persons: [], items: ['GAD-100', 'WID-001', 'WID-002'] });
  });

  it('by ids ("sync now" on chosen records) syncs exactly those', async () => {
    const s = await scenario();
    const summary = await runSync(await s.deps(), { trigger: 'instant', ids: [3, 7, 11, 14] });
    expect(xeroState(s)).toEqual({ contacts: ['Globex GmbH'], persons: ['Hans Müller'], items: ['SER1', 'WID-002'] });
    expect(Object.values(summary.pairs).reduce((n, c) => n + c.created, 0)).toBe(4);
    // An ids run moves no checkpoint: the next full run still sees everything else.
    expect(await db.knex('xtiger_checkpoints').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('a Xero organisation that already has data', () => {
  it('is matched (ContactNumber, e-mail, name; items by code), not duplicated', async () => {
    const s = await scenario();
    const org = s.sandbox.org(s.tenantId);
    org.contacts.add({ Name: 'Acme Corporation', ContactPersons: [{ FirstName: 'John', LastName: 'Smith', EmailAddress: 'john.smith@acme.example.com' }] });
    org.contacts.add({ Name: 'Globex GmbH (Berlin)', EmailAddress: 'kontakt@globex.example.de' });
    org.contacts.add({ Name: 'Initech', ContactNumber: 'ACC3' });
    org.contacts.add({ Name: 'M. Garcia', EmailAddress: 'maria.garcia@example.com' });
    org.contacts.add({ Name: 'Stark Industries', EmailAddress: 'tony@stark.example.com' });
    org.items.add({ Code: 'WID-001', Name: 'Widget A', SalesDetails: { UnitPrice: 19.99 } });
    const before = org.contacts.all().length;
    const ids = new Map(org.contacts.all().map((c) => [c.Name, c.ContactID]));

    const summary = await runSync(await s.deps(), { trigger: 'instant' });
    expect(summary.pairs.accounts).toMatchObject({ failed: 0, created: 1 });
    expect(org.contacts.all()).toHaveLength(before); // nothing duplicated, nothing new in Xero
    expect(org.items.all().map((i) => i.Code).sort()).toEqual(['CAB-002', 'GAD-100', 'SER1', 'WID-001', 'WID-002']);
    const acme = org.contacts.find((c) => c.Name === 'Acme Corporation');
    expect(persons(acme)).toEqual(['John Smith', 'Jane Doe']);
    const links = (await db.knex('xtiger_links').where({ pair: 'accounts' }).orderBy('crmid').select('crmid', 'xero_id')) as Array<{ crmid: number; xero_id: string }>;
    expect(links.slice(0, 3).map((l) => l.xero_id)).toEqual([ids.get('Acme Corporation'), ids.get('Globex GmbH (Berlin)'), ids.get('Initech')]);
    // A first link never writes the Vtiger record (issue 10): Vtiger's values go to the matched Xero contact.
    expect(org.contacts.all().find((c) => c.ContactID === ids.get('Initech'))?.Name).toBe('Initech Ltd');
    const messages = ((await db.knex('vtiger_xtlog').where('xtl_run_id', summary.runId).select('xtl_message')) as Array<{ xtl_message: string }>).map((m) => m.xtl_message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringContaining('Acme Corporation (ACC1) was linked to the existing Xero record that matches by name'),
      expect.stringContaining('Globex GmbH (ACC2) was linked to the existing Xero record that matches by e-mail'),
      expect.stringContaining('Initech Ltd (ACC3) was linked to the existing Xero record that matches by ContactNumber'),
      expect.stringContaining('Widget A (PRO1) was linked to the existing Xero record that matches by code'),
    ]));
    // A Xero contact nobody in Vtiger has is created there.
    const stark = (await db.knex('vtiger_account').where('accountname', 'Stark Industries').select('accountid')) as unknown[];
    expect(stark).toHaveLength(1);
    // Both sides agree afterwards: the next run changes nothing.
    const mark = s.sandbox.stats().writes;
    const calls = s.double.calls.length;
    await runSync(await s.deps(), { trigger: 'instant' });
    expect(s.sandbox.stats().writes).toBe(mark);
    expect(s.double.calls.slice(calls).filter((c) => ['create', 'revise', 'update'].includes(c.operation))).toEqual([]);
  });
});
