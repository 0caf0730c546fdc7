import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import { checkpointAfter, readChanges, type ChangeCheckpoint, type ChangedRecord } from './changeFeed.js';
import { readChangedRecords } from './changedRecords.js';

let db: SampleDatabase;

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true });
});
afterAll(async () => {
  await db?.drop();
});

async function all(module: string, since: ChangeCheckpoint | null, pageSize?: number): Promise<ChangedRecord[][]> {
  const pages: ChangedRecord[][] = [];
  for await (const page of readChanges(db.knex, module, since, pageSize === undefined ? {} : { pageSize })) pages.push(page);
  return pages;
}

describe('change feed', () => {
  it('lists every record of a module in (modifiedtime, crmid) order, page by page', async () => {
    const pages = await all('Contacts', null, 2);
    expect(pages.map((p) => p.map((c) => c.crmid))).toEqual([[5, 6], [7, 8], [9]]);
    expect(pages[0]?.[0]).toEqual({ crmid: 5, modifiedTime: '2026-11-28 03:41:07', deleted: false });
    // INV2 was revised after creation, so it comes last
    expect((await all('Invoice', null)).flat().map((c) => c.crmid)).toEqual([15, 17, 16]);
  });

  it('stops cleanly when the consumer stops after the first page', async () => {
    const seen: number[] = [];
    for await (const page of readChangedRecords(db.knex, 'Products', null, { pageSize: 1 })) {
      seen.push(...page.records.map((r) => r.crmid));
      break;
    }
    expect(seen).toEqual([10]);
  });

  it('resumes after a checkpoint: the last item of a page', async () => {
    const [first] = await all('Products', null, 2);
    const checkpoint = checkpointAfter(first!);
    expect(checkpoint).toEqual({ modifiedTime: '2026-11-28 03:41:21', crmid: 11 });
    expect((await all('Products', checkpoint!)).flat().map((c) => c.crmid)).toEqual([12, 13]);
  });

  it('finds nothing after the latest checkpoint, then a record modified after it, and flags a deleted one', async () => {
    const latest = checkpointAfter((await all('Contacts', null)).flat())!;
    expect(await all('Contacts', latest)).toEqual([]);

    await db.knex('vtiger_crmentity').where('crmid', 6).update({ modifiedtime: '2026-11-28 05:00:00' });
    await db.knex('vtiger_contactaddress').where('contactaddressid', 6).update({ mailingcity: 'Shelbyville' });
    await db.knex('vtiger_crmentity').where('crmid', 8).update({ deleted: 1, modifiedtime: '2026-11-28 05:00:01' });

    const changes = (await all('Contacts', latest)).flat();
    expect(changes).toEqual([
      { crmid: 6, modifiedTime: '2026-11-28 05:00:00', deleted: false },
      { crmid: 8, modifiedTime: '2026-11-28 05:00:01', deleted: true },
    ]);

    const pages = [];
    for await (const page of readChangedRecords(db.knex, 'Contacts', latest, { pageSize: 1 })) pages.push(page);
    expect(pages.map((p) => [p.records.map((r) => [r.crmid, r.mailingAddress.city, r.deleted]), p.checkpoint])).toEqual([
      [[[6, 'Shelbyville', false]], { modifiedTime: '2026-11-28 05:00:00', crmid: 6 }],
      [[[8, 'London', true]], { modifiedTime: '2026-11-28 05:00:01', crmid: 8 }],
    ]);
    expect(await all('Contacts', pages[1]!.checkpoint)).toEqual([]);
  });

  it('orders records saved in the same second by crmid and does not skip them across pages', async () => {
    await db.knex('vtiger_crmentity').whereIn('crmid', [2, 3, 4]).update({ modifiedtime: '2026-11-28 06:00:00' });
    const pages = await all('Accounts', { modifiedTime: '2026-11-28 05:59:59', crmid: 999 }, 1);
    expect(pages.map((p) => p.map((c) => c.crmid))).toEqual([[2], [3], [4]]);
    expect((await all('Accounts', { modifiedTime: '2026-11-28 06:00:00', crmid: 2 })).flat().map((c) => c.crmid)).toEqual([3, 4]);
  });

  it('leaves out records saved less than settleSeconds ago', async () => {
    await db.knex.raw('UPDATE vtiger_crmentity SET modifiedtime = UTC_TIMESTAMP() WHERE crmid = 14');
    const since = { modifiedTime: '2026-01-01 00:00:00', crmid: 0 };
    const settled: ChangedRecord[] = [];
    for await (const page of readChanges(db.knex, 'Services', since, { settleSeconds: 3600 })) settled.push(...page);
    expect(settled).toEqual([]);
    expect((await all('Services', since)).flat().map((c) => c.crmid)).toEqual([14]);
  });

  it('reads a page as an index range once XTiger\'s migration added the change index to vtiger_crmentity', async () => {
    const [plan] = (await db.knex.raw(
      "EXPLAIN SELECT crmid, modifiedtime, deleted FROM vtiger_crmentity WHERE setype = 'Contacts' AND (modifiedtime > '2026-11-28 05:00:00' OR (modifiedtime = '2026-11-28 05:00:00' AND crmid > 6)) ORDER BY modifiedtime, crmid LIMIT 1000",
    )) as [Array<{ key: string | null; Extra: string }>];
    expect(plan[0]?.key).toBe('xtiger_crmentity_changes_idx');
    expect(plan[0]?.Extra).not.toContain('filesort');
  });

  it('rejects an unknown module and a malformed checkpoint with typed errors', async () => {
    const unknown = await all('Widgets', null).catch((e: unknown) => e);
    expect(isXTigerError(unknown, 'VTIGER_UNKNOWN_MODULE')).toBe(true);
    expect((unknown as Error).message).toContain('"Widgets"');
    const bad = await all('Contacts', { modifiedTime: '28/11/2026', crmid: 5 }).catch((e: unknown) => e);
    expect(isXTigerError(bad, 'BAD_REQUEST')).toBe(true);
    expect((bad as Error).message).toContain('checkpoint for Contacts');
  });
});
