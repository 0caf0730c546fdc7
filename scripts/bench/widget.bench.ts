/**
 * `npm run bench -- widget`: what XTiger's widget costs Vtiger's pages.
 *   widget_bundle_gzip_kb    the bundle as shipped in XTiger's zip (minified), gzipped — what a browser downloads once
 *   detail_view_ms_ratio     a Contact's detail view load time (navigation start → load event, median of 9 in
 *                            chromium) with XTiger installed ÷ without it: the same real Vtiger 8.2.0, the same record
 *   detail_view_ms_without / _with   the two medians
 *   detail_view_xtiger_ready_ms      with XTiger: navigation start → the Xero panel drawn (after load: the widget
 *                            works once the page is ready and never holds the page's load)
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildWidgetBundle } from '../zip/widgetBundle.js';
import { closeBrowser, openAs } from '../../server/testing/realVtiger/browser.js';
import { startRealVtiger } from '../../server/testing/realVtiger/index.js';
import { loadConfig } from '../../server/config/config.js';
import { localStackEnv } from '../../server/testing/localStackEnv.js';
import { startTestApp } from '../../server/testing/startTestApp.js';
import { startXeroSandbox } from '../../server/xeroSandbox/index.js';
import { installZips, provideLanguagePackFiles } from '../../widget/test/realVtiger/xtigerStack.js';
import type { BenchFigures } from './results.js';

const RUNS = 9;
// The first pages of a fresh php -S instance are slow (cold caches): generous warm-up before each phase.
const WARM_UP = 6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function loadTimes(page: Page, url: string, afterLoad?: () => Promise<number>): Promise<{ load: number; ready: number[] }> {
  const loads: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    await page.goto(url, { waitUntil: 'load' });
    // Evaluated in the page (a string: this file is type-checked for Node, without the DOM's types).
    const load = (await page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()")) as number;
    const extra = afterLoad ? await afterLoad() : undefined;
    if (i >= WARM_UP) {
      loads.push(load);
      if (extra !== undefined) ready.push(extra);
    }
  }
  return { load: median(loads), ready };
}

export async function run(): Promise<BenchFigures> {
  const bundle = await buildWidgetBundle({ minify: true });
  const widgetBundleGzipKb = Math.round((gzipSync(bundle).length / 1024) * 10) / 10;
  console.log(`bundle: ${Math.round(bundle.length / 1024)} KB minified, ${widgetBundleGzipKb} KB gzipped`);

  const sandbox = await startXeroSandbox();
  const vtiger = await startRealVtiger({ migrate: true });
  try {
    const contact = (await vtiger.database.knex('vtiger_contactdetails').orderBy('contactid').first('contactid')) as { contactid: number };
    const url = `${vtiger.url}index.php?module=Contacts&view=Detail&record=${contact.contactid}`;
    const before = await openAs(vtiger);
    const without = await loadTimes(before.page, url);
    await before.close();
    console.log(`without XTiger: ${without.load.toFixed(0)} ms`);

    await installZips(vtiger);
    await provideLanguagePackFiles(vtiger);
    const config = loadConfig(localStackEnv({ db: vtiger.database, vtigerUrl: vtiger.url.replace(/\/+$/, ''), xeroUrl: sandbox.url }));
    const backend = await startTestApp(vtiger.database, { config });
    await vtiger.database.knex('xtiger_bridge').where({ id: 1 }).update({ backend_url: backend.url });
    try {
      const after = await openAs(vtiger);
      const withXTiger = await loadTimes(after.page, url, async () => {
        await after.page.locator('#xtiger-record-panel[data-xtiger-panel]').waitFor({ timeout: 30_000 });
        return (await after.page.evaluate('performance.now()')) as number;
      });
      await after.close();
      console.log(`with XTiger: ${withXTiger.load.toFixed(0)} ms (panel drawn at ${median(withXTiger.ready).toFixed(0)} ms)`);
      return {
        widget_bundle_gzip_kb: widgetBundleGzipKb,
        detail_view_ms_without: Math.round(without.load),
        detail_view_ms_with: Math.round(withXTiger.load),
        detail_view_ms_ratio: Math.round((withXTiger.load / without.load) * 100) / 100,
        detail_view_xtiger_ready_ms: Math.round(median(withXTiger.ready)),
      };
    } finally {
      await backend.close();
    }
  } finally {
    await closeBrowser();
    await vtiger.stop();
    await sandbox.close();
  }
}
