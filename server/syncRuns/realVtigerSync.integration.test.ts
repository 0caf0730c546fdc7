import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice, LineAmountTypes } from 'xero-node';
import { loadConfig } from '../config/config.js';
import type { ModuleResult, SyncNowResult, SyncRunView } from '../http/contracts/sync.js';
import { saveInvoiceSyncSettings } from '../sync/invoices/invoiceSettings.js';
import { localStackEnv } from '../testing/localStackEnv.js';
import { startRealVtiger, type RealVtiger } from '../testing/realVtiger/index.js';
import { buildZips, importWithVtlib } from '../testing/realVtiger/moduleLifecycle.js';
import { startTestApp, type TestApp } from '../testing/startTestApp.js';
import { createVtigerWebserviceClient } from '../vtiger/webservice/index.js';
import { connectAsAdmin } from '../xero/testing/adminBrowser.js';
import { startXeroSandbox, type XeroSandbox } from '../xeroSandbox/index.js';
import { sdkClientFor } from '../xeroSandbox/testing/sdkClient.js';

/**
 * End to end through the real Vtiger 8.2.0: XTiger's four modules imported with Vtiger's own package import
 * (Vtiger_Package::import, the code Module Manager runs), the XTiger backend pointed at the real webservice.php
 * and connected to the Xero sandbox through the OAuth flow, "sync all" over HTTP as an admin. Then what a Vtiger
 * user sees of the records written from Xero: history (ModTracker), modified time, workflow tasks queued, the
 * records in their list views; and a run with nothing changed makes no webservice call at all.
 */
let vtiger: RealVtiger;
let sandbox: XeroSandbox;
let app: TestApp;
let adminToken: string;
const startedAt = new Date(Date.now() - 2000).toISOString().replace('T', ' ').slice(0, 19);

/** Webservice requests php -S has logged so far (its access lines go to the instance's server.log). */
async function webserviceCalls(): Promise<number> {
  const log = await readFile(path.join(path.dirname(vtiger.root), 'server.log'), 'utf8').catch(() => '');
  return log.split('\n').filter((l) => /\[\d{3}\]: (GET|POST) \/webservice\.php/.test(l)).length;
}

/** "Sync now" for everything, as an admin: the run starts at once (202) and is followed until it is done. */
async function syncAll(): Promise<SyncNowResult> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const res = await fetch(`${app.url}/api/sync`, { method: 'POST', headers, body: JSON.stringify({ all: true }) });
  if (res.status !== 202) throw new Error(`sync answered ${res.status}: ${await res.text()}`);
  const { statusUrl } = (await res.json()) as { statusUrl: string };
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const run = (await (await fetch(`${app.url}${statusUrl}`, { headers })).json()) as SyncRunView;
    if (run.state === 'failed') throw new Error(`sync failed: ${JSON.stringify(run.error)}`);
    if (run.state === 'done' && run.result) return run.result;
  }
  throw new Error('sync did not finish in 2 minutes');
}

const moduleOf = (result: SyncNowResult, module: ModuleResult['module']) => result.modules.find((m) => m.module === module);

const org = () => sandbox.org(sandbox.demoTenantId);

beforeAll(async () => {
  const zips = await mkdtemp(path.join(os.tmpdir(), 'xtiger-zips-'));
  try {
    [vtiger, sandbox] = await Promise.all([startRealVtiger({ migrate: true }), startXeroSandbox()]);
    const built = await buildZips(zips);
    await importWithVtlib(vtiger, [built.XTLog, built.XTQueue, built.XeroAccounts, built.XTiger]);
  } finally {
    await rm(zips, { recursive: true, force: true });
  }
  const config = loadConfig(localStackEnv({ db: vtiger.database, vtigerUrl: vtiger.url, xeroUrl: sandbox.url }));
  app = await startTestApp(vtiger.database, { config });
  adminToken = await app.tokenFor({ userId: 1, isAdmin: true });
  const saved = await fetch(`${app.url}/api/xero/api-details`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret }),
  });
  expect(saved.status).toBe(200);
  const connected = await connectAsAdmin({ backendUrl: app.url, adminToken });
  expect(connected.finalUrl.searchParams.get('xero')).toBe('connected');
  await saveInvoiceSyncSettings(vtiger.database.knex, { receiptBankAccount: '090', direction: 'both' });
}, 240_000);

afterAll(async () => {
  await app?.close();
  await sandbox?.close();
  await vtiger?.stop();
});

describe('a two-way sync through the real Vtiger 8.2.0', () => {
  const fromXero = { contact: 'Ada Lovelace', organization: 'Umbrella Corp', item: 'XT-E2E-1' };

  it('syncs the sample records to Xero and new Xero records to Vtiger through webservice.php, then invoices of each kind', async () => {
    org().contacts.add({ Name: fromXero.organization, EmailAddress: 'info@umbrella.example.com' });
    org().contacts.add({ Name: fromXero.contact, FirstName: 'Ada', LastName: 'Lovelace', EmailAddress: 'ada@example.com' });
    org().items.add({ Code: fromXero.item, Name: 'Analytical engine', SalesDetails: { UnitPrice: 99.5 } });
    const first = await syncAll();
    expect(first.modules.map((m) => [m.module, m.failed, m.error?.message ?? null])).toEqual(
      ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'].map((m) => [m, 0, null]),
    );
    expect(moduleOf(first, 'Contacts')?.created).toBeGreaterThanOrEqual(5 + 1);
    expect(moduleOf(first, 'Accounts')?.created).toBeGreaterThanOrEqual(3 + 1);
    expect(moduleOf(first, 'Products')?.created).toBeGreaterThanOrEqual(4 + 1);
    expect(moduleOf(first, 'Services')?.created).toBe(1);

    // Invoices entered in Xero for Umbrella Corp: an invoice (ACCREC) and a bill (ACCPAY) come to Vtiger.
    const umbrella = org().contacts.find((c) => c.Name === fromXero.organization);
    const xero = sdkClientFor(sandbox);
    const line = { itemCode: 'WID-001', description: 'Widget A', quantity: 3, unitAmount: 19.99, taxType: 'TAX001', accountCode: '200' };
    await xero.accountingApi.createInvoices(sandbox.demoTenantId, {
      invoices: [Invoice.TypeEnum.ACCREC, Invoice.TypeEnum.ACCPAY].map((type) => ({
        type, contact: { contactID: umbrella?.ContactID ?? '' }, date: '2026-11-01', dueDate: '2026-11-30', reference: `E2E ${String(type)}`,
        status: Invoice.StatusEnum.AUTHORISED, lineAmountTypes: LineAmountTypes.Exclusive, lineItems: [line],
      })),
    });
    // And a bill and a receipt entered in Vtiger (Xero Invoice Type), through the real webservice.php.
    const ws = await createVtigerWebserviceClient({ knex: vtiger.database.knex, url: vtiger.url, userName: 'admin' });
    const entered = await Promise.all(
      (['Bill', 'Receipt'] as const).map((type) =>
        ws.create('Invoice', {
          subject: `Vtiger ${type}`, account_id: '11x4', invoicedate: '2026-11-02', invoicestatus: 'Approved', hdnTaxType: 'individual',
          bill_street: '1 Office Park', ship_street: '1 Office Park', assigned_user_id: '19x1', currency_id: '21x1', xt_invoice_type: type,
          LineItems: [{ productid: '14x11', quantity: '4', listprice: '49.50' }],
        }),
      ),
    );
    const second = await syncAll();
    expect(moduleOf(second, 'Invoice')).toMatchObject({ failed: 0 });
    const inVtiger = (await vtiger.database.knex('vtiger_invoice as i').join('vtiger_crmentity as e', 'e.crmid', 'i.invoiceid').where('e.deleted', 0).where('i.subject', 'like', 'E2E%').select('i.invoiceid', 'i.subject')) as Array<{ invoiceid: number; subject: string }>;
    expect(inVtiger).toHaveLength(2);
    // And Vtiger's invoices went to Xero: an invoice (sample INV1), a bill (ACCPAY), a receipt (RECEIVE into 090).
    expect(org().invoices.all().some((i) => i.InvoiceNumber === 'INV1' && i.Type === 'ACCREC')).toBe(true);
    expect(org().invoices.all().some((i) => i.InvoiceNumber === entered[0]?.['invoice_no'] && i.Type === 'ACCPAY')).toBe(true);
    expect(org().bankTransactions.all().some((t) => t.Type === 'RECEIVE' && String(t.Reference).startsWith(String(entered[1]?.['invoice_no'])))).toBe(true);
  }, 180_000);

  it('the records written from Xero have history rows, a fresh modified time and queued workflow tasks, as a user save would', async () => {
    const knex = vtiger.database.knex;
    const created = (await knex('vtiger_crmentity').where('createdtime', '>=', startedAt).whereIn('setype', ['Contacts', 'Accounts', 'Products', 'Invoice']).select('crmid', 'setype', 'modifiedtime', 'source')) as Array<{
      crmid: number; setype: string; modifiedtime: string | Date; source: string;
    }>;
    expect(new Set(created.map((c) => c.setype))).toEqual(new Set(['Contacts', 'Accounts', 'Products', 'Invoice']));
    expect(created.every((c) => c.source === 'WEBSERVICE')).toBe(true);
    const history = (await knex('vtiger_modtracker_basic').whereIn('crmid', created.map((c) => c.crmid)).select('id', 'crmid', 'status')) as Array<{ id: number; crmid: number; status: number }>;
    expect(new Set(history.map((h) => h.crmid))).toEqual(new Set(created.map((c) => c.crmid)));
    const details = (await knex('vtiger_modtracker_detail').whereIn('id', history.map((h) => h.id)).count({ n: '*' })) as Array<{ n: number }>;
    expect(Number(details[0]?.n)).toBeGreaterThan(created.length);
    for (const c of created) expect(new Date(`${String(c.modifiedtime).replace(' ', 'T')}Z`).getTime()).toBeGreaterThanOrEqual(new Date(`${startedAt.replace(' ', 'T')}Z`).getTime() - 1000);
    // Vtiger 8.2's default workflows queue an e-mail task for every new Contact ("Regarding Contact Assignment").
    const contacts = created.filter((c) => c.setype === 'Contacts').map((c) => `12x${c.crmid}`);
    const queued = (await knex('com_vtiger_workflowtask_queue').whereIn('entity_id', contacts).pluck('entity_id')) as string[];
    expect(new Set(queued)).toEqual(new Set(contacts));
  });

  it('an admin finds them in the list views', async () => {
    const admin = await vtiger.login();
    const listed = async (module: string, text: string) => (await admin.get({ module, view: 'List' })).body.includes(text);
    expect(await listed('Contacts', 'Lovelace')).toBe(true);
    expect(await listed('Accounts', fromXero.organization)).toBe(true);
    expect(await listed('Products', 'Analytical engine')).toBe(true);
    expect(await listed('Invoice', 'E2E ACCREC')).toBe(true);
  });

  it('a run with nothing changed makes no webservice call, and Vtiger logged no PHP error', async () => {
    const before = await webserviceCalls();
    expect(before).toBeGreaterThan(0);
    const again = await syncAll();
    expect(again.totals).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect((await webserviceCalls()) - before).toBe(0);
    await vtiger.assertNoPhpErrors();
  }, 120_000);
});
