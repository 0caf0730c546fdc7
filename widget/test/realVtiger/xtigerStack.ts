import { access, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPackages } from '../../../scripts/zip/buildPackages.js';
import { loadConfig } from '../../../server/config/config.js';
import { localStackEnv } from '../../../server/testing/localStackEnv.js';
import { closeBrowser, openAs, type VtigerPage } from '../../../server/testing/realVtiger/browser.js';
import { startRealVtiger, type CreatedUser, type RealVtiger } from '../../../server/testing/realVtiger/index.js';
import { startTestApp, type TestApp } from '../../../server/testing/startTestApp.js';
import { startXeroSandbox, type XeroSandbox } from '../../../server/xeroSandbox/index.js';

/**
 * The whole of XTiger on the real Vtiger 8.2.0: the four zips built and installed with Vtiger's own
 * Vtiger_Package::import (as Module Manager does), the backend on Vtiger's database (its address and bridge secret in
 * xtiger_bridge, as `npm start` records them), Xero played by the sandbox. Browser pages come from `open`.
 */
export interface XTigerStack {
  vtiger: RealVtiger;
  sandbox: XeroSandbox;
  backend: TestApp;
  /** A chromium page logged in as the user (admin by default). */
  open(user?: CreatedUser): Promise<VtigerPage>;
  stop(): Promise<void>;
}

export const INSTALL_ORDER = ['XTLog', 'XTQueue', 'XeroAccounts', 'XTiger'] as const;

export async function installZips(vtiger: RealVtiger): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xtiger-zips-'));
  try {
    await buildPackages(dir);
    for (const name of INSTALL_ORDER) {
      const zip = path.join(dir, `${name}.zip`);
      const out = await vtiger.runPhp(`require_once 'vtlib/Vtiger/Package.php'; $p = new Vtiger_Package(); $p->import(${JSON.stringify(zip)}); echo "installed:" . (Vtiger_Module::getInstance(${JSON.stringify(name)}) ? 'yes' : 'no');`);
      if (!out.includes('installed:yes')) throw new Error(`${name} did not install: ${out.slice(-2000)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Vtiger 8.2 ships no Japanese: a site with Japanese users has a language pack (languages/ja_jp/*.php), installed
 * before XTiger. The tests play the pack's presence for the modules XTiger adds strings to, with Vtiger's English
 * files (Vtiger's own words stay English, XTiger's come from its ja_jp files). XTiger's install hook only adds its
 * overlay (languages/custom/ja_jp/<Host>.php) where the pack has the module's own file to merge it into.
 */
const HOST_MODULES = ['Accounts', 'Contacts', 'Invoice', 'Products', 'Services'] as const;

export async function provideLanguagePackFiles(vtiger: RealVtiger, language = 'ja_jp'): Promise<void> {
  await mkdir(path.join(vtiger.root, 'languages', language), { recursive: true });
  for (const host of HOST_MODULES) {
    const target = path.join(vtiger.root, 'languages', language, `${host}.php`);
    const exists = await access(target).then(
      () => true,
      () => false,
    );
    if (!exists) await copyFile(path.join(vtiger.root, 'languages/en_us', `${host}.php`), target);
  }
}

export async function startXTigerStack(): Promise<XTigerStack> {
  const sandbox = await startXeroSandbox();
  const vtiger = await startRealVtiger({ migrate: true });
  try {
    await provideLanguagePackFiles(vtiger);
    await installZips(vtiger);
    const vtigerUrl = vtiger.url.replace(/\/+$/, '');
    const config = loadConfig(localStackEnv({ db: vtiger.database, vtigerUrl, xeroUrl: sandbox.url }));
    const backend = await startTestApp(vtiger.database, { config });
    await vtiger.database.knex('xtiger_bridge').where({ id: 1 }).update({ backend_url: backend.url });
    return {
      vtiger,
      sandbox,
      backend,
      open: (user) => openAs(vtiger, user),
      async stop() {
        await closeBrowser();
        await backend.close();
        await vtiger.stop();
        await sandbox.close();
      },
    };
  } catch (error) {
    await vtiger.stop();
    await sandbox.close();
    throw error;
  }
}

/** The URL of one of XTiger's Settings pages. */
export type SettingsScreenName = 'apiDetails' | 'fieldMapping' | 'syncSettings' | 'notifications' | 'dashboard';

export function settingsPage(stack: XTigerStack, page: SettingsScreenName): string {
  return `${stack.vtiger.url}index.php?module=XTiger&parent=Settings&view=Settings&page=${page}`;
}

/** Waits until a Settings screen is drawn (the widget marks its shell ready). */
export async function screenDrawn(page: VtigerPage['page'], name: SettingsScreenName, timeout = 30_000): Promise<void> {
  await page.locator(`[data-xtiger-screen="${name}"][data-xtiger-ready]`).waitFor({ timeout });
}

/**
 * A tab of the user (default: the admin) on one of XTiger's Settings screens, drawn, for `use`; closed afterwards
 * whatever `use` did.
 */
export async function onSettingsScreen(stack: XTigerStack, name: SettingsScreenName, use: (page: VtigerPage['page']) => Promise<void>, user?: CreatedUser): Promise<void> {
  const tab = await stack.open(user);
  try {
    await tab.page.goto(settingsPage(stack, name));
    await screenDrawn(tab.page, name);
    await use(tab.page);
  } finally {
    await tab.close();
  }
}
