/**
 * `npm run bench -- vtiger-write`: how fast XTiger writes records that come from Xero into a REAL Vtiger 8.2.0
 * (the test harness, server/testing/realVtiger: php -S with 4 workers on this machine), side by side with the
 * raw webservice doing the same writes.
 *
 * 1. vtiger_ws_up_cold_seconds / vtiger_ws_up_warm_seconds: the harness started with an empty tree cache, then warm.
 * 2. XTiger's write-back: RECORDS new Xero contacts (sandbox) synced to Vtiger by `runSync` (contacts,
 *    Xero → Vtiger), then the same contacts changed in Xero and synced again (one revise each) — with the
 *    default pool of 4 webservice sessions, and again with 1 session (the serial figure). The whole run is timed
 *    (Xero read, planning, links and XTLog included), not only the webservice calls.
 * 3. The raw webservice: the very create and revise requests XTiger sent (captured on the wire) sent again with
 *    plain calls at 1, 2, 4 and 8 sessions; its best is the yardstick.
 *
 * vtiger_ws_write_efficiency = XTiger's writes per second / the raw webservice's best (creates and revises
 * together: 2 × RECORDS writes over the summed seconds). Goal ≥ 0.9. XTiger creates records of one module one at a
 * time (parallel creates of one module get duplicate record numbers in Vtiger 8.2: counted here for both), so
 * vtiger_ws_write_efficiency_safe compares with the raw webservice kept to that rule (creates on 1 session,
 * revises at their best).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runSync } from '../../server/sync/run/runSync.js';
import { sandboxXeroApi } from '../../server/sync/run/testing/syncHarness.js';
import { startRealVtiger, type RealVtiger } from '../../server/testing/realVtiger/index.js';
import { createVtigerWebserviceClient } from '../../server/vtiger/webservice/index.js';
import { realClock, startXeroSandbox, type XeroSandbox } from '../../server/xeroSandbox/index.js';
import { rawLogins, rawWrites, type RawCall } from './rawWebservice.js';
import type { BenchFigures } from './results.js';

const exec = promisify(execFile);
const RECORDS = 96;
const RAW_LEVELS = [1, 2, 4, 8];

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A start with an empty tree cache, in a child process (the harness reads its cache folder once, when loaded). */
async function coldStartSeconds(): Promise<number> {
  const cache = await mkdtemp(path.join(os.tmpdir(), 'xtiger-vtiger-cold-'));
  try {
    const script = fileURLToPath(new URL('./vtigerColdStart.ts', import.meta.url));
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, XTIGER_VTIGER_CACHE: cache }, maxBuffer: 1 << 20 });
    const last = stdout.trim().split('\n').pop() ?? '';
    return (JSON.parse(last) as { seconds: number }).seconds;
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}

/**
 * The harness logs every PHP error, and Vtiger 8.2 on PHP 8.2 logs ~650 KB of its own deprecations per request
 * (compile-time deprecations of its libraries, before config.inc.php can lower error_reporting): a production
 * Vtiger (error_reporting 0) writes none of that, and the log grows too big to read back. For the measurement the
 * instance's PHP error log goes to /dev/null; what the writes did is checked by their answers and counts instead.
 */
async function silencePhpErrorLog(vtiger: RealVtiger): Promise<void> {
  const log = path.join(path.dirname(vtiger.root), 'php-errors.log');
  await rm(log, { force: true });
  await symlink('/dev/null', log);
}

function seedXeroContacts(sandbox: XeroSandbox, tag: string): string[] {
  const org = sandbox.org(sandbox.demoTenantId);
  return Array.from({ length: RECORDS }, (_, i) => {
    const first = `Bench${tag}`;
    const last = `Person${String(i).padStart(3, '0')}`;
    return org.contacts.add({
      Name: `${first} ${last}`,
      FirstName: first,
      LastName: last,
      EmailAddress: `${first}.${last}@example.com`.toLowerCase(),
      Phones: [{ PhoneType: 'DEFAULT', PhoneCountryCode: '1', PhoneAreaCode: '555', PhoneNumber: String(1000 + i) }],
      Addresses: [{ AddressType: 'POBOX', AddressLine1: `${i} Bench Street`, City: 'Springfield', PostalCode: '62701', Country: 'USA' }],
    }).ContactID;
  });
}

function changeXeroContacts(sandbox: XeroSandbox, ids: string[]): void {
  const org = sandbox.org(sandbox.demoTenantId);
  ids.forEach((id, i) => org.contacts.add({ ContactID: id, Phones: [{ PhoneType: 'DEFAULT', PhoneCountryCode: '1', PhoneAreaCode: '555', PhoneNumber: String(5000 + i) }] }));
}

/** One XTiger sync of contacts, Xero → Vtiger, through a client with `sessions`; the writes it sent are captured. */
async function xtigerRun(vtiger: RealVtiger, sandbox: XeroSandbox, sessions: number, expect: 'created' | 'updated'): Promise<{ seconds: number; calls: RawCall[] }> {
  const calls: RawCall[] = [];
  const capture: typeof fetch = (input, init) => {
    const params = Object.fromEntries(new URLSearchParams(typeof init?.body === 'string' ? init.body : ''));
    if (params['operation'] === 'create' || params['operation'] === 'revise') {
      const { operation, sessionName: _s, ...rest } = params;
      calls.push({ operation, params: rest });
    }
    return globalThis.fetch(input, init);
  };
  const client = await createVtigerWebserviceClient({ knex: vtiger.database.knex, url: vtiger.url, userName: 'admin', sessions, fetch: capture });
  const t = performance.now();
  const summary = await runSync(
    { knex: vtiger.database.knex, xero: sandboxXeroApi(sandbox, realClock), vtiger: client, clock: realClock, options: { vtigerSettleSeconds: 0 } },
    { trigger: 'instant', modules: ['contacts'], direction: 'toVtiger' },
  );
  const seconds = (performance.now() - t) / 1000;
  const counts = summary.pairs.contacts;
  if (!counts || counts[expect] !== RECORDS || counts.failed > 0) throw new Error(`XTiger run (${sessions} sessions): ${JSON.stringify(counts)}, expected ${RECORDS} ${expect}`);
  return { seconds, calls };
}

export async function run(): Promise<BenchFigures> {
  const coldS = await coldStartSeconds();
  console.log(`cold start ${coldS.toFixed(1)} s`);
  const t = performance.now();
  const vtiger = await startRealVtiger({ installModules: true, migrate: true });
  const warmS = (performance.now() - t) / 1000;
  await silencePhpErrorLog(vtiger);
  console.log(`warm start ${warmS.toFixed(1)} s ${JSON.stringify(vtiger.timings)}`);
  const sandbox = await startXeroSandbox({ clock: realClock, contract: 'off' });
  try {
    // XTiger, 4 sessions (the default) and 1 session (serial)
    const pooledIds = seedXeroContacts(sandbox, 'Pool');
    const pooledCreate = await xtigerRun(vtiger, sandbox, 4, 'created');
    const serialIds = seedXeroContacts(sandbox, 'Serial');
    const serialCreate = await xtigerRun(vtiger, sandbox, 1, 'created');
    changeXeroContacts(sandbox, pooledIds);
    const pooledRevise = await xtigerRun(vtiger, sandbox, 4, 'updated');
    changeXeroContacts(sandbox, serialIds);
    const serialRevise = await xtigerRun(vtiger, sandbox, 1, 'updated');
    console.log(`XTiger 4 sessions: ${RECORDS} creates ${pooledCreate.seconds.toFixed(2)} s, ${RECORDS} revises ${pooledRevise.seconds.toFixed(2)} s`);
    console.log(`XTiger 1 session:  ${RECORDS} creates ${serialCreate.seconds.toFixed(2)} s, ${RECORDS} revises ${serialRevise.seconds.toFixed(2)} s`);
    const creates = pooledCreate.calls.filter((c) => c.operation === 'create');
    const revises = pooledRevise.calls.filter((c) => c.operation === 'revise');
    if (creates.length !== RECORDS || revises.length !== RECORDS) throw new Error(`captured ${creates.length} creates and ${revises.length} revises, expected ${RECORDS} each`);

    const lastXtigerCrmid = Number(((await vtiger.database.knex('vtiger_crmentity').max('crmid as m')) as Array<{ m: number }>)[0]?.m);

    // The raw webservice, the same requests
    const raw: Record<string, number> = {};
    let best = { sessions: 0, perS: 0 };
    let serialCreatesS = 0;
    let bestRevisesS = Number.POSITIVE_INFINITY;
    for (const level of RAW_LEVELS) {
      const sessions = await rawLogins(vtiger.url, 'admin', vtiger.adminAccessKey, level);
      const c = await rawWrites(vtiger.url, sessions, creates);
      const r = await rawWrites(vtiger.url, sessions, revises);
      if (c.failures.length + r.failures.length > 0) throw new Error(`raw writes failed: ${[...c.failures, ...r.failures].slice(0, 3).join('; ')}`);
      const perS = (2 * RECORDS) / (c.seconds + r.seconds);
      raw[`${level}`] = round(perS, 1);
      console.log(`raw ${level} session(s): creates ${(RECORDS / c.seconds).toFixed(1)}/s, revises ${(RECORDS / r.seconds).toFixed(1)}/s, together ${perS.toFixed(1)}/s`);
      if (perS > best.perS) best = { sessions: level, perS };
      if (level === 1) serialCreatesS = c.seconds;
      bestRevisesS = Math.min(bestRevisesS, r.seconds);
    }
    const xtigerPerS = (2 * RECORDS) / (pooledCreate.seconds + pooledRevise.seconds);
    const serialPerS = (2 * RECORDS) / (serialCreate.seconds + serialRevise.seconds);
    const safePerS = (2 * RECORDS) / (serialCreatesS + bestRevisesS);
    // Record numbers handed out twice (Vtiger numbers without a lock: parallel creates of one module can collide).
    const duplicates = async (from: number, to: number) =>
      ((await vtiger.database.knex('vtiger_contactdetails').whereBetween('contactid', [from, to]).select('contact_no').groupBy('contact_no').havingRaw('COUNT(*) > 1')) as unknown[]).length;
    return {
      // The test Vtiger's start in this run (npm run bench -- vtiger-up has the medians as vtiger_up_*).
      vtiger_ws_up_cold_seconds: round(coldS, 1),
      vtiger_ws_up_warm_seconds: round(warmS, 1),
      vtiger_ws_write_records: RECORDS,
      vtiger_ws_raw_writes_per_s: round(best.perS, 1),
      vtiger_ws_raw_best_sessions: best.sessions,
      vtiger_ws_raw_writes_per_s_by_sessions: raw,
      vtiger_ws_raw_serial_writes_per_s: raw['1'] ?? 0,
      vtiger_ws_writes_per_s: round(xtigerPerS, 1),
      vtiger_ws_write_efficiency: round(xtigerPerS / best.perS, 2),
      // The raw webservice without duplicate record numbers: creates one at a time, revises at their best.
      vtiger_ws_raw_safe_writes_per_s: round(safePerS, 1),
      vtiger_ws_write_efficiency_safe: round(xtigerPerS / safePerS, 2),
      vtiger_ws_serial_writes_per_s: round(serialPerS, 1),
      vtiger_ws_ms_per_record: round(1000 / xtigerPerS, 1),
      vtiger_ws_serial_ms_per_record: round(1000 / serialPerS, 1),
      vtiger_ws_creates_per_s: round(RECORDS / pooledCreate.seconds, 1),
      vtiger_ws_revises_per_s: round(RECORDS / pooledRevise.seconds, 1),
      vtiger_ws_duplicate_record_numbers: await duplicates(0, lastXtigerCrmid),
      vtiger_ws_raw_duplicate_record_numbers: await duplicates(lastXtigerCrmid + 1, Number.MAX_SAFE_INTEGER),
    };
  } finally {
    await sandbox.close();
    await vtiger.stop();
  }
}
