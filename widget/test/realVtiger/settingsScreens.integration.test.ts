import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser } from '../../../server/testing/realVtiger/index.js';
import { expectNoContractViolations } from '../../../server/xeroSandbox/testing/useXeroSandbox.js';
import { settingsPage, startXTigerStack, type XTigerStack } from './xtigerStack.js';

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

  async function screenOf(page: Page, name: string): Promise<void> {
    await page.locator(`[data-xtiger-screen="${name}"][data-xtiger-ready]`).waitFor({ timeout: 20_000 });
  }

  it('connects to Xero from API Details: app saved, Connect, Allow at Xero, back on the page connected', async () => {
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(settingsPage(stack, 'apiDetails'));
      await screenOf(page, 'apiDetails');
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
      await screenOf(page, 'apiDetails');
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
    const tab = await stack.open();
    try {
      const { page } = tab;
      await page.goto(settingsPage(stack, 'apiDetails'));
      await screenOf(page, 'apiDetails');
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
    } finally {
      await tab.close();
    }
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
    const tab = await stack.open(japaneseAdmin);
    try {
      const { page } = tab;
      await page.goto(settingsPage(stack, 'apiDetails'));
      await screenOf(page, 'apiDetails');
      const text = await page.locator('#xtigerSettings').innerText();
      expect(text).toContain('API 設定');
      expect(text).toContain('Xero との接続');
      expect(text).toContain('接続済み');
      expect(await page.locator('button[data-action="disconnect"]').innerText()).toBe('切断');
    } finally {
      await tab.close();
    }
  });
});
