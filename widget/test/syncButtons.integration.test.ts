import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidgetBundle } from '../../scripts/zip/widgetBundle.js';
import { REPO_ROOT } from '../../scripts/zip/modules.js';
import { loadConfig } from '../../server/config/config.js';
import { createSampleDatabase, type SampleDatabase } from '../../server/testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../../server/testing/startTestApp.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../../server/testing/vtigerWebserviceDouble/index.js';
import { connectAsAdmin } from '../../server/xero/testing/adminBrowser.js';
import { startXeroSandbox, type XeroSandbox } from '../../server/xeroSandbox/index.js';
import { expectNoContractViolations } from '../../server/xeroSandbox/testing/useXeroSandbox.js';
import { readLanguageFile } from '../../vtiger-module/test/php.js';
import { vtigerDetailPage, vtigerListPage } from './vtigerDetailPage.js';
import { localStackEnv } from '../../server/testing/localStackEnv.js';

/**
 * "Sync with Xero" (detail view) and "Sync to Xero" (list view mass action) in Debian's chromium: the built bundle
 * on pages shaped like Vtiger 8.2's, the real backend connected to the Xero sandbox through OAuth, and Vtiger's
 * webservice (the double) behind the same origin as the pages, as in a real Vtiger.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
type Notified = { __notifications: string[] };

describe('widget: sync buttons', () => {
  let db: SampleDatabase;
  let sandbox: XeroSandbox;
  let double: VtigerWebserviceDouble;
  let backend: TestApp;
  let page: Server;
  let pageUrl: string;
  let browser: Browser;
  let bundle: string;
  let jquery: Buffer;

  beforeAll(async () => {
    sandbox = await startXeroSandbox();
    db = await createSampleDatabase({ migrate: true, installModules: true });
    double = await startVtigerWebserviceDouble({ knex: db.knex });
    bundle = await buildWidgetBundle({ minify: false });
    jquery = await readFile(path.join(REPO_ROOT, 'node_modules/jquery/dist/jquery.min.js'));
    page = createServer((req, res) => void servePage(req, res).catch((e: unknown) => res.writeHead(500).end(String(e))));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    // The pages' origin is Vtiger's: the backend allows it (CORS) and reaches the webservice through it.
    const config = loadConfig(localStackEnv({ db, vtigerUrl: pageUrl, xeroUrl: sandbox.url }));
    backend = await startTestApp(db, { config });
    const adminToken = await backend.tokenFor({ userId: 1, isAdmin: true });
    const saved = await fetch(`${backend.url}/api/xero/api-details`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret }),
    });
    expect(saved.status).toBe(200);
    const connected = await connectAsAdmin({ backendUrl: backend.url, adminToken });
    expect(connected.finalUrl.searchParams.get('xero')).toBe('connected');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => page?.close(r));
    await backend?.close();
    await double?.close();
    if (sandbox) expectNoContractViolations(sandbox);
    await sandbox?.close();
    await db?.drop();
  });

  async function servePage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://page');
    let body = '';
    for await (const chunk of req) body += String(chunk);
    if (url.pathname === '/webservice.php') {
      // Vtiger's webservice lives beside its pages: hand the call to the double.
      const answer = await fetch(`${double.url}/webservice.php${url.search}`, {
        method: req.method,
        headers: req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {},
        body: req.method === 'POST' ? body : undefined,
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
    } else if (url.pathname === '/libraries/jquery/jquery.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(jquery);
    } else if (url.pathname === '/layouts/v7/modules/XTiger/resources/xtiger.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (url.pathname === '/index.php' && req.method === 'GET') {
      const module = url.searchParams.get('module') ?? '';
      const language = url.searchParams.get('lang') ?? 'en_us';
      const html =
        url.searchParams.get('view') === 'List'
          ? vtigerListPage({ module, recordIds: (url.searchParams.get('ids') ?? '').split(',').map(Number), language })
          : vtigerDetailPage({ module, recordId: Number(url.searchParams.get('record')), language });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === '/index.php' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const language = new URL(req.headers.referer ?? 'http://page/').searchParams.get('lang') ?? 'en_us';
      const json = (result: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, result }));
      if (form.get('module') === 'XTiger' && form.get('action') === 'BridgeToken') {
        json({ token: await backend.tokenFor({ userId: 1, isAdmin: false, language }), expiresAt: Math.floor(Date.now() / 1000) + 300, backendUrl: backend.url });
      } else if (form.get('module') === 'XTiger' && form.get('action') === 'LanguageStrings') {
        json((await readLanguageFile(path.join(REPO_ROOT, `vtiger-module/XTiger/languages/${language}/XTiger.php`))).jsLanguageStrings);
      } else {
        res.writeHead(404).end();
      }
    } else {
      res.writeHead(404).end();
    }
  }

  async function notifications(tab: Page, count: number): Promise<string[]> {
    await tab.waitForFunction((n) => (window as unknown as Notified).__notifications.length >= n, count, { timeout: 30_000 });
    return tab.evaluate(() => (window as unknown as Notified).__notifications);
  }

  const contactNumbers = () => sandbox.org(sandbox.demoTenantId).contacts.all().map((c) => c.ContactNumber).sort();
  const itemCodes = () => sandbox.org(sandbox.demoTenantId).items.all().map((i) => i.Code).sort();

  it('"Sync with Xero" on a detail view syncs that record only and the badge shows it synced', async () => {
    // CON5 Maria Garcia has no organization, so she becomes a Xero contact of her own.
    const maria = (await db.knex('vtiger_contactdetails').where({ contact_no: 'CON5' }).first('contactid')) as { contactid: number };
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${pageUrl}/index.php?module=Contacts&view=Detail&record=${maria.contactid}`);
    await tab.locator('#xtiger-xero-status').waitFor({ timeout: 15_000 });
    await tab.click('#Contacts_detailView_basicAction_Sync_with_Xero');
    expect(await notifications(tab, 1)).toEqual(['Xero sync done: 1 created, 0 updated, 0 unchanged.']);
    expect(contactNumbers()).toEqual(['CON5']);
    await tab.locator('#xtiger-xero-status[data-xtiger-status="Synced"]').waitFor({ timeout: 15_000 });
    await tab.screenshot({ path: '/tmp/xtiger-widget-synced.png' });
    expect(errors).toEqual([]);
    await tab.close();
  });

  it('"Sync to Xero" in the list view syncs the ticked records, in the user’s language', async () => {
    const products = (await db.knex('vtiger_products').whereIn('productcode', ['WID-001', 'WID-002', 'GAD-100']).orderBy('productid').select('productid', 'productcode')) as Array<{ productid: number; productcode: string }>;
    const tab = await browser.newPage();
    await tab.goto(`${pageUrl}/index.php?module=Products&view=List&lang=ja_jp&ids=${products.map((p) => p.productid).join(',')}`);
    for (const p of products.filter((x) => x.productcode !== 'GAD-100')) await tab.check(`input.listViewEntriesCheckBox[value="${p.productid}"]`);
    await tab.click('#Products_listView_massAction_Sync_to_Xero');
    expect(await notifications(tab, 1)).toEqual(['Xero 同期が完了しました: 作成 2 件、更新 0 件、変更なし 0 件。']);
    expect(itemCodes()).toEqual(['WID-001', 'WID-002']);
    await tab.close();
  });

  it('asks for a selection when nothing is ticked, and sends nothing', async () => {
    const before = sandbox.stats().writes;
    const tab = await browser.newPage();
    await tab.goto(`${pageUrl}/index.php?module=Products&view=List&ids=10,11`);
    await tab.click('#Products_listView_massAction_Sync_to_Xero');
    expect(await notifications(tab, 1)).toEqual(['Select the records to sync with Xero first.']);
    expect(sandbox.stats().writes).toBe(before);
    await tab.close();
  });
});
