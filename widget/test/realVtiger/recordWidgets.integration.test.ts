import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../server/i18n/translate.js';
import { saveWaits } from '../../../server/sync/run/waits.js';
import { saveSyncSettings } from '../../../server/sync/selection/syncSettingsRepository.js';
import { reason } from '../../../server/sync/types.js';
import { writeXTLogEntries } from '../../../server/vtiger/ownModules/xtLog.js';
import { readModuleMetadata } from '../../../server/vtiger/schema/moduleMetadata.js';
import { createVtigerWebserviceClient } from '../../../server/vtiger/webservice/index.js';
import { expectNoContractViolations } from '../../../server/xeroSandbox/testing/useXeroSandbox.js';
import { connectToSandbox, NOTIFICATION } from './connect.js';
import { startXTigerStack, type XTigerStack } from './xtigerStack.js';

/**
 * The record widgets on the real Vtiger 8.2.0: "Sync with Xero" on a detail view and "Sync to Xero" in the list
 * view's mass actions, each following its run to a summary; the Xero panel (link, log lines); a backend that
 * cannot be reached said in a sentence.
 */
describe('record widgets on the real Vtiger', () => {
  let stack: XTigerStack;
  let contact: { crmid: number; lastname: string };
  let products: Array<{ crmid: number; productcode: string }>;

  beforeAll(async () => {
    stack = await startXTigerStack();
    await connectToSandbox(stack);
    // A contact of no organisation (one whose organisation is not in Xero yet waits for it: skipped).
    contact = (await stack.vtiger.database.knex('vtiger_contactdetails as c').join('vtiger_crmentity as e', 'e.crmid', 'c.contactid').where('e.deleted', 0).andWhere((q) => q.whereNull('c.accountid').orWhere('c.accountid', 0)).orderBy('c.contactid').first('c.contactid as crmid', 'c.lastname')) as { crmid: number; lastname: string };
    products = (await stack.vtiger.database.knex('vtiger_products as p').join('vtiger_crmentity as e', 'e.crmid', 'p.productid').where('e.deleted', 0).orderBy('p.productid').limit(3).select('p.productid as crmid', 'p.productcode')) as Array<{ crmid: number; productcode: string }>;
    expect(products).toHaveLength(3);
  }, 300_000);
  afterAll(async () => {
    if (stack) expectNoContractViolations(stack.sandbox);
    await stack?.stop();
  });

  const xeroContactNames = (): string[] => stack.sandbox.org(stack.sandbox.demoTenantId).contacts.all().map((c) => String(c.Name));

  async function notified(page: Page): Promise<string> {
    const note = page.locator(NOTIFICATION).last();
    await note.waitFor({ timeout: 60_000 });
    return note.innerText();
  }

  it('"Sync with Xero" on a detail view follows the run to its summary; badge and panel show the record synced', async () => {
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(`${stack.vtiger.url}index.php?module=Contacts&view=Detail&record=${contact.crmid}`);
      await page.locator('#xtiger-xero-status').waitFor({ timeout: 20_000 });
      await page.click('#Contacts_detailView_basicAction_Sync_with_Xero');
      expect(await notified(page)).toMatch(/Xero sync done: 1 created, 0 updated, 0 unchanged\./);
      expect(xeroContactNames().some((n) => n.includes(contact.lastname))).toBe(true);
      await page.locator('#xtiger-xero-status[data-xtiger-status="Synced"]').waitFor({ timeout: 20_000 });
      const panel = page.locator('#xtiger-record-panel[data-xtiger-panel="ready"]');
      await panel.waitFor({ timeout: 20_000 });
      expect(await panel.locator('a[data-xtiger-link="xero"]').getAttribute('href')).toMatch(/^https:\/\/go\.xero\.com\//);
      expect(await panel.locator('.xtiger-log-lines tr').count()).toBeGreaterThan(0);
      expect(tab.pageErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    } finally {
      await tab.close();
    }
    await stack.vtiger.assertNoPhpErrors();
  });

  it('"Sync to Xero" in the list view sends the ticked records only and reports the summary', async () => {
    const chosen = products.slice(0, 2);
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(`${stack.vtiger.url}index.php?module=Products&view=List`);
      for (const p of chosen) await page.check(`input.listViewEntriesCheckBox[value="${p.crmid}"]`);
      await page.click('.listViewMassActions .dropdown-toggle');
      await page.click('#Products_listView_massAction_Sync_to_Xero');
      expect(await notified(page)).toMatch(/Xero sync done: 2 created, 0 updated, 0 unchanged\./);
      const codes = stack.sandbox.org(stack.sandbox.demoTenantId).items.all().map((i) => i.Code);
      expect(codes.sort()).toEqual(chosen.map((p) => p.productcode).sort());
    } finally {
      await tab.close();
    }
  });

  it('an invoice whose change waits for its locked Xero document says why on its panel, with no Keep Vtiger / Keep Xero', async () => {
    const knex = stack.vtiger.database.knex;
    const invoice = (await knex('vtiger_invoice as i').join('vtiger_crmentity as e', 'e.crmid', 'i.invoiceid').where('e.deleted', 0).orderBy('i.invoiceid').first('i.invoiceid as crmid', 'i.invoice_no as no')) as { crmid: number; no: string };
    const xeroId = '5a0c2a9e-0000-4c1d-9e3a-1234567890ab';
    const why = reason('invoice.waiting.locked', { record: invoice.no, document: 'sales invoice', number: invoice.no, status: 'AUTHORISED' });
    await knex('vtiger_invoicecf').where({ invoiceid: invoice.crmid }).update({ xt_xero_id: xeroId, xt_sync_status: 'Conflict' });
    await saveWaits(knex, 'Invoice', [{ crmid: invoice.crmid, wait: { cause: 'locked', ref: xeroId, reason: why, factsHash: 'h' } }], new Date());
    await writeXTLogEntries(knex, [{
      module: 'Invoice', relatedTo: invoice.crmid, xeroId, direction: 'Vtiger to Xero', action: 'Skip', status: 'Conflict', message: translate('en_us', why.key, why.params),
      runId: 'locked-run', trigger: 'Scheduled', emailStatus: 'Pending', startedAt: new Date(), finishedAt: new Date(), ownerId: 1,
    }], { actingUserId: 1 });
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(`${stack.vtiger.url}index.php?module=Invoice&view=Detail&record=${invoice.crmid}`);
      const box = page.locator('#xtiger-record-panel[data-xtiger-panel="ready"] .xtiger-waiting[data-wait-cause="locked"]');
      await box.waitFor({ timeout: 60_000 });
      const text = await box.innerText();
      expect(text).toContain('Waiting since');
      expect(text).toContain(`${invoice.no} is AUTHORISED and Xero allows no edits to it, so the change waits`);
      expect(await page.locator('#xtiger-record-panel .xtiger-conflict').count()).toBe(0);
      expect(tab.pageErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    } finally {
      await tab.close();
      await saveWaits(knex, 'Invoice', [{ crmid: invoice.crmid, wait: undefined }], new Date());
    }
  });

  it('says in the user’s language that the backend cannot be reached, not the browser’s words', async () => {
    const knex = stack.vtiger.database.knex;
    await knex('xtiger_bridge').where({ id: 1 }).update({ backend_url: 'http://127.0.0.1:9' });
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(`${stack.vtiger.url}index.php?module=Contacts&view=Detail&record=${contact.crmid}`);
      await page.click('#Contacts_detailView_basicAction_Sync_with_Xero');
      const text = await notified(page);
      expect(text).toContain('The XTiger service cannot be reached right now.');
      expect(text).not.toMatch(/Failed to fetch/i);
      expect(await page.locator('#xtiger-record-panel').innerText()).toContain('cannot be reached');
    } finally {
      await tab.close();
      await knex('xtiger_bridge').where({ id: 1 }).update({ backend_url: stack.backend.url });
    }
  });

  it('a held conflict shows both sides on the record; a user who is not an admin cannot resolve it, an admin keeps Xero', async () => {
    const knex = stack.vtiger.database.knex;
    const product = products[0] as { crmid: number; productcode: string };
    const meta = await readModuleMetadata(knex, 'Products');
    await saveSyncSettings(knex, 'products', { conflictPolicy: 'hold' }, meta.fields, new Date());
    // The same field changed on both sides since the last sync: the name in Vtiger (its webservice) and in Xero.
    const ws = await createVtigerWebserviceClient({ knex, url: stack.vtiger.url.replace(/\/+$/, ''), userName: 'admin' });
    const tabId = ((await knex('vtiger_ws_entity').where({ name: 'Products' }).first('id')) as { id: number }).id;
    await ws.revise({ id: `${tabId}x${product.crmid}`, productname: 'Widget CRM' });
    const org = stack.sandbox.org(stack.sandbox.demoTenantId);
    const item = org.items.all().find((i) => i.Code === product.productcode);
    expect(item).toBeDefined();
    org.items.add({ ...item!, Name: 'Widget <i>Xero</i>' });
    const token = await stack.backend.tokenFor({ userId: 1, isAdmin: true });
    const started = (await (await fetch(`${stack.backend.url}/api/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ module: 'Products', ids: [product.crmid] }) })).json()) as { statusUrl: string };
    await expect.poll(async () => ((await (await fetch(`${stack.backend.url}${started.statusUrl}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { state: string }).state, { timeout: 30_000 }).toBe('done');

    const detail = `${stack.vtiger.url}index.php?module=Products&view=Detail&record=${product.crmid}`;
    const user = await stack.vtiger.createUser({ userName: 'jiro', isAdmin: false });
    const asUser = await stack.open(user);
    try {
      await asUser.page.goto(detail);
      const box = asUser.page.locator('#xtiger-record-panel .xtiger-conflict');
      await box.waitFor({ timeout: 20_000 });
      expect(await box.locator('[data-xtiger-resolve="admins-only"]').innerText()).toBe('Only an administrator can choose which side to keep.');
      expect(await box.locator('button[data-action^="keep-"]').count()).toBe(0);
    } finally {
      await asUser.close();
    }
    const userToken = await stack.backend.tokenFor({ userId: user.id, isAdmin: false });
    const logId = Number(await knex('vtiger_xtlog').where({ xtl_related_to: product.crmid, xtl_status: 'Conflict' }).max('xtlogid as id').first().then((r) => (r as { id: number }).id));
    const refused = await fetch(`${stack.backend.url}/api/conflicts/${logId}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ keep: 'xero' }) });
    expect(refused.status).toBe(403);

    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(detail);
      const box = page.locator('#xtiger-record-panel .xtiger-conflict');
      await box.waitFor({ timeout: 20_000 });
      // Both sides side by side, as text (the markup in the values is not HTML on the page).
      expect(await box.locator('tr[data-field] .xtiger-vtiger-side').first().innerText()).toBe('Widget CRM');
      expect(await box.locator('tr[data-field] .xtiger-xero-side').first().innerText()).toBe('Widget <i>Xero</i>');
      expect(await box.locator('b, i').count()).toBe(0);
      await box.locator('button[data-action="keep-xero"]').click();
      await page.locator('#xtiger-record-panel[data-xtiger-panel="ready"]:not(:has(.xtiger-conflict))').waitFor({ timeout: 60_000 });
    } finally {
      await tab.close();
    }
    const name = ((await knex('vtiger_products').where({ productid: product.crmid }).first('productname')) as { productname: string }).productname;
    // Vtiger keeps text HTML-encoded in its tables.
    expect(name.replace(/&lt;/g, '<').replace(/&gt;/g, '>')).toBe('Widget <i>Xero</i>');
  });

  it('XTLog, XTQueue and XeroAccounts are written by XTiger only: no Add Record, Import, Edit or Duplicate; admins may delete', async () => {
    const knex = stack.vtiger.database.knex;
    const log = (await knex('vtiger_xtlog').orderBy('xtlogid').first('xtlogid')) as { xtlogid: number };
    const admin = await stack.vtiger.login();
    for (const module of ['XTLog', 'XTQueue', 'XeroAccounts']) {
      const list = await admin.get({ module, view: 'List' });
      expect(list.status, module).toBe(200);
      expect(list.body, module).not.toContain(`${module}_listView_basicAction_LBL_ADD_RECORD`);
      expect(list.body, module).not.toContain(`${module}_basicAction_LBL_IMPORT`);
      expect(list.body, module).not.toContain(`${module}_listView_massAction_LBL_EDIT`);
      const edit = await admin.get({ module, view: 'Edit' });
      expect(edit.body, module).toMatch(/Permission denied|LBL_PERMISSION_DENIED/i);
    }
    const detail = await admin.get({ module: 'XTLog', view: 'Detail', record: String(log.xtlogid) });
    expect(detail.status).toBe(200);
    expect(detail.body).not.toContain('XTLog_detailView_basicAction_LBL_EDIT');
    expect(detail.body).not.toContain('XTLog_detailView_moreAction_LBL_DUPLICATE');
    expect(detail.body).toContain('Vtiger_Detail_Js.deleteRecord');
    const saved = await admin.post({ module: 'XTLog', action: 'Save', record: String(log.xtlogid), xtl_message: 'edited by hand' });
    expect(saved.body).toMatch(/Permission denied|LBL_PERMISSION_DENIED/i);

    const user = await stack.vtiger.createUser({ userName: 'saburo', isAdmin: false });
    const asUser = await stack.vtiger.login(user.userName, user.password);
    const userDetail = await asUser.get({ module: 'XTLog', view: 'Detail', record: String(log.xtlogid) });
    expect(userDetail.status).toBe(200);
    expect(userDetail.body).not.toContain('Vtiger_Detail_Js.deleteRecord');
    await stack.vtiger.assertNoPhpErrors();
  });
});
