import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidgetBundle } from '../../scripts/zip/widgetBundle.js';
import { REPO_ROOT } from '../../scripts/zip/modules.js';
import { installXTigerModules } from '../../server/testing/moduleInstaller/installXTigerModules.js';
import { createSampleDatabase, type SampleDatabase } from '../../server/testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../../server/testing/startTestApp.js';
import { readLanguageFile } from '../../vtiger-module/test/php.js';
import { vtigerDetailPage } from './vtigerDetailPage.js';

/**
 * The built widget bundle in Debian's chromium, on a page shaped like a Vtiger 8.2 detail view, against the real
 * backend on the sample database: the badge shows the Xero status stored in Vtiger's tables.
 * Stand-ins for Vtiger's PHP: BridgeToken (signs with the secret in xtiger_bridge, as the PHP action does) and
 * LanguageStrings (serves XTiger's real $jsLanguageStrings, read by php-cli).
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('widget: Xero status badge on a detail view', () => {
  let db: SampleDatabase;
  let backend: TestApp;
  let page: Server;
  let pageUrl: string;
  let browser: Browser;
  let contactId: number;
  let bundle: string;
  const tokenRequests: string[] = [];

  beforeAll(async () => {
    db = await createSampleDatabase({ migrate: true });
    await installXTigerModules(db.knex);
    contactId = ((await db.knex('vtiger_crmentity').where({ setype: 'Contacts', deleted: 0 }).orderBy('crmid').first('crmid')) as { crmid: number }).crmid;
    await db.knex('vtiger_contactscf').where({ contactid: contactId }).update({
      xt_allow_sync: '1', xt_xero_id: 'c0ffee00-1111-4222-8333-444455556666', xt_sync_status: 'Synced', xt_last_sync: '2026-03-04 05:06:07',
    });
    bundle = await buildWidgetBundle({ minify: false });
    const jquery = await readFile(path.join(REPO_ROOT, 'node_modules/jquery/dist/jquery.min.js'));

    page = createServer((req, res) => void servePage(req, res, jquery).catch((e: unknown) => res.writeHead(500).end(String(e))));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    backend = await startTestApp(db, { config: { VTIGER_URL: pageUrl } });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => page?.close(r));
    await backend?.close();
    await db?.drop();
  });

  async function servePage(req: IncomingMessage, res: ServerResponse, jquery: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://page');
    if (url.pathname === '/libraries/jquery/jquery.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(jquery);
    } else if (url.pathname === '/layouts/v7/modules/XTiger/resources/xtiger.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (url.pathname === '/index.php' && req.method === 'GET') {
      const html = vtigerDetailPage({ module: url.searchParams.get('module') ?? '', recordId: Number(url.searchParams.get('record')), language: url.searchParams.get('lang') ?? 'en_us' });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === '/index.php' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const form = new URLSearchParams(body);
      const language = new URL(req.headers.referer ?? 'http://page/').searchParams.get('lang') ?? 'en_us';
      const json = (result: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, result }));
      if (form.get('module') === 'XTiger' && form.get('action') === 'BridgeToken') {
        tokenRequests.push(language);
        const token = await backend.tokenFor({ userId: 1, isAdmin: true, language });
        json({ token, expiresAt: Math.floor(Date.now() / 1000) + 300, backendUrl: backend.url });
      } else if (form.get('module') === 'XTiger' && form.get('action') === 'LanguageStrings') {
        json((await readLanguageFile(path.join(REPO_ROOT, `vtiger-module/XTiger/languages/${language}/XTiger.php`))).jsLanguageStrings);
      } else {
        res.writeHead(404).end();
      }
    } else {
      res.writeHead(404).end();
    }
  }

  it('shows the status stored in the database, with the Xero id and last sync on hover', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${pageUrl}/index.php?module=Contacts&view=Detail&record=${contactId}`);
    const badge = tab.locator('#xtiger-xero-status[data-xtiger-status="Synced"]');
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.innerText()).toBe('Xero: Synced');
    expect(await badge.getAttribute('title')).toContain('Xero ID: c0ffee00-1111-4222-8333-444455556666');
    expect(await tab.locator('.detailViewButtoncontainer > #xtiger-xero-status').count()).toBe(1);
    await tab.screenshot({ path: '/tmp/xtiger-widget-badge.png' });
    expect(errors).toEqual([]);
    await tab.close();
  });

  it('speaks the user’s language and offers the sync actions', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${pageUrl}/index.php?module=Contacts&view=Detail&record=${contactId}&lang=ja_jp`);
    const badge = tab.locator('#xtiger-xero-status[data-xtiger-status="Synced"]');
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.innerText()).toBe('Xero: 同期済み');
    expect(await tab.evaluate(() => typeof (window as unknown as { XTiger: { massSync: unknown; syncRecord: unknown } }).XTiger.syncRecord)).toBe('function');
    expect(await tab.evaluate(() => typeof (window as unknown as { XTiger: { massSync: unknown } }).XTiger.massSync)).toBe('function');
    await tab.close();
  });

  it('shows a never-synced record as not synced, and changes when the database does', async () => {
    const other = ((await db.knex('vtiger_crmentity').where({ setype: 'Contacts', deleted: 0 }).where('crmid', '>', contactId).orderBy('crmid').first('crmid')) as { crmid: number }).crmid;
    const tab = await browser.newPage();
    await tab.goto(`${pageUrl}/index.php?module=Contacts&view=Detail&record=${other}`);
    await tab.locator('#xtiger-xero-status[data-xtiger-status="off"]').waitFor({ timeout: 15_000 });
    expect(await tab.locator('#xtiger-xero-status').innerText()).toBe('Xero: Sync off');
    await db.knex('vtiger_contactscf').where({ contactid: other }).update({ xt_allow_sync: '1', xt_sync_status: 'Failed' });
    await tab.reload();
    await tab.locator('#xtiger-xero-status[data-xtiger-status="Failed"]').waitFor({ timeout: 15_000 });
    expect(await tab.locator('#xtiger-xero-status').innerText()).toBe('Xero: Sync failed');
    await tab.close();
  });
});
