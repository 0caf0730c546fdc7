/**
 * XTLog write throughput: a sync writes one log row per record, in batches (one transaction, one crmid range and
 * one run of record numbers per batch). Scratch sample database with the modules installed, dropped after.
 * Target: xtlog_records_per_s ≥ 2,000.
 */
import { createSampleDatabase } from '../../server/testing/sampleDatabase.js';
import { writeXTLogEntries, type XTLogEntry } from '../../server/vtiger/ownModules/xtLog.js';
import { peakRssMb, type BenchFigures } from './results.js';

const RECORDS = 20_000;
const BATCH = 1000;

export async function run(): Promise<BenchFigures> {
  const db = await createSampleDatabase({ installModules: true });
  try {
    const [[contact]] = (await db.knex.raw("SELECT crmid FROM vtiger_crmentity WHERE setype = 'Contacts' AND deleted = 0 LIMIT 1")) as [[{ crmid: number }]];
    const entry = (i: number): XTLogEntry => ({
      module: 'Contacts', relatedTo: contact.crmid, xeroId: `0f6c1b7e-0000-4000-8000-${String(i).padStart(12, '0')}`, direction: 'Vtiger to Xero',
      action: 'Update', status: i % 50 === 0 ? 'Failed' : 'Success', message: `Contact ${i} pushed to Xero (bench)`, runId: 'bench-run',
      trigger: 'Scheduled', emailStatus: 'Not required', startedAt: new Date(), finishedAt: new Date(), ownerId: 1,
    });
    await writeXTLogEntries(db.knex, [entry(-1)]); // warm-up: module metadata, connection pool
    const started = process.hrtime.bigint();
    for (let i = 0; i < RECORDS; i += BATCH) {
      await writeXTLogEntries(db.knex, Array.from({ length: BATCH }, (_, j) => entry(i + j)), { actingUserId: 1 });
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const [[count]] = (await db.knex.raw("SELECT COUNT(*) AS n FROM vtiger_xtlog WHERE xtl_run_id = 'bench-run'")) as [[{ n: number }]];
    if (Number(count.n) !== RECORDS + 1) throw new Error(`expected ${RECORDS + 1} log rows, found ${count.n}`);
    const perSecond = Math.round((RECORDS / ms) * 1000);
    console.log(`${RECORDS} XTLog records in batches of ${BATCH}: ${Math.round(ms)} ms, ${perSecond} records/s`);
    return {
      xtlog_records_per_s: perSecond,
      xtlog_batch_size: BATCH,
      xtlog_records_written: RECORDS,
      xtlog_write_ms: Math.round(ms),
      xtlog_peak_rss_mb: await peakRssMb(),
    };
  } finally {
    await db.drop();
  }
}
