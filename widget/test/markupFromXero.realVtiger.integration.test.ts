import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages } from '../../scripts/zip/buildPackages.js';
import { loadConfig } from '../../server/config/config.js';
import { localStackEnv } from '../../server/testing/localStackEnv.js';
import { closeBrowser, openAs, type VtigerPage } from '../../server/testing/realVtiger/browser.js';
import { startRealVtiger, type RealVtiger } from '../../server/testing/realVtiger/index.js';
import { startTestApp, type TestApp } from '../../server/testing/startTestApp.js';
import { connectAsAdmin } from '../../server/xero/testing/adminBrowser.js';
import { startXeroSandbox, type XeroSandbox } from '../../server/xeroSandbox/index.js';
import type { SyncNowResult, SyncRunView as SyncRun } from '../../server/http/contracts/sync.js';
import { saveInvoiceSyncSettings } from '../../server/sync/invoices/invoiceSettings.js';

/**
 * Text with markup from Xero never runs as script in Vtiger's pages: a Xero contact named
 * `Evil <img src=x onerror=alert(1)> Ltd` and an invoice whose line says `"><svg onload=alert(1)>` are synced from
 * the Xero sandbox into the REAL Vtiger 8.2.0 (its webservice.php, XTiger's four zips installed with Vtiger's own
 * Vtiger_Package::import), then chromium opens the Organization, the Invoice, the XTLog list and the widget (its
 * notification quoting an organisation name with markup). Every alert/confirm/prompt is counted by a dialog handler
 * and by a hook installed before any page script; a control injection proves the hooks would catch one.
 */
const EVIL_CONTACT = 'Evil <img src=x onerror=alert(1)> Ltd';
const EVIL_LINE = '"><svg onload=alert(1)>';
const EVIL_ORG = 'Evil Org <img src=x onerror=alert(2)>';
const INSTALL_ORDER = ['XTLog', 'XTQueue', 'XeroAccounts', 'XTiger'] as const;

let sandbox: XeroSandbox;
let vtiger: RealVtiger;
let backend: TestApp;
let adminToken: string;

async function installZips(v: RealVtiger): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xtiger-authz-zips-'));
  try {
    await buildPackages(dir);
    for (const name of INSTALL_ORDER) {
      const zip = path.join(dir, `${name}.zip`);
      const out = await v.runPhp(`require_once 'vtlib/Vtiger/Package.php'; $p = new Vtiger_Package(); $p->import(${JSON.stringify(zip)}); echo "installed:" . (Vtiger_Module::getInstance(${JSON.stringify(name)}) ? 'yes' : 'no');`);
      if (!out.includes('installed:yes')) throw new Error(`${name} did not install: ${out.slice(-2000)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Opens a Vtiger page with script-dialog hooks in place before any of the page's own scripts. */
async function openWithHooks(url: string): Promise<VtigerPage & { dialogsFromHook(): Promise<string[]> }> {
  const tab = await openAs(vtiger);
  await tab.page.addInitScript(() => {
    const calls: string[] = [];
    (window as unknown as { __scriptDialogs: string[] }).__scriptDialogs = calls;
    for (const name of ['alert', 'confirm', 'prompt'] as const) {
      (window as unknown as Record<string, unknown>)[name] = (message?: unknown) => {
        calls.push(`${name}:${String(message)}`);
        return name === 'confirm' ? false : null;
      };
    }
  });
  await tab.page.goto(url, { waitUntil: 'load' });
  await tab.page.waitForTimeout(1500);
  return { ...tab, dialogsFromHook: () => tab.page.evaluate(() => (window as unknown as { __scriptDialogs?: string[] }).__scriptDialogs ?? []) };
}

beforeAll(async () => {
  sandbox = await startXeroSandbox();
  vtiger = await startRealVtiger({ migrate: true });
  await installZips(vtiger);
  const config = loadConfig(localStackEnv({ db: vtiger.database, vtigerUrl: vtiger.url.replace(/\/+$/, ''), xeroUrl: sandbox.url }));
  backend = await startTestApp(vtiger.database, { config });
  await vtiger.database.knex('xtiger_bridge').where({ id: 1 }).update({ backend_url: backend.url });
  adminToken = await backend.tokenFor({ userId: 1 });
  const saved = await fetch(`${backend.url}/api/xero/api-details`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret }),
  });
  expect(saved.status).toBe(200);
  const connected = await connectAsAdmin({ backendUrl: backend.url, adminToken });
  expect(connected.finalUrl.searchParams.get('xero')).toBe('connected');

  const org = sandbox.org(sandbox.demoTenantId);
  org.contacts.add({ Name: EVIL_CONTACT, EmailAddress: 'evil@example.test' });
  // Invoices come from Xero into Vtiger when their direction says so; their lines need an item Vtiger knows.
  await saveInvoiceSyncSettings(vtiger.database.knex, { direction: 'both' });
  // Sync now answers 202 with a run id at once; the run is followed until it is done, as the widget does.
  const syncAll = async (): Promise<SyncNowResult> => {
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const sync = await fetch(`${backend.url}/api/sync`, { method: 'POST', headers, body: JSON.stringify({ all: true }) });
    expect(sync.status, await sync.clone().text()).toBe(202);
    const { statusUrl } = (await sync.json()) as { statusUrl: string };
    for (let i = 0; i < 600; i++) {
      const run = (await (await fetch(`${backend.url}${statusUrl}`, { headers })).json()) as SyncRun;
      if (run.state === 'done' && run.result) return run.result;
      if (run.state === 'failed') throw new Error(`the sync run failed: ${JSON.stringify(run)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the sync run did not finish in 5 minutes');
  };
  await syncAll();
  const contact = org.contacts.find((c) => c.Name === EVIL_CONTACT);
  org.invoices.add({
    Type: 'ACCREC',
    Contact: { ContactID: contact?.ContactID },
    Date: '2026-12-01',
    DueDate: '2026-12-31',
    Status: 'AUTHORISED',
    LineAmountTypes: 'NoTax',
    LineItems: [{ ItemCode: 'WID-001', Description: EVIL_LINE, Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
  });
  const second = await syncAll();
  expect(second.modules.find((m) => m.module === 'Invoice'), JSON.stringify(second)).toMatchObject({ failed: 0 });
}, 900_000);
afterAll(async () => {
  await closeBrowser();
  await backend?.close();
  await vtiger?.stop();
  await sandbox?.close();
});

describe('markup from Xero in the real Vtiger pages', () => {
  it('the Organization from Xero keeps its name as text and its page runs no script', async () => {
    const account = (await vtiger.database.knex('vtiger_account').where('accountname', 'like', 'Evil%').first('accountid', 'accountname')) as { accountid: number; accountname: string } | undefined;
    expect(account, 'the Xero contact reached Vtiger').toBeDefined();
    const tab = await openWithHooks(`${vtiger.url}index.php?module=Accounts&view=Detail&record=${account?.accountid}`);
    // The page shows the record, its name as the text it is.
    expect(await tab.page.locator('body').innerText()).toContain(EVIL_CONTACT);
    expect(await tab.dialogsFromHook()).toEqual([]);
    expect(tab.alerts).toEqual([]);
    // Control: markup put into the page as HTML would be caught by both hooks.
    await tab.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="x-control" onerror="alert(\'control\')">'));
    await tab.page.waitForFunction(() => ((window as unknown as { __scriptDialogs: string[] }).__scriptDialogs ?? []).length > 0, undefined, { timeout: 10_000 });
    expect(await tab.dialogsFromHook()).toEqual(['alert:control']);
    await tab.close();
  });

  it('the Invoice from Xero with the markup line, and the XTLog list, run no script', async () => {
    const invoice = (await vtiger.database.knex('vtiger_inventoryproductrel as r').join('vtiger_invoice as i', 'i.invoiceid', 'r.id').where('r.comment', 'like', '%svg%').first('i.invoiceid')) as { invoiceid: number } | undefined;
    expect(invoice, 'the Xero invoice reached Vtiger with its line').toBeDefined();
    for (const url of [`${vtiger.url}index.php?module=Invoice&view=Detail&record=${invoice?.invoiceid}`, `${vtiger.url}index.php?module=XTLog&view=List`]) {
      const tab = await openWithHooks(url);
      expect(await tab.page.locator('body').innerText()).toMatch(/Evil|svg/);
      expect({ url, dialogs: await tab.dialogsFromHook(), alerts: tab.alerts }).toEqual({ url, dialogs: [], alerts: [] });
      await tab.close();
    }
    const logged = (await vtiger.database.knex('vtiger_xtlog').where('xtl_message', 'like', '%Evil%').count({ n: '*' }).first()) as { n: number };
    expect(Number(logged.n)).toBeGreaterThan(0);
  });

  it("the widget's notification quotes an organisation name with markup as text", async () => {
    await vtiger.database.knex('xtiger_xero_connections').update({
      status: 'reconnect_needed',
      tenant_name: EVIL_ORG,
      status_message: `The Xero organisation "${EVIL_ORG}" was disconnected from the app in Xero. Next step: reconnect Xero.`,
    });
    const account = (await vtiger.database.knex('vtiger_account').where('accountname', 'like', 'Evil%').first('accountid')) as { accountid: number };
    const tab = await openWithHooks(`${vtiger.url}index.php?module=Accounts&view=Detail&record=${account.accountid}`);
    await tab.page.evaluate(() => (window as unknown as { XTiger: { syncRecord(): void } }).XTiger.syncRecord());
    // Vtiger's notification (bootstrap-notify) puts its message in as HTML.
    await tab.page.locator('[data-notify="container"]').first().waitFor({ timeout: 30_000 });
    await tab.page.waitForTimeout(500);
    expect(await tab.dialogsFromHook()).toEqual([]);
    expect(tab.alerts).toEqual([]);
    expect(await tab.page.locator('[data-notify="container"]').first().innerText()).toContain(EVIL_ORG);
    await tab.close();
  });
});
