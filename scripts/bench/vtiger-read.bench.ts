/**
 * `npm run bench -- vtiger-read`: how fast the Vtiger reader scans a large module.
 *
 * Generates 100,000 synthetic contacts by SQL in a scratch copy of the sample database (the same six tables a
 * Contact create writes: crmentity, contactdetails, contactaddress, contactsubdetails, contactscf,
 * customerdetails; 1 in 50 deleted; three records per modifiedtime second), then measures
 * - vtiger_read_records_per_s: a full change-feed scan of all contacts, reading every page's typed records;
 * - vtiger_read_peak_rss_mb: the process's peak resident memory (the scan must stay bounded);
 * - vtiger_read_empty_incremental_ms: an incremental scan from the latest checkpoint that finds nothing (median of 7).
 * Targets: ≥ 20,000 records/s, < 300 MB, < 50 ms. The scratch database is dropped at the end.
 */
import type { Knex } from 'knex';
import { createSampleDatabase } from '../../server/testing/sampleDatabase.js';
import { readChanges, type ChangeCheckpoint } from '../../server/vtiger/changes/changeFeed.js';
import { readChangedRecords } from '../../server/vtiger/changes/changedRecords.js';
import { peakRssMb, type BenchFigures } from './results.js';

const CONTACTS = 100_000;
const FIRST_ID = 1000;
const PAGE_SIZE = 1000;

export async function generateContacts(knex: Knex, count: number): Promise<void> {
  await knex.raw('CREATE TEMPORARY TABLE xt_digits (d INT NOT NULL PRIMARY KEY)');
  await knex.raw('INSERT INTO xt_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)');
  // n = 1 … count from the cross product of five digit tables; stored once so each INSERT … SELECT reuses it.
  await knex.raw('CREATE TABLE xt_bench_numbers (n INT NOT NULL PRIMARY KEY)');
  await knex.raw(
    `INSERT INTO xt_bench_numbers SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 1 AS n
     FROM xt_digits a, xt_digits b, xt_digits c, xt_digits e, xt_digits f HAVING n <= ?`,
    [count],
  );
  await knex.raw(
    `INSERT INTO vtiger_crmentity (crmid, smcreatorid, smownerid, modifiedby, setype, description, createdtime, modifiedtime, presence, deleted, source, label)
     SELECT ? + n, 1, 1, 1, 'Contacts', CONCAT('Synthetic contact ', n, '\nsecond line'),
            '2026-01-01 00:00:00' + INTERVAL (n DIV 3) SECOND, '2026-01-01 00:00:00' + INTERVAL (n DIV 3) SECOND,
            1, IF(n % 50 = 0, 1, 0), 'CRM', CONCAT('Jürgen Müller ', n)
     FROM xt_bench_numbers`,
    [FIRST_ID],
  );
  await knex.raw(
    `INSERT INTO vtiger_contactdetails (contactid, contact_no, accountid, salutation, firstname, lastname, email, phone, mobile, title, department, emailoptout, donotcall)
     SELECT ? + n, CONCAT('CONB', n), 2 + n % 3, 'Mr.', 'Jürgen', CONCAT('Müller ', n), CONCAT('juergen', n, '@example.de'),
            '+49 30 1234567', '+49 170 1234567', 'Geschäftsführer', 'Sales', IF(n % 7 = 0, '1', '0'), '0'
     FROM xt_bench_numbers`,
    [FIRST_ID],
  );
  await knex.raw(
    `INSERT INTO vtiger_contactaddress (contactaddressid, mailingstreet, mailingcity, mailingzip, mailingcountry, otherstreet, othercity)
     SELECT ? + n, CONCAT('Friedrichstraße ', n, '\nHinterhaus'), 'Berlin', '10117', 'Germany', '', '' FROM xt_bench_numbers`,
    [FIRST_ID],
  );
  await knex.raw(`INSERT INTO vtiger_contactsubdetails (contactsubscriptionid, homephone, otherphone, leadsource) SELECT ? + n, '', '', 'Web Site' FROM xt_bench_numbers`, [FIRST_ID]);
  await knex.raw('INSERT INTO vtiger_contactscf (contactid) SELECT ? + n FROM xt_bench_numbers', [FIRST_ID]);
  await knex.raw(`INSERT INTO vtiger_customerdetails (customerid, portal) SELECT ? + n, '0' FROM xt_bench_numbers`, [FIRST_ID]);
  await knex('vtiger_crmentity_seq').update({ id: FIRST_ID + count });
  await knex.raw('DROP TABLE xt_bench_numbers');
  await knex.raw('ANALYZE TABLE vtiger_crmentity, vtiger_contactdetails, vtiger_contactaddress, vtiger_contactsubdetails, vtiger_contactscf, vtiger_customerdetails');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function run(): Promise<BenchFigures> {
  // migrated like a real install: XTiger's change index on vtiger_crmentity (server/db/migrations/0006_…)
  const db = await createSampleDatabase({ migrate: true });
  try {
    const knex = db.knex;
    let started = performance.now();
    await generateContacts(knex, CONTACTS);
    console.log(`generated ${CONTACTS} contacts in ${Math.round(performance.now() - started)} ms (database ${db.name})`);

    started = performance.now();
    let records = 0;
    let deleted = 0;
    let checkpoint: ChangeCheckpoint | null = null;
    for await (const page of readChangedRecords(knex, 'Contacts', null, { pageSize: PAGE_SIZE })) {
      records += page.records.length;
      deleted += page.records.filter((r) => r.deleted).length;
      checkpoint = page.checkpoint;
    }
    const scanMs = performance.now() - started;
    const expected = CONTACTS + 5;
    if (records !== expected) throw new Error(`full scan read ${records} contacts, expected ${expected}`);
    console.log(`full scan: ${records} contacts (${deleted} deleted) in ${Math.round(scanMs)} ms`);

    const timings: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      let found = 0;
      for await (const page of readChanges(knex, 'Contacts', checkpoint)) found += page.length;
      timings.push(performance.now() - t0);
      if (found !== 0) throw new Error(`incremental scan after the latest checkpoint found ${found} records`);
    }

    return {
      vtiger_read_records_per_s: Math.round(records / (scanMs / 1000)),
      vtiger_read_peak_rss_mb: await peakRssMb(),
      vtiger_read_empty_incremental_ms: Math.round(median(timings) * 10) / 10,
    };
  } finally {
    await db.drop();
  }
}
