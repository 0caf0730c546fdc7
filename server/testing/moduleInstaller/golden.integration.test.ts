import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntityRecords } from '../../vtiger/ownModules/entityRecordWriter.js';
import { createSampleDatabase, type SampleDatabase } from '../sampleDatabase.js';
import { diffFingerprints, fingerprintDatabase } from './dbFingerprint.js';
import { GOLDEN_INSTALL_SQL, GOLDEN_MANIFEST, GOLDEN_RECORD_SQL, runSqlFile } from './golden/goldenFiles.js';
import { xtGoldenPostInstall } from './golden/xtGoldenHook.js';
import { installManifest } from './installXTigerModules.js';

/**
 * The strongest check: install the golden test module XTGolden with our installer into one fresh sample copy,
 * replay what real Vtiger 8.2.0 wrote (install-diff.sql, record-create-diff.sql) into another, and compare every
 * table of the two databases (definition and CHECKSUM TABLE): same tables, same rows, same ids.
 */
let vtiger: SampleDatabase;
let ours: SampleDatabase;

beforeAll(async () => {
  [vtiger, ours] = await Promise.all([createSampleDatabase(), createSampleDatabase()]);
});
afterAll(async () => {
  await Promise.all([vtiger?.drop(), ours?.drop()]);
});

describe('the test installer against real Vtiger 8.2.0 (golden rows)', () => {
  it('writes exactly the 37 tables Vtiger wrote when it installed XTGolden', async () => {
    const before = await fingerprintDatabase(ours.knex);
    await runSqlFile(vtiger.settings, GOLDEN_INSTALL_SQL);
    await installManifest(ours.knex, GOLDEN_MANIFEST, xtGoldenPostInstall);
    const after = await fingerprintDatabase(ours.knex);
    expect(diffFingerprints(before, after)).toHaveLength(37);
    expect(diffFingerprints(await fingerprintDatabase(vtiger.knex), after)).toEqual([]);
  });

  it('writes an XTGolden record exactly as Vtiger\'s webservice create did, column by column', async () => {
    await runSqlFile(vtiger.settings, GOLDEN_RECORD_SQL);
    const clock = { now: () => Date.parse('2026-11-28T03:51:37Z'), sleep: async () => {} };
    const [created] = await createEntityRecords(
      ours.knex, 'XTGolden',
      [{ ownerId: 1, values: { name: 'Golden record 1', xtg_status: 'Pending', amount: '123.45', related_to: 5, is_ok: '1' } }],
      { actingUserId: 1, source: 'webservice', clock },
    );
    expect(created).toEqual({ crmid: 18, recordNumber: 'XTG1', label: 'Golden record 1' });
    for (const table of ['vtiger_crmentity', 'vtiger_xtgolden', 'vtiger_xtgoldencf', 'vtiger_crmentity_user_field']) {
      const key = table === 'vtiger_crmentity' ? 'crmid' : table === 'vtiger_crmentity_user_field' ? 'recordid' : 'xtgoldenid';
      const [[theirs]] = (await vtiger.knex.raw(`SELECT * FROM ${table} WHERE ${key} = 18`)) as [[Record<string, unknown>]];
      const [[mine]] = (await ours.knex.raw(`SELECT * FROM ${table} WHERE ${key} = 18`)) as [[Record<string, unknown>]];
      expect(mine).toEqual(theirs);
    }
    expect(diffFingerprints(await fingerprintDatabase(vtiger.knex), await fingerprintDatabase(ours.knex))).toEqual([]);
  });
});
