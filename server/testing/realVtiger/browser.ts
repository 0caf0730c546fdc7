import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_PASSWORD, ADMIN_USER, type RealVtiger } from './index.js';

/** Debian's chromium, headless, no network beyond what the pages ask for (flags as in widget/test). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let shared: Promise<Browser> | undefined;

/** One chromium per test process, launched on first use; closeBrowser() in afterAll. */
export function sharedBrowser(): Promise<Browser> {
  shared ??= chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return shared;
}

export async function closeBrowser(): Promise<void> {
  const browser = shared;
  shared = undefined;
  await (await browser)?.close();
}

export interface VtigerPage {
  page: Page;
  context: BrowserContext;
  /** Texts of `alert`/`confirm`/`prompt` dialogs, in order (each accepted). */
  alerts: string[];
  /** Uncaught page errors and console errors. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * A chromium page logged in to the real Vtiger as `user` (admin by default, or a user from createUser): the
 * session is made through Vtiger's login form over HTTP and its cookies handed to a fresh browser context, then
 * the page opens Vtiger's Home.
 */
export async function openAs(vtiger: RealVtiger, user: { userName: string; password: string } = { userName: ADMIN_USER, password: ADMIN_PASSWORD }): Promise<VtigerPage> {
  const session = await vtiger.login(user.userName, user.password);
  const browser = await sharedBrowser();
  const context = await browser.newContext();
  await context.addCookies(session.cookies().map((c) => ({ name: c.name, value: c.value, url: vtiger.url })));
  const page = await context.newPage();
  const alerts: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.accept();
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
  });
  await page.goto(`${vtiger.url}index.php`);
  return { page, context, alerts, pageErrors, close: () => context.close() };
}
