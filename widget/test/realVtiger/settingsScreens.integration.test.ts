import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser } from '../../../server/testing/realVtiger/index.js';
import { expectNoContractViolations } from '../../../server/xeroSandbox/testing/useXeroSandbox.js';
import { NOTIFICATION } from './connect.js';
import { onSettingsScreen, screenDrawn, settingsPage, startXTigerStack, type XTigerStack } from './xtigerStack.js';

/**
 * XTiger's Settings screens in Debian's chromium on the real Vtiger 8.2.0, the zips installed with Vtiger's own
 * package import, the backend on Vtiger's database and the Xero sandbox as Xero.
 */
/** The sandbox's demo organisation, which the demo app's consent page ticks by default. */
const DEMO_ORGANISATION = 'XTiger Demo Company';

describe('Settings → XTiger on the real Vtiger', () => {
  let stack: XTigerStack;
  let japaneseAdmin: CreatedUser;
  let user: CreatedUser;

  beforeAll(async () => {
    stack = await startXTigerStack();
    japaneseAdmin = await stack.vtiger.createUser({ userName: 'hanako', isAdmin: true, language: 'ja_jp' });
    user = await stack.vtiger.createUser({ userName: 'taro', isAdmin: false, language: 'en_us' });
  }, 300_000);
  afterAll(async () => {
    if (stack) expectNoContractViolations(stack.sandbox);
    await stack?.stop();
  });

  it('connects to Xero from API Details: app saved, Connect, Allow at Xero, back on the page connected', async () => {
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(settingsPage(stack, 'apiDetails'));
      await screenDrawn(page, 'apiDetails');
      expect(await page.locator('[data-xtiger-screen="apiDetails"] .xtiger-screen-body').innerText()).not.toContain('Loading');
      expect(await page.inputValue('input[name="redirectUri"]')).toBe(`${stack.vtiger.url}modules/XTiger/callback.php`);
      expect(await page.locator('button[data-action="connect"]').isDisabled()).toBe(true);

      await page.fill('input[name="clientId"]', stack.sandbox.demoApp.clientId);
      await page.fill('input[name="clientSecret"]', stack.sandbox.demoApp.clientSecret);
      await page.click('button[data-action="save-api-details"]');
      await page.locator('button[data-action="connect"]:not([disabled])').waitFor({ timeout: 15_000 });
      // Write-only: the secret never comes back to the page.
      expect(await page.inputValue('input[name="clientSecret"]')).toBe('');
      expect(await page.content()).not.toContain(stack.sandbox.demoApp.clientSecret);

      await page.click('button[data-action="connect"]');
      await page.waitForURL(/\/identity\/connect\/authorize/, { timeout: 15_000 });
      await page.click('button.allow');
      await page.waitForURL(/page=apiDetails.*xero=connected/, { timeout: 30_000 });
      await screenDrawn(page, 'apiDetails');
      expect(await page.locator('[data-xtiger-outcome="connected"]').innerText()).toContain('Connected to Xero.');
      const connection = page.locator('table.xtiger-connection[data-xtiger-state="connected"]');
      expect(await connection.innerText()).toContain(DEMO_ORGANISATION);
      expect(await page.locator('button[data-action="disconnect"]').count()).toBe(1);
      expect(tab.pageErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    } finally {
      await tab.close();
    }
    await stack.vtiger.assertNoPhpErrors();
  });

  it('warns before reconnecting that links belong to the connected organisation', async () => {
    await onSettingsScreen(stack, 'apiDetails', async (page) => {
      await page.click('button[data-action="connect"]');
      // Vtiger's confirmation box (bootbox): read it, then say No.
      const box = page.locator('.bootbox.modal .bootbox-body');
      await box.waitFor({ timeout: 10_000 });
      const organisation = DEMO_ORGANISATION;
      expect(await box.innerText()).toContain(`XTiger is connected to "${organisation}"`);
      expect(await box.innerText()).toContain('every record that takes part starts as new');
      await page.click('.bootbox.modal button[data-bb-handler="cancel"]');
      await page.waitForTimeout(500);
      expect(page.url()).toContain('page=apiDetails');
    });
  });

  it('refuses the screens to a user who is not an admin', async () => {
    const tab = await stack.open(user);
    try {
      const { page } = tab;
      for (const name of ['apiDetails', 'syncSettings'] as const) {
        await page.goto(settingsPage(stack, name));
        expect(await page.locator('[data-xtiger-screen]').count()).toBe(0);
        expect(await page.textContent('body')).toMatch(/Permission denied|not permitted|Access denied/i);
      }
      // And the backend refuses the same user's token on an admin screen's endpoint.
      const token = await stack.backend.tokenFor({ userId: user.id, isAdmin: false });
      const answer = await fetch(`${stack.backend.url}/api/xero/api-details`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(403);
    } finally {
      await tab.close();
    }
  });

  it('shows API Details in Japanese to a Japanese admin', async () => {
    await onSettingsScreen(stack, 'apiDetails', async (page) => {
      const text = await page.locator('#xtigerSettings').innerText();
      expect(text).toContain('API 設定');
      expect(text).toContain('Xero との接続');
      expect(text).toContain('接続済み');
      expect(await page.locator('button[data-action="disconnect"]').innerText()).toBe('切断');
    }, japaneseAdmin);
  });

  const SCREENS = ['apiDetails', 'fieldMapping', 'syncSettings', 'notifications', 'dashboard'] as const;
  const TITLES = {
    en_us: { apiDetails: 'API Details', fieldMapping: 'Field Mapping', syncSettings: 'Sync Settings', notifications: 'Notifications', dashboard: 'Dashboard' },
    ja_jp: { apiDetails: 'API 設定', fieldMapping: '項目マッピング', syncSettings: '同期設定', notifications: '通知', dashboard: 'ダッシュボード' },
  } as const;
  const SAVE = { en_us: 'Save', ja_jp: '保存' } as const;

  it('opens every screen, drawn from the backend, in English and in Japanese', async () => {
    for (const language of ['en_us', 'ja_jp'] as const) {
      const tab = await stack.open(language === 'ja_jp' ? japaneseAdmin : undefined);
      try {
        const { page } = tab;
        for (const screen of SCREENS) {
          await page.goto(settingsPage(stack, screen));
          await page.locator(`[data-xtiger-screen="${screen}"][data-xtiger-ready="true"]`).waitFor({ timeout: 30_000 });
          const text = await page.locator(`[data-xtiger-screen="${screen}"]`).innerText();
          expect(text, `${language} ${screen}`).toContain(TITLES[language][screen]);
          expect(text, `${language} ${screen}`).not.toMatch(/Loading…|読み込み中…|JS_XTIGER_/);
          if (screen !== 'dashboard') expect(await page.locator(`[data-xtiger-screen="${screen}"] button.btn-success`).first().innerText()).toBe(SAVE[language]);
        }
        expect(tab.pageErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
      } finally {
        await tab.close();
      }
    }
    await stack.vtiger.assertNoPhpErrors();
  });

  async function adminGet<T>(path: string): Promise<T> {
    const token = await stack.backend.tokenFor({ userId: 1, isAdmin: true });
    return (await (await fetch(`${stack.backend.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  }
  type SettingsAnswer = { saved: unknown; scheduleActive: boolean; modules: Array<{ module: string; selection: { kind: string; values?: string[] }; schedule: { kind: string }; nextRunAt: string | null }>; invoice: { onLockedChange: string } };

  it('Sync Settings: "only ticked" and a status filter, saved; then "Sync everything now" sends only those records', async () => {
    const knex = stack.vtiger.database.knex;
    const accounts = (await knex('vtiger_account as a').join('vtiger_crmentity as e', 'e.crmid', 'a.accountid').where('e.deleted', 0).orderBy('a.accountid').limit(2).select('a.accountid', 'a.accountname')) as Array<{ accountid: number; accountname: string }>;
    const [customer, reseller] = accounts as [{ accountid: number; accountname: string }, { accountid: number; accountname: string }];
    await knex('vtiger_account').where({ accountid: customer.accountid }).update({ account_type: 'Customer' });
    await knex('vtiger_account').whereNot({ accountid: customer.accountid }).update({ account_type: 'Reseller' });
    const persons = (await knex('vtiger_contactdetails as c').join('vtiger_crmentity as e', 'e.crmid', 'c.contactid').where('e.deleted', 0).orderBy('c.contactid').select('c.contactid', 'c.firstname', 'c.lastname', 'c.accountid')) as Array<{ contactid: number; firstname: string; lastname: string; accountid: number | null }>;
    const ticked = persons.find((p) => !p.accountid) as { contactid: number; lastname: string };
    const unticked = persons.filter((p) => p.contactid !== ticked.contactid);
    await knex('vtiger_contactscf').update({ xt_allow_sync: '0' });
    await knex('vtiger_contactscf').where({ contactid: ticked.contactid }).update({ xt_allow_sync: '1' });

    await onSettingsScreen(stack, 'syncSettings', async (page) => {
      expect(await page.locator('[data-xtiger-first-save]').innerText()).toContain('Nothing syncs on a schedule yet');
      // Contacts: only ticked.
      await page.check('input[name="selection-Contacts"][value="allowSync"]');
      // Organizations: by Type, Customer only.
      await page.click('.xtiger-module-picker a[data-module="Accounts"]');
      await page.check('input[name="selection-Accounts"][value="status"]');
      await page.selectOption('[data-module="Accounts"] select[name="statusField"]', 'accounttype');
      await page.selectOption('[data-module="Accounts"] select[name="statusValues"]', ['Customer']);
      // Invoices off here: an invoice would bring its organisation along.
      await page.click('.xtiger-module-picker a[data-module="Invoice"]');
      await page.uncheck('[data-module="Invoice"] input[name="enabled"]');
      await page.click('button[data-action="save-sync-settings"]');
      await page.locator('[data-xtiger-screen="syncSettings"] [data-xtiger-first-save]').waitFor({ state: 'detached', timeout: 15_000 });

      const saved = await adminGet<SettingsAnswer>('/api/settings/sync');
      expect(saved.scheduleActive).toBe(true);
      expect(saved.modules.find((m) => m.module === 'Contacts')?.selection).toEqual({ kind: 'allowSync' });
      expect(saved.modules.find((m) => m.module === 'Accounts')?.selection).toEqual({ kind: 'status', field: 'accounttype', values: ['Customer'] });

      await page.click('button[data-action="sync-everything"]');
      const summary = page.locator('[data-xtiger-run]');
      await summary.waitFor({ timeout: 120_000 });
      expect(await summary.getAttribute('data-xtiger-run')).toBe('done');
      expect(await summary.innerText()).toMatch(/^Sync finished: \d+ created/);
    });
    const names = stack.sandbox.org(stack.sandbox.demoTenantId).contacts.all().map((c) => String(c.Name));
    expect(names).toContain(customer.accountname);
    expect(names).not.toContain(reseller.accountname);
    expect(names.some((n) => n.includes(ticked.lastname))).toBe(true);
    for (const p of unticked) expect(names.some((n) => n === `${p.firstname} ${p.lastname}`.trim()), p.lastname).toBe(false);
  });

  it('Sync Settings: a module’s schedule off, then on again', async () => {
    await onSettingsScreen(stack, 'syncSettings', async (page) => {
      await page.selectOption('[data-module="Contacts"] select[name="scheduleKind"]', 'off');
      await page.click('button[data-action="save-sync-settings"]');
      await expect.poll(async () => (await adminGet<SettingsAnswer>('/api/settings/sync')).modules.find((m) => m.module === 'Contacts'), { timeout: 15_000 }).toMatchObject({ schedule: { kind: 'off' }, nextRunAt: null });
      await screenDrawn(page, 'syncSettings');
      await page.selectOption('[data-module="Contacts"] select[name="scheduleKind"]', 'every');
      await page.fill('[data-module="Contacts"] input[name="scheduleMinutes"]', '30');
      await page.click('button[data-action="save-sync-settings"]');
      await expect.poll(async () => (await adminGet<SettingsAnswer>('/api/settings/sync')).modules.find((m) => m.module === 'Contacts')?.schedule, { timeout: 15_000 }).toEqual({ kind: 'every', minutes: 30 });
      const contacts = (await adminGet<SettingsAnswer>('/api/settings/sync')).modules.find((m) => m.module === 'Contacts');
      expect(contacts?.nextRunAt).not.toBeNull();
      await page.reload();
      await screenDrawn(page, 'syncSettings');
      expect(await page.locator('div.form-horizontal[data-module="Contacts"]').innerText()).toMatch(/Next run: /);
    });
  });

  it('Sync Settings: changes to a locked Xero document are set to void and re-create unpaid documents, and saved', async () => {
    await onSettingsScreen(stack, 'syncSettings', async (page) => {
      await page.click('.xtiger-module-picker a[data-module="Invoice"]');
      const choice = page.locator('.xtiger-invoice-options select[name="onLockedChange"]');
      expect(await choice.inputValue()).toBe('skip');
      expect(await page.locator('.xtiger-invoice-options').innerText()).toContain('Changes to a locked Xero document');
      await choice.selectOption('voidAndRecreate');
      await page.click('button[data-action="save-sync-settings"]');
      await expect.poll(async () => (await adminGet<SettingsAnswer>('/api/settings/sync')).invoice.onLockedChange, { timeout: 15_000 }).toBe('voidAndRecreate');
    });
  });

  it('Sync Settings → Invoices: "records with a status", Approved ticked, saved and still chosen after a reload', async () => {
    await onSettingsScreen(stack, 'syncSettings', async (page) => {
      await page.click('.xtiger-module-picker a[data-module="Invoice"]');
      await page.check('input[name="selection-Invoice"][value="status"]');
      // The field is fixed: the invoice's Status, shown but not to be changed.
      const field = page.locator('[data-module="Invoice"] select[name="statusField"]');
      expect([await field.inputValue(), await field.isDisabled()]).toEqual(['invoicestatus', true]);
      await page.selectOption('[data-module="Invoice"] select[name="statusValues"]', ['Approved']);
      await page.click('button[data-action="save-sync-settings"]');
      await expect.poll(async () => (await adminGet<SettingsAnswer>('/api/settings/sync')).modules.find((m) => m.module === 'Invoice')?.selection, { timeout: 15_000 }).toEqual({ kind: 'status', field: 'invoicestatus', values: ['Approved'] });
      await page.reload();
      await screenDrawn(page, 'syncSettings');
      await page.click('.xtiger-module-picker a[data-module="Invoice"]');
      expect(await page.isChecked('input[name="selection-Invoice"][value="status"]')).toBe(true);
      expect(await page.locator('[data-module="Invoice"] select[name="statusValues"] option:checked').allTextContents()).toEqual(['Approved']);
    });
  });

  it('Field Mapping: a changed row is saved, and the next sync uses it', async () => {
    const knex = stack.vtiger.database.knex;
    const person = (await knex('vtiger_contactscf').where({ xt_allow_sync: '1' }).first('contactid')) as { contactid: number };
    // Changed in Vtiger as a save would: the field and the record's modified time.
    await knex('vtiger_contactdetails').where({ contactid: person.contactid }).update({ secondaryemail: 'second.address@example.com' });
    await knex('vtiger_crmentity').where({ crmid: person.contactid }).update({ modifiedtime: knex.raw('UTC_TIMESTAMP()') });
    let outcome = '';
    await onSettingsScreen(stack, 'fieldMapping', async (page) => {
      const row = page.locator('table.xtiger-mapping tr[data-vtiger-field="email"]');
      expect(await row.getAttribute('data-source')).toBe('default');
      await row.locator('select[name="vtigerField"]').selectOption('secondaryemail');
      await page.click('button[data-action="save-mapping"]');
      await page.locator('table.xtiger-mapping tr[data-vtiger-field="secondaryemail"][data-source="saved"]').waitFor({ timeout: 15_000 });
      // The next sync of that contact, from its detail view.
      await page.goto(`${stack.vtiger.url}index.php?module=Contacts&view=Detail&record=${person.contactid}`);
      await page.locator('#xtiger-xero-status').waitFor({ timeout: 20_000 });
      await page.click('#Contacts_detailView_basicAction_Sync_with_Xero');
      await page.locator(NOTIFICATION).last().waitFor({ timeout: 60_000 });
      outcome = await page.locator(NOTIFICATION).last().innerText();
    });
    expect(outcome).toMatch(/Xero sync done: 0 created, 1 updated/);
    const xero = stack.sandbox.org(stack.sandbox.demoTenantId).contacts.all().find((c) => c.EmailAddress === 'second.address@example.com');
    expect(xero, outcome).toBeDefined();
  });

  it('Add to queue in the list view puts the ticked records in XTQueue and says how many wait', async () => {
    const knex = stack.vtiger.database.knex;
    const product = (await knex('vtiger_products').orderBy('productid', 'desc').first('productid')) as { productid: number };
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(`${stack.vtiger.url}index.php?module=Products&view=List`);
      await page.check(`input.listViewEntriesCheckBox[value="${product.productid}"]`);
      await page.click('.listViewMassActions .dropdown-toggle');
      await page.click('#Products_listView_massAction_Add_to_queue');
      const note = page.locator(NOTIFICATION).last();
      await note.waitFor({ timeout: 30_000 });
      expect(await note.innerText()).toMatch(/^Added to the queue: 1 record\(s\) \(0 were already waiting\)\. \d+ record\(s\) now wait for the next run\.$/);
    } finally {
      await tab.close();
    }
    const queued = await knex('vtiger_xtqueue').where({ xtq_related_to: product.productid }).count<Array<{ n: number }>>({ n: '*' });
    expect(Number(queued[0]?.n)).toBe(1);
  });
});
