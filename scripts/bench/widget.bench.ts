/**
 * `npm run bench -- widget`: what XTiger's widget costs Vtiger's pages.
 *   widget_bundle_gzip_kb    the bundle as shipped in XTiger's zip (minified), gzipped — what a browser downloads once
 *   detail_view_ms_ratio     a Contact's detail view load time (navigation start → load event, median of 15 in
 *                            chromium) with XTiger installed ÷ without it: two instances of the same real Vtiger
 *                            8.2.0 tree and sample database (one with the zips installed), the same record, measured
 *                            in alternating turns so both see the same machine
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

const RUNS = 15;
// The first pages of a fresh php -S instance are slow (cold caches): generous warm-up of both before measuring.
const WARM_UP = 6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Side {
  page: Page;
  url: string;
  /** With XTiger: after load, wait for the panel and return when it was drawn (ms since navigation start). */
  afterLoad?: () => Promise<number>;
  loads: number[];
  ready: number[];
}

async function loadOnce(side: Side, keep: boolean): Promise<void> {
  await side.page.goto(side.url, { waitUntil: 'load' });
  // Evaluated in the page (a string: this file is type-checked for Node, without the DOM's types).
  const load = (await side.page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()")) as number;
  const ready = side.afterLoad ? await side.afterLoad() : undefined;
  if (!keep) return;
  side.loads.push(load);
  if (ready !== undefined) side.ready.push(ready);
}

/**
 * The two sides measured in turns (A B, B A, A B, …) rather than one phase after the other: a machine's load, its
 * caches and the php -S workers warming change over minutes, and a phase measured second would get a different
 * machine than the first. Alternating the order each round also cancels "who goes first" effects.
 */
async function interleaved(a: Side, b: Side): Promise<void> {
  for (let i = 0; i < WARM_UP; i++) for (const side of [a, b]) await loadOnce(side, false);
  for (let i = 0; i < RUNS; i++) for (const side of i % 2 === 0 ? [a, b] : [b, a]) await loadOnce(side, true);
}

export async function run(): Promise<BenchFigures> {
  const bundle = await buildWidgetBundle({ minify: true });
  const widgetBundleGzipKb = Math.round((gzipSync(bundle).length / 1024) * 10) / 10;
  console.log(`bundle: ${Math.round(bundle.length / 1024)} KB minified, ${widgetBundleGzipKb} KB gzipped`);

  // Two instances of the same Vtiger 8.2.0 tree and the same sample database, side by side: one without XTiger,
  // one with the zips installed the way an admin does. Same record (the sample's first contact) on both.
  const sandbox = await startXeroSandbox();
  const [plain, withModules] = await Promise.all([startRealVtiger(), startRealVtiger({ migrate: true })]);
  try {
    const contact = (await plain.database.knex('vtiger_contactdetails').orderBy('contactid').first('contactid')) as { contactid: number };
    const path = `index.php?module=Contacts&view=Detail&record=${contact.contactid}`;
    await installZips(withModules);
    await provideLanguagePackFiles(withModules);
    const config = loadConfig(localStackEnv({ db: withModules.database, vtigerUrl: withModules.url.replace(/\/+$/, ''), xeroUrl: sandbox.url }));
    const backend = await startTestApp(withModules.database, { config });
    await withModules.database.knex('xtiger_bridge').where({ id: 1 }).update({ backend_url: backend.url });
    try {
      const before = await openAs(plain);
      const after = await openAs(withModules);
      const without: Side = { page: before.page, url: `${plain.url}${path}`, loads: [], ready: [] };
      const withXTiger: Side = {
        page: after.page,
        url: `${withModules.url}${path}`,
        loads: [],
        ready: [],
        afterLoad: async () => {
          await after.page.locator('#xtiger-record-panel[data-xtiger-panel]').waitFor({ timeout: 30_000 });
          return (await after.page.evaluate('performance.now()')) as number;
        },
      };
      await interleaved(without, withXTiger);
      await before.close();
      await after.close();
      const withoutMs = median(without.loads);
      const withMs = median(withXTiger.loads);
      console.log(`without XTiger: ${withoutMs.toFixed(0)} ms; with XTiger: ${withMs.toFixed(0)} ms (panel drawn at ${median(withXTiger.ready).toFixed(0)} ms); ${RUNS} each, interleaved`);
      return {
        widget_bundle_gzip_kb: widgetBundleGzipKb,
        detail_view_ms_without: Math.round(withoutMs),
        detail_view_ms_with: Math.round(withMs),
        detail_view_ms_ratio: Math.round((withMs / withoutMs) * 100) / 100,
        detail_view_xtiger_ready_ms: Math.round(median(withXTiger.ready)),
      };
    } finally {
      await backend.close();
    }
  } finally {
    await closeBrowser();
    await Promise.all([plain.stop(), withModules.stop()]);
    await sandbox.close();
  }
}
