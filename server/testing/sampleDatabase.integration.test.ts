import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from './sampleDatabase.js';

describe('sample database clone', () => {
  let db: SampleDatabase;
  beforeAll(async () => {
    db = await createSampleDatabase({ migrate: true });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('holds the sample records and keeps UTF-8 intact', async () => {
    const rows = await db.knex('vtiger_contactdetails').select('lastname').orderBy('contactid');
    expect(rows.map((r: { lastname: string }) => r.lastname)).toEqual(['Smith', 'Doe', 'Müller', 'Gibbons', 'Garcia']);
  });

  it('keeps the crmentity sequence and auto-increment counters', async () => {
    const [seq] = await db.knex('vtiger_crmentity_seq').select('id');
    const [max] = await db.knex('vtiger_crmentity').max({ m: 'crmid' });
    expect(Number(seq.id)).toBeGreaterThanOrEqual(Number(max?.m));
  });

  it('has XTiger migrations applied', async () => {
    expect(await db.knex.schema.hasTable('xtiger_settings')).toBe(true);
  });
});
