import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser } from '../../../server/testing/realVtiger/index.js';
import { readNotificationSettings } from '../../../server/settings/notificationSettings.js';
import { readInvoiceSyncSettings } from '../../../server/sync/invoices/invoiceSettings.js';
import { signWebhookBody } from '../../../server/xeroSandbox/index.js';
import { expectNoContractViolations } from '../../../server/xeroSandbox/testing/useXeroSandbox.js';
import { connectToSandbox, NOTIFICATION } from './connect.js';
import { onSettingsScreen, screenDrawn, settingsPage, startXTigerStack, type XTigerStack } from './xtigerStack.js';

/**
 * What an admin saves on XTiger's Settings screens, done as a user does it in Debian's chromium on the real Vtiger
 * 8.2.0 (the zips installed with Vtiger's package import, the backend, the Xero sandbox connected): the webhook key
 * on API Details, the tax map, Notifications; the Dashboard listing a real sync failure whose record name carries
 * markup; and a non-admin kept out of all of it. (settingsScreens.integration.test.ts has the connect flow, the
 * screens in both languages, Sync Settings and Field Mapping rows.)
 */
const WEBHOOK_KEY = 'S2V5IHBhc3RlZCBmcm9tIFhlcm8gb24gdGhlIEFQSSBEZXRhaWxzIHBhZ2U=';
const HOSTILE_NAME = 'Hostile <img src=x onerror="window.__xtigerXss=1">';

describe('Settings → XTiger saves on the real Vtiger', () => {
  let stack: XTigerStack;
  let user: CreatedUser;
  let japaneseAdmin: CreatedUser;

  beforeAll(async () => {
    stack = await startXTigerStack();
    await connectToSandbox(stack);
    user = await stack.vtiger.createUser({ userName: 'jiro', isAdmin: false, language: 'en_us' });
    japaneseAdmin = await stack.vtiger.createUser({ userName: 'sakura', isAdmin: true, language: 'ja_jp' });
  }, 300_000);
  afterAll(async () => {
    if (stack) expectNoContractViolations(stack.sandbox);
    await stack?.stop();
  });

  async function lastNotification(page: Page): Promise<string> {
    const note = page.locator(NOTIFICATION).last();
    await note.waitFor({ timeout: 20_000 });
    return note.innerText();
  }
  const pageErrorsOf = (errors: string[]) => errors.filter((e) => !e.includes('Failed to load resource'));

  /** A delivery as Xero sends it to the backend's webhook URL, signed with `key`. */
  async function deliverWebhook(key: string): Promise<number> {
    const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'BROWSERTESTWEBHOOKKY' });
    const res = await fetch(`${stack.backend.url}/webhooks/xero`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xero-signature': signWebhookBody(body, key) }, body });
    return res.status;
  }

  it('API Details: the webhook URL to copy; a bad key refused naming the field; the key saved shows "Set", never the key; Xero\'s signed deliveries then pass', async () => {
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(settingsPage(stack, 'apiDetails'));
      await screenDrawn(page, 'apiDetails');
      expect(await page.inputValue('input[name="webhookUrl"]')).toBe(`${stack.backend.url}/webhooks/xero`);
      // No XTIGER_PUBLIC_URL in this stack: the page says Xero needs a public https address.
      expect(await page.locator('[data-xtiger-webhook-url="not-public"]').innerText()).toContain('XTIGER_PUBLIC_URL is not set');
      expect(await page.locator('[data-xtiger-webhook-key]').getAttribute('data-xtiger-webhook-key')).toBe('none');
      expect(await page.locator('[data-xtiger-webhook-key]').innerText()).toBe('Not set: deliveries from Xero are refused');
      expect(await deliverWebhook(WEBHOOK_KEY)).toBe(401);

      await page.fill('input[name="webhookKey"]', 'only half of it');
      await page.click('button[data-action="save-webhook-key"]');
      const refused = page.locator('.xtiger-webhooks .xtiger-errors .alert-danger');
      await refused.waitFor({ timeout: 15_000 });
      expect(await refused.innerText()).toMatch(/^Webhook key: this is not a key as Xero shows it\./);
      expect(await page.locator('[data-xtiger-webhook-key]').getAttribute('data-xtiger-webhook-key')).toBe('none');

      await page.fill('input[name="webhookKey"]', WEBHOOK_KEY);
      await page.click('button[data-action="save-webhook-key"]');
      await page.locator('[data-xtiger-webhook-key="saved"]').waitFor({ timeout: 15_000 });
      expect(await page.locator('[data-xtiger-webhook-key]').innerText()).toBe('Set');
      // Write-only: after the save the key is nowhere in the page (the field is empty, no text or attribute has it).
      expect(await page.inputValue('input[name="webhookKey"]')).toBe('');
      expect(await page.content()).not.toContain(WEBHOOK_KEY);
      await page.reload();
      await screenDrawn(page, 'apiDetails');
      expect(await page.locator('[data-xtiger-webhook-key]').innerText()).toBe('Set');
      expect(await page.content()).not.toContain(WEBHOOK_KEY);
      expect(pageErrorsOf(tab.pageErrors)).toEqual([]);
    } finally {
      await tab.close();
    }
    // The receiver checks Xero's signature with the key saved on the page.
    expect(await deliverWebhook(WEBHOOK_KEY)).toBe(200);
    expect(await deliverWebhook('c29tZSBvdGhlciBrZXkgdGhhbiB0aGUgc2F2ZWQgb25l')).toBe(401);
    await stack.vtiger.assertNoPhpErrors();
  });

  it('API Details in Japanese: the webhook block and "Remove saved key" after Vtiger\'s confirmation', async () => {
    await onSettingsScreen(stack, 'apiDetails', async (page) => {
      const block = page.locator('.xtiger-webhooks');
      expect(await block.innerText()).toContain('Xero での変更を数秒で反映（Webhook）');
      expect(await page.locator('[data-xtiger-webhook-key]').innerText()).toBe('設定済み');
      await page.click('button[data-action="clear-webhook-key"]');
      const box = page.locator('.bootbox.modal .bootbox-body');
      await box.waitFor({ timeout: 10_000 });
      expect(await box.innerText()).toContain('保存した Webhook キーを削除しますか？');
      await page.click('.bootbox.modal button[data-bb-handler="confirm"]');
      await page.locator('[data-xtiger-webhook-key="none"]').waitFor({ timeout: 15_000 });
      expect(await page.locator('[data-xtiger-webhook-key]').innerText()).toBe('未設定: Xero からの配信は拒否されます');
      expect(await page.locator('button[data-action="clear-webhook-key"]').count()).toBe(0);
    }, japaneseAdmin);
    expect(await deliverWebhook(WEBHOOK_KEY)).toBe(401);
  });

  it('Field Mapping → Invoices → tax map: a rate picked for a Vtiger tax is saved and kept; a rate of another % is refused naming the tax, nothing saved', async () => {
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(`${settingsPage(stack, 'fieldMapping')}&mapModule=Invoice`);
      await screenDrawn(page, 'fieldMapping');
      const vat = page.locator('.xtiger-tax-map tr[data-tax-key="tax1"] select[name="xeroTaxType"]');
      await vat.waitFor({ timeout: 20_000 });
      expect(await page.locator('.xtiger-tax-map tr[data-tax-key="tax1"] td').first().innerText()).toBe('VAT 4.5 %');
      await vat.selectOption('TAX001');
      await page.click('button[data-action="save-tax-map"]');
      expect(await lastNotification(page)).toBe('Saved.');
      expect((await readInvoiceSyncSettings(stack.vtiger.database.knex)).taxMap).toEqual({ tax1: 'TAX001' });

      await page.reload();
      await screenDrawn(page, 'fieldMapping');
      await vat.waitFor({ timeout: 20_000 });
      expect(await vat.inputValue()).toBe('TAX001');

      // Sales is 10 %: not what VAT (4.5 %) is.
      await vat.selectOption('TAX002');
      await page.click('button[data-action="save-tax-map"]');
      const refused = page.locator('.xtiger-tax-map .xtiger-errors .alert-danger');
      await refused.waitFor({ timeout: 20_000 });
      expect(await refused.innerText()).toBe('tax1 (VAT 4.5 %) totals 4.5 %, but Xero "Sales" (TAX002) is 10 %.');
      expect((await readInvoiceSyncSettings(stack.vtiger.database.knex)).taxMap).toEqual({ tax1: 'TAX001' });
      await page.reload();
      await screenDrawn(page, 'fieldMapping');
      await vat.waitFor({ timeout: 20_000 });
      expect(await vat.inputValue()).toBe('TAX001');
      expect(pageErrorsOf(tab.pageErrors)).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('Notifications: recipients, frequency and language saved and kept; an invalid address is named and nothing is saved', async () => {
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(settingsPage(stack, 'notifications'));
      await screenDrawn(page, 'notifications');
      await page.fill('textarea[name="recipients"]', 'ops@example.com\nfinance@example.com');
      await page.selectOption('select[name="frequency"]', 'weekly');
      await page.selectOption('select[name="language"]', 'ja_jp');
      await page.click('button[data-action="save-notifications"]');
      expect(await lastNotification(page)).toBe('Saved.');

      await page.reload();
      await screenDrawn(page, 'notifications');
      expect(await page.inputValue('textarea[name="recipients"]')).toBe('ops@example.com\nfinance@example.com');
      expect(await page.inputValue('select[name="frequency"]')).toBe('weekly');
      expect(await page.inputValue('select[name="language"]')).toBe('ja_jp');

      await page.fill('textarea[name="recipients"]', 'ops@example.com\nfinance(at)example.com');
      await page.selectOption('select[name="frequency"]', 'daily');
      await page.click('button[data-action="save-notifications"]');
      const refused = page.locator('[data-xtiger-screen="notifications"] .xtiger-errors .alert-danger');
      await refused.waitFor({ timeout: 15_000 });
      expect(await refused.innerText()).toBe('Recipient 2, "finance(at)example.com", is not an e-mail address: correct or remove it.');
      await page.reload();
      await screenDrawn(page, 'notifications');
      expect(await page.inputValue('textarea[name="recipients"]')).toBe('ops@example.com\nfinance@example.com');
      expect(await page.inputValue('select[name="frequency"]')).toBe('weekly');
      expect(pageErrorsOf(tab.pageErrors)).toEqual([]);
    } finally {
      await tab.close();
    }
    expect(await readNotificationSettings(stack.vtiger.database.knex)).toMatchObject({ recipients: ['ops@example.com', 'finance@example.com'], frequency: 'weekly', language: 'ja_jp' });
  });

  it('Dashboard: a contact Xero refused is listed with its name as text (its markup does not run) and links to its detail view', async () => {
    const knex = stack.vtiger.database.knex;
    // A contact of no organisation whose name carries markup and whose e-mail Xero refuses, as another tool wrote it.
    const contact = (await knex('vtiger_contactdetails as c').join('vtiger_crmentity as e', 'e.crmid', 'c.contactid').where('e.deleted', 0).andWhere((q) => q.whereNull('c.accountid').orWhere('c.accountid', 0)).orderBy('c.contactid', 'desc').first('c.contactid', 'c.firstname')) as { contactid: number; firstname: string };
    await knex('vtiger_contactdetails').where({ contactid: contact.contactid }).update({ lastname: HOSTILE_NAME, email: 'bad.mailbox@' });
    await knex('vtiger_crmentity').where({ crmid: contact.contactid }).update({ label: `${contact.firstname} ${HOSTILE_NAME}`.trim(), modifiedtime: knex.raw('UTC_TIMESTAMP()') });
    const token = await stack.backend.tokenFor({ userId: 1, isAdmin: true });
    const started = (await (await fetch(`${stack.backend.url}/api/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ module: 'Contacts', ids: [contact.contactid] }) })).json()) as { statusUrl: string };
    await expect
      .poll(async () => ((await (await fetch(`${stack.backend.url}${started.statusUrl}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { state: string }).state, { timeout: 60_000, interval: 500 })
      .toBe('done');

    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(settingsPage(stack, 'dashboard'));
      await screenDrawn(page, 'dashboard');
      const row = page.locator('table[data-xtiger-failures="list"] tbody tr').filter({ has: page.locator(`a[data-record-id="${contact.contactid}"]`) }).first();
      await row.waitFor({ timeout: 15_000 });
      const link = row.locator(`a[data-record-id="${contact.contactid}"]`);
      expect(await link.innerText()).toContain(HOSTILE_NAME);
      expect(await row.innerText()).toMatch(/Email address must be valid/);
      expect(await row.locator('td').nth(3).innerText()).toBe('Sync failed');
      // Shown as text: no element came from the name, and its handler never ran.
      expect(await page.locator('table[data-xtiger-failures] img').count()).toBe(0);
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { __xtigerXss?: number }).__xtigerXss)).toBeUndefined();
      expect(pageErrorsOf(tab.pageErrors)).toEqual([]);

      await link.click();
      await page.waitForURL((url) => url.searchParams.get('module') === 'Contacts' && url.searchParams.get('view') === 'Detail' && url.searchParams.get('record') === String(contact.contactid), { timeout: 20_000 });
      expect(page.url()).toBe(`${stack.vtiger.url}index.php?module=Contacts&view=Detail&record=${contact.contactid}`);
      // The record's detail view loaded (XTiger's badge draws there once Vtiger's page is up).
      await page.locator('#xtiger-xero-status').waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { app: { getRecordId(): string } }).app.getRecordId())).toBe(String(contact.contactid));
    } finally {
      await tab.close();
    }
  });

  it('a user who is not an admin can open none of these screens, and the backend refuses their saves', async () => {
    const tab = await stack.open(user);
    try {
      const { page } = tab;
      for (const name of ['apiDetails', 'fieldMapping', 'notifications', 'dashboard'] as const) {
        await page.goto(settingsPage(stack, name));
        expect(await page.locator('[data-xtiger-screen]').count(), name).toBe(0);
        expect(await page.textContent('body'), name).toMatch(/Permission denied|not permitted|Access denied/i);
      }
    } finally {
      await tab.close();
    }
    const token = await stack.backend.tokenFor({ userId: user.id, isAdmin: false });
    const attempts: Array<[string, string, unknown?]> = [
      ['PUT', '/api/xero/webhook-key', { key: WEBHOOK_KEY }],
      ['DELETE', '/api/xero/webhook-key'],
      ['GET', '/api/xero/api-details'],
      ['PUT', '/api/settings/tax-map', { taxMap: { tax1: 'TAX002' } }],
      ['PUT', '/api/settings/notifications', { recipients: ['someone@example.com'], frequency: 'daily', language: 'en_us', smtp: { source: 'vtiger' } }],
      ['GET', '/api/dashboard'],
    ];
    for (const [method, path, body] of attempts) {
      const res = await fetch(`${stack.backend.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await deliverWebhook(WEBHOOK_KEY)).toBe(401);
    expect((await readInvoiceSyncSettings(stack.vtiger.database.knex)).taxMap).toEqual({ tax1: 'TAX001' });
    expect((await readNotificationSettings(stack.vtiger.database.knex)).recipients).toEqual(['ops@example.com', 'finance@example.com']);
  });
});
