/**
 * Run as a child process by vtiger-write.bench.ts: starts and stops the test Vtiger once with the tree cache in
 * XTIGER_VTIGER_CACHE (an empty folder: a cold start), and prints the seconds the start took as JSON.
 * A process of its own because the harness reads the cache folder once, when it is loaded.
 */
import { startRealVtiger } from '../../server/testing/realVtiger/index.js';

const t = performance.now();
const vtiger = await startRealVtiger();
const seconds = (performance.now() - t) / 1000;
await vtiger.stop();
console.log(JSON.stringify({ seconds, timings: vtiger.timings }));
process.exit(0);
