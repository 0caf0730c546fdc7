/**
 * Initial push of 10,000 Contacts (without organization: each its own Xero contact) and 2,000 Products, made by
 * SQL in a scratch copy of the sample database with XTiger's modules installed, through the Xero sandbox at
 * Xero's limits (60 calls/min, 5 concurrent, 5,000/day) on a virtual clock, and the Vtiger webservice double.
 * Then a run with nothing changed.
 *
 * Targets: sync_xero_calls_per_1000_records ≤ 22, sync_simulated_minutes ≈ 4 (floor: 240 writes at 60/min),
 * sync_peak_rss_mb < 400, sync_noop_xero_calls ≤ 1 per module pair, sync_noop_seconds < 2.
 * The sandbox's contract check is off here (it validates every body against Xero's OpenAPI file, which is the
 * tests' job and would dominate the CPU figure); the sandbox still runs in this process, so its CPU counts.
 */
import { runSync } from '../../server/sync/run/runSync.js';
import { SYNC_PAIRS } from '../../server/sync/types.js';
import { generateContacts, generateProducts } from '../../server/sync/run/testing/generateRecords.js';
import { startSyncHarness } from '../../server/sync/run/testing/syncHarness.js';
import { createSampleDatabase } from '../../server/testing/sampleDatabase.js';
import { createVtigerWebserviceClient } from '../../server/vtiger/webservice/index.js';
import { peakRssMb, type BenchFigures } from './results.js';

const CONTACTS = 10_000;
const PRODUCTS = 2_000;
/** Webservice revise calls timed to price a per-record write-back through the webservice. */
const REVISE_SAMPLE = 200;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 1e4) / 100;
}

export async function run(): Promise<BenchFigures> {
  const db = await createSampleDatabase({ migrate: true, installModules: true });
  const h = await startSyncHarness({ db, contract: 'off' });
  try {
    await generateContacts(db.knex, CONTACTS);
    await generateProducts(db.knex, PRODUCTS);
    const records = CONTACTS + PRODUCTS + 13; // + the sample's 3 organizations, 5 contacts, 4 products, 1 service
    console.log(`generated ${CONTACTS} contacts and ${PRODUCTS} products (${records} records to push)`);

    const cpu0 = process.cpuUsage();
    const wall0 = Date.now();
    const sim0 = h.clock.now();
    const first = await runSync(await h.deps(), { trigger: 'scheduled', modules: [...SYNC_PAIRS] });
    const firstWallS = (Date.now() - wall0) / 1000;
    const firstCpu = cpuSeconds(cpu0);
    const simMinutes = (h.clock.now() - sim0) / 60_000;
    const afterFirst = h.sandbox.stats();
    const failed = Object.values(first.pairs).reduce((n, c) => n + c.failed, 0);
    const created = Object.values(first.pairs).reduce((n, c) => n + c.created, 0);
    if (failed > 0 || created !== records) throw new Error(`initial push: ${created} created, ${failed} failed (expected ${records} created)`);
    const inXero = h.sandbox.org(h.tenantId);
    if (inXero.contacts.all().length !== CONTACTS + 4 || inXero.items.all().length !== PRODUCTS + 5) throw new Error('Xero does not hold every record exactly once');
    console.log(`initial push: ${afterFirst.calls} Xero calls ${JSON.stringify(afterFirst.byOperation)}, ${simMinutes.toFixed(1)} simulated min, ${firstWallS.toFixed(1)} s wall, ${firstCpu} s CPU`);

    // The next scheduled run, 15 minutes later, with nothing changed.
    h.clock.advance(15 * 60_000);
    const wsBefore = h.double.calls.length;
    const cpu1 = process.cpuUsage();
    const wall1 = Date.now();
    const noop = await runSync(await h.deps(), { trigger: 'scheduled', modules: [...SYNC_PAIRS] });
    const noopS = (Date.now() - wall1) / 1000;
    const noopCalls = h.sandbox.stats().calls - afterFirst.calls;
    const noopWrites = h.sandbox.stats().writes - afterFirst.writes;
    const noopVtigerWrites = h.double.calls.slice(wsBefore).filter((c) => ['create', 'update', 'revise', 'delete'].includes(c.operation)).length;
    if (noopWrites !== 0 || noopVtigerWrites !== 0) throw new Error(`no-op run wrote ${noopWrites} Xero records and made ${noopVtigerWrites} Vtiger writes`);
    console.log(`no-op run: ${noopCalls} Xero calls, ${noopS.toFixed(2)} s wall, ${cpuSeconds(cpu1)} s CPU, pairs ${JSON.stringify(noop.pairs)}`);

    // And the run after that: the steady state of a schedule with nothing to do.
    h.clock.advance(15 * 60_000);
    const beforeSteady = h.sandbox.stats().calls;
    await runSync(await h.deps(), { trigger: 'scheduled', modules: [...SYNC_PAIRS] });
    const steadyCalls = h.sandbox.stats().calls - beforeSteady;
    console.log(`steady no-op run: ${steadyCalls} Xero calls`);

    // What writing the Xero Information block back through the webservice would cost: one revise per record.
    const ws = await createVtigerWebserviceClient({ knex: db.knex, url: h.double.url, userName: 'admin' });
    const ids = ((await db.knex('vtiger_contactdetails').where('firstname', 'Gen').orderBy('contactid').limit(REVISE_SAMPLE).select('contactid')) as Array<{ contactid: number }>).map((r) => r.contactid);
    const rev0 = Date.now();
    for (const id of ids) await ws.revise({ id: `12x${id}`, cf_xt_allow_sync: '1' });
    const reviseMs = (Date.now() - rev0) / ids.length;
    console.log(`webservice revise: ${reviseMs.toFixed(1)} ms per record → ${((reviseMs * records) / 60_000).toFixed(1)} min for the whole push`);

    return {
      sync_records_pushed: records,
      sync_contacts_layout: 'contacts without organization (each its own Xero contact)',
      sync_xero_calls: afterFirst.calls,
      sync_xero_calls_per_1000_records: Math.round((afterFirst.calls / records) * 1000 * 100) / 100,
      sync_xero_calls_by_operation: afterFirst.byOperation,
      sync_simulated_minutes: Math.round(simMinutes * 100) / 100,
      sync_wall_seconds: Math.round(firstWallS * 10) / 10,
      sync_cpu_seconds: firstCpu,
      sync_peak_rss_mb: await peakRssMb(),
      sync_noop_xero_calls: noopCalls,
      sync_noop_xero_calls_per_pair: Math.round((noopCalls / 4) * 100) / 100,
      sync_noop_seconds: Math.round(noopS * 100) / 100,
      sync_noop_steady_xero_calls: steadyCalls,
      sync_writeback_sql_statements_per_batch: 1,
      sync_ws_revise_ms_per_record: Math.round(reviseMs * 10) / 10,
      sync_ws_writeback_minutes_estimate: Math.round(((reviseMs * records) / 60_000) * 10) / 10,
    };
  } finally {
    await h.close();
    await db.drop();
  }
}
