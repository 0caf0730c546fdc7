/**
 * `npm run bench -- xero`: 5,000 contacts pushed through XeroAccountingApi and its rate governor into the Xero
 * sandbox, which enforces Xero's limits (60 calls a minute, 5 at once, 5,000 a day) on a virtual clock shared
 * with the governor — so the simulated minutes are what the same push would take against Xero.
 *   xero_calls_per_1000_contacts_created  (target ≤ 21: batches of 50)
 *   xero_429_seen_by_caller               (target 0)
 *   xero_simulated_minutes_for_5000_contacts (100 calls; ≈ 1.0 when the first minute's 60 calls go at once,
 *     the next 40 when the window resets; 1.7 if paced evenly)
 */
import { randomBytes } from 'node:crypto';
import { isXTigerError } from '../../server/errors/XTigerError.js';
import { XeroAccountingApi } from '../../server/xero/api/XeroAccountingApi.js';
import { XeroRateGovernor, XERO_LIMITS } from '../../server/xero/api/XeroRateGovernor.js';
import { createVirtualClock, startXeroSandbox } from '../../server/xeroSandbox/index.js';
import { peakRssMb, type BenchFigures } from './results.js';

const CONTACTS = 5000;

export async function run(): Promise<BenchFigures> {
  const clock = createVirtualClock();
  const sandbox = await startXeroSandbox({ clock, limits: { perMinute: 60, concurrent: 5, perDay: 5000 } });
  try {
    const issued = sandbox.issueTokenSet();
    const api = new XeroAccountingApi({
      apiUrl: sandbox.url,
      clock,
      governor: new XeroRateGovernor(clock, XERO_LIMITS, 'XTiger Demo Company'),
      tenantId: sandbox.demoTenantId,
      organisation: 'XTiger Demo Company',
      tokens: { accessToken: async () => issued.access_token, renewAfterRejection: async () => issued.access_token },
    });
    const run = randomBytes(3).toString('hex');
    const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
      name: `Bench ${run} ${i}`,
      contactNumber: `BN${run}-${i}`,
      emailAddress: `bench${i}@example.com`,
      firstName: 'Bench',
      lastName: String(i),
    }));
    // Five units of work (as five sync jobs would) share the organisation's governor, 1,000 contacts each.
    let rateLimitedSeen = 0;
    let otherErrors = 0;
    let created = 0;
    let calls = 0;
    const t0 = clock.now();
    const real0 = performance.now();
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (unit) => {
        try {
          const result = await api.createContacts(contacts.slice(unit * 1000, (unit + 1) * 1000));
          created += result.succeeded.length;
          calls += result.calls;
          if (result.failed.length > 0) console.log(`  ${result.failed.length} elements failed, first: ${result.failed[0]?.message ?? ''}`);
        } catch (err) {
          if (isXTigerError(err, 'XERO_RATE_LIMITED')) rateLimitedSeen += 1;
          else otherErrors += 1;
          console.log(`  unit ${unit} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    );
    const simulatedMinutes = (clock.now() - t0) / 60_000;
    const stats = sandbox.stats();
    const violations = sandbox.contractViolations().length;
    console.log(`  ${created} created in ${calls} calls; sandbox saw ${stats.calls} calls, ${stats.rejected429} answered 429, peak ${stats.peakPerMinute}/min, ${stats.peakConcurrent} at once; ${violations} contract violations`);
    return {
      xero_calls_per_1000_contacts_created: Math.round((stats.calls / (created / 1000)) * 100) / 100,
      xero_429_seen_by_caller: rateLimitedSeen,
      xero_simulated_minutes_for_5000_contacts: Math.round(simulatedMinutes * 100) / 100,
      xero_429_answered_by_sandbox: stats.rejected429,
      xero_peak_calls_per_minute: stats.peakPerMinute,
      xero_contacts_created: created,
      xero_contract_violations: violations,
      xero_bench_other_errors: otherErrors,
      xero_bench_real_seconds: Math.round((performance.now() - real0) / 100) / 10,
      xero_bench_peak_rss_mb: await peakRssMb(),
    };
  } finally {
    await sandbox.close();
  }
}
