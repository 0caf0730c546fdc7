/**
 * `npm run bench -- vtiger-up`: how long the real Vtiger 8.2.0 of the tests takes to come up
 * (server/testing/realVtiger), from `startRealVtiger()` to a logged-in Contacts list page.
 * - vtiger_up_cold_seconds: with no prepared tree (a fresh cache folder: unpack the tarball, write the bundled
 *   packages' files), the sample database template already loaded (every test run loads it once anyway);
 * - vtiger_up_seconds: warm, the median of three starts (copy the tree, clone the database, meta files, php -S);
 * - vtiger_login_list_seconds: login through the form plus the Contacts list, warm (median);
 * - vtiger_stop_seconds: stop() (server, database drop, folder), median.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchFigures } from './results.js';

const WARM_RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round = (s: number) => Math.round(s * 100) / 100;

export async function run(): Promise<BenchFigures> {
  const cache = await mkdtemp(path.join(os.tmpdir(), 'xtiger-vtiger-bench-'));
  process.env['XTIGER_VTIGER_CACHE'] = cache;
  const { startRealVtiger } = await import('../../server/testing/realVtiger/index.js');
  const { ensureSampleTemplate } = await import('../../server/testing/sampleDatabase.js');
  await ensureSampleTemplate();
  try {
    const ups: number[] = [];
    const pages: number[] = [];
    const stops: number[] = [];
    for (let i = 0; i <= WARM_RUNS; i++) {
      let t = performance.now();
      const vtiger = await startRealVtiger();
      const up = (performance.now() - t) / 1000;
      t = performance.now();
      const session = await vtiger.login();
      const list = await session.get({ module: 'Contacts', view: 'List' });
      if (list.status !== 200 || !list.body.includes('Smith')) throw new Error(`Contacts list answered ${list.status}`);
      const page = (performance.now() - t) / 1000;
      t = performance.now();
      await vtiger.stop();
      const stop = (performance.now() - t) / 1000;
      console.log(`${i === 0 ? 'cold' : 'warm'} start ${up.toFixed(2)} s ${JSON.stringify(vtiger.timings)}, login + list ${page.toFixed(2)} s, stop ${stop.toFixed(2)} s`);
      if (i === 0) ups.unshift(up);
      else {
        ups.push(up);
        pages.push(page);
        stops.push(stop);
      }
    }
    const [cold, ...warm] = ups;
    return {
      vtiger_up_cold_seconds: round(cold ?? Number.NaN),
      vtiger_up_seconds: round(median(warm)),
      vtiger_login_list_seconds: round(median(pages)),
      vtiger_stop_seconds: round(median(stops)),
    };
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}
